/** Legal texts (issue 24): the workspace's article numbers, adoptions, adopting a release. */
import type { Adoption, ArticleNumbers } from '../../../shared/legal/api.js';
import { apiRequest } from './client.js';

const base = (slug: string) => `/api/workspaces/${encodeURIComponent(slug)}`;

/** The drafts' article numbers now, with the frozen numbering they count from. */
export function fetchArticleNumbers(slug: string): Promise<ArticleNumbers> {
  return apiRequest(`${base(slug)}/articles`);
}

/** The workspace's adopted releases. */
export function listAdoptions(slug: string): Promise<Adoption[]> {
  return apiRequest(`${base(slug)}/adoptions`);
}

/** Marks a release adopted, in force from a date. */
export function adoptRelease(slug: string, version: string, inForceFrom: string): Promise<Adoption> {
  return apiRequest(`${base(slug)}/releases/${encodeURIComponent(version)}/adopt`, { method: 'POST', json: { inForceFrom } });
}

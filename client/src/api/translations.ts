/** Linked language versions (issue 20): a target draft's translation status, starting it, marking passages up to date. */
import type { TranslationStatus } from '../../../shared/api.js';
import { apiRequest } from './client.js';

const base = (docName: string) => `/api/docs/${encodeURIComponent(docName)}/translation`;

/** The target draft's units and progress against the lead language's approved revision. */
export function fetchTranslation(docName: string): Promise<TranslationStatus> {
  return apiRequest(base(docName));
}

/** Copies the lead language's draft, with its block ids, into this empty draft (staff). */
export function startTranslation(docName: string): Promise<{ copied: number; status: TranslationStatus }> {
  return apiRequest(`${base(docName)}/start`, { method: 'POST' });
}

/** Decides on a translation whose source is gone: merge it into the passage its source was joined into, or delete it (staff). */
export function resolveOrphan(docName: string, blockId: string, action: 'merge' | 'delete'): Promise<TranslationStatus> {
  return apiRequest(`${base(docName)}/orphans`, { method: 'POST', json: { blockId, action } });
}

/** Puts this draft's passages in the order of the lead language's approved revision (staff). */
export function reorderTranslation(docName: string): Promise<TranslationStatus> {
  return apiRequest(`${base(docName)}/reorder`, { method: 'POST' });
}

/** Marks passages up to date: an explicit decision, recorded with the source text it was checked against. */
export function confirmTranslation(docName: string, blockIds: string[]): Promise<TranslationStatus> {
  return apiRequest(`${base(docName)}/confirm`, { method: 'POST', json: { blockIds } });
}

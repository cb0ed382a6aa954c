/**
 * Legal-text routes (issue 24): adopting a release (in force from a date), the adoptions of a
 * workspace, its article numbers now (what the editor labels references with), and its
 * article settings. Adopting is `release.manage` (staff), like publishing; the settings are
 * the admins' (`workspace.settings`).
 */
import { AdoptionListSchema, AdoptionSchema, AdoptReleaseSchema, ArticleNumbersSchema, LegalSettingsSchema } from '../../shared/legal/api.js';
import { NUMBER_STYLES } from '../../shared/legal/numbering.js';
import { z } from 'zod';
import type { Services } from '../services/index.js';
import { sendResult } from './sendResult.js';
import { defineRoute, type ApiRoute } from './routeRegistry.js';

const SettingsAnswer = z.object({ articles: z.boolean(), numberStyle: z.enum(NUMBER_STYLES) });

/** The legal-text routes. */
export function buildLegalRoutes({ services }: { services: Services }): ApiRoute[] {
  const { legal } = services;
  return [
    defineRoute({
      method: 'post',
      path: '/api/workspaces/:slug/releases/:version/adopt',
      summary: 'Mark a published release adopted, in force from a date: its article numbers freeze (L1; audited, once per release)',
      tag: 'legal',
      access: { kind: 'workspace', action: 'release.manage' },
      body: AdoptReleaseSchema,
      responses: {
        201: { description: 'The adoption', schema: AdoptionSchema },
        404: { description: 'No such release' },
        409: { description: 'Already adopted, or a newer release is' },
      },
      handle({ res, user, workspace, params, body }) {
        sendResult(res, legal.adopt(user, workspace, params.version, body.inForceFrom), 201, (value) => value);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/workspaces/:slug/adoptions',
      summary: "A workspace's adopted releases, in publication order",
      tag: 'legal',
      access: { kind: 'workspace', action: 'workspace.read' },
      responses: { 200: { description: 'Adoptions', schema: AdoptionListSchema } },
      handle({ res, workspace }) {
        res.json(legal.adoptions(workspace));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/workspaces/:slug/articles',
      summary: 'The article numbers of the drafts now (lead language, outline order), with the frozen numbering they count from',
      tag: 'legal',
      access: { kind: 'workspace', action: 'section.read' },
      responses: { 200: { description: 'Article numbers', schema: ArticleNumbersSchema } },
      async handle({ res, workspace }) {
        res.json(await legal.draftNumbers(workspace));
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/api/workspaces/:slug/legal',
      summary: 'Whether the workspace is written in articles, and how insertions after adoption are numbered (3bis or 3/1)',
      tag: 'legal',
      access: { kind: 'workspace', action: 'workspace.settings' },
      body: LegalSettingsSchema,
      responses: { 200: { description: 'The settings', schema: SettingsAnswer } },
      handle({ res, user, workspace, body }) {
        res.json(legal.updateSettings(user, workspace, body));
      },
    }),
  ];
}

/**
 * Search in a workspace (issue 9): drafts, revisions, comment threads and releases, for
 * members only (`section.read`: every role reads drafts; a non-member gets 404 from the
 * registry, so nobody searches another workspace).
 */
import { SearchQuerySchema, SearchResponseSchema } from '../../shared/search/api.js';
import type { Services } from '../services/index.js';
import { defineRoute, type ApiRoute } from './routeRegistry.js';

/** The /api/workspaces/:slug/search route. */
export function buildSearchRoutes({ services }: { services: Services }): ApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/workspaces/:slug/search',
      summary: 'Search drafts, revisions, comment threads and releases (Dutch, French and English word forms; accents ignored), with highlighted snippets',
      tag: 'search',
      access: { kind: 'workspace', action: 'section.read' },
      query: SearchQuerySchema,
      responses: { 200: { description: 'The best matches first', schema: SearchResponseSchema } },
      async handle({ res, workspace, query }) {
        res.json({ results: await services.search.search(workspace, query) });
      },
    }),
  ];
}

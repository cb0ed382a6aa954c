/** Every /api route, in one registry (the router and the OpenAPI document read it). */
import type { Config } from '../config.js';
import type { Services } from '../services/index.js';
import { buildAuthRoutes } from './authRoutes.js';
import { buildWorkspaceRoutes } from './workspaceRoutes.js';
import { buildCommentRoutes } from './commentRoutes.js';
import { buildSuggestionRoutes } from './suggestionRoutes.js';
import { buildRevisionRoutes } from './revisionRoutes.js';
import { buildReleaseRoutes } from './releaseRoutes.js';
import { buildLegalRoutes } from './legalRoutes.js';
import { buildAccountRoutes } from './accountRoutes.js';
import { buildImportRoutes } from './importRoutes.js';
import { buildSearchRoutes } from './searchRoutes.js';
import { buildMemberRoutes } from './memberRoutes.js';
import { buildActivityRoutes } from './activityRoutes.js';
import { buildTranslationRoutes } from './translationRoutes.js';
import { buildOpenApiDocument } from './openapi.js';
import { defineRoute, type ApiRoute } from './routeRegistry.js';

/** The API version announced in the OpenAPI document. */
export const API_VERSION = '0.1.0';

/** Builds the full route registry. */
export function buildApiRoutes(deps: { services: Services; config: Config }): ApiRoute[] {
  const routes: ApiRoute[] = [
    ...buildAuthRoutes(deps),
    ...buildAccountRoutes(deps),
    ...buildWorkspaceRoutes(deps),
    ...buildMemberRoutes(deps),
    ...buildActivityRoutes(deps),
    ...buildSuggestionRoutes(deps),
    ...buildCommentRoutes(deps),
    ...buildRevisionRoutes(deps),
    ...buildTranslationRoutes(deps),
    ...buildImportRoutes(deps),
    ...buildSearchRoutes(deps),
    ...buildReleaseRoutes(deps),
    ...buildLegalRoutes(deps),
  ];
  let document: object | null = null;
  routes.push(
    defineRoute({
      method: 'get',
      path: '/api/openapi.json',
      summary: 'This OpenAPI 3.1 document',
      tag: 'meta',
      access: { kind: 'public' },
      responses: { 200: { description: 'The OpenAPI document' } },
      handle({ res }) {
        document ??= buildOpenApiDocument(routes, { version: API_VERSION });
        res.json(document);
      },
    }),
  );
  return routes;
}

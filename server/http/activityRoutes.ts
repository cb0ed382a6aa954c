/** The activity view's route (issue 21): who changed what in a workspace or one of its sections. */
import { ActivityPageSchema, ActivityQuerySchema, ACTIVITY_PAGE_SIZE } from '../../shared/activity.js';
import type { Config } from '../config.js';
import type { Services } from '../services/index.js';
import { defineRoute, type ApiRoute } from './routeRegistry.js';

/** GET /api/workspaces/:slug/activity */
export function buildActivityRoutes({ services }: { services: Services; config: Config }): ApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/workspaces/:slug/activity',
      summary:
        "Who changed what, newest first: edits and suggestions with the words they added and removed, decisions, comment threads, reviews, releases, the outline and members. Staff and admins see everyone's; a partner sees only their own. Filters: section, person, organisation, kind, from/to (ms)",
      tag: 'activity',
      access: { kind: 'workspace', action: 'activity.read' },
      query: ActivityQuerySchema,
      responses: { 200: { description: 'A page of entries; nextBefore asks for older ones', schema: ActivityPageSchema } },
      handle({ res, user, role, workspace, query }) {
        // Partners see their own entries only, whatever they ask for (A5: decided here, not in the page).
        const personId = role === 'partner' ? user.id : query.person;
        res.json(
          services.activity.list(workspace.id, {
            sectionId: query.section,
            personId,
            organisationId: query.organisation,
            kind: query.kind,
            from: query.from,
            to: query.to,
            before: query.before,
            limit: query.limit ?? ACTIVITY_PAGE_SIZE,
          }),
        );
      },
    }),
  ];
}

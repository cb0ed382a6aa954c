/** Suggestion decisions (S2): accept, reject, withdraw, and the list of decisions. */
import { DecideSuggestionsRequestSchema, DecideSuggestionsResponseSchema, DecisionListSchema, DecisionsQuerySchema } from '../../shared/api.js';
import type { Services } from '../services/index.js';
import type { DocumentCommands } from '../services/suggestions.js';
import { sendError, sendFailure } from './errors.js';
import { defineRoute, type ApiRoute } from './routeRegistry.js';

/** The /api/suggestions routes. */
export function buildSuggestionRoutes({ services, commands }: { services: Services; commands: DocumentCommands }): ApiRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/suggestions/decide',
      summary: 'Accept or reject suggestions (staff), or withdraw your own; the server edits the draft and records the decision',
      tag: 'suggestions',
      access: { kind: 'session' },
      body: DecideSuggestionsRequestSchema,
      responses: {
        200: { description: 'The decisions made', schema: DecideSuggestionsResponseSchema },
        403: { description: 'Not allowed for this role, or not your suggestion' },
        404: { description: 'No such section' },
        409: { description: 'A suggestion was already settled or changed' },
      },
      async handle({ res, user, body }) {
        const result = await services.suggestions.decide(user, body, commands);
        if (!result.ok) return sendFailure(res, result.failure);
        res.json({ decided: result.value });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/suggestions/decisions',
      summary: "A section draft's decisions, newest first: who suggested, who decided, when, why, before and after",
      tag: 'suggestions',
      access: { kind: 'session' },
      query: DecisionsQuerySchema,
      responses: { 200: { description: 'Decisions', schema: DecisionListSchema }, 404: { description: 'No such section' } },
      handle({ res, user, query }) {
        if (!services.suggestions.roleOn(user.id, query.docName)) return sendError(res, 'not_found', 'No such section.');
        res.json(services.suggestions.listDecisions(query.docName));
      },
    }),
  ];
}

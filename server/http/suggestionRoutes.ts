/**
 * Suggestion decisions (S2) on one section draft: accept and reject (staff), withdraw (the
 * author), and the list of decisions. The draft is named in the path, so the permission
 * matrix applies through the route registry like any workspace route.
 */
import { DecideSuggestionsRequestSchema, DecideSuggestionsResponseSchema, DecisionListSchema } from '../../shared/api.js';
import type { Services } from '../services/index.js';
import type { DecisionAction } from '../services/suggestions.js';
import { defineRoute, type ApiRoute } from './routeRegistry.js';
import { sendResult } from './sendResult.js';

const ACTIONS: { action: DecisionAction; permission: 'suggestion.decide' | 'draft.suggest'; summary: string }[] = [
  { action: 'accept', permission: 'suggestion.decide', summary: 'Accept suggestions (staff): the server applies them to the draft and records the decision' },
  { action: 'reject', permission: 'suggestion.decide', summary: 'Reject suggestions (staff), optionally with a reason the author sees' },
  { action: 'withdraw', permission: 'draft.suggest', summary: 'Withdraw your own suggestions' },
];

/** The /api/docs/:docName suggestion routes. */
export function buildSuggestionRoutes({ services }: { services: Services }): ApiRoute[] {
  return [
    ...ACTIONS.map(({ action, permission, summary }) =>
      defineRoute({
        method: 'post',
        path: `/api/docs/:docName/suggestions/${action}`,
        summary,
        tag: 'suggestions',
        access: { kind: 'document', action: permission },
        body: DecideSuggestionsRequestSchema,
        responses: {
          200: { description: 'The decisions made', schema: DecideSuggestionsResponseSchema },
          403: { description: 'Not allowed for this role, or not your suggestion' },
          404: { description: 'No such section' },
          409: { description: 'A suggestion was already settled or changed' },
        },
        async handle({ res, user, workspace, body, params }) {
          const docName = params.docName;
          sendResult(res, await services.suggestions.decide(user, workspace, { ...body, docName, action }), 200, (decided) => ({ decided }));
        },
      }),
    ),
    defineRoute({
      method: 'get',
      path: '/api/docs/:docName/decisions',
      summary: "A section draft's decisions, newest first: who suggested, who decided, when, why, before and after",
      tag: 'suggestions',
      access: { kind: 'document', action: 'section.read' },
      responses: { 200: { description: 'Decisions', schema: DecisionListSchema }, 404: { description: 'No such section' } },
      handle({ res, params }) {
        res.json(services.suggestions.listDecisions(params.docName));
      },
    }),
  ];
}

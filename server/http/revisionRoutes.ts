/**
 * Section revisions (flows 4–5) on one draft, named in the path: its review state, asking
 * for approval, approving or asking for changes, the history, diffs and restore. The
 * permission matrix applies through the route registry (revision.request, .approve,
 * .restore); four eyes and staleness (V2) are the service's.
 */
import {
  ApprovalRequestSchema,
  ApproveRequestSchema,
  AskChangesRequestSchema,
  DiffQuerySchema,
  DiffResponseSchema,
  RequestApprovalSchema,
  RestoreResponseSchema,
  ReviewInfoSchema,
  RevisionListSchema,
  RevisionSchema,
  RevisionSummarySchema,
} from '../../shared/api.js';
import { z } from 'zod';
import type { Services } from '../services/index.js';
import { sendError, sendFailure } from './errors.js';
import { defineRoute, type ApiRoute } from './routeRegistry.js';
import { sendResult } from './sendResult.js';

const withReview = <T extends z.ZodRawShape>(shape: T) => z.object({ ...shape, review: ReviewInfoSchema });

/** A revision number from the path, or null. */
function revisionNumber(value: unknown): number | null {
  const number = Number(value);
  return Number.isInteger(number) && number >= 1 && number <= 1_000_000 ? number : null;
}

/** The /api/docs/:docName revision routes. */
export function buildRevisionRoutes({ services }: { services: Services }): ApiRoute[] {
  const { revisions } = services;
  return [
    defineRoute({
      method: 'get',
      path: '/api/docs/:docName/review',
      summary: "A section draft's review state: never approved, approved, draft differs, approval requested or changes asked",
      tag: 'revisions',
      access: { kind: 'document', action: 'section.read' },
      responses: { 200: { description: 'The review state', schema: ReviewInfoSchema }, 404: { description: 'No such section' } },
      async handle({ res, params }) {
        res.json(await revisions.review(params.docName));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/docs/:docName/review/request',
      summary: 'Ask for approval of the draft as it is now, without its pending suggestions (supersedes an open request)',
      tag: 'revisions',
      access: { kind: 'document', action: 'revision.request' },
      body: RequestApprovalSchema,
      responses: {
        201: { description: 'The request', schema: withReview({ request: ApprovalRequestSchema }) },
        409: { description: 'Nothing to approve: the draft is the latest revision' },
      },
      async handle({ res, user, workspace, body, params }) {
        const docName = params.docName;
        const result = await revisions.requestApproval(user, workspace, docName, body.summary);
        if (!result.ok) return sendFailure(res, result.failure);
        res.status(201).json({ request: result.value, review: await revisions.review(docName) });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/docs/:docName/review/approve',
      summary: 'Approve an open request: creates the next revision from the draft without its pending suggestions (V1, V2)',
      tag: 'revisions',
      access: { kind: 'document', action: 'revision.approve' },
      body: ApproveRequestSchema,
      responses: {
        201: { description: 'The new revision', schema: withReview({ revision: RevisionSummarySchema }) },
        403: { description: 'Four eyes: your own request' },
        409: { description: 'Stale (the content changed since the request) or no longer open' },
      },
      async handle({ res, user, workspace, body, params }) {
        const docName = params.docName;
        const result = await revisions.approve(user, workspace, docName, body);
        if (!result.ok) return sendFailure(res, result.failure);
        res.status(201).json({ revision: result.value, review: await revisions.review(docName) });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/docs/:docName/review/changes',
      summary: 'Answer an open request with "changes asked" and a comment',
      tag: 'revisions',
      access: { kind: 'document', action: 'revision.approve' },
      body: AskChangesRequestSchema,
      responses: {
        200: { description: 'The answered request', schema: withReview({ request: ApprovalRequestSchema }) },
        403: { description: 'Four eyes: your own request' },
        409: { description: 'No longer open' },
      },
      async handle({ res, user, workspace, body, params }) {
        const docName = params.docName;
        const result = revisions.askChanges(user, workspace, docName, body);
        if (!result.ok) return sendFailure(res, result.failure);
        res.json({ request: result.value, review: await revisions.review(docName) });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/docs/:docName/revisions',
      summary: "A section draft's revisions, newest first",
      tag: 'revisions',
      access: { kind: 'document', action: 'section.read' },
      responses: { 200: { description: 'Revisions', schema: RevisionListSchema } },
      handle({ res, params }) {
        res.json(revisions.list(params.docName));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/docs/:docName/revisions/:number',
      summary: 'One revision with its content (ProseMirror JSON), HTML and plain text',
      tag: 'revisions',
      access: { kind: 'document', action: 'section.read' },
      responses: { 200: { description: 'The revision', schema: RevisionSchema }, 404: { description: 'No such revision' } },
      handle({ res, params }) {
        const number = revisionNumber(params.number);
        const found = number === null ? null : revisions.get(params.docName, number);
        if (!found) return sendError(res, 'not_found', 'No such revision');
        res.json(found);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/docs/:docName/diff',
      summary: 'The difference between two revisions, or a revision and the draft (`to=draft`, without pending suggestions)',
      tag: 'revisions',
      access: { kind: 'document', action: 'section.read' },
      query: DiffQuerySchema,
      responses: { 200: { description: 'Blocks aligned by id with their changes, and counts', schema: DiffResponseSchema }, 404: { description: 'No such revision' } },
      async handle({ res, query, params }) {
        const result = await revisions.diff(params.docName, query.from, query.to);
        sendResult(res, result, 200, (diff) => ({ from: query.from, to: query.to, ...diff }));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/docs/:docName/revisions/:number/restore',
      summary: 'Make a revision the draft again, as a new forward edit (refused while suggestions are pending)',
      tag: 'revisions',
      access: { kind: 'document', action: 'revision.restore' },
      responses: {
        200: { description: 'Restored', schema: RestoreResponseSchema },
        404: { description: 'No such revision' },
        409: { description: 'Suggestions are pending on the draft' },
      },
      async handle({ res, user, workspace, params }) {
        const docName = params.docName;
        const number = revisionNumber(params.number);
        if (number === null) return sendError(res, 'not_found', 'No such revision');
        const result = await revisions.restore(user, workspace, docName, number);
        if (!result.ok) return sendFailure(res, result.failure);
        res.json({ ...result.value, review: await revisions.review(docName) });
      },
    }),
  ];
}

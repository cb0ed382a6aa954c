/**
 * Linked language versions (issue 20) on one target draft, named in the path: its
 * translation status against the lead language's latest approved revision (T1), starting it
 * from the lead language, and marking passages up to date. Reading is for everyone who reads
 * the section; starting and confirming are staff decisions (translation.manage).
 */
import { ConfirmTranslationRequestSchema, ResolveOrphanRequestSchema, StartTranslationResponseSchema, TranslationStatusSchema } from '../../shared/api.js';
import type { Services } from '../services/index.js';
import { sendResult } from './sendResult.js';
import { defineRoute, type ApiRoute } from './routeRegistry.js';

/** The /api/docs/:docName/translation routes. */
export function buildTranslationRoutes({ services }: { services: Services }): ApiRoute[] {
  const { translations } = services;
  return [
    defineRoute({
      method: 'get',
      path: '/api/docs/:docName/translation',
      summary:
        "A target draft's translation units: each block of the lead language's latest approved revision is missing, up to date or outdated in this draft; target blocks whose source is gone are orphaned (computed, never stored)",
      tag: 'translations',
      access: { kind: 'document', action: 'section.read' },
      responses: {
        200: { description: 'The units and the progress', schema: TranslationStatusSchema },
        409: { description: 'This is the lead language' },
      },
      async handle({ res, workspace, doc }) {
        sendResult(res, await translations.status(workspace, doc), 200, (value) => value);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/docs/:docName/translation/start',
      summary: "Start this (empty) text from the lead language's draft: its blocks are copied with their block ids, as one committed update (staff)",
      tag: 'translations',
      access: { kind: 'document', action: 'translation.manage' },
      responses: {
        201: { description: 'Copied', schema: StartTranslationResponseSchema },
        409: { description: 'The text is not empty, or it is the lead language' },
      },
      async handle({ res, user, workspace, doc }) {
        sendResult(res, await translations.start(user, workspace, doc), 201, (value) => value);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/docs/:docName/translation/orphans',
      summary: 'Decide on a translation whose source is gone (T2): merge its text into the passage its source was joined into, or delete it (staff; one committed update)',
      tag: 'translations',
      access: { kind: 'document', action: 'translation.manage' },
      body: ResolveOrphanRequestSchema,
      responses: {
        200: { description: 'The status after the decision', schema: TranslationStatusSchema },
        409: { description: 'Not an orphan, nothing to merge into, or pending suggestions' },
      },
      async handle({ res, user, workspace, doc, body }) {
        sendResult(res, await translations.resolveOrphan(user, workspace, doc, body.blockId, body.action), 200, (value) => value);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/docs/:docName/translation/reorder',
      summary: "Reorder to match: put this text's passages in the order of the lead language's approved revision, as one committed update (staff)",
      tag: 'translations',
      access: { kind: 'document', action: 'translation.manage' },
      responses: {
        200: { description: 'The status after reordering', schema: TranslationStatusSchema },
        409: { description: 'Pending suggestions, no approved source, or the lead language' },
      },
      async handle({ res, user, workspace, doc }) {
        sendResult(res, await translations.reorder(user, workspace, doc), 200, (value) => value);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/docs/:docName/translation/confirm',
      summary: "Mark passages up to date: records the source block's hash and text in the approved revision, who and when (staff; editing alone never does this)",
      tag: 'translations',
      access: { kind: 'document', action: 'translation.manage' },
      body: ConfirmTranslationRequestSchema,
      responses: {
        200: { description: 'The status after the decision', schema: TranslationStatusSchema },
        409: { description: 'A block is not a passage of the approved source, or has no translation yet' },
      },
      async handle({ res, user, workspace, doc, body }) {
        sendResult(res, await translations.confirm(user, workspace, doc, body.blockIds), 200, (value) => value);
      },
    }),
  ];
}

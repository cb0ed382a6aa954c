/**
 * Import routes (issue 9): upload one file at a time (raw body; the browser shows upload
 * progress per file), preview the sections (writes nothing), start the import job and
 * poll its progress. Staff only (`section.import`). A file is converted in a worker with
 * limits (issue 19); one past a limit is refused with `error.limit` and nothing is kept.
 */
import { z } from 'zod';
import { ImportJobSchema, ImportOptionsSchema, ImportPreviewSchema, StagedFileSchema } from '../../shared/imports/api.js';
import type { Services } from '../services/index.js';
import { sendError } from './errors.js';
import { defineRoute, type ApiRoute } from './routeRegistry.js';
import { sendResult } from './sendResult.js';

const FileQuerySchema = z.strictObject({ name: z.string().min(1).max(255) });

/** The /api/workspaces/:slug/imports routes. */
export function buildImportRoutes({ services }: { services: Services }): ApiRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/workspaces/:slug/imports/files',
      summary: 'Upload one file to import (raw .docx, .md or .html body, its name in ?name=); it is converted at once and kept for an hour',
      tag: 'imports',
      access: { kind: 'workspace', action: 'section.import' },
      rawFile: true,
      query: FileQuerySchema,
      responses: {
        201: { description: 'Converted and staged, with what could not be converted', schema: StagedFileSchema },
        400: { description: 'A corrupt or unreadable file (the message names it)' },
        413: { description: 'Larger than the import file limit, or a .docx that would unpack past its limit, or a conversion that ran out of memory; `error.limit` names the limit' },
        415: { description: 'Not a .docx, .md or .html file' },
        422: { description: 'Past an import limit while converting (nested too deeply, too many blocks or characters, too slow); `error.limit` names the limit' },
        503: { description: 'Other files are being converted; try again in a minute' },
      },
      async handle({ res, user, workspace, body, query }) {
        sendResult(res, await services.imports.stage(user, workspace, query.name, body as unknown as Buffer), 201, (staged) => staged);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/workspaces/:slug/imports/preview',
      summary: 'The outline and text of the sections an import would create, and what cannot be converted; writes nothing',
      tag: 'imports',
      access: { kind: 'workspace', action: 'section.import' },
      body: ImportOptionsSchema,
      responses: { 200: { description: 'The preview', schema: ImportPreviewSchema }, 409: { description: 'A file is no longer staged' } },
      handle({ res, user, workspace, body }) {
        sendResult(res, services.imports.preview(user, workspace, body), 200, (preview) => preview);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/workspaces/:slug/imports',
      summary: 'Start importing staged files: every section lands in one transaction, or nothing does',
      tag: 'imports',
      access: { kind: 'workspace', action: 'section.import' },
      body: ImportOptionsSchema,
      responses: { 202: { description: 'The job; poll it for progress', schema: ImportJobSchema }, 409: { description: 'A file is no longer staged' } },
      handle({ res, user, workspace, body }) {
        sendResult(res, services.imports.start(user, workspace, body), 202, (job) => job);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/workspaces/:slug/imports/:jobId',
      summary: "An import job's progress (per file) and outcome",
      tag: 'imports',
      access: { kind: 'workspace', action: 'section.import' },
      responses: { 200: { description: 'The job', schema: ImportJobSchema }, 404: { description: 'No such job' } },
      handle({ res, workspace, params }) {
        const job = services.imports.job(workspace, params.jobId);
        if (!job) return sendError(res, 'not_found', 'No such import');
        res.json(job);
      },
    }),
  ];
}

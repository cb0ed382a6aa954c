/** Workspaces, their outline (sections), its live change stream, and image uploads. */
import {
  CreateSectionRequestSchema,
  CreateWorkspaceRequestSchema,
  ImageUploadResponseSchema,
  MoveSectionRequestSchema,
  RenameSectionRequestSchema,
  ReviewQueueSchema,
  SectionResponseSchema,
  UpdateWorkspaceRequestSchema,
  WorkspaceListSchema,
  WorkspaceQuerySchema,
  WorkspaceResponseSchema,
  WorkspaceSchema,
} from '../../shared/api.js';
import { can } from '../../shared/permissions.js';
import type { Services } from '../services/index.js';
import type { Section, Workspace } from '../../shared/api.js';
import { defineRoute, type ApiRoute } from './routeRegistry.js';
import { sendResult } from './sendResult.js';
import { sendFailure } from './errors.js';
import { openEventStream } from './sse.js';

/** The body of a section command's answer. */
const presentSection = (section: Section) => ({ section });

const sectionCommand = { 200: { description: 'The section after the change', schema: SectionResponseSchema } };

/** Archiving and bringing back: the same route but for the service call and its refusal. */
const ARCHIVE_ACTIONS = [
  { action: 'archive', summary: 'Archive a section and its subsections', conflict: 'Already archived' },
  { action: 'unarchive', summary: 'Bring back an archived section (and what was archived with it)', conflict: 'Not archived, or its parent is archived' },
] as const;

/** The /api/workspaces routes. */
export function buildWorkspaceRoutes({ services }: { services: Services }): ApiRoute[] {
  /** A workspace as presented, its outline carrying each draft's review state and each target language's translation progress. */
  const withReview = async (workspace: Workspace): Promise<Workspace> => {
    const record = services.workspaces.findById(workspace.id);
    if (!record) return workspace;
    const sections = await services.revisions.annotateOutline(record, workspace.sections);
    return { ...workspace, sections: await services.translations.annotateOutline(record, sections) };
  };
  return [
    defineRoute({
      method: 'get',
      path: '/api/workspaces',
      summary: 'The workspaces the signed-in person is a member of, with their outlines',
      tag: 'workspaces',
      access: { kind: 'session' },
      query: WorkspaceQuerySchema,
      responses: { 200: { description: 'Workspaces', schema: WorkspaceListSchema } },
      async handle({ res, user, query }) {
        const workspaces = services.workspaces.listForUser(user.id, { archived: query.archived === '1' });
        res.json(await Promise.all(workspaces.map(withReview)));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/workspaces',
      summary: 'Create a workspace (site administrators); its creator becomes its admin',
      tag: 'workspaces',
      access: { kind: 'siteAdmin' },
      body: CreateWorkspaceRequestSchema,
      responses: {
        201: { description: 'Created', schema: WorkspaceResponseSchema },
        409: { description: 'The slug is taken' },
      },
      handle({ res, user, body }) {
        sendResult(res, services.workspaces.create(user.id, body), 201, (created) => ({ workspace: services.workspaces.present(created, 'admin') }));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/workspaces/:slug',
      summary: 'One workspace and its outline',
      tag: 'workspaces',
      access: { kind: 'workspace', action: 'workspace.read' },
      query: WorkspaceQuerySchema,
      responses: { 200: { description: 'The workspace', schema: WorkspaceSchema } },
      async handle({ res, workspace, role, query }) {
        res.json(await withReview(services.workspaces.present(workspace, role, { archived: query.archived === '1' })));
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/api/workspaces/:slug',
      summary:
        'Change workspace settings (admins): four eyes on approvals, the name per language, the languages (an added one gets an empty draft of every section) and the lead language',
      tag: 'workspaces',
      access: { kind: 'workspace', action: 'workspace.settings' },
      body: UpdateWorkspaceRequestSchema,
      responses: {
        200: { description: 'The workspace', schema: WorkspaceResponseSchema },
        409: { description: 'A language would be removed (its drafts would be lost)' },
      },
      async handle({ res, user, workspace, role, body }) {
        const updated = await services.workspaces.updateSettings(user.id, workspace, body);
        if (!updated.ok) return sendFailure(res, updated.failure);
        services.events.emit('outline-changed', { workspaceId: workspace.id });
        res.json({ workspace: await withReview(services.workspaces.present(updated.value, role)) });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/workspaces/:slug/reviews',
      summary: 'The review queue: open approval requests, oldest first, each marked stale when its content changed since',
      tag: 'revisions',
      access: { kind: 'workspace', action: 'revision.approve' },
      responses: { 200: { description: 'Open requests', schema: ReviewQueueSchema } },
      async handle({ res, workspace, role }) {
        res.json(await services.revisions.queue(workspace, services.workspaces.present(workspace, role).sections));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/workspaces/:slug/events',
      summary: 'Server-Sent Events: `event: outline` whenever the outline changes, `event: threads` (docName, threadId) whenever a comment thread does',
      tag: 'workspaces',
      access: { kind: 'workspace', action: 'workspace.read' },
      responses: { 200: { description: 'An event stream', contentType: 'text/event-stream' } },
      handle({ req, res, workspace, user, session }) {
        const stream = openEventStream(req, res);
        const onOutline = ({ workspaceId }: { workspaceId: string }) => {
          if (workspaceId === workspace.id) stream.send('outline', { workspaceId });
        };
        const onThreads = ({ workspaceId, docName, threadId }: { workspaceId: string; docName: string; threadId: string }) => {
          if (workspaceId === workspace.id) stream.send('threads', { docName, threadId });
        };
        const onSessionEnded = ({ sessionId }: { sessionId: string }) => {
          if (sessionId === session.id) stream.end();
        };
        const onAccessChanged = ({ userId }: { userId: string }) => {
          if (userId !== user.id) return;
          const role = services.workspaces.roleOf(user.id, workspace.id);
          if (!can(role, 'workspace.read', services.workspaces.policyOf(workspace))) stream.end();
        };
        services.events.on('outline-changed', onOutline);
        services.events.on('threads-changed', onThreads);
        services.events.on('session-ended', onSessionEnded);
        services.events.on('access-changed', onAccessChanged);
        stream.onClose(() => {
          services.events.off('outline-changed', onOutline);
          services.events.off('threads-changed', onThreads);
          services.events.off('session-ended', onSessionEnded);
          services.events.off('access-changed', onAccessChanged);
        });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/workspaces/:slug/sections',
      summary: 'Create a section at the end of its siblings; its drafts start empty',
      tag: 'sections',
      access: { kind: 'workspace', action: 'section.create' },
      body: CreateSectionRequestSchema,
      responses: { 201: { description: 'Created', schema: SectionResponseSchema } },
      async handle({ res, user, workspace, body }) {
        sendResult(res, await services.sections.create(user.id, workspace, body), 201, presentSection);
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/api/workspaces/:slug/sections/:id',
      summary: 'Rename a section: `title` is the lead language\'s title, `titles` sets it per language (an empty string clears one); its slug and links stay',
      tag: 'sections',
      access: { kind: 'workspace', action: 'section.update' },
      body: RenameSectionRequestSchema,
      responses: sectionCommand,
      handle({ res, user, workspace, body, params }) {
        sendResult(res, services.sections.rename(user.id, workspace, params.id, body), 200, presentSection);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/workspaces/:slug/sections/:id/move',
      summary: 'Move a section under a parent (null: top level) at an index among its siblings',
      tag: 'sections',
      access: { kind: 'workspace', action: 'section.update' },
      body: MoveSectionRequestSchema,
      responses: { ...sectionCommand, 409: { description: 'The move would put the section inside itself' } },
      handle({ res, user, workspace, body, params }) {
        sendResult(res, services.sections.move(user.id, workspace, params.id, body), 200, presentSection);
      },
    }),
    ...ARCHIVE_ACTIONS.map(({ action, summary, conflict }) =>
      defineRoute({
        method: 'post',
        path: `/api/workspaces/:slug/sections/:id/${action}`,
        summary,
        tag: 'sections',
        access: { kind: 'workspace', action: 'section.archive' },
        responses: { ...sectionCommand, 409: { description: conflict } },
        handle({ res, user, workspace, params }) {
          sendResult(res, services.sections[action](user.id, workspace, params.id), 200, presentSection);
        },
      }),
    ),
    defineRoute({
      method: 'post',
      path: '/api/workspaces/:slug/images',
      summary: 'Upload an image (raw PNG, JPEG, GIF or WebP body); answers its src',
      tag: 'images',
      access: { kind: 'workspace', action: 'image.upload' },
      rawImage: true,
      responses: {
        201: { description: 'Stored', schema: ImageUploadResponseSchema },
        413: { description: 'Larger than the image limit' },
        415: { description: 'Not an allowed image type' },
      },
      handle({ req, res, user, workspace, body }) {
        const mime = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
        sendResult(res, services.images.upload({ actorId: user.id, workspaceId: workspace.id, mime, data: body as unknown as Buffer }), 201, ({ src }) => ({ src }));
      },
    }),
  ];
}

/**
 * Release routes (flows 6–7): list, preview, publish, detail, diff, the feedback setting and
 * the moderation queue under /api/workspaces/:slug; what the published page's script needs
 * (and the feedback it sends) under /api/public/releases. The permission matrix applies through
 * the route registry (`release.manage` to compose, publish and moderate); no route changes a
 * published release (R1).
 */
import rateLimit from 'express-rate-limit';
import { z } from 'zod';
import { LIMITS } from '../../shared/limits.js';
import {
  ComposeReleaseSchema,
  DraftFeedbackListSchema,
  FeedbackItemSchema,
  FeedbackListSchema,
  FeedbackSettingSchema,
  LeaveFeedbackSchema,
  PublicReleaseInfoSchema,
  PublishReleaseSchema,
  ReleaseDetailSchema,
  ReleaseDiffSchema,
  ReleaseListSchema,
  ReleasePreviewSchema,
  ReleaseSummarySchema,
} from '../../shared/releases.js';
import type { Services } from '../services/index.js';
import type { UserRecord } from '../services/accounts.js';
import { sendError, sendFailure } from './errors.js';
import { defineRoute, type ApiRoute } from './routeRegistry.js';

const DiffQuery = z.strictObject({ from: z.string().min(1).max(LIMITS.maxVersionChars) });
const FeedbackQuery = z.strictObject({ status: z.enum(['pending', 'accepted', 'rejected']).default('pending') });

/**
 * Public feedback is limited per address (signed-in members are not: they are accountable
 * and their remarks go straight to the draft). The limiter answers like every other error.
 */
export function createFeedbackLimiter(options: { limit?: number; windowMs?: number } = {}) {
  return rateLimit({
    windowMs: options.windowMs ?? LIMITS.publicFeedbackWindowMs,
    limit: options.limit ?? LIMITS.publicFeedbackPerWindow,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skip: (_req, res) => Boolean(res.locals.signIn),
    // Only remarks that were taken in count: a refused one (closed, invalid passage) costs nothing.
    skipFailedRequests: true,
    handler: (_req, res) => sendError(res, 'rate_limited', 'Too many remarks from this address: try again later'),
  });
}

/** The release routes. */
export function buildReleaseRoutes({ services }: { services: Services }): ApiRoute[] {
  const { releases, feedback, workspaces } = services;
  const limiter = createFeedbackLimiter();

  /** A published release by workspace slug and version, for the public routes. */
  const publicRelease = (slug: unknown, version: unknown) => {
    const workspace = typeof slug === 'string' ? workspaces.findBySlug(slug) : null;
    const release = workspace && typeof version === 'string' ? releases.find(workspace, version) : null;
    return workspace && release ? { workspace, release } : null;
  };
  const isMember = (user: UserRecord | null, workspaceId: string) => Boolean(user && workspaces.roleOf(user.id, workspaceId));

  return [
    defineRoute({
      method: 'get',
      path: '/api/workspaces/:slug/releases',
      summary: "A workspace's published releases, newest first",
      tag: 'releases',
      access: { kind: 'workspace', action: 'workspace.read' },
      responses: { 200: { description: 'Releases', schema: ReleaseListSchema } },
      handle({ res, workspace }) {
        res.json(releases.list(workspace));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/workspaces/:slug/releases/preview',
      summary:
        'What publishing would write now: the manifest (latest approved revisions, left-out sections), the changelog, the rendered sections and the translations that lag behind the lead language',
      tag: 'releases',
      access: { kind: 'workspace', action: 'release.manage' },
      body: ComposeReleaseSchema,
      responses: { 200: { description: 'The preview', schema: ReleasePreviewSchema } },
      handle({ res, workspace, body }) {
        const preview = releases.preview(workspace, body);
        // Outdated and missing translations are listed; staff may publish anyway (issue 20).
        res.json({ ...preview, translations: services.translations.releaseStates(preview.manifest) });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/workspaces/:slug/releases',
      summary: 'Publish the previewed release (audited; immutable once published, R1)',
      tag: 'releases',
      access: { kind: 'workspace', action: 'release.manage' },
      body: PublishReleaseSchema,
      responses: {
        201: { description: 'The published release', schema: ReleaseDetailSchema },
        409: { description: 'The version is taken, or the approved revisions changed since the preview' },
      },
      handle({ res, user, workspace, body }) {
        // The release records which translations it published outdated or missing, with it (issue 20).
        const result = services.translations.publishRecorded(() => releases.publish(user, workspace, body), body.notesByLanguage);
        if (!result.ok) return sendFailure(res, result.failure);
        res.status(201).json(result.value);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/workspaces/:slug/releases/:version',
      summary: 'One release with its manifest and changelog (`latest` is the newest)',
      tag: 'releases',
      access: { kind: 'workspace', action: 'workspace.read' },
      responses: { 200: { description: 'The release', schema: ReleaseDetailSchema }, 404: { description: 'No such release' } },
      handle({ res, workspace, params }) {
        const found = releases.detail(workspace, params.version);
        if (!found) return sendError(res, 'not_found', 'No such release');
        res.json(found);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/workspaces/:slug/releases/:version/diff',
      summary: 'The difference between an earlier release (`from`) and this one: sections added, removed and changed, inline',
      tag: 'releases',
      access: { kind: 'workspace', action: 'workspace.read' },
      query: DiffQuery,
      responses: { 200: { description: 'Sections with their block diffs', schema: ReleaseDiffSchema }, 404: { description: 'No such release' } },
      handle({ res, workspace, query, params }) {
        const result = releases.diff(workspace, query.from, params.version);
        if (!result.ok) return sendFailure(res, result.failure);
        res.json(result.value);
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/api/workspaces/:slug/releases/:version/feedback',
      summary: 'Who may leave feedback on a release: nobody, signed-in members, or the public too',
      tag: 'releases',
      access: { kind: 'workspace', action: 'release.manage' },
      body: FeedbackSettingSchema,
      responses: { 200: { description: 'The release', schema: ReleaseSummarySchema }, 404: { description: 'No such release' } },
      handle({ res, user, workspace, body, params }) {
        const result = releases.setFeedbackMode(user, workspace, params.version, body.mode);
        if (!result.ok) return sendFailure(res, result.failure);
        res.json(result.value);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/workspaces/:slug/feedback',
      summary: 'Feedback on releases: the moderation queue (`status=pending`, default) or what was accepted or rejected',
      tag: 'releases',
      access: { kind: 'workspace', action: 'release.manage' },
      query: FeedbackQuery,
      responses: { 200: { description: 'Remarks, oldest first', schema: FeedbackListSchema } },
      handle({ res, workspace, query }) {
        res.json(feedback.listFeedback(workspace, query.status));
      },
    }),
    ...(
      [
        ['accept', 'Accept a pending remark: it becomes a thread in the draft, anchored at the same passage'],
        ['reject', 'Reject a pending remark'],
      ] as const
    ).map(([action, summary]) =>
      defineRoute({
        method: 'post',
        path: `/api/workspaces/:slug/feedback/:id/${action}`,
        summary,
        tag: 'releases',
        access: { kind: 'workspace', action: 'release.manage' },
        responses: { 200: { description: 'The remark', schema: FeedbackItemSchema }, 409: { description: 'Not waiting for moderation' } },
        async handle({ res, user, workspace, params }) {
          const result = await feedback.decideFeedback(user, workspace, params.id, action);
          if (!result.ok) return sendFailure(res, result.failure);
          res.json(result.value);
        },
      }),
    ),
    defineRoute({
      method: 'get',
      path: '/api/docs/:docName/release-feedback',
      summary: 'Feedback on published releases that reached this draft (anchored by block id and quote), newest first',
      tag: 'releases',
      access: { kind: 'document', action: 'section.read' },
      responses: { 200: { description: 'Remarks', schema: DraftFeedbackListSchema } },
      handle({ res, params }) {
        res.json(feedback.draftFeedback(params.docName));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/public/releases/:slug/:version',
      summary: 'What a published page needs to know: whether this visitor may leave feedback',
      tag: 'releases',
      access: { kind: 'public' },
      responses: { 200: { description: 'Feedback state', schema: PublicReleaseInfoSchema }, 404: { description: 'No such release' } },
      handle({ res, user, params }) {
        const found = publicRelease(params.slug, params.version);
        if (!found) return sendError(res, 'not_found', 'No such release');
        const mode = releases.feedbackMode(found.release.id);
        const member = isMember(user, found.workspace.id);
        res.json({ version: found.release.version, feedback: mode, mayLeaveFeedback: mode === 'public' || (mode === 'members' && member), name: member ? user!.name : null });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/public/releases/:slug/:version/feedback',
      summary: "Leave a remark on a published passage: members' go to the draft, the public's to moderation (rate-limited, length-limited)",
      tag: 'releases',
      access: { kind: 'public' },
      body: LeaveFeedbackSchema,
      responses: {
        201: { description: 'Received', schema: z.object({ id: z.string(), status: z.enum(['pending', 'accepted']) }) },
        403: { description: 'Feedback is not open on this release' },
        404: { description: 'No such release' },
        429: { description: 'Too many remarks from this address' },
      },
      async handle({ req, res, user, body, params }) {
        const found = publicRelease(params.slug, params.version);
        if (!found) return sendError(res, 'not_found', 'No such release');
        const member = isMember(user, found.workspace.id);
        if (!member) {
          const limited = await new Promise<boolean>((resolve) => {
            void limiter(req, res, () => resolve(false));
            res.once('finish', () => resolve(true));
          });
          if (limited) return;
        }
        const result = await feedback.leaveFeedback(found.release, { user, member }, body);
        if (!result.ok) return sendFailure(res, result.failure);
        res.status(201).json(result.value);
      },
    }),
  ];
}

/**
 * The JSON API's shapes (CONTRACT.md, "HTTP"): request schemas that validate input at the
 * edge, response schemas the OpenAPI document is generated from, and the types inferred
 * from both. Pure: the browser and the server import the same file.
 */
import { z } from 'zod';
import { LIMITS } from './limits.js';
import { ROLES } from './permissions.js';
import { REVIEW_STATES } from './revisions/content.js';
import { DOC_NAME_PATTERN } from './protocol.js';
import { VERSION_PATTERN } from './releases.js';
import { ActivityEntrySchema } from './activity.js';

/** Languages a workspace may be written in; the first of a workspace's list is its default. */
export const LANGUAGES = ['nl', 'fr', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Error codes and the HTTP status each one is answered with. */
export const ERROR_STATUS = {
  validation_failed: 400,
  invalid_credentials: 401,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  /** Understood but cannot be processed (an import that exceeds a limit while it is converted). */
  unprocessable: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

/** Every error answer: `{ error: { code, message, field? } }`. */
export const ErrorResponseSchema = z.object({
  error: z.object({
    code: z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
    field: z.string().optional(),
    /** The LIMITS key (shared/limits.ts) an import exceeded, so the client can say which limit in words. */
    limit: z.string().optional(),
  }),
});
export type ErrorResponse = z.infer<typeof ErrorResponseSchema>;

const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Not a valid id');
const titleSchema = z.string().trim().min(1, 'Required').max(LIMITS.maxTitleChars);

/** Workspace slugs: lower-case letters, digits and inner dashes. */
export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

// ---------------------------------------------------------------- requests

/** `POST /api/auth/login`. */
export const LoginRequestSchema = z.strictObject({
  email: z.string().trim().min(1, 'Required').max(254),
  password: z.string().min(1, 'Required').max(1024),
});
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

/** `POST /api/workspaces` (site administrators). */
export const CreateWorkspaceRequestSchema = z.strictObject({
  name: z.string().trim().min(1, 'Required').max(LIMITS.maxNameChars),
  slug: z.string().regex(SLUG_PATTERN, 'Use lower-case letters, digits and dashes'),
  languages: z
    .array(z.enum(LANGUAGES))
    .min(1)
    .max(LANGUAGES.length)
    .refine((list) => new Set(list).size === list.length, 'Each language only once'),
  readersMayComment: z.boolean().optional(),
});
export type CreateWorkspaceRequest = z.infer<typeof CreateWorkspaceRequestSchema>;

/**
 * A text per workspace language (issue 20): section titles, workspace names. In a request an
 * empty string clears that language's text (the lead language's cannot be cleared).
 */
export const TitlesRequestSchema = z.partialRecord(z.enum(LANGUAGES), z.string().trim().max(LIMITS.maxTitleChars));
export type TitlesRequest = z.infer<typeof TitlesRequestSchema>;

/**
 * `POST /api/workspaces/:slug/sections`: appended after its future siblings. `title` is the
 * lead language's title; `titles` names it per language (the others may stay empty at first).
 */
export const CreateSectionRequestSchema = z
  .strictObject({
    title: titleSchema.optional(),
    titles: TitlesRequestSchema.optional(),
    parentId: idSchema.nullable().optional(),
  })
  .refine((body) => body.title !== undefined || Object.values(body.titles ?? {}).some(Boolean), { message: 'Required', path: ['title'] });
export type CreateSectionRequest = z.infer<typeof CreateSectionRequestSchema>;

/** `PATCH /api/workspaces/:slug/sections/:id`: the lead title and/or titles per language. The slug stays: links keep working. */
export const RenameSectionRequestSchema = z
  .strictObject({ title: titleSchema.optional(), titles: TitlesRequestSchema.optional() })
  .refine((body) => body.title !== undefined || body.titles !== undefined, { message: 'Nothing to change', path: ['titles'] });
export type RenameSectionRequest = z.infer<typeof RenameSectionRequestSchema>;

/** `POST /api/workspaces/:slug/sections/:id/move`: new parent and index among its siblings. */
export const MoveSectionRequestSchema = z.strictObject({
  parentId: idSchema.nullable(),
  position: z.number().int().min(0).max(100_000),
});
export type MoveSectionRequest = z.infer<typeof MoveSectionRequestSchema>;

/** `GET /api/workspaces` and `GET /api/workspaces/:slug` query. */
export const WorkspaceQuerySchema = z.object({
  archived: z.enum(['0', '1']).optional(),
});
export type WorkspaceQuery = z.infer<typeof WorkspaceQuerySchema>;

/**
 * Every path parameter a route may declare (`:name`), with its schema. The route registry
 * refuses to mount a route whose parameter is missing here, validates each one before the
 * route runs (a malformed value is a 400 naming it in `field`), and the OpenAPI document
 * shows these schemas.
 */
export const PATH_PARAMS = {
  slug: z.string().regex(SLUG_PATTERN, 'Not a workspace address'),
  id: idSchema,
  userId: idSchema,
  jobId: idSchema,
  threadId: idSchema,
  messageId: idSchema,
  docName: z.string().regex(DOC_NAME_PATTERN, 'Not the name of a section draft'),
  number: z.string().regex(/^[1-9][0-9]{0,6}$/, 'Not a revision number'),
  token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, 'Not a valid link; ask for a new one'),
  version: z.string().min(1).max(LIMITS.maxVersionChars).regex(VERSION_PATTERN, 'Not a release version'),
} satisfies Record<string, z.ZodType<string>>;
export type PathParam = keyof typeof PATH_PARAMS;

/** A new password (every place one is chosen). */
export const PasswordSchema = z
  .string()
  .min(LIMITS.minPasswordChars, `Use at least ${LIMITS.minPasswordChars} characters`)
  .max(LIMITS.maxPasswordChars);

const emailSchema = z.string().trim().max(254).regex(/^[^\s@]+@[^\s@]+$/, 'Not an e-mail address');
const nameSchema = z.string().trim().min(1, 'Required').max(LIMITS.maxNameChars);

/** Organisation kinds: the trust itself or a partner association. */
export const ORGANISATION_KINDS = ['trust', 'partner'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/** `PATCH /api/auth/me`: the person's own name and interface language. */
export const UpdateProfileRequestSchema = z
  .strictObject({ name: nameSchema.optional(), locale: z.enum(LANGUAGES).optional() })
  .refine((body) => body.name !== undefined || body.locale !== undefined, 'Nothing to change');
export type UpdateProfileRequest = z.infer<typeof UpdateProfileRequestSchema>;

/** `POST /api/auth/password`. */
export const ChangePasswordRequestSchema = z.strictObject({
  currentPassword: z.string().min(1, 'Required').max(LIMITS.maxPasswordChars),
  newPassword: PasswordSchema,
});
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequestSchema>;

/** `POST /api/auth/password-reset`: asks for a reset link by e-mail. */
export const RequestPasswordResetSchema = z.strictObject({ email: z.string().trim().min(1, 'Required').max(254) });
export type RequestPasswordReset = z.infer<typeof RequestPasswordResetSchema>;

/** `POST /api/auth/password-reset/:token`. */
export const CompletePasswordResetSchema = z.strictObject({ newPassword: PasswordSchema });
export type CompletePasswordReset = z.infer<typeof CompletePasswordResetSchema>;

/** `PATCH /api/workspaces/:slug/members/:userId`. */
export const UpdateMemberRequestSchema = z.strictObject({ role: z.enum(ROLES) });
export type UpdateMemberRequest = z.infer<typeof UpdateMemberRequestSchema>;

/** `POST /api/workspaces/:slug/invitations`: the organisation is needed when the e-mail has no account yet. */
export const CreateInvitationRequestSchema = z.strictObject({
  email: emailSchema,
  role: z.enum(ROLES),
  organisationId: idSchema.optional(),
  name: nameSchema.optional(),
});
export type CreateInvitationRequest = z.infer<typeof CreateInvitationRequestSchema>;

/** `POST /api/auth/invitations/:token/accept`: name and password only when a new account is made. */
export const AcceptInvitationRequestSchema = z.strictObject({
  name: nameSchema.optional(),
  password: PasswordSchema.optional(),
});
export type AcceptInvitationRequest = z.infer<typeof AcceptInvitationRequestSchema>;

/** `POST /api/organisations` (site administrators). */
export const CreateOrganisationRequestSchema = z.strictObject({ name: nameSchema, kind: z.enum(ORGANISATION_KINDS) });
export type CreateOrganisationRequest = z.infer<typeof CreateOrganisationRequestSchema>;

/** `PATCH /api/organisations/:id` (site administrators). */
export const RenameOrganisationRequestSchema = z.strictObject({ name: nameSchema });
export type RenameOrganisationRequest = z.infer<typeof RenameOrganisationRequestSchema>;

/** `GET /api/workspaces/:slug/audit` query: newest first, `before` an entry id (paging). */
export const AuditQuerySchema = z.strictObject({
  action: z.string().regex(/^[a-z][a-z.-]{0,63}$/, 'Not an action name').optional(),
  actor: idSchema.optional(),
  before: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
  limit: z.coerce.number().int().min(1).max(LIMITS.maxAuditPageSize).optional(),
});
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

// ---------------------------------------------------------------- responses

/** The signed-in person. */
export const UserSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  organisation: z.object({ id: z.string(), name: z.string() }),
  isSiteAdmin: z.boolean(),
  locale: z.string().nullable(),
});
export type User = z.infer<typeof UserSchema>;

/** `{ user }`, answered by sign-in and `GET /api/auth/me`. */
export const UserResponseSchema = z.object({ user: UserSchema });
export type UserResponse = z.infer<typeof UserResponseSchema>;

/** Counts of translation units per state (issue 20). */
export const TranslationProgressSchema = z.object({
  upToDate: z.number().int(),
  outdated: z.number().int(),
  missing: z.number().int(),
  orphaned: z.number().int(),
});
export type TranslationProgress = z.infer<typeof TranslationProgressSchema>;

/** One node of a workspace outline, listed flat in depth-first order. */
export const SectionSchema = z.object({
  id: z.string(),
  slug: z.string(),
  /** The lead language's title. */
  title: z.string(),
  /** The title in each language that has one (the lead language's always). */
  titles: z.record(z.string(), z.string()),
  parentId: z.string().nullable(),
  /** Index among its siblings. */
  position: z.number().int(),
  /** The websocket document name of each language's draft. */
  docs: z.record(z.string(), z.string()),
  /** App path of the section's page. */
  url: z.string(),
  /** Present only when archived sections were asked for. */
  archived: z.boolean().optional(),
  /** Each language's review state (flow 4): never approved, approved, draft differs, approval requested, changes asked. */
  review: z.record(z.string(), z.enum(REVIEW_STATES)).optional(),
  /** Each target language's translation progress against the lead language (T1); absent for the lead. */
  translation: z.record(z.string(), TranslationProgressSchema).optional(),
});
export type Section = z.infer<typeof SectionSchema>;

/** A workspace as seen by one member. */
export const WorkspaceSchema = z.object({
  id: z.string(),
  slug: z.string(),
  /** The lead language's name. */
  name: z.string(),
  /** The name in each language that has one. */
  names: z.record(z.string(), z.string()),
  languages: z.array(z.enum(LANGUAGES)),
  /** The language the others are translated from (the first of `languages`). */
  leadLanguage: z.enum(LANGUAGES),
  role: z.enum(ROLES),
  readersMayComment: z.boolean(),
  /** Four eyes: an approval needs someone other than the person who asked for it (V2). */
  fourEyes: z.boolean(),
  sections: z.array(SectionSchema),
});
export type Workspace = z.infer<typeof WorkspaceSchema>;

export const WorkspaceListSchema = z.array(WorkspaceSchema);

/** `{ workspace }`, answered by workspace creation. */
export const WorkspaceResponseSchema = z.object({ workspace: WorkspaceSchema });
export type WorkspaceResponse = z.infer<typeof WorkspaceResponseSchema>;

/** `{ section }`, answered by the section commands. */
export const SectionResponseSchema = z.object({ section: SectionSchema });
export type SectionResponse = z.infer<typeof SectionResponseSchema>;

/** `POST /api/workspaces/:slug/images`. */
export const ImageUploadResponseSchema = z.object({ src: z.string() });
export type ImageUploadResponse = z.infer<typeof ImageUploadResponseSchema>;

/** An organisation: the trust or a partner association. */
export const OrganisationSchema = z.object({ id: z.string(), name: z.string(), kind: z.enum(ORGANISATION_KINDS) });
export type Organisation = z.infer<typeof OrganisationSchema>;
export const OrganisationListSchema = z.array(OrganisationSchema);
export const OrganisationResponseSchema = z.object({ organisation: OrganisationSchema });

/** A person as others see them: "Name (Organisation)". */
export const PersonSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  organisation: z.object({ id: z.string(), name: z.string() }),
});
export type Person = z.infer<typeof PersonSchema>;

/** One workspace member. */
export const MemberSchema = z.object({ user: PersonSchema, role: z.enum(ROLES) });
export type Member = z.infer<typeof MemberSchema>;
export const MemberListSchema = z.array(MemberSchema);
export const MemberResponseSchema = z.object({ member: MemberSchema });

/** A new invitation: the link to hand over (also written to the outbox). */
export const InvitationCreatedSchema = z.object({ url: z.string(), expiresAt: z.number().int() });
export type InvitationCreated = z.infer<typeof InvitationCreatedSchema>;

/** What an invitation link shows before it is accepted. */
export const InvitationInfoSchema = z.object({
  workspace: z.object({ slug: z.string(), name: z.string() }),
  email: z.string(),
  role: z.enum(ROLES),
  name: z.string().nullable(),
  organisation: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** No account has this e-mail yet: accepting creates one (name and password needed). */
  needsAccount: z.boolean(),
  expiresAt: z.number().int(),
});
export type InvitationInfo = z.infer<typeof InvitationInfoSchema>;

/** `{ user, workspace }`, answered by accepting an invitation. */
export const InvitationAcceptedSchema = z.object({ user: UserSchema, workspace: z.object({ slug: z.string(), name: z.string() }) });
export type InvitationAccepted = z.infer<typeof InvitationAcceptedSchema>;

/** One audit log entry as admins read it. */
export const AuditEntrySchema = z.object({
  id: z.number().int(),
  at: z.number().int(),
  action: z.string(),
  actor: z.object({ id: z.string(), name: z.string(), organisation: z.string() }).nullable(),
  target: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  /** What the sentence of this entry needs (issue 21): its section and named details, as the activity view has them. */
  section: ActivityEntrySchema.shape.section.optional(),
  summary: ActivityEntrySchema.shape.details.optional(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
/** A page of the audit log; `nextBefore` asks for the next (older) page. */
export const AuditPageSchema = z.object({ entries: z.array(AuditEntrySchema), nextBefore: z.number().int().nullable() });
export type AuditPage = z.infer<typeof AuditPageSchema>;

/** `{ ok: true }`. */
export const OkResponseSchema = z.object({ ok: z.literal(true) });

/** App path of a section's page. */
export function buildSectionUrl(workspaceSlug: string, sectionSlug: string): string {
  return `/w/${encodeURIComponent(workspaceSlug)}/s/${encodeURIComponent(sectionSlug)}`;
}

/** A decision on suggestions: accept or reject (staff), withdraw (their author). */
export const DecideSuggestionsRequestSchema = z.strictObject({
  ids: z.array(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/)).min(1).max(500),
  reason: z.string().trim().max(2000).optional(),
});
export type DecideSuggestionsRequest = z.infer<typeof DecideSuggestionsRequestSchema>;

export const DecideSuggestionsResponseSchema = z.object({
  decided: z.array(z.object({ id: z.string(), action: z.enum(['accept', 'reject', 'withdraw']) })),
});
export type DecideSuggestionsResponse = z.infer<typeof DecideSuggestionsResponseSchema>;

/** A person named in a decision (no e-mail: partners read decisions too). */
const DecisionPersonSchema = PersonSchema.omit({ email: true });

/** One recorded decision (S2): who suggested, who decided, when, why, before and after. */
export const DecisionSchema = z.object({
  suggestionId: z.string(),
  kind: z.string(),
  action: z.enum(['accept', 'reject', 'withdraw']),
  reason: z.string().nullable(),
  author: DecisionPersonSchema.nullable(),
  decidedBy: DecisionPersonSchema,
  before: z.string(),
  after: z.string(),
  at: z.number(),
});
export type Decision = z.infer<typeof DecisionSchema>;
export const DecisionListSchema = z.array(DecisionSchema);

// ---------------------------------------------------------------- revisions (flows 4–5)

/** A person as named on requests and revisions: "Name (Organisation)", no e-mail. */
export const PersonRefSchema = DecisionPersonSchema;
export type PersonRef = z.infer<typeof PersonRefSchema>;

/**
 * `PATCH /api/workspaces/:slug` (admins): workspace settings. `languages` may add languages
 * (each gets an empty draft of every section), never remove one; `leadLanguage` must be one
 * of them; `names` names the workspace per language.
 */
export const UpdateWorkspaceRequestSchema = z
  .strictObject({
    fourEyes: z.boolean().optional(),
    languages: z
      .array(z.enum(LANGUAGES))
      .min(1)
      .max(LANGUAGES.length)
      .refine((list) => new Set(list).size === list.length, 'Each language only once')
      .optional(),
    leadLanguage: z.enum(LANGUAGES).optional(),
    names: z.partialRecord(z.enum(LANGUAGES), z.string().trim().max(LIMITS.maxNameChars)).optional(),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), { message: 'Nothing to change', path: ['fourEyes'] });
export type UpdateWorkspaceRequest = z.infer<typeof UpdateWorkspaceRequestSchema>;

/** `POST /api/docs/:docName/review/request`: what changed, in a few words. */
export const RequestApprovalSchema = z.strictObject({ summary: z.string().trim().min(1, 'Required').max(2000) });
export type RequestApproval = z.infer<typeof RequestApprovalSchema>;

/** `POST /api/docs/:docName/review/approve`. */
export const ApproveRequestSchema = z.strictObject({
  requestId: idSchema,
  comment: z.string().trim().max(2000).optional(),
  /**
   * Lead language only (issue 20): changed blocks whose change is minor, so their translations
   * that were up to date stay up to date (recorded as the approver's decision, audited).
   */
  minorBlocks: z.array(idSchema).max(1000).optional(),
});
export type ApproveRequest = z.infer<typeof ApproveRequestSchema>;

/** `POST /api/docs/:docName/review/changes`: the comment says what to change. */
export const AskChangesRequestSchema = z.strictObject({ requestId: idSchema, comment: z.string().trim().min(1, 'Required').max(2000) });
export type AskChangesRequest = z.infer<typeof AskChangesRequestSchema>;

export const APPROVAL_STATUSES = ['open', 'approved', 'changes-requested', 'superseded'] as const;

/** A request for approval of one section draft. */
export const ApprovalRequestSchema = z.object({
  id: z.string(),
  docName: z.string(),
  sectionId: z.string(),
  lang: z.string(),
  summary: z.string(),
  /** SHA-256 of the content the request is about: the draft without pending suggestions. */
  contentHash: z.string(),
  requestedBy: PersonRefSchema,
  requestedAt: z.number(),
  status: z.enum(APPROVAL_STATUSES),
  reviewedBy: PersonRefSchema.nullable(),
  reviewedAt: z.number().nullable(),
  comment: z.string().nullable(),
  /** The revision its approval created. */
  revision: z.number().int().nullable(),
  /** Open, but the content changed since it was asked for: it cannot be approved (V2). */
  stale: z.boolean(),
});
export type ApprovalRequest = z.infer<typeof ApprovalRequestSchema>;

/** One entry of a workspace's review queue: an open request and its section. */
export const ReviewQueueItemSchema = ApprovalRequestSchema.extend({
  section: z.object({ id: z.string(), title: z.string(), url: z.string() }),
});
export type ReviewQueueItem = z.infer<typeof ReviewQueueItemSchema>;
export const ReviewQueueSchema = z.array(ReviewQueueItemSchema);

/** Who contributed to a revision since the previous one (edit log and accepted suggestions). */
export const ContributorsSchema = z.object({
  people: z.array(PersonRefSchema),
  organisations: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type Contributors = z.infer<typeof ContributorsSchema>;

/** A revision as listed in a section's history. */
export const RevisionSummarySchema = z.object({
  number: z.number().int(),
  docName: z.string(),
  summary: z.string(),
  contentHash: z.string(),
  requestedBy: PersonRefSchema.nullable(),
  approvers: z.array(PersonRefSchema),
  approvedAt: z.number(),
  /** What the approver wrote when approving, if anything. */
  approvalComment: z.string().nullable(),
  contributors: ContributorsSchema,
});
export type RevisionSummary = z.infer<typeof RevisionSummarySchema>;
export const RevisionListSchema = z.array(RevisionSummarySchema);

/** A revision with its content: ProseMirror blocks (no pending suggestions, V1), HTML and plain text. */
export const RevisionSchema = RevisionSummarySchema.extend({
  content: z.array(z.record(z.string(), z.unknown())),
  html: z.string(),
  text: z.string(),
});
export type Revision = z.infer<typeof RevisionSchema>;

/** `GET /api/docs/:docName/review`: the draft's review state and what it rests on. */
export const ReviewInfoSchema = z.object({
  docName: z.string(),
  state: z.enum(REVIEW_STATES),
  fourEyes: z.boolean(),
  /** Hash of the stored draft without pending suggestions (the browser recomputes it live). */
  draftHash: z.string(),
  latest: RevisionSummarySchema.nullable(),
  /** The open request, or the last one when changes were asked since the latest revision. */
  request: ApprovalRequestSchema.nullable(),
});
export type ReviewInfo = z.infer<typeof ReviewInfoSchema>;

/** `GET /api/docs/:docName/diff?from=&to=`: revision numbers, `to` may be `draft`. */
export const DiffQuerySchema = z.strictObject({
  from: z.coerce.number().int().min(1).max(1_000_000),
  to: z.union([z.literal('draft'), z.coerce.number().int().min(1).max(1_000_000)]),
});
export type DiffQuery = z.infer<typeof DiffQuerySchema>;

/** A diff (shared/revisions/diff.ts): blocks in order with their change, and counts. */
export const DiffResponseSchema = z.object({
  from: z.number().int(),
  to: z.union([z.literal('draft'), z.number().int()]),
  blocks: z.array(z.record(z.string(), z.unknown())),
  summary: z.object({ inserted: z.number(), deleted: z.number(), changed: z.number(), moved: z.number(), unchanged: z.number() }),
  capped: z.boolean(),
});

/** `POST /api/docs/:docName/revisions/:number/restore`. */
export const RestoreResponseSchema = z.object({ restored: z.number().int(), review: ReviewInfoSchema });

// ---------------------------------------------------------------- translations (issue 20, T1/T2)

/** A translation unit's state: computed against the lead language's latest approved revision, never stored (T1). */
export const TRANSLATION_STATES = ['missing', 'up-to-date', 'outdated', 'orphaned'] as const;
export type TranslationState = (typeof TRANSLATION_STATES)[number];


/** One unit: a block of the lead language's approved revision and its translation in the target draft. */
export const TranslationUnitSchema = z.object({
  blockId: z.string(),
  state: z.enum(TRANSLATION_STATES),
  /** Hash of the source block in the approved revision (block ids and pending suggestions do not count); null for an orphan. */
  sourceHash: z.string().nullable(),
  /** The source block's plain text in the approved revision (an orphan: as it was when last confirmed). */
  sourceText: z.string(),
  /** The target block's plain text, or null when the target has no block for this unit. */
  targetText: z.string().nullable(),
  /** The source draft's block differs from the approved revision (a softer badge; outdates nothing). */
  sourceDraftDiffers: z.boolean(),
  /** A suggestion is pending on the source block (a badge; outdates nothing). */
  sourcePending: z.boolean(),
  /** The last "up to date" decision: the source text it was made against, who, when. */
  confirmed: z
    .object({ sourceText: z.string(), by: z.object({ id: z.string(), name: z.string() }).nullable(), at: z.number(), minor: z.boolean() })
    .nullable(),
  /** A missing unit that came out of splitting this unit's source block. */
  splitFrom: z.string().nullable(),
  /** An orphan whose source text was joined into this unit's source block. */
  joinedInto: z.string().nullable(),
});
export type TranslationUnit = z.infer<typeof TranslationUnitSchema>;

/** `GET /api/docs/:docName/translation`. */
export const TranslationStatusSchema = z.object({
  /** The lead language's draft the units are computed against. */
  source: z.string(),
  sourceLang: z.string(),
  /** The approved revision of the source the states are computed against, or null when never approved. */
  sourceRevision: z.number().int().nullable(),
  units: z.array(TranslationUnitSchema),
  progress: TranslationProgressSchema,
  /** The target's blocks follow another order than the source's (a move): "reorder to match" is offered. */
  orderDiffers: z.boolean(),
});
export type TranslationStatus = z.infer<typeof TranslationStatusSchema>;

/** `POST /api/docs/:docName/translation/confirm`: mark these units up to date (an explicit decision, T1). */
export const ConfirmTranslationRequestSchema = z.strictObject({
  blockIds: z.array(idSchema).min(1).max(1000),
});
export type ConfirmTranslationRequest = z.infer<typeof ConfirmTranslationRequestSchema>;

/**
 * `POST /api/docs/:docName/translation/orphans`: a decision on a translation whose source is
 * gone (T2: never automatic): merge its text into the passage its source was joined into, or delete it.
 */
export const ResolveOrphanRequestSchema = z.strictObject({ blockId: idSchema, action: z.enum(['merge', 'delete']) });
export type ResolveOrphanRequest = z.infer<typeof ResolveOrphanRequestSchema>;

/** `POST /api/docs/:docName/translation/start`: answers how many blocks were copied, and the status. */
export const StartTranslationResponseSchema = z.object({ copied: z.number().int(), status: TranslationStatusSchema });

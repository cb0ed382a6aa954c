/**
 * The activity view (issue 21): who changed what, in words. The query a page sends
 * (`GET /api/workspaces/<slug>/activity`) and the entries it gets back, which the client
 * turns into sentences ("Thomas Peeters (CLTB) edited Grond en woning — 12 words added,
 * 3 removed"). Built by the server from the word counts of the edit log, the decisions,
 * the revisions and the audit log.
 */
import { z } from 'zod';

/** What an entry is about; the kind filter offers these. */
export const ACTIVITY_KINDS = ['edit', 'suggest', 'decision', 'comment', 'review', 'translation', 'release', 'outline', 'members'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

/**
 * Every action the server records in the audit log (tests/unit/auditActions.test.ts reads the
 * server's sources to keep this list whole); the audit page's filter offers each one that a
 * workspace's log can hold, with a label and a sentence in every language.
 */
export const AUDIT_ACTIONS = [
  'auth.sign-in',
  'auth.sign-in-failed',
  'auth.rate-limited',
  'auth.password-change',
  'auth.password-change-failed',
  'auth.password-reset-request',
  'auth.password-reset',
  'user.create',
  'organisation.create',
  'organisation.rename',
  'workspace.create',
  'workspace.settings',
  'workspace.legal',
  'member.set',
  'member.role-change',
  'member.remove',
  'invitation.create',
  'invitation.accept',
  'section.create',
  'section.rename',
  'section.move',
  'section.archive',
  'section.unarchive',
  'section.import',
  'image.upload',
  'suggestion.accept',
  'suggestion.reject',
  'suggestion.withdraw',
  'thread.create',
  'thread.message.delete',
  'thread.resolve',
  'thread.reopen',
  'thread.reattach',
  'revision.request',
  'revision.approve',
  'revision.changes',
  'revision.restore',
  'translation.start',
  'translation.reorder',
  'translation.orphan',
  'translation.confirm',
  'translation.minor',
  'release.publish',
  'release.adopt',
  'release.feedback',
  'release.feedback.accept',
  'release.feedback.reject',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Actions recorded without a workspace (site-wide), which no workspace's log lists. */
export const SITE_AUDIT_ACTIONS: readonly string[] = ['user.create', 'organisation.create', 'organisation.rename'];

/** Most entries one page holds. */
export const ACTIVITY_PAGE_SIZE = 50;

const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Not an id');
const timeSchema = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** `GET /api/workspaces/<slug>/activity?section=&person=&organisation=&kind=&from=&to=&before=&limit=` */
export const ActivityQuerySchema = z.strictObject({
  /** A section id: only what happened in that section. */
  section: idSchema.optional(),
  /** A user id: only what this person did (partners always see only their own). */
  person: idSchema.optional(),
  /** An organisation id: only what its people did. */
  organisation: idSchema.optional(),
  kind: z.enum(ACTIVITY_KINDS).optional(),
  /** Milliseconds since 1970: from this moment on (inclusive). */
  from: timeSchema.optional(),
  /** Milliseconds since 1970: before this moment. */
  to: timeSchema.optional(),
  /** Paging: the `nextBefore` of the previous page. */
  before: timeSchema.optional(),
  limit: z.coerce.number().int().min(1).max(ACTIVITY_PAGE_SIZE).optional(),
});
export type ActivityQuery = z.infer<typeof ActivityQuerySchema>;

export const ActivityActorSchema = z.object({ id: z.string(), name: z.string(), organisation: z.string(), organisationId: z.string().nullable() });
export type ActivityActor = z.infer<typeof ActivityActorSchema>;

/** One thing that happened. `action` says exactly what (`edit`, `suggest`, or an audit action such as `revision.approve`). */
export const ActivityEntrySchema = z.object({
  id: z.string(),
  at: z.number().int(),
  kind: z.enum(ACTIVITY_KINDS),
  action: z.string(),
  actor: ActivityActorSchema.nullable(),
  /** The section it happened in, with the language of its draft when it is about one. */
  section: z.object({ id: z.string(), slug: z.string(), title: z.string(), lang: z.string().nullable() }).nullable(),
  details: z.object({
    /** Words added and removed (edits and suggestions), over `from` → `at`. */
    added: z.number().int().optional(),
    removed: z.number().int().optional(),
    from: z.number().int().optional(),
    /** Revision number (approved, restored). */
    number: z.number().int().optional(),
    /** Release version (published, feedback). */
    version: z.string().optional(),
    /** How many suggestions a decision settled, and whose they were. */
    count: z.number().int().optional(),
    authors: z.array(z.string()).optional(),
    /** Renames: the title before and after; role changes: the roles. */
    before: z.string().optional(),
    after: z.string().optional(),
    /** The person a member change is about. */
    person: z.string().optional(),
    /** A review's summary or comment, an optional reason. */
    note: z.string().optional(),
  }),
});
export type ActivityEntry = z.infer<typeof ActivityEntrySchema>;

/** A page of activity, newest first; `nextBefore` asks for the next (older) page. */
export const ActivityPageSchema = z.object({ entries: z.array(ActivityEntrySchema), nextBefore: z.number().int().nullable() });
export type ActivityPage = z.infer<typeof ActivityPageSchema>;

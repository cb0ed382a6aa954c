/**
 * The comment threads' and the inbox's JSON shapes (flow 3): request schemas that validate
 * input at the edge and the response schemas the OpenAPI document is generated from.
 */
import { z } from 'zod';
import { MAX_MESSAGE_CHARS, MAX_QUOTE_CHARS, THREAD_ID_PATTERN } from './model.js';

// Declared in the zod-free model, so the browser's comment box needs no schema code.
export { MAX_MESSAGE_CHARS, MAX_QUOTE_CHARS };

const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
export const ThreadIdSchema = z.string().regex(THREAD_ID_PATTERN);

/** A mention in a message: a person or an organisation, by id. */
export const MentionSchema = z.strictObject({ kind: z.enum(['user', 'organisation']), id: idSchema });
export type Mention = z.infer<typeof MentionSchema>;

/** Message bodies are plain text (never HTML), trimmed, length-limited, without control characters. */
const bodySchema = z
  .string()
  .trim()
  .min(1, 'Write something first')
  .max(MAX_MESSAGE_CHARS, `At most ${MAX_MESSAGE_CHARS} characters`)
  .refine((text) => ![...text].some(isControlCharacter), 'Control characters are not allowed');

/** C0 controls other than tab and line breaks, and DEL. */
function isControlCharacter(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  return (code < 32 && code !== 9 && code !== 10 && code !== 13) || code === 127;
}

/** Starting a thread: the passage it is about and the first message. */
export const CreateThreadRequestSchema = z.strictObject({
  /** The text the thread is about, as the author saw it selected. */
  quote: z.string().max(MAX_QUOTE_CHARS).default(''),
  /** Some text on either side, to find the passage again (release feedback, re-anchoring). */
  context: z.strictObject({ before: z.string().max(MAX_QUOTE_CHARS), after: z.string().max(MAX_QUOTE_CHARS) }).optional(),
  /** The top-level block the passage starts in. */
  blockId: idSchema.optional(),
  /** A thread on a suggestion instead of a passage. */
  suggestionId: idSchema.optional(),
  body: bodySchema,
  mentions: z.array(MentionSchema).max(50).default([]),
});
export type CreateThreadRequest = z.input<typeof CreateThreadRequestSchema>;

export const PostMessageRequestSchema = z.strictObject({ body: bodySchema, mentions: z.array(MentionSchema).max(50).default([]) });
export type PostMessageRequest = z.input<typeof PostMessageRequestSchema>;

export const EditMessageRequestSchema = z.strictObject({ body: bodySchema, mentions: z.array(MentionSchema).max(50).default([]) });

/** Resolving, optionally naming what settled it. */
export const ResolveThreadRequestSchema = z.strictObject({
  settledBy: z.strictObject({ kind: z.enum(['decision', 'revision']), id: z.string().max(64) }).optional(),
});
export type ResolveThreadRequest = z.infer<typeof ResolveThreadRequestSchema>;

/** Re-attaching a detached thread to new text (staff), which they then mark in the editor. */
export const ReattachThreadRequestSchema = z.strictObject({ quote: z.string().min(1).max(MAX_QUOTE_CHARS), blockId: idSchema.optional() });

const ActorSchema = z.object({ id: z.string(), name: z.string(), organisation: z.object({ id: z.string(), name: z.string() }) });

/**
 * A message is a member's, or a visitor's: public feedback accepted into the draft keeps its
 * visitor as its author (no account: `author.id` and the organisation are empty) with the
 * release it was left on, and names the member who accepted it (`acceptedBy`). Nobody can
 * edit or delete a visitor's words.
 */
export const MessageSchema = z.object({
  id: z.string(),
  author: ActorSchema,
  visitor: z.object({ name: z.string(), release: z.string() }).nullable(),
  acceptedBy: ActorSchema.nullable(),
  /** Empty once deleted: the tombstone keeps its place among the replies. */
  body: z.string(),
  mentions: z.array(z.object({ kind: z.enum(['user', 'organisation']), id: z.string(), name: z.string() })),
  createdAt: z.number().int(),
  editedAt: z.number().int().nullable(),
  deleted: z.boolean(),
});
export type Message = z.infer<typeof MessageSchema>;

export const THREAD_STATUSES = ['open', 'resolved'] as const;

export const ThreadSchema = z.object({
  id: z.string(),
  docName: z.string(),
  section: z.object({ id: z.string(), slug: z.string(), title: z.string() }),
  lang: z.string(),
  author: ActorSchema,
  status: z.enum(THREAD_STATUSES),
  /** The anchored text is gone: the thread shows its quote until staff re-attach it. */
  detached: z.boolean(),
  quote: z.string(),
  context: z.object({ before: z.string(), after: z.string() }),
  blockId: z.string().nullable(),
  suggestionId: z.string().nullable(),
  createdAt: z.number().int(),
  resolvedAt: z.number().int().nullable(),
  resolvedBy: ActorSchema.nullable(),
  settledBy: z.object({ kind: z.enum(['decision', 'revision']), id: z.string() }).nullable(),
  /** The release version a reader's remark was left on, when the thread came from feedback. */
  fromRelease: z.string().nullable(),
  messages: z.array(MessageSchema),
});
export type Thread = z.infer<typeof ThreadSchema>;
export const ThreadListSchema = z.array(ThreadSchema);
export const ThreadResponseSchema = z.object({ thread: ThreadSchema });

/** Filters of the workspace-wide thread list. */
export const ThreadQuerySchema = z.strictObject({
  status: z.enum(['open', 'resolved', 'all']).default('open'),
  section: idSchema.optional(),
  person: idSchema.optional(),
  organisation: idSchema.optional(),
  mentionsMe: z.enum(['1', '0']).optional(),
});
export type ThreadQuery = z.input<typeof ThreadQuerySchema>;

export const NOTIFICATION_KINDS = ['mention', 'reply', 'decision', 'approval-request', 'approval-review'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** What a decided suggestion did, as the inbox tells it: words are put in at read time, in the reader's language. */
export const DecidedSuggestionSchema = z.object({
  action: z.enum(['accept', 'reject', 'withdraw']),
  /** The suggestion's kind (insertion, deletion, formatChange, a block kind…); null on notifications older than these details. */
  kind: z.string().nullable(),
  /** Short excerpts (ending in "…" when cut) of the text the suggestion added and removed. */
  added: z.string(),
  removed: z.string(),
  /** When it added and removed no text (formatting, structure): an excerpt of the passage. */
  context: z.string(),
});
export type DecidedSuggestion = z.infer<typeof DecidedSuggestionSchema>;
export const DecisionDetailsSchema = z.object({ reason: z.string().nullable(), suggestions: z.array(DecidedSuggestionSchema) });
export type DecisionDetails = z.infer<typeof DecisionDetailsSchema>;

/**
 * One inbox entry. `text` is a short plain-text excerpt; `url` the app path to open;
 * `decision` the structured details of a decision on the reader's suggestions.
 */
export const NotificationSchema = z.object({
  id: z.number().int(),
  kind: z.enum(NOTIFICATION_KINDS),
  actor: z.object({ id: z.string(), name: z.string() }).nullable(),
  workspace: z.object({ slug: z.string(), name: z.string() }),
  section: z.object({ id: z.string(), title: z.string() }).nullable(),
  threadId: z.string().nullable(),
  text: z.string(),
  url: z.string(),
  decision: DecisionDetailsSchema.nullable(),
  createdAt: z.number().int(),
  read: z.boolean(),
});
export type Notification = z.infer<typeof NotificationSchema>;
export const InboxSchema = z.object({ unread: z.number().int(), items: z.array(NotificationSchema) });
export type Inbox = z.infer<typeof InboxSchema>;

export const MarkReadRequestSchema = z.strictObject({ ids: z.array(z.number().int()).max(500).optional(), all: z.boolean().optional() });

/** How often someone gets an e-mail digest of their unread inbox ('off': never). */
export const DIGEST_INTERVALS = ['off', '15m', 'hourly', 'daily'] as const;
export type DigestInterval = (typeof DIGEST_INTERVALS)[number];
export const DIGEST_INTERVAL_MS: Record<DigestInterval, number> = { off: Infinity, '15m': 15 * 60_000, hourly: 60 * 60_000, daily: 24 * 60 * 60_000 };
export const InboxSettingsSchema = z.strictObject({ digest: z.enum(DIGEST_INTERVALS) });

/**
 * Releases (flows 6–7, R1): version labels, the request schemas of composing, publishing and
 * feedback, and the shapes of a release, its manifest, changelog and diff. Pure: the browser
 * and the server import the same file.
 */
import { z } from 'zod';
import { LIMITS } from './limits.js';
import type { DocDiff } from './revisions/diff.js';

/** A version label uses only `[0-9A-Za-z._-]` (CONTRACT.md); `latest` is reserved. */
export const VERSION_PATTERN = /^[0-9A-Za-z._-]+$/;
export const RESERVED_VERSIONS: readonly string[] = ['latest'];

/** Whether a label may name a release. */
export function isValidVersion(value: string): boolean {
  return value.length >= 1 && value.length <= LIMITS.maxVersionChars && VERSION_PATTERN.test(value) && !RESERVED_VERSIONS.includes(value.toLowerCase()) && !/^\.+$/.test(value);
}

export const VersionSchema = z
  .string()
  .min(1)
  .max(LIMITS.maxVersionChars)
  .regex(VERSION_PATTERN, 'A version uses only letters, digits, ".", "_" and "-"')
  .refine((value) => !RESERVED_VERSIONS.includes(value.toLowerCase()), '"latest" is reserved')
  .refine((value) => !/^\.+$/.test(value), 'A version cannot be only dots');

/** A calendar date, YYYY-MM-DD. */
export const ReleaseDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'A date is YYYY-MM-DD');

/** `POST /api/workspaces/:slug/releases/preview`: what would be published. */
export const ComposeReleaseSchema = z.strictObject({
  version: VersionSchema,
  date: ReleaseDateSchema,
  notes: z.string().max(LIMITS.maxReleaseNotesChars),
  /** The notes in the workspace's other languages (issue 20); `notes` is the lead language's. */
  notesByLanguage: z.record(z.string().regex(/^[a-z]{2}$/, 'Not a language'), z.string().max(LIMITS.maxReleaseNotesChars)).optional(),
});
export type ComposeReleaseRequest = z.infer<typeof ComposeReleaseSchema>;

/** `POST /api/workspaces/:slug/releases`: publish exactly the previewed manifest. */
export const PublishReleaseSchema = ComposeReleaseSchema.extend({
  /** The hash the preview answered: publishing refuses (409) when the manifest changed since. */
  manifestHash: z.string().min(1).max(128),
});
export type PublishReleaseRequest = z.infer<typeof PublishReleaseSchema>;

export const FEEDBACK_MODES = ['off', 'members', 'public'] as const;
export type FeedbackMode = (typeof FEEDBACK_MODES)[number];

/** `PATCH /api/workspaces/:slug/releases/:version/feedback`. */
export const FeedbackSettingSchema = z.strictObject({ mode: z.enum(FEEDBACK_MODES) });

/** `POST /api/public/releases/:slug/:version/feedback`: a remark on a published passage. */
export const LeaveFeedbackSchema = z.strictObject({
  lang: z.string().min(2).max(8),
  blockId: z.string().min(1).max(100).regex(/^[A-Za-z0-9_-]+$/),
  quote: z.string().trim().min(1).max(LIMITS.maxFeedbackQuoteChars),
  /** The passage's text before the quote (which occurrence the reader selected). */
  context: z.string().max(LIMITS.maxFeedbackContextChars).default(''),
  body: z.string().trim().min(1).max(LIMITS.maxFeedbackChars),
  name: z.string().trim().min(1).max(LIMITS.maxNameChars),
});
export type LeaveFeedbackRequest = z.infer<typeof LeaveFeedbackSchema>;

/** One revision chosen for a section and language. */
export const ManifestRevisionSchema = z.object({ docName: z.string(), number: z.number().int(), contentHash: z.string(), summary: z.string() });
export type ManifestRevision = z.infer<typeof ManifestRevisionSchema>;

/** One section of a release's outline. */
export const ManifestSectionSchema = z.object({
  sectionId: z.string(),
  slug: z.string(),
  parentId: z.string().nullable(),
  depth: z.number().int(),
  /** Titles per language, as they were at publication. */
  titles: z.record(z.string(), z.string()),
  revisions: z.record(z.string(), ManifestRevisionSchema),
});
export type ManifestSection = z.infer<typeof ManifestSectionSchema>;

/** The outline with one approved revision per section and language; never-approved sections are listed as left out. */
export const ManifestSchema = z.object({
  languages: z.array(z.string()),
  sections: z.array(ManifestSectionSchema),
  leftOut: z.array(z.object({ sectionId: z.string(), slug: z.string(), title: z.string(), languages: z.array(z.string()) })),
});
export type Manifest = z.infer<typeof ManifestSchema>;

/** One changed section in a changelog. */
export const ChangelogEntrySchema = z.object({
  sectionId: z.string(),
  slug: z.string(),
  title: z.string(),
  change: z.enum(['added', 'changed', 'removed']),
  languages: z.array(z.string()),
  /** Summaries of the revisions since the previous release, oldest first. */
  summaries: z.array(z.object({ lang: z.string(), number: z.number().int(), summary: z.string() })),
  suggestionsAccepted: z.number().int(),
  organisations: z.array(z.string()),
});
export type ChangelogEntry = z.infer<typeof ChangelogEntrySchema>;

export const ChangelogSchema = z.object({
  previous: z.string().nullable(),
  entries: z.array(ChangelogEntrySchema),
  suggestionsAccepted: z.number().int(),
  organisations: z.array(z.string()),
  /** Feedback threads settled by a revision in this release; null when comment threads are not available. */
  threadsAddressed: z.number().int().nullable(),
  /** Feedback left on earlier releases that reached the draft in this period. */
  feedbackReceived: z.number().int(),
});
export type Changelog = z.infer<typeof ChangelogSchema>;

/** A release as listed. */
export const ReleaseSummarySchema = z.object({
  id: z.string(),
  version: z.string(),
  date: z.string(),
  notes: z.string(),
  publishedAt: z.number(),
  publishedBy: z.object({ id: z.string(), name: z.string() }),
  feedback: z.enum(FEEDBACK_MODES),
  url: z.string(),
  sections: z.number().int(),
  leftOut: z.number().int(),
});
export type ReleaseSummary = z.infer<typeof ReleaseSummarySchema>;
export const ReleaseListSchema = z.array(ReleaseSummarySchema);

export const ReleaseDetailSchema = ReleaseSummarySchema.extend({ manifest: ManifestSchema, changelog: ChangelogSchema });
export type ReleaseDetail = z.infer<typeof ReleaseDetailSchema>;

/**
 * Per section id and target language, the passages (block ids) whose translation is outdated
 * or missing against the lead language's revision in the release (issue 20). Staff may
 * publish anyway; the release records it, and its pages mark the outdated passages.
 */
export const ReleaseTranslationsSchema = z.record(z.string(), z.record(z.string(), z.object({ outdated: z.array(z.string()), missing: z.array(z.string()) })));
export type ReleaseTranslations = z.infer<typeof ReleaseTranslationsSchema>;

/** The preview: what publishing would write, with each section's rendered HTML. */
export const ReleasePreviewSchema = z.object({
  version: z.string(),
  versionTaken: z.boolean(),
  manifest: ManifestSchema,
  manifestHash: z.string(),
  changelog: ChangelogSchema,
  /** Sanitised HTML per section id and language. */
  html: z.record(z.string(), z.record(z.string(), z.string())),
  /** References to an article that is deleted (or repealed) in this release (issue 24): a warning, not a refusal. */
  brokenReferences: z
    .array(z.object({ sectionId: z.string(), lang: z.string(), blockId: z.string().nullable(), target: z.string(), number: z.string().nullable() }))
    .optional(),
  /** Translations that lag behind the lead language (only sections and languages with any). */
  translations: ReleaseTranslationsSchema.optional(),
});
export type ReleasePreview = z.infer<typeof ReleasePreviewSchema>;

/** One section in a diff between two releases. */
export interface ReleaseSectionDiff {
  sectionId: string;
  slug: string;
  title: string;
  lang: string;
  change: 'added' | 'removed' | 'changed';
  from: number | null;
  to: number | null;
  diff: DocDiff;
}
export const ReleaseDiffSchema = z.object({
  from: z.string(),
  to: z.string(),
  sections: z.array(z.record(z.string(), z.unknown())),
  unchanged: z.number().int(),
});
export type ReleaseDiff = { from: string; to: string; sections: ReleaseSectionDiff[]; unchanged: number };

/** Feedback as staff see it. */
export const FeedbackItemSchema = z.object({
  id: z.string(),
  version: z.string(),
  sectionId: z.string(),
  sectionTitle: z.string(),
  lang: z.string(),
  blockId: z.string(),
  quote: z.string(),
  body: z.string(),
  name: z.string(),
  signedIn: z.boolean(),
  status: z.enum(['pending', 'accepted', 'rejected']),
  createdAt: z.number(),
  threadId: z.string().nullable(),
});
export type FeedbackItem = z.infer<typeof FeedbackItemSchema>;
export const FeedbackListSchema = z.array(FeedbackItemSchema);

/** `GET /api/public/releases/:slug/:version`: what the published page's script needs to know. */
export const PublicReleaseInfoSchema = z.object({
  version: z.string(),
  feedback: z.enum(FEEDBACK_MODES),
  /** Whether this visitor may leave feedback now (signed-in member, or public feedback on). */
  mayLeaveFeedback: z.boolean(),
  /** Signed-in visitors' name, to fill in. */
  name: z.string().nullable(),
});
export type PublicReleaseInfo = z.infer<typeof PublicReleaseInfoSchema>;

/** Accepted feedback as the default sink keeps it beside a draft (until comment threads take over). */
export const DraftFeedbackSchema = z.object({
  id: z.string(),
  blockId: z.string(),
  quote: z.string(),
  body: z.string(),
  name: z.string(),
  version: z.string(),
  /** Whether the passage was found in the draft when the remark arrived. */
  anchor: z.enum(['found', 'block-missing', 'quote-missing']),
  createdAt: z.number(),
});
export type DraftFeedback = z.infer<typeof DraftFeedbackSchema>;
export const DraftFeedbackListSchema = z.array(DraftFeedbackSchema);

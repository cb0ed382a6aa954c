/**
 * Importing existing files into a workspace (issue 9): the request and response shapes of
 * the upload, preview, import-job routes. Files are uploaded one by one (raw bytes, so the
 * browser can show upload progress per file), converted on the server at once, and kept
 * for a while as a *staged file*; a preview and the import itself name staged files.
 */
import { z } from 'zod';

/** File kinds the importer reads, by extension. */
export const IMPORT_KINDS = ['docx', 'markdown', 'html'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** The kind of a file from its name, or null when unsupported. */
export function importKindOf(fileName: string): ImportKind | null {
  const ext = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase();
  if (ext === 'docx') return 'docx';
  if (ext === 'md' || ext === 'markdown') return 'markdown';
  if (ext === 'html' || ext === 'htm') return 'html';
  return null;
}

/** What happens to Word tracked changes. */
export const TRACKED_CHANGES = ['suggest', 'accept', 'reject'] as const;
export type TrackedChangesChoice = (typeof TRACKED_CHANGES)[number];

/** Something of a file that could not be brought in as is. */
export const ImportIssueSchema = z.object({
  file: z.string(),
  /** `warning`: converted with a loss (listed); `error`: the file cannot be imported. */
  level: z.enum(['warning', 'error']),
  message: z.string(),
});
export type ImportIssue = z.infer<typeof ImportIssueSchema>;

export const StagedFileSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(IMPORT_KINDS),
  bytes: z.number(),
  /** Tracked changes found in the file (Word only). */
  trackedChanges: z.number(),
  images: z.number(),
  issues: z.array(ImportIssueSchema),
});
export type StagedFile = z.infer<typeof StagedFileSchema>;

const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

export const ImportOptionsSchema = z.strictObject({
  files: z.array(idSchema).min(1).max(50),
  /** Headings of this level or above (1 = only h1) start a new section; deeper ones stay in the text. */
  splitLevel: z.number().int().min(1).max(6),
  trackedChanges: z.enum(TRACKED_CHANGES),
  /** The draft language the text goes into (the workspace's first language when absent). */
  lang: z.string().regex(/^[a-z]{2}$/).optional(),
  /** Where the new sections go (the top of the outline when absent). */
  parentId: idSchema.nullable().optional(),
  /** In a workspace with articles: link "artikel 12" to the imported article 12 (default on; issue 24). */
  linkArticles: z.boolean().optional(),
});
export type ImportOptions = z.infer<typeof ImportOptionsSchema>;

/** One section the import would create, in outline order. */
export const PreviewSectionSchema = z.object({
  title: z.string(),
  /** 0 for a top-level section (relative to the import's parent). */
  depth: z.number(),
  file: z.string(),
  /** The section's text (plain, shortened for long sections). */
  text: z.string(),
  blocks: z.number(),
  images: z.number(),
  suggestions: z.number(),
});
export type PreviewSection = z.infer<typeof PreviewSectionSchema>;

/** What an import into a workspace with articles found (issue 24, L1). */
export const ImportArticlesSchema = z.object({
  /** Paragraphs "Artikel N." / "Article N." that become articles. */
  articles: z.number(),
  /** Written references ("zie artikel 12") to an imported article: the links offered. */
  references: z.number(),
  /** Numbers cited that the import has no article for (they stay text). */
  unresolved: z.array(z.string()),
});
export type ImportArticles = z.infer<typeof ImportArticlesSchema>;

export const ImportPreviewSchema = z.object({
  sections: z.array(PreviewSectionSchema),
  issues: z.array(ImportIssueSchema),
  /** Null when the workspace has no articles. */
  articles: ImportArticlesSchema.nullable(),
});
export type ImportPreview = z.infer<typeof ImportPreviewSchema>;

export const ImportJobSchema = z.object({
  id: z.string(),
  status: z.enum(['running', 'done', 'failed']),
  /** Per file: how far along it is (0–1). */
  files: z.array(z.object({ name: z.string(), progress: z.number() })),
  /** Created section ids, once done. */
  sectionIds: z.array(z.string()),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type ImportJob = z.infer<typeof ImportJobSchema>;

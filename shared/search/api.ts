/**
 * Search across a workspace (issue 9): the query and result shapes. Snippets come as
 * segments (`hit` marks a matched word) so the browser highlights them without HTML.
 */
import { z } from 'zod';
import { SEARCH_KINDS } from './kinds.js';

export { SEARCH_KINDS, type SearchKind } from './kinds.js';

/** Largest page of results. */
export const MAX_SEARCH_RESULTS = 50;

export const SearchQuerySchema = z.strictObject({
  q: z.string().trim().min(1).max(200),
  lang: z.string().regex(/^[a-z]{2}$/).optional(),
  section: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional(),
  kind: z.enum(SEARCH_KINDS).optional(),
  /** draft, approved, open, resolved, detached, published. */
  status: z.string().regex(/^[a-z-]{1,20}$/).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_SEARCH_RESULTS).optional(),
});
export type SearchQuery = z.infer<typeof SearchQuerySchema>;

export const SnippetSegmentSchema = z.object({ text: z.string(), hit: z.boolean() });
export type SnippetSegment = z.infer<typeof SnippetSegmentSchema>;

/** One copy of a passage: its draft, an approved revision or a published release. */
export const SearchCopySchema = z.object({
  kind: z.enum(SEARCH_KINDS),
  status: z.string(),
  /** Draft name, revision `doc#n` or release version. */
  ref: z.string(),
  url: z.string(),
});
export type SearchCopy = z.infer<typeof SearchCopySchema>;

/**
 * One result per passage: the newest copy's text (the draft, else the latest approved
 * revision, else the latest release) with every matching copy listed in `copies`, in that
 * order (draft, revisions by number, releases by version).
 */
export const SearchResultSchema = z.object({
  kind: z.enum(SEARCH_KINDS),
  sectionId: z.string().nullable(),
  sectionTitle: z.string(),
  lang: z.string(),
  status: z.string(),
  /** The top-level block the passage is in, when known (the page scrolls to it). */
  blockId: z.string().nullable(),
  /** Draft name, revision `doc#n`, thread id or release version, by kind. */
  ref: z.string(),
  /** App path to open. */
  url: z.string(),
  snippet: z.array(SnippetSegmentSchema),
  /** Every matching copy of this passage, the result's own included. */
  copies: z.array(SearchCopySchema),
});
export type SearchResult = z.infer<typeof SearchResultSchema>;

export const SearchResponseSchema = z.object({ results: z.array(SearchResultSchema) });

/**
 * The search index: passages with their analysed terms, queried by terms and filters.
 * An interface like the DocStore, so PostgreSQL full-text search can replace the embedded
 * SQLite FTS5 index; analysis (stemming, folding) happens before it, in server/search/.
 */
import type { SearchKind } from '../../shared/search/api.js';
import type { AnalysedQuery } from '../search/textAnalysis.js';

/** One searchable passage. */
export interface SearchEntry {
  workspaceId: string;
  kind: SearchKind;
  sectionId: string | null;
  lang: string;
  status: string;
  blockId: string | null;
  /** Draft name, `doc#n`, thread id or release version. */
  ref: string;
  /** The original text (for snippets). */
  text: string;
  /** The analysed terms, space-separated. */
  terms: string;
  /** The words as written, folded, space-separated (exact forms rank first). */
  words: string;
  /** Which part of its source the entry is (a draft's block), when the source is updated part by part. */
  part?: string;
}

/** What a query may be narrowed to. */
export interface SearchFilters {
  workspaceId: string;
  lang?: string;
  sectionId?: string;
  kind?: SearchKind;
  status?: string;
  /** Only these refs (a published release's version, for public search). */
  ref?: string;
}

/**
 * One passage among the results: every matching copy of the same block (its draft, approved
 * revisions and published releases share the block id) or a single entry (a thread, a
 * block without id), best copy first.
 */
export interface SearchPassage {
  entries: SearchEntry[];
  /** Whether the passage holds every query word as written, not only a stemmed form. */
  exact: boolean;
}

export interface SearchIndex {
  /** Replaces every entry of a source (a draft, a revision, a thread, a release) at once. */
  replaceSource(source: string, entries: readonly SearchEntry[]): Promise<void>;
  /**
   * Replaces some parts of a source (the changed blocks of a draft): removes the entries of
   * `parts`, then adds `entries` (each with its part); the source's other parts stay.
   */
  replaceParts(source: string, parts: readonly string[], entries: readonly SearchEntry[]): Promise<void>;
  /** The text of each part of a source, to tell which parts changed. */
  partTexts(source: string): Promise<Map<string, string>>;
  /** Whether a source has entries. */
  hasSource(source: string): Promise<boolean>;
  /**
   * The best `limit` passages, most relevant first: those holding the query's words as
   * written before those matching only by stem, then by relevance; however many copies a
   * passage has, it counts once.
   */
  query(query: AnalysedQuery, filters: SearchFilters, limit: number): Promise<SearchPassage[]>;
  /** Removes everything (before a rebuild). */
  clear(): Promise<void>;
  /** Number of entries. */
  size(): Promise<number>;
}

/**
 * The embedded search index on SQLite FTS5 (`unicode61 remove_diacritics 2`): the FTS
 * table holds the analysed terms (`stems`) and the folded words as written (`words`) with
 * the entry's id as rowid; `search_entries` keeps the text and the filter columns.
 * Synchronous underneath, asynchronous by contract.
 */
import type { Db } from './database.js';
import type { SearchEntry, SearchFilters, SearchIndex, SearchPassage } from './searchIndex.js';
import type { AnalysedQuery } from '../search/textAnalysis.js';

interface EntryRow {
  passage: string;
  exact: number;
  workspace_id: string;
  kind: SearchEntry['kind'];
  section_id: string | null;
  lang: string;
  status: string;
  block_id: string | null;
  ref: string;
  text: string;
}

/** An FTS5 string literal. */
const quote = (term: string) => `"${term.replace(/"/g, '""')}"`;

/** The FTS5 MATCH expression of an analysed query, or null when it has no terms. */
export function toMatchExpression(query: AnalysedQuery): string | null {
  const groups = query.groups
    .filter((group) => group.alternatives.length > 0)
    .map((group) => `(${group.alternatives.map((alt) => quote(alt) + (group.prefix ? '*' : '')).join(' OR ')})`);
  return groups.length ? groups.join(' AND ') : null;
}

/** The FTS5 expression matching passages that hold every query word as written (the `words` column). */
export function toExactExpression(query: AnalysedQuery): string | null {
  const words = query.exact.filter(({ word }) => word).map(({ word, prefix }) => quote(word) + (prefix ? '*' : ''));
  return words.length ? `words : (${words.join(' AND ')})` : null;
}

/**
 * Copies of one block share a passage key: the same section, language and block id (a
 * draft block, its approved revisions and its releases). Threads are passages of their own.
 */
const PASSAGE_KEY = `CASE WHEN e.kind <> 'comment' AND e.block_id IS NOT NULL
  THEN e.section_id || '|' || e.lang || '|' || e.block_id ELSE 'entry:' || e.id END`;

export class SqliteSearchIndex implements SearchIndex {
  private readonly replaceTx;
  private readonly replacePartsTx;
  private readonly statements;

  constructor(private readonly db: Db) {
    this.statements = {
      idsOf: db.prepare<[string], { id: number }>('SELECT id FROM search_entries WHERE source = ?'),
      idsOfPart: db.prepare<[string, string], { id: number }>('SELECT id FROM search_entries WHERE source = ? AND part = ?'),
      partTexts: db.prepare<[string], { part: string; text: string }>('SELECT part, text FROM search_entries WHERE source = ? AND part IS NOT NULL'),
      deleteEntry: db.prepare<[number]>('DELETE FROM search_entries WHERE id = ?'),
      deleteFts: db.prepare<[number]>('DELETE FROM search_fts WHERE rowid = ?'),
      insertEntry: db.prepare(
        'INSERT INTO search_entries (workspace_id, kind, source, section_id, lang, status, block_id, ref, text, part) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      insertFts: db.prepare<[number, string, string]>('INSERT INTO search_fts (rowid, stems, words) VALUES (?, ?, ?)'),
      has: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM search_entries WHERE source = ? LIMIT 1'),
      count: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM search_entries'),
    };
    const remove = (ids: { id: number }[]) => {
      for (const { id } of ids) {
        this.statements.deleteFts.run(id);
        this.statements.deleteEntry.run(id);
      }
    };
    const insert = (source: string, entries: readonly SearchEntry[]) => {
      for (const entry of entries) {
        const id = Number(
          this.statements.insertEntry.run(entry.workspaceId, entry.kind, source, entry.sectionId, entry.lang, entry.status, entry.blockId, entry.ref, entry.text, entry.part ?? null)
            .lastInsertRowid,
        );
        this.statements.insertFts.run(id, entry.terms, entry.words);
      }
    };
    this.replaceTx = db.transaction((source: string, entries: readonly SearchEntry[]) => {
      remove(this.statements.idsOf.all(source));
      insert(source, entries);
    });
    this.replacePartsTx = db.transaction((source: string, parts: readonly string[], entries: readonly SearchEntry[]) => {
      for (const part of parts) remove(this.statements.idsOfPart.all(source, part));
      insert(source, entries);
    });
  }

  replaceSource(source: string, entries: readonly SearchEntry[]): Promise<void> {
    this.replaceTx(source, entries);
    return Promise.resolve();
  }

  replaceParts(source: string, parts: readonly string[], entries: readonly SearchEntry[]): Promise<void> {
    this.replacePartsTx(source, parts, entries);
    return Promise.resolve();
  }

  partTexts(source: string): Promise<Map<string, string>> {
    return Promise.resolve(new Map(this.statements.partTexts.all(source).map((row) => [row.part, row.text])));
  }

  hasSource(source: string): Promise<boolean> {
    return Promise.resolve(Boolean(this.statements.has.get(source)));
  }

  query(query: AnalysedQuery, filters: SearchFilters, limit: number): Promise<SearchPassage[]> {
    const match = toMatchExpression(query);
    if (!match) return Promise.resolve([]);
    const where = ['search_fts MATCH ?', 'e.workspace_id = ?'];
    const params: unknown[] = [match, filters.workspaceId];
    const add = (column: string, value: string | undefined) => {
      if (value === undefined) return;
      where.push(`e.${column} = ?`);
      params.push(value);
    };
    add('lang', filters.lang);
    add('section_id', filters.sectionId);
    add('kind', filters.kind);
    add('status', filters.status);
    add('ref', filters.ref);
    const exact = toExactExpression(query);
    // Passages first (best copy's rank, exact forms ahead), then every matching copy of
    // those passages: the limit counts passages, never copies.
    const rows = this.db
      .prepare(
        `WITH hits AS MATERIALIZED (
           SELECT e.id, e.workspace_id, e.kind, e.section_id, e.lang, e.status, e.block_id, e.ref, e.text,
                  bm25(search_fts) AS rank, ${PASSAGE_KEY} AS passage
             FROM search_fts JOIN search_entries e ON e.id = search_fts.rowid
            WHERE ${where.join(' AND ')}
         ),
         exact AS (${exact ? 'SELECT rowid AS id FROM search_fts WHERE search_fts MATCH ?' : 'SELECT NULL AS id WHERE 0'}),
         best AS (
           SELECT passage, MAX(id IN (SELECT id FROM exact)) AS exact, MIN(rank) AS score
             FROM hits GROUP BY passage ORDER BY exact DESC, score, passage LIMIT ?
         )
         SELECT hits.*, best.exact FROM hits JOIN best USING (passage)
          ORDER BY best.exact DESC, best.score, best.passage, hits.rank`,
      )
      .all(...params, ...(exact ? [exact] : []), limit) as EntryRow[];
    // Rows come passage by passage, in rank order; a Map keeps that order.
    const passages = new Map<string, SearchPassage>();
    for (const row of rows) {
      let passage = passages.get(row.passage);
      if (!passage) passages.set(row.passage, (passage = { entries: [], exact: row.exact === 1 }));
      passage.entries.push({
        workspaceId: row.workspace_id,
        kind: row.kind,
        sectionId: row.section_id,
        lang: row.lang,
        status: row.status,
        blockId: row.block_id,
        ref: row.ref,
        text: row.text,
        terms: '',
        words: '',
      });
    }
    return Promise.resolve([...passages.values()]);
  }

  clear(): Promise<void> {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM search_entries').run();
      this.db.prepare('DELETE FROM search_fts').run();
    })();
    return Promise.resolve();
  }

  size(): Promise<number> {
    return Promise.resolve(this.statements.count.get()?.n ?? 0);
  }
}

/**
 * Language-aware text analysis for search: words are stemmed with the Snowball stemmer of
 * the text's language (Dutch, French, English) and then folded (lower case, no
 * diacritics), so "woningen" finds "woning" and "coöperatie" finds "cooperatie". The same
 * functions analyse the indexed text and the query, which is what makes them meet.
 */
import { LRUCache } from 'lru-cache';
import snowball from 'snowball-stemmers';

const STEMMER_NAMES: Record<string, string> = { nl: 'dutch', fr: 'french', en: 'english' };
/** Languages a query is stemmed in when no language filter is given. */
export const STEMMED_LANGUAGES = Object.keys(STEMMER_NAMES);

const stemmers = new Map<string, { stem(word: string): string }>();
function stemmerFor(lang: string): { stem(word: string): string } | null {
  const name = STEMMER_NAMES[lang];
  if (!name) return null;
  let stemmer = stemmers.get(lang);
  if (!stemmer) stemmers.set(lang, (stemmer = snowball.newStemmer(name)));
  return stemmer;
}

/** Lower case without diacritics (what FTS5's `remove_diacritics 2` does too). */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
}

const WORD = /[\p{L}\p{N}]+/gu;

/** The words of a text with their offsets. */
export function tokenize(text: string): { word: string; start: number; end: number }[] {
  const out: { word: string; start: number; end: number }[] = [];
  for (const match of text.matchAll(WORD)) out.push({ word: match[0], start: match.index, end: match.index + match[0].length });
  return out;
}

/**
 * Terms already worked out, per language and word. The Snowball stemmers cost about 10 µs
 * a word, and a section's vocabulary is small beside its length (a 1 MB section of
 * 150,000 words took 1.4 s to analyse without this, 0.1 s with it); bounded, so a flood of
 * distinct words cannot grow it without limit.
 */
const terms = new LRUCache<string, string>({ max: 50_000 });

/**
 * Longer "words" are indexed by their first characters, folded, neither stemmed nor kept in
 * the cache above. Text typed without spaces (a pasted hash, a run of CJK characters) is one
 * token: every edit made a new one, so each re-index stemmed the whole run again (tens of
 * milliseconds on the event loop for a 40,000-character run) and the cache filled with copies
 * of it. Nobody searches by a stem of such a word; a query for it is cut the same way, so it
 * still finds the passage.
 */
export const MAX_TERM_CHARS = 64;

/** A word's index term in a language: stemmed (on the accented form, which the French rules need), then folded. */
export function termOf(word: string, lang: string): string {
  if (word.length > MAX_TERM_CHARS) return foldText(word.slice(0, MAX_TERM_CHARS));
  const lower = word.toLowerCase();
  const key = `${lang}:${lower}`;
  let term = terms.get(key);
  if (term === undefined) {
    const stemmer = stemmerFor(lang);
    term = foldText(stemmer ? stemmer.stem(lower) : lower);
    terms.set(key, term);
  }
  return term;
}

/** The index terms of a text, space-separated (what goes into the FTS column). */
export function analyseText(text: string, lang: string): string {
  return analyseEntry(text, lang).terms;
}

/** A word as written, folded (cut like a term): what an exact match compares. */
export function wordOf(word: string): string {
  return foldText(word.length > MAX_TERM_CHARS ? word.slice(0, MAX_TERM_CHARS) : word);
}

/**
 * Both index columns of a text in one pass: its stemmed terms (what a query matches) and
 * its words as written, folded (what ranks exact word forms above stemmed ones).
 */
export function analyseEntry(text: string, lang: string): { terms: string; words: string } {
  const terms: string[] = [];
  const words: string[] = [];
  for (const { word } of tokenize(text)) {
    terms.push(termOf(word, lang));
    words.push(wordOf(word));
  }
  return { terms: terms.join(' '), words: words.join(' ') };
}

/**
 * A query as groups of alternatives: every group must match (AND), any alternative of a
 * group may (OR). A word's alternatives are its stem in each candidate language and its
 * folded form; the last word is matched as a prefix, so results come as one types.
 */
export interface AnalysedQuery {
  groups: { alternatives: string[]; prefix: boolean }[];
  /** Each query word as written, folded: a passage holding all of them ranks first. */
  exact: { word: string; prefix: boolean }[];
}

/** Analyses a query, in one language or in each stemmed language. */
export function analyseQuery(query: string, lang?: string): AnalysedQuery {
  const langs = lang ? [lang] : STEMMED_LANGUAGES;
  const words = tokenize(query).slice(0, 12);
  const endsInWord = /[\p{L}\p{N}]$/u.test(query);
  const prefix = (index: number) => endsInWord && index === words.length - 1;
  return {
    groups: words.map(({ word }, index) => {
      const alternatives = new Set([foldText(word), ...langs.map((l) => termOf(word, l))]);
      return { alternatives: [...alternatives].filter(Boolean), prefix: prefix(index) };
    }),
    exact: words.map(({ word }, index) => ({ word: wordOf(word), prefix: prefix(index) })),
  };
}

/** Whether a word of text in `lang` matches the query. */
export function matchesQuery(word: string, lang: string, query: AnalysedQuery): boolean {
  const term = termOf(word, lang);
  const folded = foldText(word);
  return query.groups.some(({ alternatives, prefix }) =>
    alternatives.some((alt) => term === alt || folded === alt || (prefix && (term.startsWith(alt) || folded.startsWith(alt)))),
  );
}

/** A snippet of `text` around its first matches, as segments with the matched words marked. */
export function buildSnippet(text: string, lang: string, query: AnalysedQuery, maxChars = 180): { text: string; hit: boolean }[] {
  const tokens = tokenize(text);
  const hits = tokens.filter((token) => matchesQuery(token.word, lang, query));
  const first = hits[0];
  let start = 0;
  if (first && first.start > maxChars / 3) {
    start = text.lastIndexOf(' ', first.start - Math.floor(maxChars / 3));
    start = start < 0 ? 0 : start + 1;
  }
  let end = Math.min(text.length, start + maxChars);
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    if (space > start + maxChars / 2) end = space;
  }
  const segments: { text: string; hit: boolean }[] = [];
  let cursor = start;
  for (const hit of hits) {
    if (hit.start < start || hit.end > end) continue;
    if (hit.start > cursor) segments.push({ text: text.slice(cursor, hit.start), hit: false });
    segments.push({ text: text.slice(hit.start, hit.end), hit: true });
    cursor = hit.end;
  }
  if (cursor < end) segments.push({ text: text.slice(cursor, end), hit: false });
  if (start > 0) segments.unshift({ text: '…', hit: false });
  if (end < text.length) segments.push({ text: '…', hit: false });
  return segments;
}

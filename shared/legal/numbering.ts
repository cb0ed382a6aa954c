/**
 * Article numbers (issue 24, L1). Pure: the editor, the server and the renderer compute the
 * same numbers from the same inputs.
 *
 * - Before a workspace's first adopted release (no frozen list), articles number themselves
 *   1, 2, 3 … in document order (outline order of the sections, then order in each draft).
 * - After adoption the adopted numbers are frozen (the list is kept with the adoption, see
 *   server/services/legal.ts): an adopted article keeps its number wherever it moves; an
 *   article inserted after adopted article N gets N + the next free insertion suffix ("3bis",
 *   "3ter" … or "3/1", "3/2" … by workspace setting); an adopted article that is gone from the
 *   draft stays in the list, repealed, with its number, placed after the adopted article it
 *   followed. Nothing renumbers.
 * - A number is a base and an insertion index (0 for a plain number). Only two levels: when no
 *   free suffix sorts between two adopted numbers (an insertion between 3 and an adopted 3bis),
 *   the next free suffix of that base is taken anyway, so numbers stay unique (what citation
 *   needs) though out of order; Belgian consolidations live with the same.
 *
 * Numbers are the same in every language; only the words around them are localised
 * (shared/legal/words.ts).
 */

/** How insertions after adoption are numbered: "3bis, 3ter" or "3/1, 3/2". */
export const NUMBER_STYLES = ['latin', 'slash'] as const;
export type NumberStyle = (typeof NUMBER_STYLES)[number];

/** One article's number. */
export interface ArticleNumber {
  blockId: string;
  /** The number as cited: "3", "3bis", "3/1". */
  number: string;
  base: number;
  /** Insertion index: 0 for a plain number, 1 for bis (or /1), 2 for ter (or /2) … */
  sub: number;
  /** Adopted once, gone from the draft since: kept with its number as repealed. */
  repealed: boolean;
}

/** Latin insertion suffixes, as Belgian texts use them: index 1 is bis. */
const LATIN = [
  'bis',
  'ter',
  'quater',
  'quinquies',
  'sexies',
  'septies',
  'octies',
  'novies',
  'decies',
  'undecies',
  'duodecies',
  'terdecies',
  'quaterdecies',
  'quinquies decies',
  'sexdecies',
  'septdecies',
  'duodevicies',
  'undevicies',
  'vicies',
];

/** Writes a number: base plus its insertion suffix in the given style. */
export function formatArticleNumber(base: number, sub: number, style: NumberStyle): string {
  if (sub <= 0) return String(base);
  // Past the Latin words a legal drafter would still recognise, fall back to "/n".
  if (style === 'latin' && sub <= LATIN.length) return `${base}${LATIN[sub - 1].replace(' ', '')}`;
  return `${base}/${sub}`;
}

const keyOf = (base: number, sub: number) => `${base}/${sub}`;

/**
 * Numbers the articles of a workspace. `ids` are the article block ids in document order
 * (duplicates after the first are ignored); `frozen` is the numbering kept with the latest
 * adopted release, or null before the first adoption. The result is in reading order, the
 * repealed articles included.
 */
export function numberArticles(ids: readonly string[], frozen: readonly ArticleNumber[] | null, style: NumberStyle = 'latin'): ArticleNumber[] {
  const present: string[] = [];
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) continue;
    seen.add(id);
    present.push(id);
  }
  if (!frozen || !frozen.length) return present.map((blockId, index) => ({ blockId, number: String(index + 1), base: index + 1, sub: 0, repealed: false }));

  // Adopted articles no longer in the draft follow the nearest adopted article before them that still is.
  const frozenById = new Map(frozen.map((entry) => [entry.blockId, entry]));
  const repealedAfter = new Map<string | null, ArticleNumber[]>();
  let anchor: string | null = null;
  for (const entry of frozen) {
    if (seen.has(entry.blockId)) {
      anchor = entry.blockId;
      continue;
    }
    const list = repealedAfter.get(anchor) ?? [];
    list.push({ ...entry, repealed: true });
    repealedAfter.set(anchor, list);
  }

  const used = new Set(frozen.map((entry) => keyOf(entry.base, entry.sub)));
  const out: ArticleNumber[] = [...(repealedAfter.get(null) ?? [])];
  const firstBase = frozen[0].base;
  for (const blockId of present) {
    const adopted = frozenById.get(blockId);
    if (adopted) {
      out.push({ ...adopted, repealed: false });
      out.push(...(repealedAfter.get(blockId) ?? []));
      continue;
    }
    const previous = out.length ? out[out.length - 1] : null;
    const base = previous ? previous.base : firstBase;
    let sub = previous ? previous.sub + 1 : 1;
    while (used.has(keyOf(base, sub))) sub += 1;
    used.add(keyOf(base, sub));
    out.push({ blockId, number: formatArticleNumber(base, sub, style), base, sub, repealed: false });
  }
  return out;
}

/** The numbers by block id. */
export function numbersById(numbers: readonly ArticleNumber[]): Map<string, ArticleNumber> {
  return new Map(numbers.map((entry) => [entry.blockId, entry]));
}

/** A stored frozen list, read defensively (it comes from the database as JSON). */
export function parseFrozenNumbers(value: unknown): ArticleNumber[] | null {
  if (!Array.isArray(value)) return null;
  const out: ArticleNumber[] = [];
  for (const item of value) {
    const entry = item as Partial<ArticleNumber>;
    if (typeof entry?.blockId !== 'string' || typeof entry.number !== 'string' || !Number.isInteger(entry.base) || !Number.isInteger(entry.sub)) return null;
    out.push({ blockId: entry.blockId, number: entry.number, base: entry.base!, sub: entry.sub!, repealed: entry.repealed === true });
  }
  return out;
}

/**
 * The difference between two versions of a section (flow 5): top-level blocks aligned by
 * their block ids, then a word diff inside each changed block. Both steps use the `diff`
 * package (Myers' algorithm): `diffArrays` over the block id sequences (a block whose id is
 * on both sides but outside their common subsequence has moved) and over word tokens
 * (`wordsWithSpaceDiff`'s tokenizer, each token carrying its marks so a formatting change
 * shows as one). Every step has a cost cap: past it, a block is shown as replaced, whole.
 */
import { diffArrays, wordsWithSpaceDiff } from 'diff';
import type { PmJson } from '../editor/json.js';
import { BLOCK_ID_ATTR } from '../editor/blockId.js';
import { canonicalBlocks } from '../suggestions/resolve.js';

/** One run of an inline diff: kept, inserted or deleted text with its marks. */
export interface InlinePart {
  op: 'equal' | 'insert' | 'delete';
  text: string;
  /** Mark names on this text (bold, link, …). */
  marks?: string[];
  /** A boundary inside a block: a new paragraph (list item, quote), table cell or table row. */
  boundary?: 'block' | 'cell' | 'row';
}

/** One top-level block in the diff, in the order of the newer side (deleted blocks where they were). */
export type BlockDiff =
  | { kind: 'unchanged'; id: string; block: PmJson }
  | { kind: 'inserted'; id: string; block: PmJson }
  | { kind: 'deleted'; id: string; block: PmJson }
  | { kind: 'changed'; id: string; before: PmJson; after: PmJson; parts: InlinePart[] | null; attrsChanged: boolean }
  | { kind: 'moved'; id: string; before: PmJson; after: PmJson; parts: InlinePart[] | null; attrsChanged: boolean; changed: boolean };

export interface DiffSummary {
  inserted: number;
  deleted: number;
  changed: number;
  moved: number;
  unchanged: number;
}

export interface DocDiff {
  blocks: BlockDiff[];
  summary: DiffSummary;
  /** Some inline diffs were skipped (shown as whole blocks) because of the cost cap. */
  capped: boolean;
}

/** Cost caps: past these a changed block is shown whole, before and after. */
export const DIFF_LIMITS = {
  /** Tokens of one block pair to word-diff. */
  maxBlockTokens: 20_000,
  /** Edit distance (in tokens) the word diff may explore for one block pair. */
  maxInlineEdits: 2_000,
  /** Tokens word-diffed over the whole document. */
  maxDocTokens: 200_000,
  /** Edit distance (in blocks) of the block alignment; past it, moves are found without it. */
  maxBlockEdits: 5_000,
} as const;

interface Token {
  text: string;
  marks: string;
  boundary?: InlinePart['boundary'];
}

const TEXTBLOCKS = new Set(['paragraph', 'heading', 'codeBlock']);

function boundaryOf(type: string): InlinePart['boundary'] | null {
  if (type === 'tableRow') return 'row';
  if (type === 'tableCell' || type === 'tableHeader') return 'cell';
  return TEXTBLOCKS.has(type) || type === 'listItem' ? 'block' : null;
}

/** The inline token stream of a block: words with their marks, and boundaries between inner blocks. */
function tokensOf(block: PmJson): Token[] {
  const out: Token[] = [];
  const visit = (node: PmJson) => {
    if (node.type === 'text') {
      const marks = (node.marks ?? []).map((mark) => (mark.type === 'link' ? `link:${String(mark.attrs?.href ?? '')}` : mark.type)).sort().join(',');
      for (const word of wordsWithSpaceDiff.tokenize(node.text ?? '')) out.push({ text: word, marks });
      return;
    }
    const boundary = boundaryOf(node.type);
    // One boundary between two runs of text: a new cell's paragraph adds none of its own.
    if (boundary && out.length && !out[out.length - 1].boundary) out.push({ text: '', marks: '', boundary });
    if (node.type === 'hardBreak') out.push({ text: '\n', marks: '' });
    else if (node.type === 'image') out.push({ text: `[${String(node.attrs?.alt || node.attrs?.src || 'image')}]`, marks: '' });
    else if (node.type === 'horizontalRule') out.push({ text: '———', marks: '' });
    for (const child of node.content ?? []) visit(child);
  };
  visit(block);
  return out;
}

const sameToken = (a: Token, b: Token) => a.text === b.text && a.marks === b.marks && a.boundary === b.boundary;

function toParts(op: InlinePart['op'], tokens: readonly Token[]): InlinePart[] {
  const parts: InlinePart[] = [];
  for (const token of tokens) {
    if (token.boundary) {
      parts.push({ op, text: '', boundary: token.boundary });
      continue;
    }
    const last = parts[parts.length - 1];
    const marks = token.marks ? token.marks.split(',').map((m) => m.split(':')[0]) : undefined;
    if (last && !last.boundary && last.op === op && (last.marks ?? []).join(',') === (marks ?? []).join(',')) last.text += token.text;
    else parts.push(marks ? { op, text: token.text, marks } : { op, text: token.text });
  }
  return parts;
}

/** A budget shared by every inline diff of one document diff. */
interface Budget {
  tokens: number;
  capped: boolean;
}

/** Word diff of two versions of a block, or null past the cost cap. */
export function diffInline(before: PmJson, after: PmJson, budget: Budget = { tokens: DIFF_LIMITS.maxDocTokens, capped: false }): InlinePart[] | null {
  const a = tokensOf(before);
  const b = tokensOf(after);
  const size = a.length + b.length;
  if (size > DIFF_LIMITS.maxBlockTokens || size > budget.tokens) {
    budget.capped = true;
    return null;
  }
  budget.tokens -= size;
  const changes = diffArrays(a, b, { comparator: sameToken, maxEditLength: DIFF_LIMITS.maxInlineEdits });
  if (!changes) {
    budget.capped = true;
    return null;
  }
  return changes.flatMap((change) => toParts(change.added ? 'insert' : change.removed ? 'delete' : 'equal', change.value));
}

/** Alignment keys: the block id, made unique (a missing or repeated id still gets a key). */
function keysOf(blocks: readonly PmJson[]): string[] {
  const seen = new Map<string, number>();
  return blocks.map((block, index) => {
    const id = block.attrs?.[BLOCK_ID_ATTR];
    const base = typeof id === 'string' && id ? id : `#${index}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return n === 0 ? base : `${base}\u0000${n}`;
  });
}

const sameContent = (a: PmJson, b: PmJson) => canonicalBlocks([a]) === canonicalBlocks([b]);

function sameAttrs(a: PmJson, b: PmJson): boolean {
  if (a.type !== b.type) return false;
  const strip = (node: PmJson) => canonicalBlocks([{ type: node.type, attrs: node.attrs }]);
  return strip(a) === strip(b);
}

/**
 * The keys of `newKeys` that keep their relative order (longest increasing subsequence of
 * their old positions, O(n log n)): the fallback when the block alignment passes its cap.
 */
function stableKeys(oldKeys: readonly string[], newKeys: readonly string[]): Set<string> {
  const oldIndex = new Map(oldKeys.map((key, index) => [key, index]));
  const common = newKeys.filter((key) => oldIndex.has(key));
  const tails: number[] = [];
  const tailAt: number[] = [];
  const previous: number[] = new Array(common.length).fill(-1);
  common.forEach((key, i) => {
    const value = oldIndex.get(key)!;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (tails[mid] < value) lo = mid + 1;
      else hi = mid;
    }
    tails[lo] = value;
    tailAt[lo] = i;
    previous[i] = lo > 0 ? tailAt[lo - 1] : -1;
  });
  const keep = new Set<string>();
  for (let i = tails.length ? tailAt[tails.length - 1] : -1; i !== -1; i = previous[i]) keep.add(common[i]);
  return keep;
}

/** Diffs two versions of a section's top-level blocks. */
export function diffBlocks(before: readonly PmJson[], after: readonly PmJson[]): DocDiff {
  const oldKeys = keysOf(before);
  const newKeys = keysOf(after);
  const oldByKey = new Map(oldKeys.map((key, index) => [key, before[index]]));
  const newByKey = new Map(newKeys.map((key, index) => [key, after[index]]));
  const budget: Budget = { tokens: DIFF_LIMITS.maxDocTokens, capped: false };
  const blocks: BlockDiff[] = [];

  const compare = (key: string, moved: boolean) => {
    const a = oldByKey.get(key)!;
    const b = newByKey.get(key)!;
    const changed = !sameContent(a, b);
    const parts = changed ? diffInline(a, b, budget) : null;
    const attrsChanged = !sameAttrs(a, b);
    if (moved) blocks.push({ kind: 'moved', id: key, before: a, after: b, parts, attrsChanged, changed });
    else if (changed) blocks.push({ kind: 'changed', id: key, before: a, after: b, parts, attrsChanged });
    else blocks.push({ kind: 'unchanged', id: key, block: b });
  };

  const changes = diffArrays(oldKeys, newKeys, { maxEditLength: DIFF_LIMITS.maxBlockEdits });
  if (changes) {
    for (const change of changes) {
      for (const key of change.value) {
        if (change.removed) {
          // A block on both sides outside the common subsequence has moved: it is shown where it now is.
          if (!newByKey.has(key)) blocks.push({ kind: 'deleted', id: key, block: oldByKey.get(key)! });
        } else if (change.added) {
          if (oldByKey.has(key)) compare(key, true);
          else blocks.push({ kind: 'inserted', id: key, block: newByKey.get(key)! });
        } else {
          compare(key, false);
        }
      }
    }
  } else {
    // Past the cap: keep the longest run in order, everything else on both sides has moved.
    budget.capped = true;
    const stable = stableKeys(oldKeys, newKeys);
    for (const key of oldKeys) if (!newByKey.has(key)) blocks.push({ kind: 'deleted', id: key, block: oldByKey.get(key)! });
    for (const key of newKeys) {
      if (!oldByKey.has(key)) blocks.push({ kind: 'inserted', id: key, block: newByKey.get(key)! });
      else compare(key, !stable.has(key));
    }
  }

  const summary: DiffSummary = { inserted: 0, deleted: 0, changed: 0, moved: 0, unchanged: 0 };
  for (const block of blocks) summary[block.kind] += 1;
  return { blocks, summary, capped: budget.capped };
}

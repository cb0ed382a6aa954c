/**
 * Accepting and rejecting suggestions on ProseMirror JSON. Pure and shared: the server uses
 * it for the suggest-only check (S1) and for decisions, the browser for its "original" and
 * "as if all were accepted" views.
 */
import type { PmJson, PmMarkJson } from '../editor/json.js';
import { BLOCK_ID_ATTR } from '../editor/blockId.js';
import { BLOCK_SUGGESTION_ATTR, parseBlockSuggestion, type BlockSuggestion } from './model.js';

export type Decision = 'accept' | 'reject';

/** A suggestion as found in content: its id, author and where it sits. */
export interface FoundSuggestion {
  id: string;
  author: string;
  kind: 'insertion' | 'deletion' | 'formatChange' | BlockSuggestion['kind'];
}

/** Decides each suggestion: accept, reject, or leave it pending (null). */
export type Decider = (suggestion: FoundSuggestion) => Decision | null;

function markSuggestion(mark: PmMarkJson): FoundSuggestion | null {
  if (mark.type !== 'insertion' && mark.type !== 'deletion' && mark.type !== 'formatChange') return null;
  const id = mark.attrs?.id;
  const author = mark.attrs?.author;
  if (typeof id !== 'string' || typeof author !== 'string') return null;
  return { id, author, kind: mark.type };
}

function markList(value: unknown): string[] {
  return typeof value === 'string' && value ? value.split(',').filter(Boolean) : [];
}

/** Resolves the inline suggestions of one text node; returns null when the text goes away. */
function resolveText(node: PmJson, decide: Decider): PmJson | null {
  let marks = node.marks ?? [];
  for (const mark of node.marks ?? []) {
    const found = markSuggestion(mark);
    const decision = found && decide(found);
    if (!found || !decision) continue;
    marks = marks.filter((m) => m !== mark);
    if (found.kind === 'insertion' && decision === 'reject') return null;
    if (found.kind === 'deletion' && decision === 'accept') return null;
    if (found.kind === 'formatChange' && decision === 'reject') {
      const added = markList(mark.attrs?.added);
      const removed = markList(mark.attrs?.removed);
      marks = marks.filter((m) => !added.includes(m.type));
      for (const name of removed) if (!marks.some((m) => m.type === name)) marks.push({ type: name });
    }
  }
  const next: PmJson = { ...node };
  if (marks.length) next.marks = marks;
  else delete next.marks;
  return next;
}

function sameMarks(a: PmMarkJson[] = [], b: PmMarkJson[] = []): boolean {
  if (a.length !== b.length) return false;
  const key = (m: PmMarkJson) => JSON.stringify([m.type, m.attrs ?? {}]);
  const left = a.map(key).sort();
  const right = b.map(key).sort();
  return left.every((k, i) => k === right[i]);
}

/** Merges adjacent text nodes with the same marks and drops empty ones. */
function normaliseInline(content: PmJson[]): PmJson[] {
  const out: PmJson[] = [];
  for (const node of content) {
    if (node.type === 'text') {
      if (!node.text) continue;
      const last = out[out.length - 1];
      if (last && last.type === 'text' && sameMarks(last.marks, node.marks)) {
        out[out.length - 1] = { ...last, text: (last.text ?? '') + node.text };
        continue;
      }
    }
    out.push(node);
  }
  return out;
}

function resolveContent(content: PmJson[] | undefined, decide: Decider): PmJson[] | undefined {
  if (!content) return content;
  const out: PmJson[] = [];
  for (const child of content) {
    if (child.type === 'text') {
      const text = resolveText(child, decide);
      if (text) out.push(text);
    } else {
      out.push({ ...child, content: resolveContent(child.content, decide) });
    }
  }
  return normaliseInline(out);
}

function withoutSuggestion(block: PmJson): PmJson {
  const attrs = { ...(block.attrs ?? {}) };
  delete attrs[BLOCK_SUGGESTION_ATTR];
  return { ...block, attrs };
}

function mergeInto(previous: PmJson | undefined, block: PmJson): boolean {
  if (!previous || !previous.content || !block.content) return false;
  const textblock = (b: PmJson) => ['paragraph', 'heading', 'codeBlock'].includes(b.type);
  if (!textblock(previous) || !textblock(block)) return false;
  previous.content = normaliseInline([...previous.content, ...block.content]);
  return true;
}

/** Applies decisions to a sequence of top-level blocks. */
export function resolveSuggestions(blocks: readonly PmJson[], decide: Decider): PmJson[] {
  const out: PmJson[] = [];
  for (const original of blocks) {
    const block: PmJson = { ...original, content: resolveContent(original.content, decide) };
    const suggestion = parseBlockSuggestion(block.attrs?.[BLOCK_SUGGESTION_ATTR]);
    const decision = suggestion && decide({ id: suggestion.id, author: suggestion.author, kind: suggestion.kind });
    if (!suggestion || !decision) {
      out.push(block);
      continue;
    }
    const plain = withoutSuggestion(block);
    const dropBlock = (suggestion.kind === 'insert' && decision === 'reject') || (suggestion.kind === 'delete' && decision === 'accept');
    const mergeBack = (suggestion.kind === 'split' && decision === 'reject') || (suggestion.kind === 'join' && decision === 'accept');
    if (dropBlock) continue;
    if (mergeBack && mergeInto(out[out.length - 1], plain)) continue;
    if (suggestion.kind === 'retype' && decision === 'reject' && suggestion.from) {
      out.push({ ...plain, type: suggestion.from.type, attrs: { ...(suggestion.from.attrs ?? {}), [BLOCK_ID_ATTR]: plain.attrs?.[BLOCK_ID_ATTR] } });
      continue;
    }
    out.push(plain);
  }
  return out;
}

/** Every suggestion found in a sequence of blocks (inline and structural). */
export function findSuggestions(blocks: readonly PmJson[]): FoundSuggestion[] {
  const found = new Map<string, FoundSuggestion>();
  const visit = (node: PmJson, topLevel: boolean) => {
    if (topLevel) {
      const s = parseBlockSuggestion(node.attrs?.[BLOCK_SUGGESTION_ATTR]);
      if (s) found.set(s.id, { id: s.id, author: s.author, kind: s.kind });
    }
    for (const mark of node.marks ?? []) {
      const s = markSuggestion(mark);
      if (s) found.set(s.id, s);
    }
    for (const child of node.content ?? []) visit(child, false);
  };
  for (const block of blocks) visit(block, true);
  return [...found.values()];
}

/** Rejects every pending suggestion of one author (the S1 yardstick). */
export function rejectAuthor(blocks: readonly PmJson[], author: string): PmJson[] {
  return resolveSuggestions(blocks, (s) => (s.author === author ? 'reject' : null));
}

/** A canonical form for comparing content: block ids dropped, null attributes dropped. */
export function canonicalBlocks(blocks: readonly PmJson[]): string {
  const clean = (node: PmJson, topLevel: boolean): PmJson => {
    const attrs: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node.attrs ?? {})) {
      if (value === null || value === undefined) continue;
      if (topLevel && key === BLOCK_ID_ATTR) continue;
      attrs[key] = value;
    }
    const out: PmJson = { type: node.type };
    if (Object.keys(attrs).length) out.attrs = Object.fromEntries(Object.entries(attrs).sort(([a], [b]) => a.localeCompare(b)));
    if (node.text !== undefined) out.text = node.text;
    // Non-exclusive marks (comments) may repeat a type: order by type, then attributes.
    const markKey = (m: PmMarkJson) => `${m.type}\u0000${JSON.stringify(m.attrs ?? {})}`;
    if (node.marks?.length) out.marks = [...node.marks].sort((a, b) => markKey(a).localeCompare(markKey(b)));
    if (node.content) out.content = normaliseInline(node.content.map((c) => clean(c, false)));
    return out;
  };
  return JSON.stringify(blocks.map((b) => clean(b, true)));
}

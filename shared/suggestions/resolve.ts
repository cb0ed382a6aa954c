/**
 * Accepting and rejecting suggestions on ProseMirror JSON, at any depth (list items, rows,
 * cells). Pure and shared: the server uses it for the suggest-only check (S1) and for
 * decisions, the browser for its "original" and "as if all were accepted" views. Also
 * `describeSuggestions` / `groupKind`: each suggestion id with its carriers, and what the
 * group is in words (model.ts explains the carriers).
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

function withoutSuggestion(block: PmJson): PmJson {
  const attrs = { ...(block.attrs ?? {}) };
  delete attrs[BLOCK_SUGGESTION_ATTR];
  return { ...block, attrs };
}

/** Textblocks (inline content) and leaves (no content) by node type; every other node is a container. */
const TEXTBLOCK_TYPES = new Set(['paragraph', 'heading', 'codeBlock']);
const LEAF_TYPES = new Set(['horizontalRule', 'image', 'hardBreak', 'text']);
const isTextblock = (node: PmJson) => TEXTBLOCK_TYPES.has(node.type);
const isContainer = (node: PmJson) => !isTextblock(node) && !LEAF_TYPES.has(node.type);

/**
 * Joins `node` into `previous` (accepting a join, rejecting a split): textblocks concatenate
 * their text, containers of one type their children. The children are not resolved yet, so
 * a carrier on the first child (a split list item's paragraph) then meets its new neighbour.
 */
function mergeInto(previous: PmJson | undefined, node: PmJson): PmJson | null {
  if (!previous) return null;
  if (isTextblock(previous) && isTextblock(node)) return { ...previous, content: [...(previous.content ?? []), ...(node.content ?? [])] };
  if (isContainer(previous) && isContainer(node) && previous.type === node.type) return { ...previous, content: [...(previous.content ?? []), ...(node.content ?? [])] };
  return null;
}

/**
 * Applies decisions to a list of sibling nodes at any depth, top-down: a node's own carrier
 * first (dropping, joining into its previous sibling, restoring its type), then its content.
 */
function resolveSiblings(nodes: readonly PmJson[], decide: Decider): PmJson[] {
  const out: PmJson[] = [];
  for (const node of nodes) {
    const suggestion = parseBlockSuggestion(node.attrs?.[BLOCK_SUGGESTION_ATTR]);
    const decision = suggestion && decide({ id: suggestion.id, author: suggestion.author, kind: suggestion.kind });
    if (!suggestion || !decision) {
      out.push(node);
      continue;
    }
    const plain = withoutSuggestion(node);
    const dropNode = (suggestion.kind === 'insert' && decision === 'reject') || (suggestion.kind === 'delete' && decision === 'accept');
    const mergeBack = (suggestion.kind === 'split' && decision === 'reject') || (suggestion.kind === 'join' && decision === 'accept');
    if (dropNode) continue;
    if (mergeBack) {
      const merged = mergeInto(out[out.length - 1], plain);
      if (merged) {
        out[out.length - 1] = merged;
        continue;
      }
    }
    if (suggestion.kind === 'retype' && decision === 'reject' && suggestion.from) {
      out.push({ ...plain, type: suggestion.from.type, attrs: { ...(suggestion.from.attrs ?? {}), [BLOCK_ID_ATTR]: plain.attrs?.[BLOCK_ID_ATTR] } });
      continue;
    }
    out.push(plain);
  }
  const resolved: PmJson[] = [];
  for (const node of out) {
    if (node.type === 'text') {
      const text = resolveText(node, decide);
      if (text) resolved.push(text);
    } else if (isTextblock(node)) {
      resolved.push({ ...node, content: node.content ? resolveInline(node.content, decide) : node.content });
    } else if (node.content) {
      const content = resolveSiblings(node.content, decide);
      // A container left without children (every row of a table rejected) goes with them.
      if (!content.length && isContainer(node)) continue;
      resolved.push({ ...node, content });
    } else {
      resolved.push(node);
    }
  }
  return normaliseInline(resolved);
}

/** Resolves the inline content of a textblock: marks decided, inline nodes kept. */
function resolveInline(content: readonly PmJson[], decide: Decider): PmJson[] {
  const out: PmJson[] = [];
  for (const child of content) {
    if (child.type === 'text') {
      const text = resolveText(child, decide);
      if (text) out.push(text);
    } else out.push(child);
  }
  return normaliseInline(out);
}

/** Applies decisions to a sequence of top-level blocks (and everything nested in them). */
export function resolveSuggestions(blocks: readonly PmJson[], decide: Decider): PmJson[] {
  return resolveSiblings(blocks, decide);
}

/** Every suggestion found in a sequence of blocks (inline and structural, at any depth), once per id. */
export function findSuggestions(blocks: readonly PmJson[]): FoundSuggestion[] {
  const found = new Map<string, FoundSuggestion>();
  const visit = (node: PmJson) => {
    const s = parseBlockSuggestion(node.attrs?.[BLOCK_SUGGESTION_ATTR]);
    if (s && !found.has(s.id)) found.set(s.id, { id: s.id, author: s.author, kind: s.kind });
    for (const mark of node.marks ?? []) {
      const m = markSuggestion(mark);
      if (m && !found.has(m.id)) found.set(m.id, m);
    }
    for (const child of node.content ?? []) visit(child);
  };
  for (const block of blocks) visit(block);
  return [...found.values()];
}

/**
 * The ids whose carriers name more than one author. One suggestion has one author: a
 * carrier added under someone else's id (to stop them withdrawing it, say) is refused by the
 * server, which checks every carrier, not only the first one `findSuggestions` reports.
 */
export function idsWithMixedAuthors(blocks: readonly PmJson[]): string[] {
  const authors = new Map<string, string>();
  const mixed = new Set<string>();
  const note = (id: string, author: string) => {
    const known = authors.get(id);
    if (known === undefined) authors.set(id, author);
    else if (known !== author) mixed.add(id);
  };
  const visit = (node: PmJson) => {
    const s = parseBlockSuggestion(node.attrs?.[BLOCK_SUGGESTION_ATTR]);
    if (s) note(s.id, s.author);
    for (const mark of node.marks ?? []) {
      const m = markSuggestion(mark);
      if (m) note(m.id, m.author);
    }
    for (const child of node.content ?? []) visit(child);
  };
  for (const block of blocks) visit(block);
  return [...mixed];
}

/** One place a suggestion sits: a node's `suggestion` attribute, or a run of marked text. */
export interface SuggestionCarrier {
  kind: FoundSuggestion['kind'];
  /** The node's type; for marks, the type of the textblock holding the text. */
  nodeType: string;
  /** Child indexes from the document's top level down to the node (for marks: to the textblock). */
  path: number[];
  /** The node's text, or the marked run's text. */
  text: string;
  /** For `retype`: the former type and attributes. */
  from?: BlockSuggestion['from'];
  /** For `formatChange`: the mark names added and removed. */
  added?: string[];
  removed?: string[];
}

/** A suggestion with every carrier it has, in document order. */
export interface DescribedSuggestion {
  id: string;
  author: string;
  carriers: SuggestionCarrier[];
}

const textOf = (node: PmJson): string => node.text ?? (node.content ?? []).map(textOf).join('');

/**
 * Every suggestion of a document (a `doc` node or its list of blocks) with its carriers, so
 * a card or a decision record can say what the group is (`groupKind`) and show its text.
 */
export function describeSuggestions(doc: PmJson | readonly PmJson[]): DescribedSuggestion[] {
  const blocks = Array.isArray(doc) ? (doc as readonly PmJson[]) : ((doc as PmJson).type === 'doc' ? ((doc as PmJson).content ?? []) : [doc as PmJson]);
  const groups = new Map<string, DescribedSuggestion>();
  const add = (id: string, author: string, carrier: SuggestionCarrier) => {
    let group = groups.get(id);
    if (!group) groups.set(id, (group = { id, author, carriers: [] }));
    group.carriers.push(carrier);
  };
  const visit = (node: PmJson, path: number[]) => {
    const s = parseBlockSuggestion(node.attrs?.[BLOCK_SUGGESTION_ATTR]);
    if (s) add(s.id, s.author, { kind: s.kind, nodeType: node.type, path, text: textOf(node), ...(s.from ? { from: s.from } : {}) });
    if (isTextblock(node)) {
      // Adjacent runs with the same mark id are one carrier.
      const open = new Map<string, SuggestionCarrier>();
      for (const child of node.content ?? []) {
        const seen = new Set<string>();
        for (const mark of child.marks ?? []) {
          const m = markSuggestion(mark);
          if (!m) continue;
          const key = `${m.kind}\u0000${m.id}`;
          seen.add(key);
          const running = open.get(key);
          if (running) running.text += child.text ?? '';
          else {
            const carrier: SuggestionCarrier = { kind: m.kind, nodeType: node.type, path, text: child.text ?? '' };
            if (m.kind === 'formatChange') {
              carrier.added = markList(mark.attrs?.added);
              carrier.removed = markList(mark.attrs?.removed);
            }
            open.set(key, carrier);
            add(m.id, m.author, carrier);
          }
        }
        for (const key of [...open.keys()]) if (!seen.has(key)) open.delete(key);
      }
      return;
    }
    (node.content ?? []).forEach((child, i) => visit(child, [...path, i]));
  };
  blocks.forEach((block, i) => visit(block, [i]));
  return [...groups.values()];
}

/** What a group of carriers is, in the words a card uses. */
export type GroupKind =
  | 'insertion'
  | 'deletion'
  | 'replacement'
  | 'formatting'
  | 'newListItem'
  | 'removedListItem'
  | 'newRow'
  | 'removedRow'
  | 'split'
  | 'join'
  | 'headingLevel'
  | 'retype'
  | 'newBlock'
  | 'removedBlock'
  | 'move'
  | 'restructure';

/** Names a suggestion from its carriers (see `describeSuggestions`). */
export function groupKind(carriers: readonly SuggestionCarrier[]): GroupKind {
  const blocks = carriers.filter((c) => c.kind !== 'insertion' && c.kind !== 'deletion' && c.kind !== 'formatChange');
  const has = (kind: string) => carriers.some((c) => c.kind === kind);
  if (!blocks.length) {
    if (has('insertion') && has('deletion')) return 'replacement';
    if (has('insertion')) return 'insertion';
    if (has('deletion')) return 'deletion';
    return 'formatting';
  }
  const kinds = new Set(blocks.map((c) => c.kind));
  const only = (kind: string) => kinds.size === 1 && kinds.has(kind as FoundSuggestion['kind']);
  const types = new Set(blocks.map((c) => c.nodeType));
  const onlyType = (type: string) => types.size === 1 && types.has(type);
  if (only('insert')) return onlyType('listItem') ? 'newListItem' : onlyType('tableRow') ? 'newRow' : 'newBlock';
  if (only('delete')) return onlyType('listItem') ? 'removedListItem' : onlyType('tableRow') ? 'removedRow' : 'removedBlock';
  if (only('split')) return 'split';
  if (only('join')) return 'join';
  if (only('retype')) return blocks.every((c) => c.nodeType === 'heading' && c.from?.type === 'heading') ? 'headingLevel' : 'retype';
  // A moved item: removed at its old place, inserted at its new one (lifting an item out of
  // a list also splits the list around it).
  if (kinds.has('insert') && kinds.has('delete') && [...kinds].every((k) => k === 'insert' || k === 'delete' || k === 'split')) {
    const text = (kind: string) => blocks.filter((c) => c.kind === kind).map((c) => c.text).join('\n');
    return text('insert') === text('delete') ? 'move' : 'restructure';
  }
  return 'restructure';
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

/**
 * Inside a node the author suggested inserting, text that is not her own insertion (staff
 * text she moved there) is nobody's to remove: rejecting her node would drop it either way,
 * so S1 alone cannot see it go. Per node (by its carrier), that text and its deletion marks
 * before the update must still be there, in order, after it — struck through at most. A
 * node removed as a whole is still allowed (withdrawing her own new block).
 */
export function keepsOthersTextInOwnNodes(before: readonly PmJson[], after: readonly PmJson[], author: string): boolean {
  const left = othersTextInOwnNodes(before, author);
  if (!left.size) return true;
  const right = othersTextInOwnNodes(after, author);
  for (const [carrier, chars] of left) {
    const now = right.get(carrier);
    // One of her new nodes went (withdrawn, or merged into a neighbour): that is hers to do.
    if (!now || carriersIn(after, carrier) < carriersIn(before, carrier)) continue;
    // Plain text may become struck through; struck text stays struck by the same deletion.
    const keeps = (was: string, is: string) => was === is || (was.length === 1 && is[0] === was);
    let j = 0;
    for (const char of chars) {
      while (j < now.length && !keeps(char, now[j])) j++;
      if (j === now.length) return false;
      j++;
    }
  }
  return true;
}

function carriersIn(blocks: readonly PmJson[], carrier: string): number {
  let n = 0;
  const visit = (node: PmJson) => {
    if (node.attrs?.[BLOCK_SUGGESTION_ATTR] === carrier) n++;
    node.content?.forEach(visit);
  };
  blocks.forEach(visit);
  return n;
}

/** Per own `insert` carrier (outermost), the characters in it that are not her insertion, each with its deletion id. */
function othersTextInOwnNodes(blocks: readonly PmJson[], author: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const visit = (node: PmJson, carrier: string | null) => {
    let here = carrier;
    if (!here) {
      const value = node.attrs?.[BLOCK_SUGGESTION_ATTR];
      const s = parseBlockSuggestion(value);
      if (s && s.author === author && s.kind === 'insert') here = value as string;
    }
    if (here && node.type === 'text') {
      const marks = node.marks ?? [];
      if (marks.some((m) => m.type === 'insertion' && m.attrs?.author === author)) return;
      const deletion = marks.find((m) => m.type === 'deletion');
      const tag = deletion ? `\u0000${String(deletion.attrs?.id)}` : '';
      let list = out.get(here);
      if (!list) out.set(here, (list = []));
      for (const char of node.text ?? '') list.push(char + tag);
      return;
    }
    for (const child of node.content ?? []) visit(child, here);
  };
  for (const block of blocks) visit(block, null);
  return out;
}

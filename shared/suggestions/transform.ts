/**
 * Suggestion mode as a transaction transform (shared/suggestions/model.ts has the model).
 *
 * A user's transaction is applied to a scratch copy; the changed stretch is found at the
 * deepest node whose type and attributes did not change (a list, an item, a table, a row,
 * or the document), its changed children are compared before/after, and a replacement
 * transaction is built that says the same thing as suggestions of `author`, on the
 * smallest nodes (G1). Every carrier the transaction makes gets ONE id (G2), except that
 * typing on next to one's own pending insertion (or deletion) keeps extending that one,
 * and edits inside one's own pending new node use that node's id.
 *
 * - new text gets the author's `insertion` mark (never another author's: inserted content
 *   loses every suggestion mark it would have inherited or brought along);
 * - removed text stays, marked `deletion`; text that already carries a deletion is left as
 *   is; only the author's own pending insertion really goes; someone else's pending
 *   insertion is marked `deletion` (a suggestion to drop their suggestion);
 * - a formatting change on existing text is applied and recorded with `formatChange`
 *   ({added, removed}); inside the author's own insertion or new node it is simply applied;
 * - structure: the children are one token stream (textblock openings, characters, leaf
 *   blocks, container openings with their depth), diffed by common prefix and suffix. A new
 *   opening is `insert` on that node (all of it new) or `split` (it holds older content);
 *   a removed one is `delete` (all of it removed) or `join`; a kept node whose type or
 *   attributes changed is `retype` with `from`. So a new bullet is `insert` on its
 *   listItem, Enter in an item `split` on the new item and its paragraph, a removed row
 *   `delete` on the tableRow, a heading level `retype`.
 * - what the stream cannot say exactly (Tab/Shift-Tab, reshaped tables) is said node by
 *   node: same-type siblings are paired from both ends and rebuilt inside, the rest is
 *   `delete` at the old place and `insert` at the new one, with the one id; moved staff text
 *   carries no insertion mark at its new place.
 * - inside the author's own pending new node, structure and formatting are edited
 *   directly; her own text there really goes, text that is not hers is struck through
 *   ("nobody's text disappears silently"; the server checks it too).
 *
 * Every structural rebuild is checked both ways: rejecting the author's suggestions gives
 * the content before, accepting them gives what she made; otherwise the next strategy is
 * tried, and at the end the result is checked the way the server checks it (S1, over the
 * top-level blocks it reaches, so the cost follows the change). What cannot be expressed as
 * a suggestion is refused with a reason (`blocked`) instead of being sent to a server that
 * would refuse it.
 *
 * Pure ProseMirror: no DOM, no TipTap core; remote (Yjs) transactions, appended fixes
 * (`addToHistory: false`) and already transformed transactions pass through untouched.
 */
import { Fragment, Mark, type Node as PMNode, type NodeType, type Schema } from '@tiptap/pm/model';
import { Selection, type EditorState, type Transaction } from '@tiptap/pm/state';
import type { Mappable, MapResult } from '@tiptap/pm/transform';
import type { PmJson } from '../editor/json.js';
import { BLOCK_ID_ATTR } from '../editor/blockId.js';
import { BLOCK_SUGGESTION_ATTR, SUGGESTION_MARKS, formatBlockSuggestion, parseBlockSuggestion, type BlockSuggestion } from './model.js';
import { canonicalBlocks, findSuggestions, keepsOthersTextInOwnNodes, rejectAuthor, resolveSuggestions } from './resolve.js';

/** Meta key set on transactions this transform produced (they are not transformed again). */
export const SUGGESTED_META = 'suggestion$';
/** y-tiptap's sync plugin key ('y-sync') as a meta key: set on transactions that came from Yjs. */
export const Y_SYNC_META = 'y-sync$';

/** Why a transaction could not be turned into a suggestion. */
export type BlockedReason =
  /** It would change or stack on top of someone else's structural or formatting suggestion. */
  | 'conflict'
  /** Line breaks (Shift+Enter) and other inline nodes cannot carry suggestion marks. */
  | 'inlineNode'
  /** Removing or changing a link (a mark with attributes) cannot be recorded as a suggestion. */
  | 'markWithAttributes'
  /** Anything else the transform cannot express so that the server would accept it. */
  | 'unsupported';

export type SuggestResult =
  | { type: 'pass' }
  | { type: 'suggest'; transaction: Transaction }
  | { type: 'blocked'; reason: BlockedReason };

export interface SuggestOptions {
  /** The author's user id (what the server stamps and checks). */
  author: string;
  /** Makes a fresh, collision-free suggestion id (see `createSuggestionId`). */
  newId?: () => string;
}

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A suggestion id unique across users: `<author prefix>-<12 random characters>`. */
export function createSuggestionId(author: string, random: () => number = defaultRandom): string {
  const prefix = author.replace(/[^A-Za-z0-9]/g, '').slice(0, 12) || 'u';
  let tail = '';
  for (let i = 0; i < 12; i++) tail += ID_ALPHABET[Math.floor(random() * ID_ALPHABET.length) % ID_ALPHABET.length];
  return `${prefix}-${tail}`;
}

function defaultRandom(): number {
  const cryptoApi = (globalThis as { crypto?: { getRandomValues?: (a: Uint32Array) => Uint32Array } }).crypto;
  if (cryptoApi?.getRandomValues) return cryptoApi.getRandomValues(new Uint32Array(1))[0] / 4294967296;
  return Math.random();
}

/** Whether a transaction is the user's own edit, to be turned into a suggestion. */
export function isOwnUserTransaction(tr: Transaction): boolean {
  if (tr.getMeta(Y_SYNC_META)) return false;
  if (tr.getMeta(SUGGESTED_META)) return false;
  if (tr.getMeta('addToHistory') === false) return false;
  return true;
}

class Blocked extends Error {
  constructor(readonly reason: BlockedReason) {
    super(reason);
  }
}

const SUGGESTION_MARK_SET = new Set<string>(SUGGESTION_MARKS);
const isSuggestionMark = (mark: Mark) => SUGGESTION_MARK_SET.has(mark.type.name);
const IGNORED_ATTRS = new Set([BLOCK_ID_ATTR, BLOCK_SUGGESTION_ATTR]);

/** A block's type and attributes without id and suggestion (and without null values). */
function baseOf(node: PMNode): { type: string; attrs: Record<string, unknown> } {
  const attrs: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node.attrs)) if (!IGNORED_ATTRS.has(key) && value !== null && value !== undefined) attrs[key] = value;
  return { type: node.type.name, attrs };
}

const sameBase = (a: PMNode, b: PMNode) => JSON.stringify(baseOf(a)) === JSON.stringify(baseOf(b));

type Tok =
  | { t: 'char'; node: PMNode; pos: number; depth: number }
  | { t: 'open'; node: PMNode; pos: number; depth: number }
  | { t: 'wrap'; node: PMNode; pos: number; depth: number }
  | { t: 'atom'; node: PMNode; pos: number; depth: number };

interface Item {
  src: 'P' | 'N' | 'O' | 'S';
  old?: Tok;
  nw?: Tok;
}

interface Anchor {
  a: number;
  o: number;
}

const LIST_TYPES = new Set(['bulletList', 'orderedList']);

function sameTok(a: Tok, b: Tok): boolean {
  if (a.t !== b.t) return false;
  if (a.t === 'open') return a.depth === b.depth;
  if (a.t === 'wrap') return a.depth === b.depth && (a.node.type === b.node.type || (LIST_TYPES.has(a.node.type.name) && LIST_TYPES.has(b.node.type.name)));
  if (a.t === 'atom') return a.depth === b.depth && sameBase(a.node, b.node) && a.node.content.eq(b.node.content);
  // Kept text keeps its suggestion marks; new text next to a suggestion does not match it.
  if (a.node.isText || b.node.isText) return a.node.isText && b.node.isText && a.node.text === b.node.text && sameSuggestionMarks(a.node.marks, b.node.marks);
  return a.node.type === b.node.type && JSON.stringify(a.node.attrs) === JSON.stringify(b.node.attrs);
}

function sameSuggestionMarks(a: readonly Mark[], b: readonly Mark[]): boolean {
  const key = (marks: readonly Mark[]) => marks.filter(isSuggestionMark).map((m) => `${m.type.name}:${m.attrs.id}`).sort().join('|');
  return key(a) === key(b);
}

function inlineTokens(block: PMNode, contentStart: number, depth: number, into: Tok[] = []): Tok[] {
  block.forEach((child, offset) => {
    if (child.isText) {
      const text = child.text ?? '';
      for (let i = 0; i < text.length; i++) into.push({ t: 'char', node: child.cut(i, i + 1), pos: contentStart + offset + i, depth });
    } else {
      into.push({ t: 'char', node: child, pos: contentStart + offset, depth });
    }
  });
  return into;
}

const childrenOf = (node: PMNode): PMNode[] => {
  const out: PMNode[] = [];
  node.forEach((child) => out.push(child));
  return out;
};

/**
 * Sibling nodes as one token stream: a textblock is its opening and its characters, a leaf
 * block one atom, a container (list, item, table, row, cell, quote) its opening followed by
 * its children's tokens one level deeper. The depth makes the stream a tree again.
 */
function treeTokens(nodes: readonly PMNode[], start: number, depth = 0, into: Tok[] = []): Tok[] {
  let pos = start;
  for (const node of nodes) {
    if (node.isTextblock) {
      into.push({ t: 'open', node, pos, depth });
      inlineTokens(node, pos + 1, depth + 1, into);
    } else if (node.isLeaf) {
      into.push({ t: 'atom', node, pos, depth });
    } else {
      into.push({ t: 'wrap', node, pos, depth });
      treeTokens(childrenOf(node), pos + 1, depth + 1, into);
    }
    pos += node.nodeSize;
  }
  return into;
}

/** Common prefix and suffix; a pure insertion or deletion slides left toward the edit's position. */
function diffTokens(old: Tok[], nw: Tok[], hint: number | null): Item[] {
  const max = Math.min(old.length, nw.length);
  let p = 0;
  while (p < max && sameTok(old[p], nw[p])) p++;
  let s = 0;
  while (s < max - p && sameTok(old[old.length - 1 - s], nw[nw.length - 1 - s])) s++;
  const o = old.length - p - s;
  const n = nw.length - p - s;
  if (hint !== null) {
    if (o === 0 && n > 0) {
      while (p > 0 && nw[p - 1].pos >= hint && nw[p - 1].t === 'char' && nw[p + n - 1].t === 'char' && sameTok(nw[p - 1], nw[p + n - 1])) {
        p--;
        s++;
      }
    } else if (n === 0 && o > 0) {
      while (p > 0 && nw[p - 1].pos >= hint && old[p - 1].t === 'char' && old[p + o - 1].t === 'char' && sameTok(old[p - 1], old[p + o - 1])) {
        p--;
        s++;
      }
    }
  }
  const items: Item[] = [];
  for (let k = 0; k < p; k++) items.push({ src: 'P', old: old[k], nw: nw[k] });
  // New content first, then what it replaces: typing over a selection continues after the new text.
  for (let k = p; k < nw.length - s; k++) items.push({ src: 'N', nw: nw[k] });
  for (let k = p; k < old.length - s; k++) items.push({ src: 'O', old: old[k] });
  for (let k = 0; k < s; k++) items.push({ src: 'S', old: old[old.length - s + k], nw: nw[nw.length - s + k] });
  return items;
}

function markNames(marks: readonly Mark[]): string {
  return [...new Set(marks.map((m) => m.type.name))].sort().join(',');
}

function markList(value: unknown): string[] {
  return typeof value === 'string' && value ? value.split(',').filter(Boolean) : [];
}

function markSet(...groups: (readonly Mark[])[]): readonly Mark[] {
  let set: readonly Mark[] = Mark.none;
  for (const group of groups) for (const mark of group) set = mark.addToSet(set);
  return set;
}

/**
 * How the content of one node is edited. `gid` is the suggestion id its carriers get: the
 * transaction's one fresh id, or — inside the author's own pending new node — that node's id,
 * so what she adds to or removes from her suggestion stays one suggestion (G2).
 */
interface BlockMode {
  /** Inside the author's own new node: structure and formatting are edited directly. */
  free: boolean;
  gid: string;
  /** The node is being suggested for deletion as a whole: removed text needs no marks. */
  wholeDelete?: boolean;
  /** Text moved from the author's own new node into an older one: kept text becomes an insertion. */
  forceInsert?: boolean;
}

/** Everything one transform needs: the schema, the author and the transaction's one lazily made id. */
class Context {
  private freshId: string | null = null;
  constructor(
    readonly schema: Schema,
    readonly author: string,
    private readonly makeId: () => string,
  ) {}

  /** The transaction's suggestion id (G2: every carrier it makes shares it). */
  fresh(): string {
    this.freshId ??= this.makeId();
    return this.freshId;
  }

  freshIds(): Set<string> {
    return new Set(this.freshId ? [this.freshId] : []);
  }

  isOwn(mark: Mark | undefined): boolean {
    return !!mark && mark.attrs.author === this.author;
  }

  insertion(gid: string): Mark {
    return this.schema.marks.insertion.create({ id: gid, author: this.author });
  }

  deletion(gid: string): Mark {
    return this.schema.marks.deletion.create({ id: gid, author: this.author });
  }

  blockSuggestion(kind: BlockSuggestion['kind'], gid: string, from?: BlockSuggestion['from']): string {
    return formatBlockSuggestion({ id: gid, author: this.author, kind, ...(from ? { from } : {}) });
  }

  /**
   * Marks of removed content, or null when it really goes: only the author's own insertion
   * (and, in her own new node, inline nodes) — nobody's text disappears silently.
   */
  deletedMarks(node: PMNode, mode: BlockMode): readonly Mark[] | null {
    const old = node.marks;
    if (old.some((m) => m.type.name === 'deletion')) return old;
    const insertion = old.find((m) => m.type.name === 'insertion');
    if (insertion && this.isOwn(insertion)) return null;
    if (mode.free && !node.isText) return null;
    return this.deletion(mode.gid).addToSet(old);
  }

  /** Marks of new content: its formatting plus the author's insertion (text only). */
  insertedMarks(node: PMNode, mode: BlockMode): readonly Mark[] {
    const plain = markSet(node.marks.filter((m) => !isSuggestionMark(m)));
    return node.isText ? this.insertion(mode.gid).addToSet(plain) : plain;
  }

  /** Marks of kept content whose formatting may have changed. */
  keptMarks(old: readonly Mark[], nw: readonly Mark[], mode: BlockMode): readonly Mark[] {
    const oldSuggestions = old.filter(isSuggestionMark);
    const oldPlain = old.filter((m) => !isSuggestionMark(m));
    const newPlain = nw.filter((m) => !isSuggestionMark(m));
    if (Mark.sameSet(markSet(oldPlain), markSet(newPlain))) return old;
    const ownInsertion = oldSuggestions.some((m) => m.type.name === 'insertion' && this.isOwn(m));
    if (mode.free || ownInsertion) return markSet(newPlain, oldSuggestions);
    const change = oldSuggestions.find((m) => m.type.name === 'formatChange');
    let original: readonly Mark[] = markSet(oldPlain);
    if (change) {
      if (!this.isOwn(change)) throw new Blocked('conflict');
      const added = markList(change.attrs.added);
      original = original.filter((m) => !added.includes(m.type.name));
      for (const name of markList(change.attrs.removed)) {
        const type = this.schema.marks[name];
        if (type) original = type.create().addToSet(original);
      }
    }
    const added = newPlain.filter((m) => !m.isInSet(original));
    const removed = original.filter((m) => !m.isInSet(newPlain));
    // Rejecting restores removed marks by name only: a link's address would be lost.
    if (removed.some((m) => Object.values(m.attrs).some((v) => v !== null && v !== undefined))) throw new Blocked('markWithAttributes');
    if (added.some((m) => removed.some((r) => r.type === m.type))) throw new Blocked('markWithAttributes');
    const rest = oldSuggestions.filter((m) => m.type.name !== 'formatChange');
    if (!added.length && !removed.length) return markSet(newPlain, rest);
    const mark = this.schema.marks.formatChange.create({
      id: change ? change.attrs.id : mode.gid,
      author: this.author,
      added: markNames(added),
      removed: markNames(removed),
    });
    return markSet(newPlain, rest, [mark]);
  }
}

interface CharOut {
  item: Item;
  node: PMNode;
}

/** Decides the output of each inline item of a block (dropped items are left out). */
function processChars(items: readonly Item[], mode: BlockMode, ctx: Context): CharOut[] {
  const out: CharOut[] = [];
  for (const item of items) {
    if (item.src === 'N') {
      const node = item.nw!.node;
      if (!node.isText && !mode.free) throw new Blocked('inlineNode');
      out.push({ item, node: node.mark(ctx.insertedMarks(node, mode)) });
    } else if (item.src === 'O') {
      const node = item.old!.node;
      let marks: readonly Mark[] | null;
      if (mode.wholeDelete) marks = node.marks.some((m) => m.type.name === 'insertion' && ctx.isOwn(m)) ? null : node.marks;
      else marks = ctx.deletedMarks(node, mode);
      if (marks === null) continue;
      // Text that lived only in her own new node must go when she rejects: it is her insertion too.
      if (mode.forceInsert && node.isText && !marks.some((m) => m.type.name === 'insertion')) marks = ctx.insertion(mode.gid).addToSet(marks);
      if (!node.isText && marks !== node.marks) throw new Blocked('inlineNode');
      out.push({ item, node: node.mark(marks) });
    } else {
      const oldNode = item.old!.node;
      const newNode = item.nw!.node;
      let marks = oldNode.isText ? ctx.keptMarks(oldNode.marks, newNode.marks, mode) : oldNode.marks;
      if (mode.forceInsert && oldNode.isText && !marks.some((m) => m.type.name === 'insertion' || m.type.name === 'deletion')) marks = ctx.insertion(mode.gid).addToSet(marks);
      out.push({ item, node: oldNode.mark(marks) });
    }
  }
  return out;
}

/** Joins single characters back into text nodes. */
function inlineContent(chars: readonly CharOut[], schema: Schema): PMNode[] {
  const nodes: PMNode[] = [];
  for (const { node } of chars) {
    const last = nodes[nodes.length - 1];
    if (node.isText && last?.isText && Mark.sameSet(last.marks, node.marks)) nodes[nodes.length - 1] = schema.text((last.text ?? '') + (node.text ?? ''), node.marks);
    else nodes.push(node);
  }
  return nodes;
}

function charAnchors(chars: readonly CharOut[], contentStart: number, anchors: Anchor[]): void {
  let pos = contentStart;
  for (const { item, node } of chars) {
    if (item.nw) {
      anchors.push({ a: item.nw.pos, o: pos });
      anchors.push({ a: item.nw.pos + item.nw.node.nodeSize, o: pos + node.nodeSize });
    }
    pos += node.nodeSize;
  }
}

const suggestionOf = (node: PMNode) => parseBlockSuggestion(node.attrs[BLOCK_SUGGESTION_ATTR]);

const ownInsertOf = (node: PMNode, ctx: Context) => {
  const s = suggestionOf(node);
  return s && s.author === ctx.author && s.kind === 'insert' ? s : null;
};

/** The mode inside `node`, given the mode around it: her own new node switches to free, with its id. */
function modeInside(node: PMNode, around: BlockMode, ctx: Context): BlockMode {
  const own = ownInsertOf(node, ctx);
  return own ? { free: true, gid: own.id } : { free: around.free, gid: around.gid };
}

/**
 * The carrier a kept node keeps: its own, except her own pending join when her edit put the
 * boundary back (the node after the edit no longer carries it).
 */
function keptSuggestion(old: PMNode, nw: PMNode, ctx: Context): string | null {
  const value = (old.attrs[BLOCK_SUGGESTION_ATTR] as string | null) ?? null;
  const existing = suggestionOf(old);
  if (existing?.author === ctx.author && existing.kind === 'join' && nw.attrs[BLOCK_SUGGESTION_ATTR] !== value) return null;
  return value;
}

function hasOthersSuggestions(node: PMNode, ctx: Context): boolean {
  return findSuggestions([node.toJSON() as PmJson]).some((s) => s.author !== ctx.author);
}

/** Whether all text in `node` is the author's own pending insertion (so removing it loses nobody's words). */
function onlyOwnInsertedText(node: PMNode, ctx: Context): boolean {
  let ok = true;
  node.descendants((child) => {
    if (child.isText && !child.marks.some((m) => m.type.name === 'insertion' && ctx.isOwn(m))) ok = false;
    return ok;
  });
  return ok;
}

/**
 * A copy of new content as the author's insertion: no block ids or carriers, her insertion
 * mark on its text. Deletion marks stay: moved text that was struck is struck at its new
 * place too, so accepting still removes it.
 */
function insertedCopy(node: PMNode, ctx: Context, gid: string): PMNode {
  if (node.isText) return node.mark(ctx.insertion(gid).addToSet(markSet(node.marks.filter((m) => !isSuggestionMark(m) || m.type.name === 'deletion'))));
  const children = childrenOf(node).map((child) => insertedCopy(child, ctx, gid));
  const attrs = { ...node.attrs };
  if (BLOCK_SUGGESTION_ATTR in attrs) attrs[BLOCK_SUGGESTION_ATTR] = null;
  if (BLOCK_ID_ATTR in attrs) attrs[BLOCK_ID_ATTR] = null;
  return node.type.create(attrs, Fragment.fromArray(children), node.marks.filter((m) => !isSuggestionMark(m)));
}

function withSuggestion(node: PMNode, suggestion: string | null): PMNode {
  return node.type.create({ ...node.attrs, [BLOCK_SUGGESTION_ATTR]: suggestion }, node.content, node.marks);
}

function sameShape(a: PMNode, b: PMNode): boolean {
  if (a.type !== b.type || !sameBase(a, b)) return false;
  if (a.isTextblock) return true;
  if (a.isLeaf) return a.eq(b) || sameBase(a, b);
  if (a.childCount !== b.childCount) return false;
  for (let i = 0; i < a.childCount; i++) if (!sameShape(a.child(i), b.child(i))) return false;
  return true;
}

/** Same structure: only text and formatting changed, in any textblock at any depth. */
function rebuildSameShape(a: PMNode, b: PMNode, posB: number, posO: number, around: BlockMode, hint: number | null, ctx: Context, anchors: Anchor[]): PMNode {
  anchors.push({ a: posB, o: posO });
  if (a.isLeaf) {
    anchors.push({ a: posB + b.nodeSize, o: posO + a.nodeSize });
    return a;
  }
  anchors.push({ a: posB + 1, o: posO + 1 });
  const mode = modeInside(a, around, ctx);
  if (a.isTextblock) {
    const items = diffTokens(inlineTokens(a, -1, 1), inlineTokens(b, posB + 1, 1), hint);
    const chars = processChars(items, mode, ctx);
    charAnchors(chars, posO + 1, anchors);
    const node = a.type.create({ ...a.attrs, [BLOCK_SUGGESTION_ATTR]: keptSuggestion(a, b, ctx) }, inlineContent(chars, ctx.schema), a.marks);
    anchors.push({ a: posB + b.nodeSize - 1, o: posO + node.nodeSize - 1 });
    anchors.push({ a: posB + b.nodeSize, o: posO + node.nodeSize });
    return node;
  }
  const children: PMNode[] = [];
  let pb = posB + 1;
  let po = posO + 1;
  for (let i = 0; i < a.childCount; i++) {
    const child = rebuildSameShape(a.child(i), b.child(i), pb, po, mode, hint, ctx, anchors);
    children.push(child);
    pb += b.child(i).nodeSize;
    po += child.nodeSize;
  }
  anchors.push({ a: pb + 1, o: po + 1 });
  return a.type.create({ ...a.attrs, [BLOCK_SUGGESTION_ATTR]: keptSuggestion(a, b, ctx) }, Fragment.fromArray(children), a.marks);
}

/** One node of the rebuilt tree, before it becomes a ProseMirror node. */
interface OutBlock {
  item: Item;
  tok: Tok;
  parent: OutBlock | null;
  children: OutBlock[];
  /** A textblock's characters; a dissolved neighbour's characters come as a further segment. */
  segments: { items: Item[]; forceInsert?: boolean }[];
  /** Left out: the author's own new node removed, or dissolved into its neighbour. */
  gone?: boolean;
  hasNew?: boolean;
  hasOld?: boolean;
  hasKept?: boolean;
}

const isNew = (b: OutBlock) => b.item.src === 'N';
const isOld = (b: OutBlock) => b.item.src === 'O';
/** Everything in it is new (an insertion), or everything in it is old and removed (a deletion). */
const allNew = (b: OutBlock) => !b.hasOld && !b.hasKept;
const allOld = (b: OutBlock) => !b.hasNew && !b.hasKept;

/** Puts the items back into a tree: each node hangs under the nearest container one level up. */
function buildTree(items: readonly Item[]): { root: OutBlock; textblocks: OutBlock[] } {
  const root: OutBlock = { item: { src: 'P' }, tok: null as unknown as Tok, parent: null, children: [], segments: [] };
  const path: OutBlock[] = [];
  const textblocks: OutBlock[] = [];
  let lastText: OutBlock | null = null;
  for (const item of items) {
    const tok = (item.nw ?? item.old)!;
    if (tok.t === 'char') {
      if (!lastText) throw new Blocked('unsupported');
      lastText.segments[0].items.push(item);
      continue;
    }
    const parent = tok.depth === 0 ? root : path[tok.depth - 1];
    if (!parent) throw new Blocked('unsupported');
    const block: OutBlock = { item, tok, parent, children: [], segments: [{ items: [] }] };
    parent.children.push(block);
    path.length = tok.depth;
    if (tok.t === 'wrap') path[tok.depth] = block;
    if (tok.t === 'open') {
      lastText = block;
      textblocks.push(block);
    }
  }
  return { root, textblocks };
}

function compose(block: OutBlock): void {
  block.hasNew = block.hasOld = block.hasKept = false;
  const note = (src: Item['src']) => {
    if (src === 'N') block.hasNew = true;
    else if (src === 'O') block.hasOld = true;
    else block.hasKept = true;
  };
  if (block.tok) note(block.item.src);
  for (const segment of block.segments) for (const item of segment.items) note(item.src);
  for (const child of block.children) {
    if (child.gone) continue;
    compose(child);
    block.hasNew ||= child.hasNew;
    block.hasOld ||= child.hasOld;
    block.hasKept ||= child.hasKept;
  }
}

function markForceInsert(block: OutBlock): void {
  for (const segment of block.segments) segment.forceInsert = true;
  block.children.forEach(markForceInsert);
}

/**
 * Removed boundaries of the author's own structure are simply undone: her own split joins
 * back, her own new node merges into its neighbour (its text then becomes an insertion
 * there) or goes when it is removed whole. Inside her own new node she edits directly.
 */
function dissolve(parent: OutBlock, free: boolean, textblocks: OutBlock[], ctx: Context): void {
  for (const block of [...parent.children]) {
    const old = block.item.old?.node;
    const existing = old ? suggestionOf(old) : null;
    const own = existing?.author === ctx.author ? existing : null;
    dissolve(block, free || (!isOld(block) && !isNew(block) && own?.kind === 'insert'), textblocks, ctx);
    if (!isOld(block)) continue;
    const whole = allOld(block);
    let action: 'drop' | 'merge' | null = null;
    let forceInsert = false;
    if (own?.kind === 'insert') {
      if (whole && hasOthersSuggestions(old!, ctx)) throw new Blocked('conflict');
      action = whole ? 'drop' : 'merge';
      forceInsert = !whole;
    } else if (own?.kind === 'split') {
      action = 'merge';
    } else if (free && !existing) {
      action = whole ? (onlyOwnInsertedText(old!, ctx) ? 'drop' : null) : 'merge';
    }
    if (!action) continue;
    if (action === 'drop') {
      block.gone = true;
      continue;
    }
    if (block.tok.t === 'atom') throw new Blocked('unsupported');
    if (block.tok.t === 'open') {
      const index = textblocks.indexOf(block);
      let target: OutBlock | null = null;
      for (let i = index - 1; i >= 0 && !target; i--) if (!textblocks[i].gone) target = textblocks[i];
      if (!target) throw new Blocked('unsupported');
      target.segments.push(...block.segments.map((s) => ({ items: s.items, forceInsert: s.forceInsert || forceInsert })));
      block.gone = true;
      continue;
    }
    const siblings = parent.children.filter((c) => !c.gone);
    const target = siblings[siblings.indexOf(block) - 1];
    if (!target || target.tok.t !== 'wrap' || target.tok.node.type !== block.tok.node.type) throw new Blocked('unsupported');
    if (forceInsert) markForceInsert(block);
    for (const child of block.children) child.parent = target;
    target.children.push(...block.children);
    block.children = [];
    block.gone = true;
  }
}

interface Around {
  mode: BlockMode;
  /** Inside a node this transaction suggests inserting: no carriers of its own. */
  insideInsert?: boolean;
  /** Inside a node suggested for deletion as a whole: kept as it is. */
  insideDelete?: boolean;
}

/** Builds the ProseMirror node of one rebuilt block: its carrier, its content, the cursor anchors. */
function emit(block: OutBlock, pos: number, around: Around, ctx: Context, anchors: Anchor[]): PMNode {
  const { item, tok } = block;
  const old = item.old?.node;
  const nw = item.nw?.node;
  const existing = old ? suggestionOf(old) : null;
  let type: NodeType;
  let attrs: Record<string, unknown>;
  let inner: Around;
  let wholeDelete = false;
  if (item.src === 'P' || item.src === 'S') {
    if (tok.t === 'atom') return placeAtom(old!, item, pos, anchors);
    type = nw!.type;
    let suggestion = keptSuggestion(old!, nw!, ctx);
    const ownInsert = existing?.author === ctx.author && existing.kind === 'insert';
    if (!sameBase(old!, nw!) && !ownInsert && !around.mode.free && !around.insideInsert) {
      if (!existing) suggestion = ctx.blockSuggestion('retype', around.mode.gid, baseOf(old!));
      else if (existing.author === ctx.author && existing.kind === 'retype' && existing.from) {
        suggestion = JSON.stringify(existing.from) === JSON.stringify(baseOf(nw!)) ? null : suggestion;
      } else throw new Blocked('conflict');
    }
    attrs = { ...nw!.attrs, [BLOCK_SUGGESTION_ATTR]: suggestion };
    if (BLOCK_ID_ATTR in nw!.attrs) attrs[BLOCK_ID_ATTR] = old!.attrs[BLOCK_ID_ATTR];
    inner = { mode: modeInside(old!, around.mode, ctx), insideInsert: around.insideInsert, insideDelete: around.insideDelete };
  } else if (item.src === 'N') {
    const carrier = around.insideInsert || around.mode.free ? null : allNew(block) ? 'insert' : 'split';
    const suggestion = carrier ? ctx.blockSuggestion(carrier, around.mode.gid) : null;
    if (tok.t === 'atom') {
      const node = withSuggestion(insertedCopy(nw!, ctx, around.mode.gid), suggestion);
      return placeAtom(node, item, pos, anchors);
    }
    type = nw!.type;
    attrs = { ...nw!.attrs, [BLOCK_SUGGESTION_ATTR]: suggestion };
    if (BLOCK_ID_ATTR in attrs) attrs[BLOCK_ID_ATTR] = null;
    inner = { mode: around.mode, insideInsert: around.insideInsert || carrier === 'insert' };
  } else {
    // Old content whose boundary the transaction removed: it joins its neighbour, or goes as a whole.
    type = old!.type;
    const whole = allOld(block);
    let suggestion = (old!.attrs[BLOCK_SUGGESTION_ATTR] as string | null) ?? null;
    if (around.insideDelete) {
      wholeDelete = true;
    } else if (!existing) {
      if (tok.t === 'atom' && hasOthersSuggestions(old!, ctx)) throw new Blocked('conflict');
      suggestion = ctx.blockSuggestion(whole ? 'delete' : 'join', around.mode.gid);
      wholeDelete = whole;
    } else if (existing.kind === 'delete' || existing.kind === 'join') {
      wholeDelete = whole && existing.kind === 'delete';
    } else {
      throw new Blocked('conflict');
    }
    if (tok.t === 'atom') return placeAtom(withSuggestion(old!, suggestion), item, pos, anchors);
    attrs = { ...old!.attrs, [BLOCK_SUGGESTION_ATTR]: suggestion };
    inner = { mode: around.mode, insideDelete: around.insideDelete || wholeDelete };
  }
  if (item.nw) {
    anchors.push({ a: item.nw.pos, o: pos });
    anchors.push({ a: item.nw.pos + 1, o: pos + 1 });
  }
  let node: PMNode;
  if (tok.t === 'open') {
    const mode: BlockMode = { ...inner.mode, wholeDelete: wholeDelete || !!inner.insideDelete };
    const chars = block.segments.flatMap((segment) => processChars(segment.items, { ...mode, forceInsert: segment.forceInsert }, ctx));
    charAnchors(chars, pos + 1, anchors);
    node = type.create(attrs, inlineContent(chars, ctx.schema));
  } else {
    const children: PMNode[] = [];
    let at = pos + 1;
    for (const child of block.children) {
      if (child.gone) continue;
      const built = emit(child, at, inner, ctx, anchors);
      children.push(built);
      at += built.nodeSize;
    }
    node = type.create(attrs, Fragment.fromArray(children));
  }
  node.check();
  return node;
}

function placeAtom(node: PMNode, item: Item, pos: number, anchors: Anchor[]): PMNode {
  if (item.nw) {
    anchors.push({ a: item.nw.pos, o: pos });
    anchors.push({ a: item.nw.pos + item.nw.node.nodeSize, o: pos + node.nodeSize });
  }
  return node;
}

/**
 * Structure changed among siblings (at any depth): the siblings as one token stream, so a
 * new list item, row or paragraph is an insertion or a split on that node, a removed one a
 * deletion or a join on it, and text typed or removed across them marks only that text.
 */
function rebuildTokens(oldKids: readonly PMNode[], newKids: readonly PMNode[], startB: number, startO: number, around: BlockMode, hint: number | null, ctx: Context, anchors: Anchor[]): PMNode[] {
  const items = diffTokens(treeTokens(oldKids, startO), treeTokens(newKids, startB), hint);
  const { root, textblocks } = buildTree(items);
  compose(root);
  dissolve(root, around.free, textblocks, ctx);
  compose(root);
  const out: PMNode[] = [];
  let pos = startO;
  for (const block of root.children) {
    if (block.gone) continue;
    const node = emit(block, pos, { mode: around }, ctx, anchors);
    out.push(node);
    pos += node.nodeSize;
  }
  return out;
}

/**
 * What the token stream cannot say exactly — an item moved to another level (Tab,
 * Shift-Tab), a reshaped table — is said node by node: siblings of the same type are paired
 * from both ends and rebuilt inside; what is left is deleted at its old place and inserted at
 * its new place, all with the transaction's one id, so a move is decided as one (G2).
 */
function rebuildPairs(oldKids: readonly PMNode[], newKids: readonly PMNode[], startB: number, startO: number, around: BlockMode, hint: number | null, ctx: Context, anchors: Anchor[], previous: PMNode | null): PMNode[] {
  const pairable = (a: PMNode, b: PMNode) => !a.isLeaf && !b.isLeaf && ((a.isTextblock && b.isTextblock) || (a.type === b.type && sameBase(a, b)));
  let front = 0;
  const max = Math.min(oldKids.length, newKids.length);
  while (front < max && pairable(oldKids[front], newKids[front])) front++;
  let back = 0;
  while (back < max - front && pairable(oldKids[oldKids.length - 1 - back], newKids[newKids.length - 1 - back])) back++;
  const out: PMNode[] = [];
  let pb = startB;
  let po = startO;
  const pair = (a: PMNode, b: PMNode) => {
    let node: PMNode;
    if (a.eq(b)) node = a;
    else if (a.isTextblock) node = rebuildLevel([a], [b], pb, po, around, hint, ctx, anchors, out[out.length - 1] ?? previous)[0];
    else {
      const mode = modeInside(a, around, ctx);
      const kids = rebuildLevel(childrenOf(a), childrenOf(b), pb + 1, po + 1, mode, hint, ctx, anchors, null);
      node = a.type.create(a.attrs, Fragment.fromArray(kids), a.marks);
    }
    anchors.push({ a: pb, o: po }, { a: pb + b.nodeSize, o: po + node.nodeSize });
    out.push(node);
    pb += b.nodeSize;
    po += node.nodeSize;
  };
  for (let i = 0; i < front; i++) pair(oldKids[i], newKids[i]);
  for (const b of newKids.slice(front, newKids.length - back)) {
    const node = around.free ? insertedCopy(b, ctx, around.gid) : withSuggestion(insertedCopy(b, ctx, around.gid), ctx.blockSuggestion('insert', around.gid));
    anchors.push({ a: pb, o: po }, { a: pb + b.nodeSize, o: po + node.nodeSize });
    out.push(node);
    pb += b.nodeSize;
    po += node.nodeSize;
  }
  for (const a of oldKids.slice(front, oldKids.length - back)) {
    const existing = suggestionOf(a);
    let node: PMNode | null;
    if (!existing) node = around.free && onlyOwnInsertedText(a, ctx) ? null : withSuggestion(a, ctx.blockSuggestion('delete', around.gid));
    else if (existing.author === ctx.author && existing.kind === 'insert') {
      if (hasOthersSuggestions(a, ctx)) throw new Blocked('conflict');
      node = null;
    } else if (existing.kind === 'delete') node = a;
    else throw new Blocked('conflict');
    if (!node) continue;
    out.push(node);
    po += node.nodeSize;
  }
  for (let k = back; k > 0; k--) pair(oldKids[oldKids.length - k], newKids[newKids.length - k]);
  return out;
}

/**
 * Whether `out` is an exact suggestion of the change from `oldKids` to `newKids` (S1 both
 * ways, G1). Inside her own new node (`free`) rejecting drops the node around them anyway,
 * so only accepting is compared there.
 */
function exact(oldKids: readonly PMNode[], newKids: readonly PMNode[], out: readonly PMNode[], previous: PMNode | null, ctx: Context, free: boolean): boolean {
  const json = (nodes: readonly PMNode[]) => [...(previous ? [previous.toJSON() as PmJson] : []), ...nodes.map((n) => n.toJSON() as PmJson)];
  const [o, n, r] = [json(oldKids), json(newKids), json(out)];
  if (!free && canonicalBlocks(rejectAuthor(o, ctx.author)) !== canonicalBlocks(rejectAuthor(r, ctx.author))) return false;
  if (acceptedShape(withoutCopiedCarriers(o, n), ctx.author) !== acceptedShape(r, ctx.author)) return false;
  return suggestionKeys(o, ctx.author) === suggestionKeys(r, ctx.author);
}

/**
 * The content after an edit without the block suggestions ProseMirror copied along (a split
 * copies the node's attributes to both halves): each carrier counts as often as it was there.
 */
export function withoutCopiedCarriers(before: readonly PmJson[], after: readonly PmJson[]): PmJson[] {
  const excess = new Map<string, number>();
  const tally = (node: PmJson, by: number) => {
    const value = node.attrs?.[BLOCK_SUGGESTION_ATTR];
    if (typeof value === 'string') excess.set(value, (excess.get(value) ?? 0) + by);
    node.content?.forEach((child) => tally(child, by));
  };
  after.forEach((node) => tally(node, 1));
  before.forEach((node) => tally(node, -1));
  // The copy is the second half of a split: the last of neighbours with the same carrier.
  const carrier = (node: PmJson | undefined) => node?.attrs?.[BLOCK_SUGGESTION_ATTR];
  const strip = (nodes: readonly PmJson[]): PmJson[] => {
    const out = nodes.map((node) => ({ ...node, ...(node.content ? { content: strip(node.content) } : {}) }));
    for (let i = out.length - 1; i > 0; i--) {
      const value = carrier(out[i]);
      if (typeof value !== 'string' || (excess.get(value) ?? 0) <= 0 || carrier(out[i - 1]) !== value || carrier(out[i + 1]) === value) continue;
      excess.set(value, excess.get(value)! - 1);
      out[i] = { ...out[i], attrs: { ...out[i].attrs, [BLOCK_SUGGESTION_ATTR]: null } };
    }
    return out;
  };
  return strip(after);
}

/**
 * The document as the author sees it when her suggestions (and others' removals she
 * confirmed) are accepted, without ids and suggestion marks: what accept-all must give.
 */
export function acceptedShape(blocks: readonly PmJson[], author: string): string {
  const accepted = resolveSuggestions(blocks, (s) => (s.author === author || s.kind === 'deletion' || s.kind === 'delete' || s.kind === 'join' ? 'accept' : null));
  const clean = (node: PmJson): PmJson => {
    const attrs: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node.attrs ?? {})) if (value !== null && value !== undefined && !IGNORED_ATTRS.has(key)) attrs[key] = value;
    const marks = (node.marks ?? []).filter((m) => !SUGGESTION_MARK_SET.has(m.type));
    // No content and empty content are the same node (an emptied paragraph, a fresh one).
    return { type: node.type, attrs, marks, ...(node.text !== undefined ? { text: node.text } : {}), ...(node.content?.length ? { content: node.content.map(clean) } : {}) };
  };
  return canonicalBlocks(accepted.map(clean));
}

/** Rebuilds changed siblings: same shape → text only; else the token stream; else node by node. */
function rebuildLevel(oldKids: readonly PMNode[], newKids: readonly PMNode[], startB: number, startO: number, around: BlockMode, hint: number | null, ctx: Context, anchors: Anchor[], previous: PMNode | null): PMNode[] {
  if (oldKids.length === newKids.length && oldKids.every((b, i) => sameShape(b, newKids[i]))) {
    const out: PMNode[] = [];
    let pb = startB;
    let po = startO;
    for (let i = 0; i < oldKids.length; i++) {
      const node = rebuildSameShape(oldKids[i], newKids[i], pb, po, around, hint, ctx, anchors);
      out.push(node);
      pb += newKids[i].nodeSize;
      po += node.nodeSize;
    }
    return out;
  }
  const mark = anchors.length;
  let blocked: Blocked | null = null;
  try {
    const out = rebuildTokens(oldKids, newKids, startB, startO, around, hint, ctx, anchors);
    if (exact(oldKids, newKids, out, previous, ctx, around.free)) return out;
  } catch (error) {
    if (!(error instanceof Blocked) && !(error instanceof RangeError)) throw error;
    if (error instanceof Blocked && error.reason !== 'unsupported') blocked = error;
  }
  anchors.length = mark;
  let out: PMNode[];
  try {
    out = rebuildPairs(oldKids, newKids, startB, startO, around, hint, ctx, anchors, previous);
  } catch (error) {
    if (blocked) throw blocked;
    throw error;
  }
  if (!exact(oldKids, newKids, out, previous, ctx, around.free)) throw blocked ?? new Blocked('unsupported');
  return out;
}

/**
 * Typing on after one's own insertion (or deleting on next to one's own deletion) extends
 * that suggestion instead of making a new one per keystroke, and typing next to one's own
 * deletion joins it into one replacement: the transaction's fresh id becomes the
 * neighbour's, on all its carriers.
 */
function continueOwnSuggestions(blocks: PMNode[], ctx: Context): PMNode[] {
  const fresh = ctx.freshIds();
  let target: string | null = null;
  const visit = (node: PMNode) => {
    if (target) return;
    if (node.inlineContent) {
      const children = childrenOf(node);
      children.forEach((child, i) => {
        for (const name of ['insertion', 'deletion']) {
          const mark = child.marks.find((m) => m.type.name === name);
          if (target || !mark || !fresh.has(mark.attrs.id as string)) continue;
          for (const neighbour of [children[i - 1], children[i + 1]]) {
            // Typing next to one's own deletion (delete, then type) makes it a replacement: one id.
            const other = neighbour?.marks.find((m) => m.type.name === name || (name === 'insertion' && m.type.name === 'deletion'));
            if (other && ctx.isOwn(other) && !fresh.has(other.attrs.id as string)) {
              target = other.attrs.id as string;
              break;
            }
          }
        }
      });
      return;
    }
    node.forEach(visit);
  };
  blocks.forEach(visit);
  if (!target) return blocks;
  const to: string = target;
  const renameMark = (m: Mark) => (fresh.has(m.attrs.id as string) && isSuggestionMark(m) ? m.type.create({ ...m.attrs, id: to }) : m);
  const rename = (node: PMNode): PMNode => {
    if (node.isText) return node.mark(node.marks.map(renameMark));
    let attrs = node.attrs;
    const s = suggestionOf(node);
    if (s && fresh.has(s.id)) attrs = { ...attrs, [BLOCK_SUGGESTION_ATTR]: formatBlockSuggestion({ ...s, id: to }) };
    if (node.isLeaf) return node.type.create(attrs, null, node.marks.map(renameMark));
    if (node.inlineContent) {
      const parts: CharOut[] = childrenOf(node).map((child) => ({ item: { src: 'P' }, node: rename(child) }));
      return node.type.create(attrs, Fragment.fromArray(inlineContent(parts, ctx.schema)), node.marks);
    }
    return node.type.create(attrs, Fragment.fromArray(childrenOf(node).map(rename)), node.marks);
  };
  return blocks.map(rename);
}

/**
 * A move (Tab, Shift-Tab, an item dragged elsewhere) copies staff text to its new place: that
 * text is not the author's, so at the new place it carries no insertion mark — deleting it
 * there then strikes it through instead of removing it (nobody's text disappears silently).
 * A textblock inside her new node counts as moved when the same text sits in a node this
 * transaction suggests deleting.
 */
function unmarkMovedText(blocks: PMNode[], ctx: Context): PMNode[] {
  const fresh = ctx.freshIds();
  if (!fresh.size) return blocks;
  const [gid] = [...fresh];
  const carrierIs = (node: PMNode, kind: string) => {
    const s = suggestionOf(node);
    return !!s && s.id === gid && s.kind === kind;
  };
  const removed = new Map<string, number>();
  const collect = (node: PMNode, inside: boolean) => {
    const here = inside || carrierIs(node, 'delete');
    if (node.isTextblock) {
      if (here && node.textContent) removed.set(node.textContent, (removed.get(node.textContent) ?? 0) + 1);
      return;
    }
    node.forEach((child) => collect(child, here));
  };
  blocks.forEach((b) => collect(b, false));
  if (!removed.size) return blocks;
  const ownFresh = (m: Mark) => m.type.name === 'insertion' && m.attrs.id === gid;
  const unmark = (node: PMNode, inside: boolean): PMNode => {
    const here = inside || carrierIs(node, 'insert');
    if (node.isTextblock) {
      const left = removed.get(node.textContent) ?? 0;
      const allFresh = childrenOf(node).every((child) => !child.isText || child.marks.some(ownFresh) || child.marks.some((m) => m.type.name === 'deletion'));
      if (!here || !left || !allFresh) return node;
      removed.set(node.textContent, left - 1);
      return node.type.create(node.attrs, Fragment.fromArray(childrenOf(node).map((child) => (child.isText ? child.mark(child.marks.filter((m) => !ownFresh(m))) : child))), node.marks);
    }
    if (node.isLeaf) return node;
    return node.type.create(node.attrs, Fragment.fromArray(childrenOf(node).map((child) => unmark(child, here))), node.marks);
  };
  return blocks.map((b) => unmark(b, false));
}

function indexAt(parent: PMNode, pos: number, edge: 'start' | 'end'): number {
  let offset = 0;
  for (let i = 0; i < parent.childCount; i++) {
    const size = parent.child(i).nodeSize;
    if (edge === 'start' ? pos < offset + size : pos <= offset) return i;
    offset += size;
  }
  return parent.childCount;
}

function offsetOf(parent: PMNode, index: number): number {
  let offset = 0;
  for (let i = 0; i < index; i++) offset += parent.child(i).nodeSize;
  return offset;
}

/** Where the transaction's first change starts, in the final document. */
function editPosition(tr: Transaction): number | null {
  let hint: number | null = null;
  tr.mapping.maps.forEach((map, index) => {
    map.forEach((_oldStart, _oldEnd, newStart) => {
      const pos = tr.mapping.slice(index + 1).map(newStart, -1);
      hint = hint === null ? pos : Math.min(hint, pos);
    });
  });
  return hint;
}

function suggestionKeys(blocks: PmJson[], author: string): string {
  return findSuggestions(blocks)
    .filter((s) => s.author !== author)
    .map((s) => `${s.id}:${s.author}:${s.kind}`)
    .sort()
    .join('|');
}

/** The changed stretch: the deepest node unchanged in type whose children hold the whole change. */
interface Region {
  /** The parent, before and after, and where its content starts. */
  before: PMNode;
  after: PMNode;
  contentStart: number;
  first: number;
  lastB: number;
  lastA: number;
  /** The mode there: inside the author's own new node, edits are direct. */
  mode: BlockMode;
  /** Index of the top-level block holding the region (null when the region is top level). */
  top: number | null;
}

function findRegion(before: PMNode, after: PMNode, ctx: Context): Region | null {
  let parentB = before;
  let parentA = after;
  let contentStart = 0;
  let mode: BlockMode = { free: false, gid: '' };
  let top: number | null = null;
  for (;;) {
    const start = parentB.content.findDiffStart(parentA.content);
    if (start === null) return null;
    const end = parentB.content.findDiffEnd(parentA.content) ?? { a: parentB.content.size, b: parentA.content.size };
    let endB = end.a;
    let endA = end.b;
    const shortfall = start - Math.min(endA, endB);
    if (shortfall > 0) {
      endA += shortfall;
      endB += shortfall;
    }
    let first = indexAt(parentB, start, 'start');
    let lastB = Math.max(first, indexAt(parentB, endB, 'end'));
    let lastA = Math.max(first, indexAt(parentA, endA, 'end'));
    const tail = Math.min(parentB.childCount - lastB, parentA.childCount - lastA);
    lastB = parentB.childCount - tail;
    lastA = parentA.childCount - tail;
    // Whole siblings equal at either end are outside the change (a removed row is then just that row).
    while (first < lastB && first < lastA && parentB.child(first).eq(parentA.child(first))) first++;
    while (lastB > first && lastA > first && parentB.child(lastB - 1).eq(parentA.child(lastA - 1))) {
      lastB--;
      lastA--;
    }
    const region = { before: parentB, after: parentA, contentStart, first, lastB, lastA, mode, top };
    if (lastB - first !== 1 || lastA - first !== 1) return region;
    const b = parentB.child(first);
    const a = parentA.child(first);
    if (b.isTextblock || b.isLeaf || b.type !== a.type || !sameBase(b, a)) return region;
    // One container changed inside, same type and attributes: descend into it.
    top ??= first;
    mode = modeInside(b, mode, ctx);
    contentStart += offsetOf(parentB, first) + 1;
    parentB = b;
    parentA = a;
  }
}

/** Turns a user's transaction (on `state`) into its suggestion form. */
export function suggestTransaction(state: EditorState, tr: Transaction, options: SuggestOptions): SuggestResult {
  if (!tr.docChanged || !isOwnUserTransaction(tr)) return { type: 'pass' };
  const author = options.author;
  const ctx = new Context(state.schema, author, options.newId ?? (() => createSuggestionId(author)));
  const region = findRegion(state.doc, tr.doc, ctx);
  if (!region) return { type: 'pass' };
  const { first, lastB, lastA, contentStart } = region;
  const oldKids = childrenOf(region.before).slice(first, lastB);
  const newKids = childrenOf(region.after).slice(first, lastA);
  const regionStart = contentStart + offsetOf(region.before, first);
  const oldSize = oldKids.reduce((n, b) => n + b.nodeSize, 0);
  const newSize = newKids.reduce((n, b) => n + b.nodeSize, 0);
  const hint = editPosition(tr);
  const previous = first > 0 ? region.before.child(first - 1) : null;

  const anchors: Anchor[] = [];
  let outKids: PMNode[];
  try {
    // Outside her own new node, carriers get the transaction's one fresh id (made only if needed).
    const mode: BlockMode = region.mode.free ? region.mode : { free: false, get gid() { return ctx.fresh(); } };
    outKids = rebuildLevel(oldKids, newKids, regionStart, regionStart, mode, hint, ctx, anchors, previous);
    for (const node of outKids) node.check();
    outKids = continueOwnSuggestions(unmarkMovedText(outKids, ctx), ctx);
  } catch (error) {
    if (error instanceof Blocked) return { type: 'blocked', reason: error.reason };
    return { type: 'blocked', reason: 'unsupported' };
  }

  const next = state.tr;
  try {
    next.replaceWith(regionStart, regionStart + oldSize, Fragment.fromArray(outKids));
  } catch {
    return { type: 'blocked', reason: 'unsupported' };
  }
  const outSize = outKids.reduce((n, b) => n + b.nodeSize, 0);

  // The server's check (S1), on the top-level blocks it would read, plus the one before (a split or join reaches it).
  const topFirst = region.top ?? first;
  const context = topFirst > 0 ? [state.doc.child(topFirst - 1).toJSON() as PmJson] : [];
  const topJson = (doc: PMNode, from: number, to: number) => childrenOf(doc).slice(from, to).map((b) => b.toJSON() as PmJson);
  const oldJson = [...context, ...topJson(state.doc, topFirst, region.top === null ? lastB : topFirst + 1)];
  const outJson = [...context, ...topJson(next.doc, topFirst, region.top === null ? first + outKids.length : topFirst + 1)];
  if (canonicalBlocks(rejectAuthor(oldJson, author)) !== canonicalBlocks(rejectAuthor(outJson, author))) return { type: 'blocked', reason: 'unsupported' };
  if (suggestionKeys(oldJson, author) !== suggestionKeys(outJson, author)) return { type: 'blocked', reason: 'conflict' };
  if (!keepsOthersTextInOwnNodes(oldJson, outJson, author)) return { type: 'blocked', reason: 'unsupported' };

  // Where the person's cursor goes: the same place relative to the content they see.
  const forwardDelete = state.selection.empty && tr.selection.empty && tr.selection.head === state.selection.head;
  const mapPos = (pos: number): number => {
    if (pos <= regionStart) return pos;
    if (pos >= regionStart + newSize) return pos - newSize + outSize;
    const exactAnchors = anchors.filter((x) => x.a === pos).map((x) => x.o);
    if (exactAnchors.length) return forwardDelete ? Math.max(...exactAnchors) : Math.min(...exactAnchors);
    let best: Anchor | null = null;
    for (const x of anchors) if (x.a < pos && (!best || x.a > best.a)) best = x;
    return Math.min(regionStart + outSize, best ? best.o + (pos - best.a) : regionStart);
  };
  const mappable: Mappable = {
    map: (pos) => mapPos(pos),
    mapResult: (pos) => ({ pos: mapPos(pos), deleted: false, deletedBefore: false, deletedAfter: false, deletedAcross: false }) as unknown as MapResult,
  };
  try {
    next.setSelection(tr.selection.map(next.doc, mappable));
  } catch {
    next.setSelection(Selection.near(next.doc.resolve(Math.min(mapPos(tr.selection.head), next.doc.content.size))));
  }
  if (tr.storedMarks) next.setStoredMarks(tr.storedMarks.filter((m) => !isSuggestionMark(m)));
  for (const key of ['uiEvent', 'paste', 'pointer', 'composition']) {
    const value = tr.getMeta(key);
    if (value !== undefined) next.setMeta(key, value);
  }
  if (tr.scrolledIntoView) next.scrollIntoView();
  const used = [...ctx.freshIds()].filter((id) => JSON.stringify(outJson).includes(`${id}`));
  next.setMeta(SUGGESTED_META, { author, ids: used });
  return { type: 'suggest', transaction: next };
}

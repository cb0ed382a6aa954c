/**
 * Suggestion mode as a transaction transform (shared/suggestions/model.ts has the model).
 *
 * A user's transaction is applied to a scratch copy, the changed stretch of top-level blocks
 * is compared before/after, and a replacement transaction is built that says the same thing
 * as suggestions of `author`:
 *
 * - new text gets the author's `insertion` mark (never another author's: inserted content
 *   loses every suggestion mark it would have inherited or brought along);
 * - removed text stays, marked `deletion`; text that already carries a deletion is left as
 *   is; the author's own pending insertion really goes; someone else's pending insertion is
 *   marked `deletion` (a suggestion to drop their suggestion);
 * - a formatting change on existing text is applied and recorded with `formatChange`
 *   ({added, removed}); inside the author's own insertion it is simply applied;
 * - block structure becomes the `suggestion` attribute of top-level blocks: Enter → `split`
 *   on the new block, removing a block boundary → `join` on the second block, a new type or
 *   heading level → `retype` with `from`, new blocks → `insert`, whole blocks removed →
 *   `delete`. Inside the author's own new block, everything is edited directly.
 * - structure inside lists, tables and quotes (a new list item, a lifted item) is
 *   suggested as replacing the whole top-level block: the old one marked `delete`, the new
 *   one `insert` — unless the old one holds other people's suggestions, then it is refused.
 *
 * Before returning, the result is checked the way the server checks it (S1): rejecting the
 * author's suggestions gives the content before the transaction, and nobody else's
 * suggestions changed. What cannot be expressed as a suggestion is refused with a reason
 * (`blocked`) instead of being sent to a server that would refuse it.
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
import { canonicalBlocks, findSuggestions, rejectAuthor } from './resolve.js';

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
  | { t: 'char'; node: PMNode; pos: number }
  | { t: 'open'; node: PMNode; pos: number }
  | { t: 'atom'; node: PMNode; pos: number };

interface Item {
  src: 'P' | 'N' | 'O' | 'S';
  old?: Tok;
  nw?: Tok;
}

interface Anchor {
  a: number;
  o: number;
}

function sameTok(a: Tok, b: Tok): boolean {
  if (a.t !== b.t) return false;
  if (a.t === 'open') return true;
  if (a.t === 'atom') return sameBase(a.node, b.node) && a.node.content.eq(b.node.content);
  if (a.node.isText || b.node.isText) return a.node.isText && b.node.isText && a.node.text === b.node.text;
  return a.node.type === b.node.type && JSON.stringify(a.node.attrs) === JSON.stringify(b.node.attrs);
}

function inlineTokens(block: PMNode, contentStart: number, into: Tok[] = []): Tok[] {
  block.forEach((child, offset) => {
    if (child.isText) {
      const text = child.text ?? '';
      for (let i = 0; i < text.length; i++) into.push({ t: 'char', node: child.cut(i, i + 1), pos: contentStart + offset + i });
    } else {
      into.push({ t: 'char', node: child, pos: contentStart + offset });
    }
  });
  return into;
}

function blockTokens(blocks: readonly PMNode[], start: number): Tok[] {
  const tokens: Tok[] = [];
  let pos = start;
  for (const block of blocks) {
    if (block.isTextblock) {
      tokens.push({ t: 'open', node: block, pos });
      inlineTokens(block, pos + 1, tokens);
    } else {
      tokens.push({ t: 'atom', node: block, pos });
    }
    pos += block.nodeSize;
  }
  return tokens;
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

/** Everything one transform needs: the schema, the author and lazily made ids. */
class Context {
  private ids = new Map<string, string>();
  constructor(
    readonly schema: Schema,
    readonly author: string,
    private readonly makeId: () => string,
  ) {}

  id(slot: string): string {
    let id = this.ids.get(slot);
    if (!id) {
      id = this.makeId();
      this.ids.set(slot, id);
    }
    return id;
  }

  freshIds(): Set<string> {
    return new Set(this.ids.values());
  }

  isOwn(mark: Mark | undefined): boolean {
    return !!mark && mark.attrs.author === this.author;
  }

  insertion(): Mark {
    return this.schema.marks.insertion.create({ id: this.id('insertion'), author: this.author });
  }

  deletion(): Mark {
    return this.schema.marks.deletion.create({ id: this.id('deletion'), author: this.author });
  }

  blockSuggestion(kind: BlockSuggestion['kind'], from?: BlockSuggestion['from']): string {
    return formatBlockSuggestion({ id: this.makeId(), author: this.author, kind, ...(from ? { from } : {}) });
  }

  /** Marks of removed content, or null when it really goes (the author's own insertion). */
  deletedMarks(old: readonly Mark[], free: boolean): readonly Mark[] | null {
    if (old.some((m) => m.type.name === 'deletion')) return old;
    const insertion = old.find((m) => m.type.name === 'insertion');
    if (insertion && this.isOwn(insertion)) return null;
    if (free && !insertion) return null;
    return this.deletion().addToSet(old);
  }

  /** Marks of new content: its formatting, plus the author's insertion outside their own new blocks. */
  insertedMarks(marks: readonly Mark[], free: boolean): readonly Mark[] {
    const plain = marks.filter((m) => !isSuggestionMark(m));
    return free ? markSet(plain) : this.insertion().addToSet(markSet(plain));
  }

  /** Marks of kept content whose formatting may have changed. */
  keptMarks(old: readonly Mark[], nw: readonly Mark[], free: boolean): readonly Mark[] {
    const oldSuggestions = old.filter(isSuggestionMark);
    const oldPlain = old.filter((m) => !isSuggestionMark(m));
    const newPlain = nw.filter((m) => !isSuggestionMark(m));
    if (Mark.sameSet(markSet(oldPlain), markSet(newPlain))) return old;
    const ownInsertion = oldSuggestions.some((m) => m.type.name === 'insertion' && this.isOwn(m));
    if (free || ownInsertion) return markSet(newPlain, oldSuggestions);
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
      id: change ? change.attrs.id : this.id('formatChange'),
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

interface BlockMode {
  /** The author's own new block: edits inside are direct. */
  free: boolean;
  /** The block is being suggested for deletion as a whole: removed text needs no marks. */
  wholeDelete?: boolean;
  /** Text moved from the author's own new block into an older one: kept text becomes an insertion, removed text goes. */
  forceInsert?: boolean;
}

/** Decides the output of each inline item of a block (dropped items are left out). */
function processChars(items: readonly Item[], mode: BlockMode, ctx: Context): CharOut[] {
  const out: CharOut[] = [];
  for (const item of items) {
    if (item.src === 'N') {
      const node = item.nw!.node;
      if (!node.isText && !mode.free) throw new Blocked('inlineNode');
      out.push({ item, node: node.mark(ctx.insertedMarks(node.marks, mode.free)) });
    } else if (item.src === 'O') {
      const node = item.old!.node;
      let marks: readonly Mark[] | null;
      if (mode.wholeDelete) marks = node.marks.some((m) => m.type.name === 'insertion' && ctx.isOwn(m)) ? null : node.marks;
      else marks = ctx.deletedMarks(node.marks, mode.free || !!mode.forceInsert);
      if (marks === null) continue;
      if (!node.isText && marks !== node.marks) throw new Blocked('inlineNode');
      out.push({ item, node: node.mark(marks) });
    } else {
      const oldNode = item.old!.node;
      const newNode = item.nw!.node;
      let marks = oldNode.isText ? ctx.keptMarks(oldNode.marks, newNode.marks, mode.free) : oldNode.marks;
      if (mode.forceInsert && oldNode.isText && !marks.some((m) => m.type.name === 'insertion' || m.type.name === 'deletion')) marks = ctx.insertion().addToSet(marks);
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

const ownSuggestion = (node: PMNode, ctx: Context) => {
  const s = parseBlockSuggestion(node.attrs[BLOCK_SUGGESTION_ATTR]);
  return s && s.author === ctx.author ? s : null;
};

function hasOthersSuggestions(node: PMNode, ctx: Context): boolean {
  return findSuggestions([node.toJSON() as PmJson]).some((s) => s.author !== ctx.author);
}

/** A copy of new content without any suggestion (marks, block attributes) or block ids. */
function stripped(node: PMNode, schema: Schema, top = true): PMNode {
  if (node.isText) return node.mark(node.marks.filter((m) => !isSuggestionMark(m)));
  const children: PMNode[] = [];
  node.forEach((child) => children.push(stripped(child, schema, false)));
  const attrs = { ...node.attrs };
  if (BLOCK_SUGGESTION_ATTR in attrs) attrs[BLOCK_SUGGESTION_ATTR] = null;
  if (top && BLOCK_ID_ATTR in attrs) attrs[BLOCK_ID_ATTR] = null;
  return node.type.create(attrs, Fragment.fromArray(children), node.marks.filter((m) => !isSuggestionMark(m)));
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
function rebuildSameShape(a: PMNode, b: PMNode, posB: number, posO: number, free: boolean, hint: number | null, ctx: Context, anchors: Anchor[]): PMNode {
  anchors.push({ a: posB, o: posO });
  if (a.isLeaf) {
    anchors.push({ a: posB + b.nodeSize, o: posO + a.nodeSize });
    return a;
  }
  anchors.push({ a: posB + 1, o: posO + 1 });
  if (a.isTextblock) {
    const items = diffTokens(inlineTokens(a, -1), inlineTokens(b, posB + 1), hint);
    const chars = processChars(items, { free }, ctx);
    charAnchors(chars, posO + 1, anchors);
    const node = a.type.create(a.attrs, inlineContent(chars, ctx.schema), a.marks);
    anchors.push({ a: posB + b.nodeSize - 1, o: posO + node.nodeSize - 1 });
    anchors.push({ a: posB + b.nodeSize, o: posO + node.nodeSize });
    return node;
  }
  const children: PMNode[] = [];
  let pb = posB + 1;
  let po = posO + 1;
  for (let i = 0; i < a.childCount; i++) {
    const child = rebuildSameShape(a.child(i), b.child(i), pb, po, free, hint, ctx, anchors);
    children.push(child);
    pb += b.child(i).nodeSize;
    po += child.nodeSize;
  }
  anchors.push({ a: pb + 1, o: po + 1 });
  return a.copy(Fragment.fromArray(children));
}

type Final =
  | { atom: PMNode; item: Item }
  | { type: NodeType; attrs: Record<string, unknown>; chars: CharOut[]; item: Item | null };

/** Structure changed: top-level blocks as a token stream (textblock openings, characters, other blocks). */
function rebuildBlocks(oldBlocks: readonly PMNode[], newBlocks: readonly PMNode[], start: number, hint: number | null, ctx: Context, anchors: Anchor[]): PMNode[] {
  const items = diffTokens(blockTokens(oldBlocks, start), blockTokens(newBlocks, start), hint);
  const groups: { item: Item; chars: Item[] }[] = [];
  for (const item of items) {
    const tok = (item.nw ?? item.old)!;
    if (tok.t === 'char') {
      const last = groups[groups.length - 1];
      if (!last || (last.item.nw ?? last.item.old)!.t !== 'open') throw new Blocked('unsupported');
      last.chars.push(item);
    } else {
      groups.push({ item, chars: [] });
    }
  }

  const out: Final[] = [];
  const lastTextblock = () => {
    const last = out[out.length - 1];
    if (!last || 'atom' in last) throw new Blocked('unsupported');
    return last;
  };
  for (const { item, chars } of groups) {
    const tok = (item.nw ?? item.old)!;
    if (tok.t === 'atom') {
      if (item.src === 'P' || item.src === 'S') out.push({ atom: item.old!.node, item });
      else if (item.src === 'N') {
        const node = stripped(item.nw!.node, ctx.schema);
        out.push({ atom: node.type.create({ ...node.attrs, [BLOCK_SUGGESTION_ATTR]: ctx.blockSuggestion('insert') }, node.content, node.marks), item });
      } else {
        const node = item.old!.node;
        const existing = parseBlockSuggestion(node.attrs[BLOCK_SUGGESTION_ATTR]);
        if (!existing) {
          if (hasOthersSuggestions(node, ctx)) throw new Blocked('conflict');
          out.push({ atom: node.type.create({ ...node.attrs, [BLOCK_SUGGESTION_ATTR]: ctx.blockSuggestion('delete') }, node.content, node.marks), item });
        } else if (existing.author === ctx.author && existing.kind === 'insert') {
          if (hasOthersSuggestions(node, ctx)) throw new Blocked('conflict');
        } else if (existing.kind === 'delete') {
          out.push({ atom: node, item });
        } else {
          throw new Blocked('conflict');
        }
      }
      continue;
    }

    if (item.src === 'P' || item.src === 'S') {
      const oldNode = item.old!.node;
      const newNode = item.nw!.node;
      const existing = parseBlockSuggestion(oldNode.attrs[BLOCK_SUGGESTION_ATTR]);
      let suggestion = (oldNode.attrs[BLOCK_SUGGESTION_ATTR] as string | null) ?? null;
      const free = existing?.author === ctx.author && existing.kind === 'insert';
      if (!sameBase(oldNode, newNode) && !free) {
        if (!existing) suggestion = ctx.blockSuggestion('retype', baseOf(oldNode));
        else if (existing.author === ctx.author && existing.kind === 'retype' && existing.from) {
          suggestion = JSON.stringify(existing.from) === JSON.stringify(baseOf(newNode)) ? null : oldNode.attrs[BLOCK_SUGGESTION_ATTR];
        } else throw new Blocked('conflict');
      }
      out.push({ type: newNode.type, attrs: { ...newNode.attrs, [BLOCK_ID_ATTR]: oldNode.attrs[BLOCK_ID_ATTR], [BLOCK_SUGGESTION_ATTR]: suggestion }, chars: processChars(chars, { free }, ctx), item });
    } else if (item.src === 'N') {
      const newNode = item.nw!.node;
      const kind = chars.some((c) => c.src !== 'N') ? 'split' : 'insert';
      out.push({
        type: newNode.type,
        attrs: { ...newNode.attrs, [BLOCK_ID_ATTR]: null, [BLOCK_SUGGESTION_ATTR]: ctx.blockSuggestion(kind) },
        chars: processChars(chars, { free: kind === 'insert' }, ctx),
        item,
      });
    } else {
      // A block boundary removed: the block joins the previous one, or goes as a whole.
      const oldNode = item.old!.node;
      const existing = parseBlockSuggestion(oldNode.attrs[BLOCK_SUGGESTION_ATTR]);
      const whole = chars.every((c) => c.src === 'O');
      const own = existing?.author === ctx.author;
      if (!existing) {
        out.push({ type: oldNode.type, attrs: { ...oldNode.attrs, [BLOCK_SUGGESTION_ATTR]: ctx.blockSuggestion(whole ? 'delete' : 'join') }, chars: processChars(chars, { free: false, wholeDelete: whole }, ctx), item });
      } else if (own && existing.kind === 'insert') {
        if (whole) {
          if (hasOthersSuggestions(oldNode, ctx)) throw new Blocked('conflict');
          continue;
        }
        lastTextblock().chars.push(...processChars(chars, { free: false, forceInsert: true }, ctx));
      } else if (own && existing.kind === 'split') {
        lastTextblock().chars.push(...processChars(chars, { free: false }, ctx));
      } else if (existing.kind === 'delete' || existing.kind === 'join') {
        out.push({ type: oldNode.type, attrs: oldNode.attrs, chars: processChars(chars, { free: false, wholeDelete: whole && existing.kind === 'delete' }, ctx), item });
      } else {
        throw new Blocked('conflict');
      }
    }
  }

  const nodes: PMNode[] = [];
  let pos = start;
  for (const final of out) {
    let node: PMNode;
    if ('atom' in final) {
      node = final.atom;
      if (final.item.nw) {
        anchors.push({ a: final.item.nw.pos, o: pos });
        anchors.push({ a: final.item.nw.pos + final.item.nw.node.nodeSize, o: pos + node.nodeSize });
      }
    } else {
      node = final.type.create(final.attrs, inlineContent(final.chars, ctx.schema));
      if (final.item?.nw) {
        anchors.push({ a: final.item.nw.pos, o: pos });
        anchors.push({ a: final.item.nw.pos + 1, o: pos + 1 });
      }
      charAnchors(final.chars, pos + 1, anchors);
    }
    node.check();
    nodes.push(node);
    pos += node.nodeSize;
  }
  return nodes;
}

/**
 * Typing on after one's own insertion (or deleting on next to one's own deletion) extends
 * that suggestion instead of making a new one per keystroke.
 */
function continueOwnSuggestions(blocks: PMNode[], ctx: Context): PMNode[] {
  const fresh = ctx.freshIds();
  const renames = new Map<string, string>();
  const visit = (node: PMNode) => {
    if (node.inlineContent) {
      const children: PMNode[] = [];
      node.forEach((child) => children.push(child));
      children.forEach((child, i) => {
        for (const name of ['insertion', 'deletion']) {
          const mark = child.marks.find((m) => m.type.name === name);
          if (!mark || !fresh.has(mark.attrs.id as string) || renames.has(mark.attrs.id as string)) continue;
          for (const neighbour of [children[i - 1], children[i + 1]]) {
            const other = neighbour?.marks.find((m) => m.type.name === name);
            if (other && ctx.isOwn(other) && !fresh.has(other.attrs.id as string)) {
              renames.set(mark.attrs.id as string, other.attrs.id as string);
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
  if (!renames.size) return blocks;
  const rename = (node: PMNode): PMNode => {
    if (node.isText) {
      return node.mark(node.marks.map((m) => (renames.has(m.attrs.id as string) && (m.type.name === 'insertion' || m.type.name === 'deletion') ? m.type.create({ ...m.attrs, id: renames.get(m.attrs.id as string) }) : m)));
    }
    if (node.isLeaf) return node;
    const children: PMNode[] = [];
    node.forEach((child) => children.push(rename(child)));
    return node.copy(Fragment.fromArray(children));
  };
  const merged = (node: PMNode): PMNode => {
    if (!node.inlineContent) {
      const children: PMNode[] = [];
      node.forEach((child) => children.push(merged(child)));
      return node.isLeaf ? node : node.copy(Fragment.fromArray(children));
    }
    const parts: CharOut[] = [];
    node.forEach((child) => parts.push({ item: { src: 'P' }, node: child }));
    return node.copy(Fragment.fromArray(inlineContent(parts, ctx.schema)));
  };
  return blocks.map((b) => merged(rename(b)));
}

function topIndexAt(doc: PMNode, pos: number, edge: 'start' | 'end'): number {
  let offset = 0;
  for (let i = 0; i < doc.childCount; i++) {
    const size = doc.child(i).nodeSize;
    if (edge === 'start' ? pos < offset + size : pos <= offset) return i;
    offset += size;
  }
  return doc.childCount;
}

function offsetOf(doc: PMNode, index: number): number {
  let offset = 0;
  for (let i = 0; i < index; i++) offset += doc.child(i).nodeSize;
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

/** Turns a user's transaction (on `state`) into its suggestion form. */
export function suggestTransaction(state: EditorState, tr: Transaction, options: SuggestOptions): SuggestResult {
  if (!tr.docChanged || !isOwnUserTransaction(tr)) return { type: 'pass' };
  const author = options.author;
  const ctx = new Context(state.schema, author, options.newId ?? (() => createSuggestionId(author)));
  const before = state.doc;
  const after = tr.doc;
  const start = before.content.findDiffStart(after.content);
  if (start === null) return { type: 'pass' };
  const end = before.content.findDiffEnd(after.content) ?? { a: before.content.size, b: after.content.size };
  let endB = end.a;
  let endA = end.b;
  const shortfall = start - Math.min(endA, endB);
  if (shortfall > 0) {
    endA += shortfall;
    endB += shortfall;
  }
  const first = topIndexAt(before, start, 'start');
  let lastB = Math.max(first, topIndexAt(before, endB, 'end'));
  let lastA = Math.max(first, topIndexAt(after, endA, 'end'));
  const tail = Math.min(before.childCount - lastB, after.childCount - lastA);
  lastB = before.childCount - tail;
  lastA = after.childCount - tail;

  const oldBlocks: PMNode[] = [];
  const newBlocks: PMNode[] = [];
  for (let i = first; i < lastB; i++) oldBlocks.push(before.child(i));
  for (let i = first; i < lastA; i++) newBlocks.push(after.child(i));
  const regionStart = offsetOf(before, first);
  const oldSize = oldBlocks.reduce((n, b) => n + b.nodeSize, 0);
  const newSize = newBlocks.reduce((n, b) => n + b.nodeSize, 0);
  const hint = editPosition(tr);

  const anchors: Anchor[] = [];
  let outBlocks: PMNode[];
  try {
    if (oldBlocks.length === newBlocks.length && oldBlocks.every((b, i) => sameShape(b, newBlocks[i]))) {
      outBlocks = [];
      let pb = regionStart;
      let po = regionStart;
      for (let i = 0; i < oldBlocks.length; i++) {
        const own = ownSuggestion(oldBlocks[i], ctx);
        const block = rebuildSameShape(oldBlocks[i], newBlocks[i], pb, po, own?.kind === 'insert', hint, ctx, anchors);
        outBlocks.push(block);
        pb += newBlocks[i].nodeSize;
        po += block.nodeSize;
      }
    } else {
      outBlocks = rebuildBlocks(oldBlocks, newBlocks, regionStart, hint, ctx, anchors);
    }
    for (const block of outBlocks) block.check();
    outBlocks = continueOwnSuggestions(outBlocks, ctx);
  } catch (error) {
    if (error instanceof Blocked) return { type: 'blocked', reason: error.reason };
    return { type: 'blocked', reason: 'unsupported' };
  }

  // The server's check (S1), on the same blocks plus the one before (a split or join reaches it).
  const context = first > 0 ? [before.child(first - 1).toJSON() as PmJson] : [];
  const oldJson = [...context, ...oldBlocks.map((b) => b.toJSON() as PmJson)];
  const outJson = [...context, ...outBlocks.map((b) => b.toJSON() as PmJson)];
  if (canonicalBlocks(rejectAuthor(oldJson, author)) !== canonicalBlocks(rejectAuthor(outJson, author))) return { type: 'blocked', reason: 'unsupported' };
  if (suggestionKeys(oldJson, author) !== suggestionKeys(outJson, author)) return { type: 'blocked', reason: 'conflict' };

  const next = state.tr;
  try {
    next.replaceWith(regionStart, regionStart + oldSize, Fragment.fromArray(outBlocks));
  } catch {
    return { type: 'blocked', reason: 'unsupported' };
  }
  const outSize = outBlocks.reduce((n, b) => n + b.nodeSize, 0);

  // Where the person's cursor goes: the same place relative to the content they see.
  const forwardDelete = state.selection.empty && tr.selection.empty && tr.selection.head === state.selection.head;
  const mapPos = (pos: number): number => {
    if (pos <= regionStart) return pos;
    if (pos >= regionStart + newSize) return pos - newSize + outSize;
    const exact = anchors.filter((x) => x.a === pos).map((x) => x.o);
    if (exact.length) return forwardDelete ? Math.max(...exact) : Math.min(...exact);
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
  next.setMeta(SUGGESTED_META, { author, ids: [...ctx.freshIds()] });
  return { type: 'suggest', transaction: next };
}

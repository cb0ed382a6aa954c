/**
 * [G1][G2][S1] Suggestions in nested structure, as a seeded property test: random documents
 * with nested lists, tables and headings, and random partner edit scripts through the real
 * ProseMirror commands (type, delete, Enter inside items, Backspace at item start, Tab,
 * Shift-Tab, paste over a selection, add and remove rows). After every step:
 * - rejecting all of the partner's suggestions gives the document before her edits, exactly;
 * - accepting them all gives what she made;
 * - the step made at most one new suggestion id (one place edited, one suggestion);
 * - no node outside the edited stretch changed;
 * - the server's S1 check (server/collab/suggestCheck.ts) accepts the result.
 * The seed is printed; G1_SEED=<n> replays one, G1_ROUNDS sets the rounds per seed (half of
 * them are run a second time with another partner's suggestions inside list items).
 */
import { describe, expect, it } from 'vitest';
import { EditorState, type Transaction } from '@tiptap/pm/state';
import { Fragment, Slice, type Node as PMNode } from '@tiptap/pm/model';
import { liftListItem, sinkListItem, splitListItem } from '@tiptap/pm/schema-list';
import { deleteSelection } from '@tiptap/pm/commands';
import type { PmJson } from '../../shared/editor/json.js';
import { canonicalBlocks, describeSuggestions, findSuggestions, groupKind, rejectAuthor, resolveSuggestions } from '../../shared/suggestions/resolve.js';
import { acceptedShape, createSuggestionId, suggestTransaction } from '../../shared/suggestions/transform.js';
import { isOnlySuggestion } from '../../server/collab/suggestCheck.js';
import { backspace, blocksOf, enter, ins, ME, OTHER, run, schema, text, withSelection } from '../helpers/suggestSession.js';
import { createPrng, type Prng } from '../helpers/prng.js';

const p = (value: string, marks?: PmJson['marks']): PmJson => ({ type: 'paragraph', content: value ? [text(value, marks)] : [] });
const li = (...content: PmJson[]): PmJson => ({ type: 'listItem', content });
const cell = (type: 'tableCell' | 'tableHeader', value: string): PmJson => ({ type, content: [p(value)] });

/**
 * A random document: headings, paragraphs, bullet and ordered lists (some nested), a table;
 * some text another partner suggested (also inside list items with `othersInItems`).
 */
export function randomDoc(prng: Prng, othersInItems = false): PMNode {
  const blocks: PmJson[] = [{ type: 'heading', attrs: { id: 'h0', level: 1 + prng.int(2) }, content: [text('Instrumenten voor partners')] }];
  const count = 3 + prng.int(3);
  for (let i = 0; i < count; i++) {
    const kind = prng.int(4);
    const id = `b${i}`;
    if (kind === 0) blocks.push({ type: 'paragraph', attrs: { id }, content: [text(`Alinea ${i} `), ...(prng.chance(0.3) ? [text('voorstel', [ins(`y-${i}`, OTHER)])] : []), text(' van het team.')] });
    else if (kind === 3) {
      const rows = 2 + prng.int(2);
      const content: PmJson[] = [{ type: 'tableRow', content: [cell('tableHeader', 'Wie'), cell('tableHeader', 'Wat')] }];
      for (let r = 1; r < rows; r++) content.push({ type: 'tableRow', content: [cell('tableCell', `Partner ${r}`), cell('tableCell', `Taak ${r}`)] });
      blocks.push({ type: 'table', attrs: { id }, content });
    } else {
      const items: PmJson[] = [];
      const n = 2 + prng.int(3);
      for (let k = 0; k < n; k++) {
        const nested = prng.chance(0.3) ? [{ type: 'bulletList', content: [li(p(`Sub ${k}a`)), li(p(`Sub ${k}b`))] }] : [];
        const text = othersInItems && prng.chance(0.2) ? { type: 'paragraph', content: [{ type: 'text', text: `Punt ${i}.${k} ` }, { type: 'text', text: 'extra', marks: [ins(`y-${i}-${k}`, OTHER)] }] } : p(`Punt ${i}.${k} tekst`);
        items.push(li(text, ...nested));
      }
      blocks.push({ type: kind === 1 ? 'bulletList' : 'orderedList', attrs: { id }, content: items });
    }
  }
  blocks.push({ type: 'paragraph', attrs: { id: 'end' }, content: [text('Slot.')] });
  return schema.nodeFromJSON({ type: 'doc', content: blocks });
}

/** Cursor positions inside textblocks, optionally only those inside a list item or a cell. */
function positions(doc: PMNode, where: 'any' | 'item' | 'cell' = 'any'): number[] {
  const out: number[] = [];
  doc.descendants((node, pos, parent) => {
    if (node.isTextblock) {
      const ok = where === 'any' || (where === 'item' ? parent?.type.name === 'listItem' : parent?.type.name === 'tableCell' || parent?.type.name === 'tableHeader');
      if (ok) for (let i = 0; i <= node.content.size; i++) out.push(pos + 1 + i);
      return false;
    }
    return true;
  });
  return out;
}

function itemStarts(doc: PMNode): number[] {
  const out: number[] = [];
  doc.descendants((node, pos, parent) => {
    if (node.isTextblock && parent?.type.name === 'listItem' && parent.firstChild === node) out.push(pos + 1);
    return !node.isTextblock;
  });
  return out;
}

/** The rows of the document's tables with their positions. */
function rows(doc: PMNode): { pos: number; node: PMNode; table: PMNode }[] {
  const out: { pos: number; node: PMNode; table: PMNode }[] = [];
  doc.descendants((node, pos, parent) => {
    if (node.type.name === 'tableRow' && parent) out.push({ pos, node, table: parent });
    return node.type.name !== 'tableRow';
  });
  return out;
}

const pick = (prng: Prng, list: number[]) => (list.length ? list[prng.int(list.length)] : null);

/**
 * Types `word` at `at` as the partner means it: ProseMirror would let text typed inside a
 * suggested run inherit its suggestion mark; the transform never keeps that, so neither
 * does the expected result.
 */
function typeAt(state: EditorState, at: number, word: string, to = at): Transaction {
  const tr = withSelection(state, at, to).tr.insertText(word);
  for (const name of ['insertion', 'deletion', 'formatChange']) tr.removeMark(at, at + word.length, schema.marks[name]);
  return tr;
}

type Make = (state: EditorState, prng: Prng) => Transaction | null;
const ACTIONS: { name: string; make: Make }[] = [
  { name: 'type', make: (s, r) => { const at = pick(r, positions(s.doc)); return at === null ? null : typeAt(s, at, r.word()); } },
  { name: 'type in an item', make: (s, r) => { const at = pick(r, positions(s.doc, 'item')); return at === null ? null : typeAt(s, at, r.word()); } },
  { name: 'type in a cell', make: (s, r) => { const at = pick(r, positions(s.doc, 'cell')); return at === null ? null : typeAt(s, at, r.word()); } },
  { name: 'type over a selection', make: (s, r) => {
    const all = positions(s.doc);
    const i = r.int(all.length);
    const j = Math.min(all.length - 1, i + r.int(12));
    return all[i] === all[j] ? null : typeAt(s, all[i], r.word(), all[j]);
  } },
  { name: 'delete a range', make: (s, r) => {
    const all = positions(s.doc);
    const i = r.int(all.length);
    const j = Math.min(all.length - 1, i + 1 + r.int(25));
    return run(withSelection(s, all[i], all[j]), deleteSelection);
  } },
  { name: 'Enter in an item', make: (s, r) => { const at = pick(r, positions(s.doc, 'item')); return at === null ? null : run(withSelection(s, at), enter); } },
  { name: 'Enter at the end of an item', make: (s, r) => {
    const ends: number[] = [];
    s.doc.descendants((node, pos, parent) => {
      if (node.isTextblock && parent?.type.name === 'listItem') ends.push(pos + 1 + node.content.size);
      return !node.isTextblock;
    });
    const at = pick(r, ends);
    if (at === null) return null;
    const split = run(withSelection(s, at), splitListItem(schema.nodes.listItem));
    return split && r.chance(0.7) ? split.insertText(r.word()) : split;
  } },
  { name: 'Backspace at item start', make: (s, r) => { const at = pick(r, itemStarts(s.doc)); return at === null ? null : run(withSelection(s, at), backspace); } },
  { name: 'Tab', make: (s, r) => { const at = pick(r, positions(s.doc, 'item')); return at === null ? null : run(withSelection(s, at), sinkListItem(schema.nodes.listItem)); } },
  { name: 'Shift-Tab', make: (s, r) => { const at = pick(r, positions(s.doc, 'item')); return at === null ? null : run(withSelection(s, at), liftListItem(schema.nodes.listItem)); } },
  { name: 'paste over a selection', make: (s, r) => {
    const all = positions(s.doc);
    const i = r.int(all.length);
    const j = Math.min(all.length - 1, i + r.int(12));
    const state = withSelection(s, all[i], all[j]);
    const slice = r.chance(0.5)
      ? new Slice(Fragment.from(schema.text(r.word())), 0, 0)
      : new Slice(Fragment.from([schema.node('paragraph', null, [schema.text(r.word())]), schema.node('paragraph', null, [schema.text(r.word())])]), 1, 1);
    return state.tr.replaceSelection(slice);
  } },
  { name: 'add a row', make: (s, r) => {
    const all = rows(s.doc);
    if (!all.length) return null;
    const row = all[r.int(all.length)];
    const cells = [];
    for (let i = 0; i < row.node.childCount; i++) cells.push(schema.nodes.tableCell.create(null, schema.node('paragraph', null, r.chance(0.5) ? [schema.text(r.word())] : [])));
    return s.tr.insert(row.pos + row.node.nodeSize, schema.nodes.tableRow.create(null, cells));
  } },
  { name: 'remove a row', make: (s, r) => {
    const all = rows(s.doc).filter((row) => row.table.childCount > 1);
    if (!all.length) return null;
    const row = all[r.int(all.length)];
    return s.tr.delete(row.pos, row.pos + row.node.nodeSize);
  } },
];

const mine = (doc: PMNode) => new Set(findSuggestions(blocksOf(doc)).filter((s) => s.author === ME).map((s) => s.id));

/**
 * What she made, as she means it: ProseMirror's split copies a node's attributes to the new
 * half, so a pending carrier would appear twice. A carrier on a node that no node of the
 * document before maps to (through the transaction's mapping) is such a copy and is left out.
 */
function partnerResult(before: PMNode, tr: Transaction): PmJson[] {
  const starts = new Set<number>();
  const excess = new Map<string, number>();
  before.descendants((node, pos) => {
    if (typeof node.attrs.suggestion === 'string') {
      starts.add(tr.mapping.map(pos, 1));
      excess.set(node.attrs.suggestion, (excess.get(node.attrs.suggestion) ?? 0) - 1);
    }
    return true;
  });
  let doc = tr.doc;
  doc.descendants((node) => {
    if (typeof node.attrs.suggestion === 'string') excess.set(node.attrs.suggestion, (excess.get(node.attrs.suggestion) ?? 0) + 1);
    return true;
  });
  const copies: number[] = [];
  doc.descendants((node, pos) => {
    const value = node.attrs.suggestion;
    if (typeof value === 'string' && (excess.get(value) ?? 0) > 0 && !starts.has(pos)) {
      excess.set(value, excess.get(value)! - 1);
      copies.push(pos);
    }
    return true;
  });
  const fix = EditorState.create({ schema, doc }).tr;
  for (const pos of copies) fix.setNodeAttribute(pos, 'suggestion', null);
  doc = fix.doc;
  return blocksOf(doc);
}

/** Checks every property of one step; returns the state after it. */
function step(before: EditorState, tr: Transaction, label: string, prng: Prng, counts: Record<string, number>): EditorState {
  const result = suggestTransaction(before, tr, { author: ME, newId: () => createSuggestionId(ME, prng.next) });
  counts[result.type] = (counts[result.type] ?? 0) + 1;
  if (result.type === 'blocked') counts[`${label.replace(/^.*\(/, '(')} ${result.reason}`] = (counts[`${label.replace(/^.*\(/, '(')} ${result.reason}`] ?? 0) + 1;
  if (result.type !== 'suggest') {
    if (process.env.G1_DEBUG_BLOCKED && result.type === 'blocked') console.log(label, JSON.stringify(before.doc.toJSON()), JSON.stringify(tr.doc.toJSON()), JSON.stringify(tr.doc.toJSON()));
    return before;
  }
  const after = before.apply(result.transaction);
  after.doc.check();
  if (process.env.G1_DEBUG) console.log(label, JSON.stringify(before.doc.toJSON()), JSON.stringify(tr.doc.toJSON()), JSON.stringify(after.doc.toJSON()));
  const b = blocksOf(before.doc);
  const a = blocksOf(after.doc);
  // Reject-all gives what was there; accept-all gives what she made.
  expect(canonicalBlocks(rejectAuthor(a, ME)), `${label}: reject`).toBe(canonicalBlocks(rejectAuthor(b, ME)));
  if (process.env.G1_DEBUG) console.log('ACCEPT', acceptedShape(a, ME), '\nRAW', acceptedShape(partnerResult(before.doc, tr), ME));
  expect(acceptedShape(a, ME), `${label}: accept`).toBe(acceptedShape(partnerResult(before.doc, tr), ME));
  // One place edited, at most one new suggestion.
  const fresh = [...mine(after.doc)].filter((id) => !mine(before.doc).has(id));
  expect(fresh.length, `${label}: new ids ${fresh.join(',')}`).toBeLessThanOrEqual(1);
  // Nothing outside the stretch her edit changed is touched.
  const rawStart = before.doc.content.findDiffStart(tr.doc.content)!;
  const rawEnd = before.doc.content.findDiffEnd(tr.doc.content)!.a;
  const outStart = before.doc.content.findDiffStart(after.doc.content) ?? Infinity;
  const outEnd = before.doc.content.findDiffEnd(after.doc.content)?.a ?? -Infinity;
  // The edited textblock and the item, or cell and row, holding it may carry the suggestion; an edit
  // across items or rows may mark each of the nodes it crosses, below their common ancestor.
  const size = before.doc.content.size;
  const $start = before.doc.resolve(Math.min(rawStart, rawEnd, size));
  const $end = before.doc.resolve(Math.min(Math.max(rawStart, rawEnd), size));
  const shared = $start.sharedDepth($end.pos);
  const level = ($pos: typeof $start) => Math.max(1, Math.min(shared + 1, $pos.depth - 2));
  // At the very edge of a node's content, the diff may equally be said to start at the node.
  let ks = level($start);
  while (ks > 1 && $start.pos === $start.start(ks)) ks--;
  let ke = level($end);
  while (ke > 1 && $end.pos === $end.end(ke)) ke--;
  const allowedStart = $start.depth > 0 ? $start.before(Math.min(ks, $start.depth)) : $start.pos;
  const allowedEnd = $end.depth > 0 ? $end.after(Math.min(ke, $end.depth)) : $end.pos;
  expect(outStart, `${label}: change starts before the edit`).toBeGreaterThanOrEqual(allowedStart);
  expect(outEnd, `${label}: change ends after the edit`).toBeLessThanOrEqual(allowedEnd);
  // The server agrees (S1).
  expect(isOnlySuggestion(b, a, ME), `${label}: S1`).toBe(true);
  return after;
}

/** Runs one session; returns the outcomes. */
function session(seed: number, steps: number, counts: Record<string, number>, othersInItems = false): void {
  const prng = createPrng(seed);
  let state = EditorState.create({ schema, doc: randomDoc(prng, othersInItems) });
  const original = blocksOf(state.doc);
  for (let i = 0; i < steps; i++) {
    const action = ACTIONS[prng.int(ACTIONS.length)];
    let tr: Transaction | null = null;
    try {
      tr = action.make(state, prng);
    } catch {
      tr = null;
    }
    if (!tr || !tr.docChanged) continue;
    state = step(state, tr, `seed ${seed} step ${i} (${action.name})`, prng, counts);
  }
  expect(canonicalBlocks(rejectAuthor(blocksOf(state.doc), ME)), `seed ${seed}: reject all`).toBe(canonicalBlocks(rejectAuthor(original, ME)));
}

const SEEDS = process.env.G1_SEED ? [Number(process.env.G1_SEED)] : [17001, 17002, 17003, 17004, 17005, 17006, 17007, 17008];
const ROUNDS = Number(process.env.G1_ROUNDS ?? 6);
const STEPS = 20;

describe('[G1][G2] nested suggestions: random documents and partner edit scripts', () => {
  it('[G1][G2][S1] reject-all restores, accept-all gives her edit, one id per edit, nothing outside the edit changes, the server accepts', () => {
    const counts: Record<string, number> = {};
    for (const seed of SEEDS) {
      console.log(`suggestNested seed: ${seed} (replay with G1_SEED=${seed})`);
      for (let round = 0; round < ROUNDS; round++) session(seed * 100 + round, STEPS, counts);
      // The same seeds again with another partner's suggestions inside list items.
      for (let round = 0; round < ROUNDS / 2; round++) session(seed * 100 + round, STEPS, counts, true);
    }
    console.log('suggestNested outcomes', counts);
    expect(counts.suggest ?? 0).toBeGreaterThan((counts.blocked ?? 0) * 3);
  });
});

/** Sessions that once failed, kept as named tests (seed = G1 seed × 100 + round). */
const FAILED_ONCE: [number, string, boolean?][] = [
  [1700100, 'Enter in an item whose split copies her own pending join to the new item'],
  [1700102, 'typing inside a suggested run (the typed text must not inherit the suggestion)'],
  [1700103, 'paste over a selection across table cells (a ragged row)'],
  [1700201, 'removing a row whose text starts like the next row\'s'],
  [1700404, 'deleting all of an item\'s text next to her own split item'],
  [1700801, 'paste over a selection that puts back a boundary she had suggested joining'],
  [1700403, 'deleting a range that ends inside her own moved items (another partner\'s text in the list)', true],
];

describe('[G1][G2] nested suggestions: sessions that once failed', () => {
  for (const [seed, what, othersInItems] of FAILED_ONCE) {
    it(`[G1][G2] seed ${seed}: ${what}`, () => {
      session(seed, STEPS, {}, othersInItems);
    });
  }
});

describe('[G1][G2] what each nested edit becomes', () => {
  let n = 0;
  const options = () => ({ author: ME, newId: () => `me-${n++}` });
  const start = (content: PmJson[]) => EditorState.create({ schema, doc: schema.nodeFromJSON({ type: 'doc', content }) });
  const apply = (state: EditorState, tr: Transaction | null) => {
    const result = suggestTransaction(state, tr!, options());
    expect(result.type).toBe('suggest');
    if (result.type !== 'suggest') throw new Error('not suggested');
    return state.apply(result.transaction);
  };
  const decideAll = (state: EditorState, decision: 'accept' | 'reject') => canonicalBlocks(resolveSuggestions(blocksOf(state.doc), (s) => (s.author === ME ? decision : null)));
  /** Fixture JSON as the schema writes it (default attributes filled in). */
  const norm = (blocks: PmJson[]) => canonicalBlocks(blocksOf(schema.nodeFromJSON({ type: 'doc', content: blocks })));
  const list = (...items: string[]): PmJson => ({ type: 'bulletList', attrs: { id: 'l1' }, content: items.map((t) => li(p(t))) });
  const endOf = (state: EditorState, needle: string) => {
    let at = -1;
    state.doc.descendants((node, pos) => {
      if (node.isText && node.text?.includes(needle)) at = pos + node.text.indexOf(needle) + needle.length;
    });
    return at;
  };

  it('[G1] a new bullet (Enter at the end of an item, then typing) is one insert suggestion on that item; the rest of the list is untouched', () => {
    const original = [list('De CLTB', 'Tweede punt'), { type: 'paragraph', attrs: { id: 'p' }, content: [text('Slot.')] }];
    let state = start(original);
    state = apply(state, run(withSelection(state, endOf(state, 'Tweede punt')), splitListItem(schema.nodes.listItem)));
    state = apply(state, state.tr.insertText('Partners willen meedoen'));
    const groups = describeSuggestions(state.doc.toJSON() as PmJson);
    expect(groups).toHaveLength(1);
    expect(groupKind(groups[0].carriers)).toBe('newListItem');
    expect(groups[0].carriers.find((c) => c.kind === 'insert')).toMatchObject({ nodeType: 'listItem', path: [0, 2], text: 'Partners willen meedoen' });
    const items = state.doc.child(0);
    expect(items.child(0).attrs.suggestion).toBeNull();
    expect(items.child(1).attrs.suggestion).toBeNull();
    expect(decideAll(state, 'reject')).toBe(norm(original));
    expect(decideAll(state, 'accept')).toBe(norm([list('De CLTB', 'Tweede punt', 'Partners willen meedoen'), original[1]]));
  });

  it('[G2] selecting "De CLTB" and typing "Het CLTB" is one replacement: accept gives "Het CLTB", reject "De CLTB"', () => {
    let state = start([list('De CLTB beheert', 'Twee')]);
    const to = endOf(state, 'De CLTB');
    state = apply(state, withSelection(state, to - 7, to).tr.insertText('Het CLTB'));
    const groups = describeSuggestions(state.doc.toJSON() as PmJson);
    expect(groups).toHaveLength(1);
    expect(groupKind(groups[0].carriers)).toBe('replacement');
    expect(state.doc.child(0).child(0).textContent).toBe('HetDe CLTB beheert');
    expect(decideAll(state, 'accept')).toBe(norm([list('Het CLTB beheert', 'Twee')]));
    expect(decideAll(state, 'reject')).toBe(norm([list('De CLTB beheert', 'Twee')]));
  });

  it('[G2] deleting "De" and then typing "Het" in its place is one replacement too', () => {
    let state = start([list('De CLTB beheert', 'Twee')]);
    const to = endOf(state, 'De');
    state = apply(state, withSelection(state, to - 2, to).tr.deleteSelection());
    state = apply(state, state.tr.insertText('Het'));
    const groups = describeSuggestions(state.doc.toJSON() as PmJson);
    expect(groups).toHaveLength(1);
    expect(groupKind(groups[0].carriers)).toBe('replacement');
    expect(decideAll(state, 'accept')).toBe(norm([list('Het CLTB beheert', 'Twee')]));
    expect(decideAll(state, 'reject')).toBe(norm([list('De CLTB beheert', 'Twee')]));
  });

  it('[G1] Enter inside an item is a split on the new item; rejecting joins it back, accepting keeps two items', () => {
    const original = [list('Eerste punt', 'Twee')];
    let state = start(original);
    state = apply(state, run(withSelection(state, endOf(state, 'Eerste')), enter));
    // The cursor is at the start of the new item, as without suggesting.
    expect(state.selection.$from.parent.textContent).toBe(' punt');
    expect(state.selection.$from.parentOffset).toBe(0);
    const groups = describeSuggestions(state.doc.toJSON() as PmJson);
    expect(groups).toHaveLength(1);
    expect(groupKind(groups[0].carriers)).toBe('split');
    expect(groups[0].carriers[0]).toMatchObject({ kind: 'split', nodeType: 'listItem' });
    expect(decideAll(state, 'reject')).toBe(norm(original));
    expect(decideAll(state, 'accept')).toBe(norm([list('Eerste', ' punt', 'Twee')]));
  });

  it('[G1] removing a table row is one delete suggestion on that row', () => {
    const table: PmJson = { type: 'table', attrs: { id: 't' }, content: [
      { type: 'tableRow', content: [cell('tableHeader', 'Wie'), cell('tableHeader', 'Wat')] },
      { type: 'tableRow', content: [cell('tableCell', 'Lotte'), cell('tableCell', 'Tekst')] },
      { type: 'tableRow', content: [cell('tableCell', 'Yusuf'), cell('tableCell', 'Beeld')] },
    ] };
    let state = start([table]);
    const row = rows(state.doc)[1];
    state = apply(state, state.tr.delete(row.pos, row.pos + row.node.nodeSize));
    const groups = describeSuggestions(state.doc.toJSON() as PmJson);
    expect(groups).toHaveLength(1);
    expect(groupKind(groups[0].carriers)).toBe('removedRow');
    expect(decideAll(state, 'reject')).toBe(norm([table]));
    expect(decideAll(state, 'accept')).toBe(norm([{ ...table, content: [table.content![0], table.content![2]] }]));
  });

  it('[G1] a new table row is one insert suggestion on that row', () => {
    const table: PmJson = { type: 'table', attrs: { id: 't' }, content: [
      { type: 'tableRow', content: [cell('tableHeader', 'Wie'), cell('tableHeader', 'Wat')] },
      { type: 'tableRow', content: [cell('tableCell', 'Lotte'), cell('tableCell', 'Tekst')] },
    ] };
    let state = start([table]);
    const row = rows(state.doc)[1];
    const cells = [schema.nodes.tableCell.create(null, schema.node('paragraph', null, [schema.text('Julien')])), schema.nodes.tableCell.create(null, schema.node('paragraph', null, [schema.text('Beeld')]))];
    state = apply(state, state.tr.insert(row.pos + row.node.nodeSize, schema.nodes.tableRow.create(null, cells)));
    const groups = describeSuggestions(state.doc.toJSON() as PmJson);
    expect(groups).toHaveLength(1);
    expect(groupKind(groups[0].carriers)).toBe('newRow');
    expect(groups[0].carriers.find((c) => c.kind === 'insert')).toMatchObject({ nodeType: 'tableRow', path: [0, 2], text: 'JulienBeeld' });
    expect(decideAll(state, 'reject')).toBe(norm([table]));
    expect(decideAll(state, 'accept')).toBe(norm([{ ...table, content: [...table.content!, { type: 'tableRow', content: [cell('tableCell', 'Julien'), cell('tableCell', 'Beeld')] }] }]));
  });

  it('[G1][G2] Tab (sink) is a move: the delete at the old place and the insert at the new one share one id', () => {
    const original = [list('Een', 'Twee')];
    let state = start(original);
    state = apply(state, run(withSelection(state, endOf(state, 'Twee')), sinkListItem(schema.nodes.listItem)));
    const groups = describeSuggestions(state.doc.toJSON() as PmJson);
    expect(groups).toHaveLength(1);
    expect(groupKind(groups[0].carriers)).toBe('move');
    expect(decideAll(state, 'reject')).toBe(norm(original));
    expect(decideAll(state, 'accept')).toBe(norm([{ type: 'bulletList', attrs: { id: 'l1' }, content: [li(p('Een'), { type: 'bulletList', content: [li(p('Twee'))] })] }]));
  });

  it('[G1][G2] Backspace at the start of a middle bullet (TipTap lifts it out of the list) is one move: reject gives the list back', () => {
    const original = [list('Een', 'Twee', 'Drie', 'Vier')];
    let state = start(original);
    state = apply(state, run(withSelection(state, endOf(state, 'Drie') - 4), liftListItem(schema.nodes.listItem)));
    const groups = describeSuggestions(state.doc.toJSON() as PmJson);
    expect(groups).toHaveLength(1);
    expect(groupKind(groups[0].carriers)).toBe('move');
    expect(decideAll(state, 'reject')).toBe(norm(original));
    expect(decideAll(state, 'accept')).toBe(norm([list('Een', 'Twee'), p('Drie'), { type: 'bulletList', content: [li(p('Vier'))] }]));
  });

  it('[G2] a new bullet inside her own new list is part of that suggestion (no second card)', () => {
    const own = JSON.stringify({ id: 'me-own', author: ME, kind: 'insert' });
    const original = [{ type: 'bulletList', attrs: { id: 'l2', suggestion: own }, content: [li(p('Nieuw punt', [ins('me-own', ME)]))] }];
    let state = start(original);
    const split = run(withSelection(state, endOf(state, 'Nieuw punt')), splitListItem(schema.nodes.listItem))!;
    state = apply(state, split.insertText('Nog een'));
    const groups = describeSuggestions(state.doc.toJSON() as PmJson);
    expect(groups.map((g) => g.id)).toEqual(['me-own']);
    expect(groupKind(groups[0].carriers)).toBe('newBlock');
    expect(decideAll(state, 'reject')).toBe(norm([]));
    expect(decideAll(state, 'accept')).toBe(norm([{ type: 'bulletList', content: [li(p('Nieuw punt')), li(p('Nog een'))] }]));
  });

  it('[G1][G2] a new bullet, then Tab to indent it: still one suggestion, a new item one level down', () => {
    const original = [list('Een', 'Twee')];
    let state = start(original);
    state = apply(state, run(withSelection(state, endOf(state, 'Twee')), splitListItem(schema.nodes.listItem))!.insertText('Drie'));
    state = apply(state, run(withSelection(state, endOf(state, 'Drie')), sinkListItem(schema.nodes.listItem)));
    const groups = describeSuggestions(state.doc.toJSON() as PmJson);
    expect(groups).toHaveLength(1);
    expect(groupKind(groups[0].carriers)).toMatch(/newListItem|newBlock/);
    expect(decideAll(state, 'reject')).toBe(norm(original));
    expect(decideAll(state, 'accept')).toBe(norm([{ type: 'bulletList', attrs: { id: 'l1' }, content: [li(p('Een')), li(p('Twee'), { type: 'bulletList', content: [li(p('Drie'))] })] }]));
  });

  it('[G1][G2] a new bullet, then Backspace at its start (TipTap lifts it): one new paragraph after the list, nothing else', () => {
    const original = [list('Een', 'Twee')];
    let state = start(original);
    state = apply(state, run(withSelection(state, endOf(state, 'Twee')), splitListItem(schema.nodes.listItem))!.insertText('Drie'));
    state = apply(state, run(withSelection(state, endOf(state, 'Drie') - 4), liftListItem(schema.nodes.listItem)));
    const groups = describeSuggestions(state.doc.toJSON() as PmJson);
    expect(groups).toHaveLength(1);
    expect(decideAll(state, 'reject')).toBe(norm(original));
    expect(decideAll(state, 'accept')).toBe(norm([list('Een', 'Twee'), p('Drie')]));
  });

  it('[G1] a heading level change is a retype with the former level', () => {
    let state = start([{ type: 'heading', attrs: { id: 'h', level: 1 }, content: [text('Titel')] }]);
    state = apply(state, state.tr.setNodeMarkup(0, schema.nodes.heading, { ...state.doc.child(0).attrs, level: 2 }));
    const groups = describeSuggestions(state.doc.toJSON() as PmJson);
    expect(groupKind(groups[0].carriers)).toBe('headingLevel');
  });

  it('[G1] staff text moved into her own new item and then deleted there is struck through, not removed', () => {
    let state = start([list('Een', 'Twee')]);
    state = apply(state, run(withSelection(state, endOf(state, 'Twee')), sinkListItem(schema.nodes.listItem)));
    // "Twee" at its new place (inside the nested list she suggested inserting) carries no insertion mark.
    let at = -1;
    state.doc.descendants((node, pos) => {
      if (node.type.name === 'bulletList' && typeof node.attrs.suggestion === 'string' && JSON.parse(node.attrs.suggestion).kind === 'insert') {
        node.descendants((child, offset) => {
          if (child.isText && child.text === 'Twee') at = pos + 1 + offset;
        });
      }
    });
    expect(at).toBeGreaterThan(0);
    expect(state.doc.nodeAt(at)!.marks.map((m) => m.type.name)).toEqual([]);
    state = apply(state, withSelection(state, at, at + 4).tr.deleteSelection());
    expect(state.doc.textContent.match(/Twee/g)).toHaveLength(2);
    expect(state.doc.nodeAt(at)!.marks.map((m) => m.type.name)).toEqual(['deletion']);
    expect(decideAll(state, 'reject')).toBe(norm([list('Een', 'Twee')]));
  });
});

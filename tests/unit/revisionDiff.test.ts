/**
 * The revision diff (flow 5): blocks aligned by block id, a word diff inside changed
 * blocks, moves found, counts summed, and a cost cap on huge inputs.
 */
import { describe, expect, it } from 'vitest';
import type { PmJson } from '../../shared/editor/json.js';
import { DIFF_LIMITS, diffBlocks, type BlockDiff, type InlinePart } from '../../shared/revisions/diff.js';
import { approvableBlocks, contentHash, draftHash, reviewStateOf } from '../../shared/revisions/content.js';

const text = (value: string, marks: string[] = []): PmJson => (marks.length ? { type: 'text', text: value, marks: marks.map((type) => ({ type, attrs: {} })) } : { type: 'text', text: value });
const p = (id: string, ...content: (string | PmJson)[]): PmJson => ({ type: 'paragraph', attrs: { id }, content: content.map((c) => (typeof c === 'string' ? text(c) : c)) });
const h = (id: string, level: number, value: string): PmJson => ({ type: 'heading', attrs: { id, level }, content: [text(value)] });
const cell = (value: string): PmJson => ({ type: 'tableCell', attrs: { colspan: 1, rowspan: 1, colwidth: null }, content: [{ type: 'paragraph', content: [text(value)] }] });
const table = (id: string, rows: string[][]): PmJson => ({ type: 'table', attrs: { id }, content: rows.map((row) => ({ type: 'tableRow', content: row.map(cell) })) });
const list = (id: string, items: string[]): PmJson => ({ type: 'bulletList', attrs: { id }, content: items.map((item) => ({ type: 'listItem', content: [{ type: 'paragraph', content: [text(item)] }] })) });

/** A compact view of a diff: each block's kind and id, and the inserted and deleted words. */
function view(blocks: BlockDiff[]): string[] {
  const ops = (parts: InlinePart[] | null) =>
    (parts ?? [])
      .filter((part) => part.op !== 'equal')
      .map((part) => `${part.op === 'insert' ? '+' : '-'}${part.boundary ? `|${part.boundary}|` : part.text}${part.marks ? `[${part.marks.join(',')}]` : ''}`)
      .join(' ');
  return blocks.map((block) => {
    if (block.kind === 'changed' || block.kind === 'moved') return `${block.kind} ${block.id}${ops(block.parts) ? ` ${ops(block.parts)}` : ''}`;
    return `${block.kind} ${block.id}`;
  });
}

const base = [h('h', 2, 'Grond'), p('a', 'De trust beheert de grond.'), p('b', 'Bewoners kopen de woning.'), p('c', 'Samen beslissen.')];

const CASES: { name: string; before: PmJson[]; after: PmJson[]; expected: string[]; summary: Partial<Record<BlockDiff['kind'], number>> }[] = [
  {
    name: 'insert: a new block between two others',
    before: base,
    after: [base[0], base[1], p('n', 'Nieuwe regel.'), base[2], base[3]],
    expected: ['unchanged h', 'unchanged a', 'inserted n', 'unchanged b', 'unchanged c'],
    summary: { inserted: 1, unchanged: 4 },
  },
  {
    name: 'delete: a block removed',
    before: base,
    after: [base[0], base[1], base[3]],
    expected: ['unchanged h', 'unchanged a', 'deleted b', 'unchanged c'],
    summary: { deleted: 1, unchanged: 3 },
  },
  {
    name: 'word change inside a block',
    before: base,
    after: [base[0], p('a', 'De trust verhuurt de grond.'), base[2], base[3]],
    expected: ['unchanged h', 'changed a -beheert +verhuurt', 'unchanged b', 'unchanged c'],
    summary: { changed: 1, unchanged: 3 },
  },
  {
    name: 'split: the second half becomes a new block',
    before: [p('a', 'Eerste zin. Tweede zin.')],
    after: [p('a', 'Eerste zin.'), p('s', 'Tweede zin.')],
    expected: ['changed a - Tweede zin.', 'inserted s'],
    summary: { changed: 1, inserted: 1 },
  },
  {
    name: 'merge: two blocks joined into the first',
    before: [p('a', 'Eerste zin.'), p('b', 'Tweede zin.')],
    after: [p('a', 'Eerste zin. Tweede zin.')],
    expected: ['changed a + Tweede zin.', 'deleted b'],
    summary: { changed: 1, deleted: 1 },
  },
  {
    name: 'move: a block taken to the end keeps its id',
    before: base,
    after: [base[0], base[2], base[3], base[1]],
    expected: ['unchanged h', 'unchanged b', 'unchanged c', 'moved a'],
    summary: { moved: 1, unchanged: 3 },
  },
  {
    name: 'move and edit: a moved block that also changed',
    before: base,
    after: [base[0], base[2], base[3], p('a', 'De trust beheert alle grond.')],
    expected: ['unchanged h', 'unchanged b', 'unchanged c', 'moved a -de +alle'],
    summary: { moved: 1, unchanged: 3 },
  },
  {
    name: 'mark change: a word made bold',
    before: [p('a', 'De trust beheert de grond.')],
    after: [p('a', 'De trust ', text('beheert', ['bold']), ' de grond.')],
    expected: ['changed a -beheert +beheert[bold]'],
    summary: { changed: 1 },
  },
  {
    name: 'heading level change: attributes only',
    before: [h('h', 2, 'Grond')],
    after: [h('h', 3, 'Grond')],
    expected: ['changed h'],
    summary: { changed: 1 },
  },
  {
    name: 'table: a cell edited',
    before: [table('t', [['Rol', 'Wie'], ['Beheer', 'De trust']])],
    after: [table('t', [['Rol', 'Wie'], ['Beheer', 'De bewoners']])],
    expected: ['changed t -trust +bewoners'],
    summary: { changed: 1 },
  },
  {
    name: 'table: a row added',
    before: [table('t', [['Rol', 'Wie']])],
    after: [table('t', [['Rol', 'Wie'], ['Beheer', 'Trust']])],
    expected: ['changed t +|row| +Beheer +|cell| +Trust'],
    summary: { changed: 1 },
  },
  {
    name: 'list: an item added',
    before: [list('l', ['een', 'twee'])],
    after: [list('l', ['een', 'twee', 'drie'])],
    expected: ['changed l +|block| +drie'],
    summary: { changed: 1 },
  },
  {
    name: 'blocks without ids are aligned by position and still diffed',
    before: [{ type: 'paragraph', content: [text('zonder id')] }],
    after: [{ type: 'paragraph', content: [text('zonder ids')] }],
    expected: ['changed #0 -id +ids'],
    summary: { changed: 1 },
  },
];

describe('revision diff', () => {
  it.each(CASES)('$name', ({ before, after, expected, summary }) => {
    const diff = diffBlocks(before, after);
    expect(view(diff.blocks)).toEqual(expected);
    expect(diff.summary).toEqual({ inserted: 0, deleted: 0, changed: 0, moved: 0, unchanged: 0, ...summary });
    expect(diff.capped).toBe(false);
  });

  it('identical content gives no change at all, even with other block ids elsewhere', () => {
    const diff = diffBlocks(base, base.map((block) => ({ ...block })));
    expect(diff.summary).toEqual({ inserted: 0, deleted: 0, changed: 0, moved: 0, unchanged: 4 });
  });

  it('caps the cost on a huge block: shown whole, flagged as capped', () => {
    const words = (seed: string) => Array.from({ length: DIFF_LIMITS.maxBlockTokens }, (_, i) => `${seed}${i}`).join(' ');
    const started = Date.now();
    const diff = diffBlocks([p('a', words('x'))], [p('a', words('y'))]);
    // Uncapped, this word diff would explore 40,000 edits over 40,000 tokens: minutes, not seconds.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(diff.capped).toBe(true);
    expect(diff.blocks[0]).toMatchObject({ kind: 'changed', parts: null });
  });

  it('caps the word diff by edit distance: two unrelated long blocks are shown whole', () => {
    const words = (seed: string) => Array.from({ length: 3_000 }, (_, i) => `${seed}${i}`).join(' ');
    const diff = diffBlocks([p('a', words('x'))], [p('a', words('y'))]);
    expect(diff.capped).toBe(true);
    expect(diff.blocks[0]).toMatchObject({ kind: 'changed', parts: null });
  });

  it('finds moves in a large reshuffled section within the cap', () => {
    const many = Array.from({ length: 4_000 }, (_, i) => p(`b${i}`, `blok ${i}`));
    const shuffled = [...many.slice(2_000), ...many.slice(0, 2_000)];
    const started = Date.now();
    const diff = diffBlocks(many, shuffled);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(diff.summary.moved + diff.summary.unchanged).toBe(4_000);
    expect(diff.summary.moved).toBe(2_000);
  });
});

describe('[V2] approvable content', () => {
  const suggested: PmJson[] = [
    p('a', 'De trust ', { type: 'text', text: 'altijd ', marks: [{ type: 'insertion', attrs: { id: 's1', author: 'u1' } }] }, 'beheert de grond.'),
    { type: 'paragraph', attrs: { id: 'b', suggestion: JSON.stringify({ id: 's2', author: 'u1', kind: 'insert' }) }, content: [text('Nieuw blok.')] },
  ];

  it('[V2] pending suggestions are not part of the approvable content or its hash', () => {
    const plain = [p('a', 'De trust beheert de grond.')];
    expect(approvableBlocks(suggested)).toEqual(plain);
    expect(draftHash(suggested)).toBe(contentHash(plain));
  });

  it('[V2] a change to the text changes the hash; block ids do not', () => {
    expect(draftHash([p('a', 'De trust beheert de grond!')])).not.toBe(draftHash([p('a', 'De trust beheert de grond.')]));
    expect(draftHash([p('x', 'De trust beheert de grond.')])).toBe(draftHash([p('a', 'De trust beheert de grond.')]));
  });

  it('derives the review state: an open request first, then changes asked, then the comparison', () => {
    expect(reviewStateOf({ approvedHash: null, requestOpen: false, changesAsked: false, draftHash: 'x' })).toBe('never-approved');
    expect(reviewStateOf({ approvedHash: 'x', requestOpen: false, changesAsked: false, draftHash: 'x' })).toBe('approved');
    expect(reviewStateOf({ approvedHash: 'x', requestOpen: false, changesAsked: false, draftHash: 'y' })).toBe('draft-differs');
    expect(reviewStateOf({ approvedHash: 'x', requestOpen: true, changesAsked: false, draftHash: 'y' })).toBe('approval-requested');
    expect(reviewStateOf({ approvedHash: 'x', requestOpen: false, changesAsked: true, draftHash: 'y' })).toBe('changes-requested');
  });
});

/**
 * [G2][S2] Suggestions as groups for decisions (server/services/suggestionGroups.ts): every
 * carrier of an id is found, at any depth; the kind of a group is named from all its
 * carriers; the before and after text of a record are that suggestion's own.
 */
import { describe, expect, it } from 'vitest';
import type { PmJson } from '../../shared/editor/json.js';
import { decisionTexts, plainText, scanGroups } from '../../server/services/suggestionGroups.js';

const mark = (type: string, id: string, author = 'u1') => ({ type, attrs: { id, author } });
const text = (value: string, ...marks: ReturnType<typeof mark>[]): PmJson => ({ type: 'text', text: value, ...(marks.length ? { marks } : {}) });
const para = (...content: PmJson[]): PmJson => ({ type: 'paragraph', content });
const block = (type: string, suggestion: object | null, ...content: PmJson[]): PmJson => ({ type, attrs: suggestion ? { suggestion: JSON.stringify(suggestion) } : {}, content });

describe('[G2] suggestion groups', () => {
  it('[G2] finds every carrier of an id: marks in two blocks and a block attribute on a nested list item', () => {
    const blocks = [
      para(text('De CLTB', mark('deletion', 'r1')), text('Het CLTB', mark('insertion', 'r1')), text(' beheert.')),
      block('bulletList', null, block('listItem', null, para(text('een'))), block('listItem', { id: 'n1', author: 'u2', kind: 'insert' }, para(text('twee')))),
      para(text('slot', mark('deletion', 'r1'))),
    ];
    const groups = scanGroups(blocks);
    expect([...groups.keys()]).toEqual(['r1', 'n1']);
    expect(groups.get('r1')!.carriers.map((c) => [c.kind, c.path])).toEqual([['deletion', [0]], ['insertion', [0]], ['deletion', [2]]]);
    expect(groups.get('r1')!.kind).toBe('replacement');
    expect(groups.get('n1')!.carriers.map((c) => [c.kind, c.nodeType, c.path])).toEqual([['insert', 'listItem', [1, 1]]]);
    expect(groups.get('n1')!.kind).toBe('newListItem');
  });

  it('[G2] a group with parts by two people lists both authors (withdrawing it is refused)', () => {
    const groups = scanGroups([para(text('a', mark('deletion', 'x', 'u2')), text('b', mark('insertion', 'x', 'u1')))]);
    expect(groups.get('x')!.authors).toEqual(['u2', 'u1']);
  });
});

describe('[S2] the text a decision record holds', () => {
  it('[S2] before and after cover the blocks the carriers touch, without any other pending suggestion', () => {
    const blocks = [
      para(text('Alle ', mark('insertion', 'other', 'u2')), text('partners '), text('schrijven', mark('deletion', 'r1')), text('werken', mark('insertion', 'r1')), text(' mee.')),
      para(text('Een blok dat niet meedoet.')),
    ];
    const group = scanGroups(blocks).get('r1')!;
    expect(decisionTexts(blocks, group)).toEqual({ before: 'partners schrijven mee.', after: 'partners werken mee.' });
  });

  it('[S2] a new list item is recorded as the item alone, not the whole list', () => {
    const blocks = [block('bulletList', null, block('listItem', null, para(text('een'))), block('listItem', { id: 'n1', author: 'u1', kind: 'insert' }, para(text('twee'))), block('listItem', null, para(text('drie'))))];
    expect(decisionTexts(blocks, scanGroups(blocks).get('n1')!)).toEqual({ before: '', after: 'twee' });
  });

  it('[S2] a split covers the block it was split from', () => {
    const blocks = [para(text('Eerste helft ')), block('paragraph', { id: 's1', author: 'u1', kind: 'split' }, text('tweede helft.')), para(text('Verder.'))];
    expect(decisionTexts(blocks, scanGroups(blocks).get('s1')!)).toEqual({ before: 'Eerste helft tweede helft.', after: 'Eerste helft \ntweede helft.' });
  });

  it('[S2] plain text puts each list item and cell on a line of its own', () => {
    expect(plainText([block('bulletList', null, block('listItem', null, para(text('een'))), block('listItem', null, para(text('twee'))))])).toBe('een\ntwee');
  });
});

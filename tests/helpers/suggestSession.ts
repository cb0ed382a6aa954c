/**
 * Random partner editing sessions through the real ProseMirror commands: the seeded
 * starting document (staff text plus another partner's suggestions) and the actions a
 * person takes. Shared by the transform's unit test and the end-to-end S1 test.
 */
import { EditorState, NodeSelection, TextSelection, type Command, type Transaction } from '@tiptap/pm/state';
import { chainCommands, deleteSelection, joinBackward, joinForward, selectNodeBackward, selectNodeForward, setBlockType, splitBlock, toggleMark } from '@tiptap/pm/commands';
import { liftListItem, splitListItem, wrapInList } from '@tiptap/pm/schema-list';
import type { Node as PMNode } from '@tiptap/pm/model';
import { getEditorSchema } from '../../shared/editor/extensions.js';
import type { PmJson } from '../../shared/editor/json.js';
import type { Prng } from './prng.js';
import { findSuggestions } from '../../shared/suggestions/resolve.js';

export const schema = getEditorSchema();
export const ME = 'partner-lotte';
export const OTHER = 'partner-yusuf';

export const text = (value: string, marks?: PmJson['marks']): PmJson => ({ type: 'text', text: value, ...(marks ? { marks } : {}) });
export const ins = (id: string, author: string) => ({ type: 'insertion', attrs: { id, author } });
export const del = (id: string, author: string) => ({ type: 'deletion', attrs: { id, author } });
export const para = (id: string, content: PmJson[], suggestion?: object): PmJson => ({ type: 'paragraph', attrs: { id, ...(suggestion ? { suggestion: JSON.stringify(suggestion) } : {}) }, content });

/** Staff text with another partner's insertion, deletion, formatting change and split. */
export function seededDoc(other = OTHER): PMNode {
  return schema.nodeFromJSON({
    type: 'doc',
    content: [
      { type: 'heading', attrs: { id: 'h1', level: 1 }, content: [text('De grond van de trust')] },
      para('p1', [text('Partners bouwen '), text('samen ', [ins('y-ins1', other)]), text('woningen '), text('voor iedereen', [del('y-del1', other)]), text(' in Brussel.')]),
      para('p2', [text('Het '), text('toolbox', [{ type: 'bold' }, { type: 'formatChange', attrs: { id: 'y-fc1', author: other, added: 'bold', removed: '' } }]), text(' is een werk in uitvoering.')]),
      para('p3', [text('Stuur voorstellen naar het team.')], { id: 'y-split1', author: other, kind: 'split' }),
      { type: 'bulletList', attrs: { id: 'l1' }, content: [
        { type: 'listItem', content: [para('', [text('Eerste punt')])] },
        { type: 'listItem', content: [para('', [text('Tweede '), text('punt', [ins('y-ins2', other)])])] },
      ] },
      para('p4', [text('Slot.')]),
    ],
  });
}

export const blocksOf = (doc: PMNode) => (doc.toJSON() as PmJson).content ?? [];
export const othersOf = (doc: PMNode) => findSuggestions(blocksOf(doc)).filter((s) => s.author !== ME).map((s) => `${s.id}/${s.author}/${s.kind}`).sort();

/** Every position where a cursor can sit in text. */
export function textPositions(doc: PMNode): number[] {
  const out: number[] = [];
  doc.descendants((node, pos) => {
    if (node.isTextblock) for (let i = 0; i <= node.content.size; i++) out.push(pos + 1 + i);
    return !node.isTextblock;
  });
  return out;
}

export function textblockStarts(doc: PMNode): number[] {
  const out: number[] = [];
  doc.descendants((node, pos) => {
    if (node.isTextblock) out.push(pos + 1);
    return !node.isTextblock;
  });
  return out;
}

export const run = (state: EditorState, command: Command): Transaction | null => {
  let out: Transaction | null = null;
  command(state, (tr) => (out = tr));
  return out;
};

export const backspace = chainCommands(deleteSelection, joinBackward, selectNodeBackward);
export const forwardDelete = chainCommands(deleteSelection, joinForward, selectNodeForward);
export const enter = chainCommands(splitListItem(schema.nodes.listItem), splitBlock);

export type Action = { name: string; make: (state: EditorState, prng: Prng) => Transaction | null };

export const withSelection = (state: EditorState, from: number, to = from) => state.apply(state.tr.setSelection(TextSelection.create(state.doc, from, to)));
export const pickRange = (state: EditorState, prng: Prng, maxSpan = 40): [number, number] => {
  const positions = textPositions(state.doc);
  const i = prng.int(positions.length);
  const j = Math.min(positions.length - 1, i + prng.int(maxSpan));
  return [positions[i], positions[j]];
};

export const ACTIONS: Action[] = [
  { name: 'type', make: (s, p) => {
    const [at] = pickRange(s, p);
    return withSelection(s, at).tr.insertText(p.word());
  } },
  { name: 'type over a selection', make: (s, p) => {
    const [from, to] = pickRange(s, p, 12);
    return withSelection(s, from, to).tr.insertText(p.word());
  } },
  { name: 'delete a range', make: (s, p) => {
    const [from, to] = pickRange(s, p);
    const state = withSelection(s, from, to);
    return run(state, deleteSelection);
  } },
  { name: 'Backspace', make: (s, p) => {
    const starts = textblockStarts(s.doc);
    const at = p.chance(0.5) ? p.pick(starts) : pickRange(s, p)[0];
    return run(withSelection(s, at), backspace);
  } },
  { name: 'Delete', make: (s, p) => run(withSelection(s, pickRange(s, p)[0]), forwardDelete) },
  { name: 'Enter', make: (s, p) => run(withSelection(s, pickRange(s, p)[0]), enter) },
  { name: 'toggle bold', make: (s, p) => {
    const [from, to] = pickRange(s, p, 20);
    return from === to ? null : run(withSelection(s, from, to), toggleMark(schema.marks.bold));
  } },
  { name: 'toggle italic', make: (s, p) => {
    const [from, to] = pickRange(s, p, 20);
    return from === to ? null : run(withSelection(s, from, to), toggleMark(schema.marks.italic));
  } },
  { name: 'set heading', make: (s, p) => run(withSelection(s, pickRange(s, p)[0]), setBlockType(schema.nodes.heading, { level: 1 + p.int(3) })) },
  { name: 'set paragraph', make: (s, p) => run(withSelection(s, pickRange(s, p)[0]), setBlockType(schema.nodes.paragraph)) },
  { name: 'bullet list', make: (s, p) => run(withSelection(s, pickRange(s, p)[0]), wrapInList(schema.nodes.bulletList)) },
  { name: 'lift list item', make: (s, p) => run(withSelection(s, pickRange(s, p)[0]), liftListItem(schema.nodes.listItem)) },
  { name: 'insert a rule', make: (s, p) => {
    const state = withSelection(s, pickRange(s, p)[0]);
    return state.tr.replaceSelectionWith(schema.nodes.horizontalRule.create());
  } },
  { name: 'delete a whole block', make: (s, p) => {
    const index = p.int(s.doc.childCount);
    let pos = 0;
    for (let i = 0; i < index; i++) pos += s.doc.child(i).nodeSize;
    const state = s.apply(s.tr.setSelection(NodeSelection.create(s.doc, pos)));
    return run(state, deleteSelection);
  } },
];


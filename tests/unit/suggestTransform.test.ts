/**
 * [S1] The suggestion transform (shared/suggestions/transform.ts), in Node: random partner
 * sessions through the real ProseMirror commands always produce what the server's check
 * accepts, never touch anyone else's suggestions, and accept-all / reject-all give the
 * expected documents. Replay a run with SUGGEST_SEED=<seed>.
 */
import { describe, expect, it } from 'vitest';
import { EditorState, NodeSelection, TextSelection, type Transaction } from '@tiptap/pm/state';
import { deleteSelection, setBlockType, splitBlock, toggleMark } from '@tiptap/pm/commands';
import type { PmJson } from '../../shared/editor/json.js';
import { ACTIONS, backspace, blocksOf, ins, ME, OTHER, othersOf, para, run, schema, seededDoc, text, textblockStarts, withSelection } from '../helpers/suggestSession.js';
import { canonicalBlocks, findSuggestions, rejectAuthor, resolveSuggestions } from '../../shared/suggestions/resolve.js';
import { SUGGESTION_ID_PATTERN } from '../../shared/suggestions/model.js';
import { createSuggestionId, suggestTransaction, type SuggestResult } from '../../shared/suggestions/transform.js';
import { createPrng } from '../helpers/prng.js';

/** Asserts S1 for one step and returns the state after it. */
function checkStep(before: EditorState, result: SuggestResult, label: string): EditorState {
  if (result.type !== 'suggest') return before;
  const after = before.apply(result.transaction);
  after.doc.check();
  expect(canonicalBlocks(rejectAuthor(blocksOf(after.doc), ME)), label).toBe(canonicalBlocks(rejectAuthor(blocksOf(before.doc), ME)));
  expect(othersOf(after.doc), label).toEqual(othersOf(before.doc));
  for (const s of findSuggestions(blocksOf(after.doc))) expect(SUGGESTION_ID_PATTERN.test(s.id), label).toBe(true);
  return after;
}

const ROUNDS = Number(process.env.SUGGEST_ROUNDS ?? 40);
const STEPS = 30;

describe('[S1] suggestion transform: random partner sessions', () => {
  it('[S1] every step of a random session passes the server check and leaves others\' suggestions alone', () => {
    // A fixed seed by default: besides the invariants checked at every step, this test bounds
    // how often the transform blocks an edit, which is a rate, not an invariant, and would
    // flicker under random seeds. SUGGEST_SEED=<n> explores others.
    const seed = Number(process.env.SUGGEST_SEED ?? 20261127);
    console.log(`suggestTransform seed: ${seed} (replay with SUGGEST_SEED=${seed})`);
    const counts: Record<string, number> = { suggest: 0, blocked: 0, pass: 0 };
    const reasons: Record<string, number> = {};
    for (let round = 0; round < ROUNDS; round++) {
      const prng = createPrng(seed + round);
      let state = EditorState.create({ schema, doc: seededDoc() });
      const original = blocksOf(state.doc);
      for (let step = 0; step < STEPS; step++) {
        const action = prng.pick(ACTIONS);
        let tr: Transaction | null = null;
        try {
          tr = action.make(state, prng);
        } catch {
          tr = null; // the command does not apply here
        }
        if (!tr || !tr.docChanged) continue;
        const label = `seed ${seed + round}, step ${step}: ${action.name}`;
        const result = suggestTransaction(state, tr, { author: ME, newId: () => createSuggestionId(ME, prng.next) });
        counts[result.type]++;
        if (result.type === 'blocked' && process.env.SUGGEST_DEBUG && result.reason === 'unsupported') console.log(action.name, JSON.stringify(state.doc.toJSON()), JSON.stringify(tr.doc.toJSON()));
        if (result.type === 'blocked') reasons[`${action.name}: ${result.reason}`] = (reasons[`${action.name}: ${result.reason}`] ?? 0) + 1;
        state = checkStep(state, result, label);
      }
      // The session as a whole: rejecting everything of mine gives the starting document.
      expect(canonicalBlocks(rejectAuthor(blocksOf(state.doc), ME))).toBe(canonicalBlocks(rejectAuthor(original, ME)));
    }
    console.log('suggestTransform outcomes', counts, reasons);
    expect(counts.suggest).toBeGreaterThan(counts.blocked * 3);
  });
});

describe('[S1] suggestion transform: what each edit becomes', () => {
  let n = 0;
  const options = () => ({ author: ME, newId: () => `me-${n++}` });
  const start = (content: PmJson[]) => EditorState.create({ schema, doc: schema.nodeFromJSON({ type: 'doc', content }) });
  const apply = (state: EditorState, tr: Transaction | null) => {
    const result = suggestTransaction(state, tr!, options());
    expect(result.type).toBe('suggest');
    return checkStep(state, result, 'fixture');
  };
  const acceptAll = (state: EditorState) => canonicalBlocks(resolveSuggestions(blocksOf(state.doc), (s) => (s.author === ME ? 'accept' : null)));
  const rejectAll = (state: EditorState) => canonicalBlocks(resolveSuggestions(blocksOf(state.doc), (s) => (s.author === ME ? 'reject' : null)));

  it('[S1] typing, deleting, splitting, bold and a heading: accept-all and reject-all give the expected documents', () => {
    const original = [para('a', [text('De grond blijft van de trust.')]), para('b', [text('Tweede alinea.')])];
    let state = start(original);
    state = apply(state, withSelection(state, 4).tr.insertText('eigen '));
    expect(state.doc.child(0).textContent).toBe('De eigen grond blijft van de trust.');
    // Delete "van de ", then split before "trust".
    const at = (needle: string) => 1 + state.doc.child(0).textContent.indexOf(needle);
    state = apply(state, withSelection(state, at('van de '), at('van de ') + 7).tr.deleteSelection());
    state = apply(state, run(withSelection(state, at(' trust')), splitBlock));
    state = apply(state, run(withSelection(state, 1, 3), toggleMark(schema.marks.bold)));
    const second = textblockStarts(state.doc)[2];
    state = apply(state, run(withSelection(state, second), setBlockType(schema.nodes.heading, { level: 2 })));
    expect(acceptAll(state)).toBe(canonicalBlocks([
      para('a', [text('De', [{ type: 'bold' }]), text(' eigen grond blijft ')]),
      para('x', [text('trust.')]),
      { type: 'heading', attrs: { level: 2 }, content: [text('Tweede alinea.')] },
    ]));
    expect(rejectAll(state)).toBe(canonicalBlocks(original));
  });

  it('[S1] Backspace at the start of a block suggests a join; accepting joins, rejecting keeps both', () => {
    const original = [para('a', [text('Een.')]), para('b', [text('Twee.')])];
    let state = start(original);
    state = apply(state, run(withSelection(state, textblockStarts(state.doc)[1]), backspace));
    expect(state.doc.childCount).toBe(2);
    expect(JSON.parse(state.doc.child(1).attrs.suggestion as string)).toMatchObject({ kind: 'join', author: ME });
    expect(acceptAll(state)).toBe(canonicalBlocks([para('a', [text('Een.Twee.')])]));
    expect(rejectAll(state)).toBe(canonicalBlocks(original));
  });

  it('[S1] deleting one\'s own insertion removes it; deleting someone else\'s marks it deleted', () => {
    let state = start([para('a', [text('Begin '), text('hun', [ins('y-1', OTHER)]), text(' eind')])]);
    state = apply(state, withSelection(state, 7).tr.insertText('mijn '));
    expect(state.doc.textContent).toBe('Begin mijn hun eind');
    state = apply(state, withSelection(state, 7, 12).tr.deleteSelection());
    expect(state.doc.textContent).toBe('Begin hun eind');
    expect(findSuggestions(blocksOf(state.doc)).filter((s) => s.author === ME)).toEqual([]);
    state = apply(state, withSelection(state, 7, 10).tr.deleteSelection());
    const marks = state.doc.child(0).child(1).marks.map((m) => `${m.type.name}:${m.attrs.author}`).sort();
    expect(marks).toEqual([`deletion:${ME}`, `insertion:${OTHER}`]);
    expect(rejectAll(state)).toContain('"text":"hun"'); // rejecting mine leaves their insertion pending
  });

  it('[S1] typing on extends one suggestion instead of one per keystroke', () => {
    let state = start([para('a', [text('Tekst')])]);
    for (const ch of 'abc') state = apply(state, state.apply(state.tr.setSelection(TextSelection.create(state.doc, state.selection.head === 0 ? 6 : state.selection.head))).tr.insertText(ch));
    expect(findSuggestions(blocksOf(state.doc)).filter((s) => s.author === ME)).toHaveLength(1);
  });

  it('[S1] a new block (a rule) is an insert suggestion; removing a whole block is a delete suggestion', () => {
    const original = [para('a', [text('Een.')]), para('b', [text('Twee.')])];
    let state = start(original);
    state = apply(state, withSelection(state, 5).tr.replaceSelectionWith(schema.nodes.horizontalRule.create()));
    expect(findSuggestions(blocksOf(state.doc)).map((s) => s.kind)).toContain('insert');
    state = apply(state, run(state.apply(state.tr.setSelection(NodeSelection.create(state.doc, state.doc.content.size - state.doc.lastChild!.nodeSize))), deleteSelection));
    expect(findSuggestions(blocksOf(state.doc)).map((s) => s.kind)).toContain('delete');
    expect(rejectAll(state)).toBe(canonicalBlocks(original));
  });

  it('[S1] remote (Yjs) transactions, appended fixes and already-suggested ones are left untouched', () => {
    const state = start([para('a', [text('Tekst')])]);
    const remote = state.tr.insertText('x', 2).setMeta('y-sync$', { isChangeOrigin: true });
    expect(suggestTransaction(state, remote, options())).toEqual({ type: 'pass' });
    const fix = state.tr.setNodeAttribute(0, 'id', 'zz').setMeta('addToHistory', false);
    expect(suggestTransaction(state, fix, options())).toEqual({ type: 'pass' });
  });

  it('[S1] removing a link is refused with a reason rather than sent to the server', () => {
    const link = { type: 'link', attrs: { href: 'https://example.org', target: null, rel: 'noopener noreferrer nofollow', class: null } };
    const state = start([para('a', [text('zie '), text('hier', [link])])]);
    const result = suggestTransaction(state, state.tr.removeMark(5, 9, schema.marks.link), options());
    expect(result).toEqual({ type: 'blocked', reason: 'markWithAttributes' });
  });
});

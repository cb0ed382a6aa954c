/**
 * [G1][G2] Suggestions inside lists, end to end without a browser: partners edit through the
 * real ProseMirror commands and the suggestion transform, the TipTap binding's own
 * `updateYFragment` writes the result into Yjs, the stock y-websocket client sends it to
 * the real server (SQLite store), and staff decide through the HTTP API.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { EditorState, TextSelection, type Transaction } from '@tiptap/pm/state';
import { sinkListItem, splitListItem } from '@tiptap/pm/schema-list';
import { updateYFragment, yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { connectClient, signIn, whenSynced, type TestClient } from '../helpers/clients.js';
import { loadStored, storedFingerprint } from '../helpers/docs.js';
import { tryEdit } from '../helpers/rawEdit.js';
import { schema } from '../helpers/suggestSession.js';
import { suggestTransaction } from '../../shared/suggestions/transform.js';
import { describeSuggestions, groupKind } from '../../shared/suggestions/resolve.js';
import { fragmentToBlocks } from '../../shared/editor/yjsJson.js';
import type { PmJson } from '../../shared/editor/json.js';

let server: TestServer;
let cookies: Record<'staff' | 'partner' | 'partner2', string>;
let ids: Record<'partner' | 'partner2', string>;

const meOf = async (cookie: string) => ((await (await fetch(`${server.url}/api/auth/me`, { headers: { cookie } })).json()) as { user: { id: string } }).user.id;

const ITEMS = ['De CLTB beheert de grond', 'Partners bouwen woningen'];
const listDoc = (items: string[]) => schema.nodeFromJSON({
  type: 'doc',
  content: [
    { type: 'paragraph', attrs: { id: 'intro00001' }, content: [{ type: 'text', text: 'Instrumenten voor partners' }] },
    { type: 'bulletList', attrs: { id: 'list000001' }, content: items.map((text) => ({ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] })) },
  ],
});

let sections = 0;
/** A new section whose draft holds the two-item list, written as an import would be. */
async function listSection(): Promise<string> {
  const res = await fetch(`${server.url}/api/workspaces/toolbox/sections`, {
    method: 'POST',
    headers: { cookie: cookies.staff, 'content-type': 'application/json' },
    body: JSON.stringify({ title: `Lijst ${Date.now().toString(36)} ${sections++}` }),
  });
  const { section } = (await res.json()) as { section: { docs: Record<string, string> } };
  const docName = section.docs.nl;
  const doc = await loadStored(server.store, docName);
  const before = Y.encodeStateVector(doc);
  doc.transact(() => updateYFragment(doc, doc.getXmlFragment('default'), listDoc(ITEMS), { mapping: new Map(), isOMark: new Map() }));
  await server.store.append(docName, [{ update: Y.encodeStateAsUpdate(doc, before), author: null }]);
  return docName;
}

/** The stored draft's blocks. */
async function stored(docName: string): Promise<PmJson[]> {
  await server.rooms.settled(docName);
  const doc = await loadStored(server.store, docName);
  const blocks = fragmentToBlocks(doc.getXmlFragment('default'));
  doc.destroy();
  return blocks;
}

/** The list's items as text. */
const itemsOf = (blocks: PmJson[]) => {
  const text = (node: PmJson): string => node.text ?? (node.content ?? []).map(text).join('');
  return (blocks.find((b) => b.type === 'bulletList')?.content ?? []).map(text);
};

/** The text position at the end of `needle` in the editor state. */
function endOf(state: EditorState, needle: string): number {
  let at = -1;
  state.doc.descendants((node, pos) => {
    if (node.isText && node.text?.includes(needle) && at < 0) at = pos + node.text.indexOf(needle) + needle.length;
  });
  if (at < 0) throw new Error(`no "${needle}" in the document`);
  return at;
}

/** One partner edit: the transform turns it into a suggestion, the binding writes it, the server must take it. */
async function suggest(client: TestClient, author: string, make: (state: EditorState) => Transaction | null): Promise<void> {
  const fragment = client.fragment();
  const state = EditorState.create({ schema, doc: yXmlFragmentToProseMirrorRootNode(fragment, schema) });
  const tr = make(state);
  if (!tr) throw new Error('the command did not apply');
  const result = suggestTransaction(state, tr, { author });
  expect(result.type).toBe('suggest');
  if (result.type !== 'suggest') return;
  const next = state.apply(result.transaction);
  const acked = client.acked();
  client.doc.transact(() => updateYFragment(client.doc, fragment, next.doc, { mapping: new Map(), isOMark: new Map() }));
  await vi.waitFor(() => {
    expect(client.closes, client.refusals.join('; ')).toEqual([]);
    expect(client.acked()).toBeGreaterThan(acked);
  });
}

const at = (state: EditorState, pos: number) => state.apply(state.tr.setSelection(TextSelection.create(state.doc, pos)));
/** Enter at the end of an item, then typing: a new bullet. */
const newBullet = (after: string, text: string) => [
  (s: EditorState) => {
    let out: Transaction | null = null;
    splitListItem(schema.nodes.listItem)(at(s, endOf(s, after)), (tr) => (out = tr));
    return out;
  },
  (s: EditorState) => {
    // The cursor sits in the new, empty item right after `after`'s item.
    let pos = -1;
    s.doc.descendants((node, p, parent) => {
      if (node.type.name === 'paragraph' && parent?.type.name === 'listItem' && node.content.size === 0 && pos < 0) pos = p + 1;
    });
    return at(s, pos).tr.insertText(text);
  },
];

const decide = (docName: string, action: 'accept' | 'reject', suggestionIds: string[]) =>
  fetch(`${server.url}/api/docs/${docName}/suggestions/${action}`, { method: 'POST', headers: { cookie: cookies.staff, 'content-type': 'application/json' }, body: JSON.stringify({ ids: suggestionIds }) });

async function partnerClient(docName: string, who: 'partner' | 'partner2'): Promise<TestClient> {
  const client = connectClient(server.url, docName, cookies[who], { params: { ack: '1' } });
  await whenSynced(client);
  return client;
}

beforeAll(async () => {
  server = await startTestServer();
  cookies = { staff: await signIn(server.url, 'staff'), partner: await signIn(server.url, 'partner'), partner2: await signIn(server.url, 'partner2') };
  ids = { partner: await meOf(cookies.partner), partner2: await meOf(cookies.partner2) };
});
afterAll(() => server.stop());

describe('[G1] a new list item is one suggestion on that item', () => {
  it('[G1] a partner\'s new bullet is one "new list item" suggestion; reject gives the list as before, accept the list with it', async () => {
    const docName = await listSection();
    const client = await partnerClient(docName, 'partner');
    for (const step of newBullet('Partners bouwen woningen', 'Partners willen meedoen')) await suggest(client, ids.partner, step);
    client.destroy();

    const groups = describeSuggestions(await stored(docName));
    expect(groups).toHaveLength(1);
    expect(groups[0].author).toBe(ids.partner);
    expect(groupKind(groups[0].carriers)).toBe('newListItem');
    expect(groups[0].carriers.find((c) => c.kind === 'insert')).toMatchObject({ nodeType: 'listItem', text: 'Partners willen meedoen' });
    // The rest of the list carries nothing.
    const list = (await stored(docName)).find((b) => b.type === 'bulletList')!;
    expect(list.attrs?.suggestion ?? null).toBeNull();
    expect(list.content!.slice(0, 2).map((item) => item.attrs?.suggestion ?? null)).toEqual([null, null]);

    expect((await decide(docName, 'reject', [groups[0].id])).status).toBe(200);
    expect(itemsOf(await stored(docName))).toEqual(ITEMS);
    expect(describeSuggestions(await stored(docName))).toEqual([]);

    const again = await partnerClient(docName, 'partner');
    for (const step of newBullet('Partners bouwen woningen', 'Partners willen meedoen')) await suggest(again, ids.partner, step);
    again.destroy();
    const [group] = describeSuggestions(await stored(docName));
    expect((await decide(docName, 'accept', [group.id])).status).toBe(200);
    expect(itemsOf(await stored(docName))).toEqual([...ITEMS, 'Partners willen meedoen']);
    expect(describeSuggestions(await stored(docName))).toEqual([]);
  });

  it('[G1] two partners adding items to the same list at the same time: both survive and are decided independently', async () => {
    const docName = await listSection();
    const lotte = await partnerClient(docName, 'partner');
    const julien = await partnerClient(docName, 'partner2');
    // Both edit before seeing each other's item.
    lotte.provider.disconnect();
    julien.provider.disconnect();
    const local = async (client: TestClient, author: string, after: string, text: string) => {
      for (const step of newBullet(after, text)) {
        const state = EditorState.create({ schema, doc: yXmlFragmentToProseMirrorRootNode(client.fragment(), schema) });
        const result = suggestTransaction(state, step(state)!, { author });
        expect(result.type).toBe('suggest');
        if (result.type === 'suggest') client.doc.transact(() => updateYFragment(client.doc, client.fragment(), state.apply(result.transaction).doc, { mapping: new Map(), isOMark: new Map() }));
      }
    };
    await local(lotte, ids.partner, 'De CLTB beheert de grond', 'Lotte stelt voor');
    await local(julien, ids.partner2, 'Partners bouwen woningen', 'Julien stelt voor');
    lotte.provider.connect();
    julien.provider.connect();
    await vi.waitFor(async () => {
      expect(lotte.closes, lotte.refusals.join('; ')).toEqual([]);
      expect(julien.closes, julien.refusals.join('; ')).toEqual([]);
      expect(itemsOf(await stored(docName))).toEqual(['De CLTB beheert de grond', 'Lotte stelt voor', 'Partners bouwen woningen', 'Julien stelt voor']);
    });
    lotte.destroy();
    julien.destroy();

    const groups = describeSuggestions(await stored(docName));
    expect(groups.map((g) => [g.author, groupKind(g.carriers)]).sort()).toEqual([[ids.partner, 'newListItem'], [ids.partner2, 'newListItem']].sort());
    const byAuthor = (author: string) => groups.find((g) => g.author === author)!.id;
    expect((await decide(docName, 'accept', [byAuthor(ids.partner)])).status).toBe(200);
    expect(describeSuggestions(await stored(docName)).map((g) => g.author)).toEqual([ids.partner2]);
    expect((await decide(docName, 'reject', [byAuthor(ids.partner2)])).status).toBe(200);
    expect(itemsOf(await stored(docName))).toEqual(['De CLTB beheert de grond', 'Lotte stelt voor', 'Partners bouwen woningen']);
  });
});

describe('[G2] parts of a group are not changed apart', () => {
  it('[G2] a partner cannot strip the deletion mark off staff text inside her own inserted item (nor remove that text)', async () => {
    const docName = await listSection();
    const client = await partnerClient(docName, 'partner');
    // Tab: the second item moves under the first (its delete at the old place, its insert at the new one).
    await suggest(client, ids.partner, (s) => {
      let out: Transaction | null = null;
      sinkListItem(schema.nodes.listItem)(at(s, endOf(s, 'Partners bouwen woningen')), (tr) => (out = tr));
      return out;
    });
    // She deletes "woningen" in the moved copy: it is staff text, so it is struck through.
    await suggest(client, ids.partner, (s) => {
      let from = -1;
      s.doc.descendants((node, pos) => {
        if (node.type.name === 'bulletList' && typeof node.attrs.suggestion === 'string') {
          node.descendants((child, offset) => {
            if (child.isText && child.text?.includes('woningen')) from = pos + 1 + offset + child.text.indexOf('woningen');
          });
        }
      });
      return s.apply(s.tr.setSelection(TextSelection.create(s.doc, from, from + 'woningen'.length))).tr.deleteSelection();
    });
    client.destroy();
    const groups = describeSuggestions(await stored(docName));
    expect(groups).toHaveLength(1);

    /** The Yjs text holding struck "woningen" inside her inserted nested list. */
    const struck = (fragment: Y.XmlFragment): { text: Y.XmlText; index: number; length: number } => {
      const list = fragment.get(1) as Y.XmlElement;
      let found: { text: Y.XmlText; index: number; length: number } | null = null;
      const visit = (el: Y.XmlElement, inside: boolean) => {
        const here = inside || typeof el.getAttribute('suggestion') === 'string' && JSON.parse(el.getAttribute('suggestion') as string).kind === 'insert';
        for (const child of el.toArray()) {
          if (child instanceof Y.XmlElement) visit(child, here);
          else if (here && child instanceof Y.XmlText) {
            let index = 0;
            for (const op of child.toDelta() as { insert: string; attributes?: Record<string, unknown> }[]) {
              if (op.attributes?.deletion && op.insert.includes('woningen')) found = { text: child, index, length: op.insert.length };
              index += op.insert.length;
            }
          }
        }
      };
      visit(list, false);
      if (!found) throw new Error('no struck staff text in her inserted item');
      return found;
    };
    const strip = await tryEdit(server, docName, cookies.partner, (_b, fragment) => {
      const { text, index, length } = struck(fragment);
      text.format(index, length, { deletion: null });
    });
    expect(strip.refused, 'stripping the deletion mark').toBe(true);
    expect(strip.after).toEqual(strip.before);
    const remove = await tryEdit(server, docName, cookies.partner, (_b, fragment) => {
      const { text, index, length } = struck(fragment);
      text.delete(index, length);
    });
    expect(remove.refused, 'removing the struck text').toBe(true);
    expect(remove.after).toEqual(remove.before);
  });

  it('[G2] a partial change to someone else\'s group is refused: another partner removing only the insertion of a replacement', async () => {
    const docName = await listSection();
    const client = await partnerClient(docName, 'partner');
    await suggest(client, ids.partner, (s) => {
      const to = endOf(s, 'De CLTB');
      return s.apply(s.tr.setSelection(TextSelection.create(s.doc, to - 'De CLTB'.length, to))).tr.insertText('Het CLTB');
    });
    client.destroy();
    const [group] = describeSuggestions(await stored(docName));
    expect(groupKind(group.carriers)).toBe('replacement');
    const before = await storedFingerprint(server.store, docName);
    const partial = await tryEdit(server, docName, cookies.partner2, (_b, fragment) => {
      const item = (fragment.get(1) as Y.XmlElement).get(0) as Y.XmlElement;
      const text = (item.get(0) as Y.XmlElement).get(0) as Y.XmlText;
      let index = 0;
      for (const op of text.toDelta() as { insert: string; attributes?: Record<string, unknown> }[]) {
        if (op.attributes?.insertion) {
          text.delete(index, op.insert.length);
          return;
        }
        index += op.insert.length;
      }
      throw new Error('no insertion in the fixture');
    });
    expect(partial.refused).toBe(true);
    expect(await storedFingerprint(server.store, docName)).toEqual(before);
    expect(describeSuggestions(await stored(docName))).toEqual([group]);
  });
});

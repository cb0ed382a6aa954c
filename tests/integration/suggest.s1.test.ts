/**
 * [S1] A suggest-only connection may change the text only by suggesting: raw Yjs edits,
 * shaped like the editor's output, sent by the stock client over the real server.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { connectClient, firstDocName, signIn, whenSynced } from '../helpers/clients.js';
import { loadStored, paragraph, storedFingerprint } from '../helpers/docs.js';
import { tryEdit } from '../helpers/rawEdit.js';
import { SUGGESTION_META_FIELD, type SuggestionMeta } from '../../shared/suggestions/model.js';

let server: TestServer;
let docName: string;
let staffCookie: string;
let partnerCookie: string;
let partnerId: string;
let staffId: string;

const meOf = async (cookie: string) => ((await (await fetch(`${server.url}/api/auth/me`, { headers: { cookie } })).json()) as { user: { id: string } }).user.id;

beforeAll(async () => {
  server = await startTestServer();
  staffCookie = await signIn(server.url, 'staff');
  partnerCookie = await signIn(server.url, 'partner');
  docName = await firstDocName(server.url, staffCookie);
  partnerId = await meOf(partnerCookie);
  staffId = await meOf(staffCookie);
  // A staff paragraph to suggest on, at the top of the section.
  const staff = connectClient(server.url, docName, staffCookie);
  await whenSynced(staff);
  staff.fragment().insert(0, [paragraph('De grond blijft van de trust.', 's1base0001')]);
  await vi.waitFor(async () => {
    await server.rooms.settled(docName);
    expect((await storedFingerprint(server.store, docName)).content).toContain('De grond blijft');
  });
  staff.destroy();
});
afterAll(() => server.stop());

let counter = 0;
const sid = () => `sg${Date.now().toString(36)}${counter++}`;

/** A raw edit by the partner (or another person) on the first block. */
const partnerEdit = (edit: Parameters<typeof tryEdit>[3], cookie = partnerCookie) => tryEdit(server, docName, cookie, edit);

const firstText = (block: Y.XmlElement) => block.get(0) as Y.XmlText;

describe('[S1] what a partner may send', () => {
  it('[S1] an insertion marked as their own suggestion is accepted, and the server stamps who and when', async () => {
    const id = sid();
    const started = Date.now();
    const { refused, after } = await partnerEdit((block) => firstText(block).insert(3, 'eigen ', { insertion: { id, author: partnerId } }));
    expect(refused).toBe(false);
    expect(after.content).toContain('eigen ');
    const doc = await loadStored(server.store, docName);
    const meta = doc.getMap<SuggestionMeta>(SUGGESTION_META_FIELD).get(id);
    expect(meta?.author).toBe(partnerId);
    expect(meta?.name).toBe('Lotte Janssens');
    expect(meta?.organisation.name).toBe('Buurtwerk Noordwijk');
    expect(meta!.at).toBeGreaterThanOrEqual(started);
  });

  it('[S1] a deletion suggestion on staff text is accepted (the text stays, marked)', async () => {
    const { refused, after } = await partnerEdit((block) => firstText(block).format(0, 3, { deletion: { id: sid(), author: partnerId } }));
    expect(refused).toBe(false);
    expect(after.content).toContain('<deletion');
  });

  it('[S1] a formatting suggestion that records what it changed is accepted', async () => {
    const { refused } = await partnerEdit((block) => firstText(block).format(5, 4, { bold: {}, formatChange: { id: sid(), author: partnerId, added: 'bold', removed: '' } }));
    expect(refused).toBe(false);
  });

  it('[S1] structural suggestions survive the trip: a new block, a split, a retype, a block deletion', async () => {
    const inserted = await partnerEdit((_b, fragment) => {
      const p = paragraph('Een nieuw voorstel.');
      p.setAttribute('suggestion', JSON.stringify({ id: sid(), author: partnerId, kind: 'insert' }));
      fragment.insert(1, [p]);
    });
    expect(inserted.refused, inserted.why).toBe(false);
    const split = await partnerEdit((block, fragment) => {
      const text = firstText(block);
      const tail = text.toDelta() as { insert: string; attributes?: Record<string, unknown> }[];
      const plain = tail.map((op) => op.insert).join('');
      const cut = plain.indexOf('blijft');
      const moved = new Y.XmlText();
      const p = new Y.XmlElement('paragraph');
      p.setAttribute('suggestion', JSON.stringify({ id: sid(), author: partnerId, kind: 'split' }));
      p.insert(0, [moved]);
      // Move the tail, keeping its marks, into the new block.
      let offset = 0;
      const ops: [string, Record<string, unknown> | undefined][] = [];
      for (const op of tail) {
        const start = Math.max(cut - offset, 0);
        if (start < op.insert.length) ops.push([op.insert.slice(start), op.attributes]);
        offset += op.insert.length;
      }
      text.delete(cut, plain.length - cut);
      fragment.insert(1, [p]);
      let at = 0;
      for (const [chunk, attrs] of ops) {
        moved.insert(at, chunk, attrs ?? {});
        at += chunk.length;
      }
    });
    expect(split.refused, split.why).toBe(false);
    const retyped = await partnerEdit((_b, fragment) => {
      // Turn the staff paragraph into a heading, keeping its text and marks.
      const source = fragment.get(0) as Y.XmlElement;
      const delta = (source.get(0) as Y.XmlText).toDelta() as { insert: string; attributes?: Record<string, unknown> }[];
      const heading = new Y.XmlElement('heading');
      heading.setAttribute('level', 2 as unknown as string);
      heading.setAttribute('suggestion', JSON.stringify({ id: sid(), author: partnerId, kind: 'retype', from: { type: 'paragraph', attrs: {} } }));
      const text = new Y.XmlText();
      heading.insert(0, [text]);
      fragment.delete(0, 1);
      fragment.insert(0, [heading]);
      let at = 0;
      for (const op of delta) {
        text.insert(at, op.insert, op.attributes ?? {});
        at += op.insert.length;
      }
    });
    expect(retyped.refused, retyped.why).toBe(false);
    expect(retyped.after.content).toMatch(/^<heading/);
    const deleted = await partnerEdit((_b, fragment) => {
      const last = fragment.get(fragment.length - 1) as Y.XmlElement;
      last.setAttribute('suggestion', JSON.stringify({ id: sid(), author: partnerId, kind: 'delete' }));
    });
    expect(deleted.refused, deleted.why).toBe(false);
  });
});

describe('[S1] raw-client attacks are refused with 4422 and change nothing stored', () => {
  const attacks: Record<string, (block: Y.XmlElement, fragment: Y.XmlFragment) => void> = {
    'an unmarked insertion': (block) => firstText(block).insert(0, 'stiekem '),
    'deleting staff text': (block) => firstText(block).delete(0, 2),
    'formatting staff text without a suggestion': (block) => firstText(block).format(0, 2, { italic: {} }),
    'removing a block': (_b, fragment) => fragment.delete(0, 1),
    'a forged author on a suggestion': (block) => firstText(block).insert(0, 'namens staff ', { insertion: { id: sid(), author: staffId } }),
    'a new block without a suggestion': (_b, fragment) => fragment.insert(0, [paragraph('zomaar')]),
    'accepting someone else\'s suggestion by editing': (block) => {
      const text = firstText(block);
      const delta = text.toDelta() as { insert: string; attributes?: Record<string, unknown> }[];
      let at = 0;
      for (const op of delta) {
        if (op.attributes?.insertion) {
          text.format(at, op.insert.length, { insertion: null });
          return;
        }
        at += op.insert.length;
      }
      throw new Error('no insertion to accept in the fixture');
    },
  };
  for (const [name, attack] of Object.entries(attacks)) {
    it(`[S1] ${name}`, async () => {
      const { refused, before, after } = await partnerEdit(attack);
      expect(refused).toBe(true);
      expect(after).toEqual(before);
    });
  }

  it('[S1] changing another partner\'s suggestion is refused', async () => {
    const partner2Cookie = await signIn(server.url, 'partner2');
    const { refused, before, after } = await partnerEdit((block) => {
      const text = firstText(block);
      const delta = text.toDelta() as { insert: string; attributes?: Record<string, unknown> }[];
      let at = 0;
      for (const op of delta) {
        if (op.attributes?.insertion) {
          text.delete(at, 1);
          return;
        }
        at += op.insert.length;
      }
      throw new Error('no insertion in the fixture');
    }, partner2Cookie);
    expect(refused).toBe(true);
    expect(after).toEqual(before);
  });
});

/**
 * [S1][S2] Suggestion authorship from every capability (issue 22). The server decides who
 * made a suggestion: a new suggestion id must carry the sender's own user id, and a known
 * id keeps the author the server first recorded. Until now these checks were only tried
 * through partners, where the S1 content check hides them; here an *edit* connection
 * (staff), a suggest connection (another partner) and a comment connection (a reader) each
 * try to insert a suggestion in a partner's name or re-mark a partner's suggestion as their
 * own: 4422, and nothing stored changes (content, state vector, recorded authors). The same
 * for comment anchors: only one's own thread's anchors, except for staff, who moderate.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { connectClient, firstDocName, signIn, whenSynced, type DemoAccount } from '../helpers/clients.js';
import { loadStored, paragraph, storedFingerprint } from '../helpers/docs.js';
import { tryEdit } from '../helpers/rawEdit.js';
import { SUGGESTION_META_FIELD, type SuggestionMeta } from '../../shared/suggestions/model.js';

let server: TestServer;
let docName: string;
const cookies = {} as Record<DemoAccount, string>;
const ids = {} as Record<DemoAccount, string>;
/** The partner's own pending insertion, made in beforeAll. */
let partnerSuggestion = '';
let partnerThread = '';
let counter = 0;
const sid = () => `au${Date.now().toString(36)}${counter++}`;
const textOf = (block: Y.XmlElement) => block.get(0) as Y.XmlText;
const commentKey = (thread: string) => `comment--${thread.replace(/[-_]/g, 'x').slice(0, 8)}`;

/** The recorded authors of every suggestion (the server's map). */
async function recordedAuthors(): Promise<Record<string, string>> {
  const doc = await loadStored(server.store, docName);
  const out = Object.fromEntries([...doc.getMap<SuggestionMeta>(SUGGESTION_META_FIELD).entries()].map(([id, meta]) => [id, meta.author]));
  doc.destroy();
  return out;
}

/** Finds the range of a suggestion's insertion mark in the first block. */
function rangeOf(text: Y.XmlText, id: string): [number, number] {
  let at = 0;
  for (const op of text.toDelta() as { insert: string; attributes?: { insertion?: { id: string } } }[]) {
    if (op.attributes?.insertion?.id === id) return [at, op.insert.length];
    at += op.insert.length;
  }
  throw new Error(`no insertion ${id} in the fixture`);
}

beforeAll(async () => {
  server = await startTestServer();
  for (const who of ['staff', 'partner', 'partner2', 'reader'] as const) {
    cookies[who] = await signIn(server.url, who);
    const me = (await (await fetch(`${server.url}/api/auth/me`, { headers: { cookie: cookies[who] } })).json()) as { user: { id: string } };
    ids[who] = me.user.id;
  }
  docName = await firstDocName(server.url, cookies.staff);
  const staff = connectClient(server.url, docName, cookies.staff);
  await whenSynced(staff);
  staff.fragment().insert(0, [paragraph('De grond blijft van de trust.', 'authbase001')]);
  await vi.waitFor(async () => {
    await server.rooms.settled(docName);
    expect((await storedFingerprint(server.store, docName)).content).toContain('De grond blijft');
  });
  staff.destroy();
  partnerSuggestion = sid();
  const made = await tryEdit(server, docName, cookies.partner, (block) => textOf(block).insert(3, 'gedeelde ', { insertion: { id: partnerSuggestion, author: ids.partner } }));
  expect(made.refused, made.why).toBe(false);
  expect((await recordedAuthors())[partnerSuggestion]).toBe(ids.partner);
  const thread = await fetch(`${server.url}/api/docs/${docName}/threads`, { method: 'POST', headers: { cookie: cookies.partner, 'content-type': 'application/json' }, body: JSON.stringify({ quote: 'grond', body: 'Van de partner' }) });
  expect(thread.status).toBe(201);
  partnerThread = ((await thread.json()) as { thread: { id: string } }).thread.id;
});
afterAll(() => server.stop());

type Attack = (block: Y.XmlElement, fragment: Y.XmlFragment) => void;
const attacks: Record<string, Attack> = {
  'inserts text as a new suggestion in the partner\'s name': (block) => textOf(block).insert(0, 'namens de partner ', { insertion: { id: sid(), author: ids.partner } }),
  'marks staff text deleted in the partner\'s name': (block) => textOf(block).format(0, 2, { deletion: { id: sid(), author: ids.partner } }),
  'suggests a formatting change in the partner\'s name': (block) => textOf(block).format(0, 2, { bold: {}, formatChange: { id: sid(), author: ids.partner, added: 'bold', removed: '' } }),
  'adds a block suggestion in the partner\'s name': (_b, fragment) => {
    const p = paragraph('Een blok namens de partner.');
    p.setAttribute('suggestion', JSON.stringify({ id: sid(), author: ids.partner, kind: 'insert' }));
    fragment.insert(1, [p]);
  },
};
/** Re-marks the partner's pending insertion as `author`'s (same id, another author). */
const remark = (author: () => string): Attack => (block) => {
  const text = textOf(block);
  const [at, length] = rangeOf(text, partnerSuggestion);
  text.format(at, length, { insertion: { id: partnerSuggestion, author: author() } });
};

describe('[S1][S2] nobody writes a suggestion in someone else\'s name, whatever their capability', () => {
  const senders: [DemoAccount, string][] = [['staff', 'edit'], ['partner2', 'suggest'], ['reader', 'comment']];
  for (const [who, capability] of senders) {
    for (const [name, attack] of Object.entries(attacks)) {
      it(`[S1] ${who}'s ${capability} connection that ${name} gets 4422 and nothing is stored`, async () => {
        const authorsBefore = await recordedAuthors();
        const { refused, before, after, why } = await tryEdit(server, docName, cookies[who], attack);
        expect(refused, why).toBe(true);
        expect(after).toEqual(before);
        expect(await recordedAuthors()).toEqual(authorsBefore);
      });
    }
    it(`[S1] ${who}'s ${capability} connection that re-marks the partner's suggestion as its own gets 4422 and nothing is stored`, async () => {
      const authorsBefore = await recordedAuthors();
      const { refused, before, after, why } = await tryEdit(server, docName, cookies[who], remark(() => ids[who]));
      expect(refused, why).toBe(true);
      expect(after).toEqual(before);
      expect(await recordedAuthors()).toEqual(authorsBefore);
      expect(authorsBefore[partnerSuggestion]).toBe(ids.partner);
    });
  }

  for (const [who, capability] of [['staff', 'edit'], ['partner2', 'suggest']] as const) {
    it(`[S1][G2] ${who}'s ${capability} connection adding its own carrier under the partner's suggestion id (beside the partner's) gets 4422 and nothing is stored`, async () => {
      const authorsBefore = await recordedAuthors();
      const { refused, before, after, why } = await tryEdit(server, docName, cookies[who], (block) => {
        const text = textOf(block);
        const [at, length] = rangeOf(text, partnerSuggestion);
        // Right after the partner's run, with her id but the sender's own name: the group would
        // then have two authors, and she could no longer withdraw her own suggestion.
        text.insert(at + length, 'erbij ', { insertion: { id: partnerSuggestion, author: ids[who] } });
      });
      expect(refused, why).toBe(true);
      expect(after).toEqual(before);
      expect(await recordedAuthors()).toEqual(authorsBefore);
    });
  }

  it('[S1] an edit connection that hands the partner\'s suggestion to another partner gets 4422', async () => {
    const { refused, before, after, why } = await tryEdit(server, docName, cookies.staff, remark(() => ids.partner2));
    expect(refused, why).toBe(true);
    expect(after).toEqual(before);
  });

  it('[S2] control: staff may suggest in their own name; the server records staff as its author', async () => {
    const id = sid();
    const { refused, why } = await tryEdit(server, docName, cookies.staff, (block) => textOf(block).insert(0, 'eigen voorstel ', { insertion: { id, author: ids.staff } }));
    expect(refused, why).toBe(false);
    expect((await recordedAuthors())[id]).toBe(ids.staff);
  });
});

describe('[S1][C1] comment anchors carry their thread owner\'s rights', () => {
  it('[S1] a suggest connection (partner2) anchoring the partner\'s thread gets 4422 and nothing is stored', async () => {
    const { refused, before, after } = await tryEdit(server, docName, cookies.partner2, (block) => textOf(block).format(0, 2, { [commentKey(partnerThread)]: { thread: partnerThread } }));
    expect(refused).toBe(true);
    expect(after).toEqual(before);
  });

  it('[A2] a comment connection (reader) anchoring the partner\'s thread gets 4422 and nothing is stored', async () => {
    const { refused, before, after } = await tryEdit(server, docName, cookies.reader, (block) => textOf(block).format(0, 2, { [commentKey(partnerThread)]: { thread: partnerThread } }));
    expect(refused).toBe(true);
    expect(after).toEqual(before);
  });

  it('[S1] the partner anchoring their own thread is stored (control)', async () => {
    const { refused, why, after } = await tryEdit(server, docName, cookies.partner, (block) => textOf(block).format(0, 2, { [commentKey(partnerThread)]: { thread: partnerThread } }));
    expect(refused, why).toBe(false);
    expect(after.content).toContain(partnerThread);
  });

  it('[S1] a suggest connection (partner2) removing the partner\'s anchor gets 4422 and nothing is stored', async () => {
    const { refused, before, after } = await tryEdit(server, docName, cookies.partner2, (block) => textOf(block).format(0, 2, { [commentKey(partnerThread)]: null }));
    expect(refused).toBe(true);
    expect(after).toEqual(before);
    expect(after.content).toContain(partnerThread);
  });
});

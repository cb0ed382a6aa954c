/**
 * Commenting never needs edit rights (issue #5, A2, S1): a comment-only connection (a
 * reader where the workspace allows reader comments) may add and remove only the anchors
 * of its own threads; a partner's edits may not touch anyone else's anchors. Raw Yjs
 * edits shaped like the editor's output, sent by the stock client over the real server.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { connectClient, firstDocName, signIn, whenSynced } from '../helpers/clients.js';
import { paragraph, storedFingerprint } from '../helpers/docs.js';
import { tryEdit } from '../helpers/rawEdit.js';
import { CloseCode } from '../../shared/protocol.js';

let server: TestServer;
let docName: string;
const cookies: Record<'staff' | 'partner' | 'reader', string> = { staff: '', partner: '', reader: '' };
let staffThread = '';

const TEXT = 'Samen bouwen aan betaalbare woningen in Brussel.';
/** The key the TipTap binding stores a non-exclusive mark under (any `--` suffix). */
const commentKey = (thread: string) => `comment--${thread.replace(/[-_]/g, 'x').slice(0, 8)}`;
const anchor = (thread: string) => ({ [commentKey(thread)]: { thread } });
const unanchor = (thread: string) => ({ [commentKey(thread)]: null });
const textOf = (block: Y.XmlElement) => block.get(0) as Y.XmlText;

async function startThread(cookie: string, quote: string, doc = docName): Promise<{ status: number; id: string }> {
  const res = await fetch(`${server.url}/api/docs/${doc}/threads`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ quote, body: `Over “${quote}”` }),
  });
  const body = (await res.json()) as { thread?: { id: string } };
  return { status: res.status, id: body.thread?.id ?? '' };
}

beforeAll(async () => {
  server = await startTestServer();
  for (const name of ['staff', 'partner', 'reader'] as const) cookies[name] = await signIn(server.url, name);
  docName = await firstDocName(server.url, cookies.staff);
  // Staff text at the top, with a staff thread anchored on "bouwen".
  staffThread = (await startThread(cookies.staff, 'bouwen')).id;
  const staff = connectClient(server.url, docName, cookies.staff);
  await whenSynced(staff);
  staff.doc.transact(() => {
    staff.fragment().insert(0, [paragraph(TEXT, 'cmtbase0001')]);
    textOf(staff.fragment().get(0) as Y.XmlElement).format(6, 6, anchor(staffThread));
  });
  await vi.waitFor(async () => {
    await server.rooms.settled(docName);
    expect((await storedFingerprint(server.store, docName)).content).toContain(staffThread);
  });
  staff.destroy();
});
afterAll(() => server.stop());

describe('comment-only connections (reader, workspace allows reader comments)', () => {
  it('[A2] a reader anchors a thread they started on the text they selected', async () => {
    const thread = await startThread(cookies.reader, 'betaalbare');
    expect(thread.status).toBe(201);
    const outcome = await tryEdit(server, docName, cookies.reader, (block) => textOf(block).format(17, 10, anchor(thread.id)));
    expect(outcome.refused, outcome.why).toBe(false);
    expect(outcome.after.content).toContain(thread.id);
    // …and removes it again.
    const removed = await tryEdit(server, docName, cookies.reader, (block) => textOf(block).format(17, 10, unanchor(thread.id)));
    expect(removed.refused, removed.why).toBe(false);
    expect(removed.after.content).not.toContain(thread.id);
  });

  it('[A2] a reader changing the text is refused with 4422 and nothing is stored', async () => {
    const outcome = await tryEdit(server, docName, cookies.reader, (block) => textOf(block).insert(0, 'Niet '));
    expect(outcome.refused).toBe(true);
    expect(outcome.why).toMatch(/only add or remove your own comments/);
    expect(outcome.after).toEqual(outcome.before);
  });

  it('[A2] a reader anchoring someone else’s thread, or one that does not exist, is refused', async () => {
    const foreign = await tryEdit(server, docName, cookies.reader, (block) => textOf(block).format(0, 5, anchor(staffThread)));
    expect(foreign.refused).toBe(true);
    expect(foreign.after).toEqual(foreign.before);
    const invented = await tryEdit(server, docName, cookies.reader, (block) => textOf(block).format(0, 5, anchor('invented-thread-id')));
    expect(invented.refused).toBe(true);
    expect(invented.after).toEqual(invented.before);
  });

  it('[A2] a reader removing someone else’s anchor is refused', async () => {
    const outcome = await tryEdit(server, docName, cookies.reader, (block) => textOf(block).format(6, 6, unanchor(staffThread)));
    expect(outcome.refused).toBe(true);
    expect(outcome.after.content).toContain(staffThread);
    expect(outcome.after).toEqual(outcome.before);
  });

  it('[A2] a reader’s own anchor with a text change in the same update is refused whole', async () => {
    const thread = await startThread(cookies.reader, 'woningen');
    const outcome = await tryEdit(server, docName, cookies.reader, (block) => {
      textOf(block).format(28, 8, anchor(thread.id));
      textOf(block).insert(0, 'X');
    });
    expect(outcome.refused).toBe(true);
    expect(outcome.after).toEqual(outcome.before);
  });

  it('[A5] in a workspace without reader comments, readers cannot start threads or write anchors', async () => {
    const reglement = await firstDocName(server.url, cookies.staff, 'reglement');
    expect((await startThread(cookies.reader, 'x', reglement)).status).toBe(403);
    const staffIn = await startThread(cookies.staff, 'x', reglement);
    expect(staffIn.status).toBe(201);
    const client = connectClient(server.url, reglement, cookies.reader, { params: { ack: '1' } });
    await whenSynced(client);
    client.doc.transact(() => client.fragment().insert(0, [paragraph('Lezer', 'rdr0000001')]));
    await vi.waitFor(() => expect(client.closes).toContain(CloseCode.updateRefused));
    expect(client.refusals.join()).toMatch(/can read this section but not change it/);
    client.destroy();
  });
});

describe('[S1] partners and comments', () => {
  it('[S1] a partner anchors their own thread without suggesting anything', async () => {
    const thread = await startThread(cookies.partner, 'Brussel');
    const outcome = await tryEdit(server, docName, cookies.partner, (block) => textOf(block).format(40, 7, anchor(thread.id)));
    expect(outcome.refused, outcome.why).toBe(false);
    expect(outcome.after.content).toContain(thread.id);
  });

  it('[S1] a partner removing staff’s anchor is refused; nobody else’s comments change', async () => {
    const outcome = await tryEdit(server, docName, cookies.partner, (block) => textOf(block).format(6, 6, unanchor(staffThread)));
    expect(outcome.refused).toBe(true);
    expect(outcome.why).toMatch(/suggest/);
    expect(outcome.after).toEqual(outcome.before);
  });

  it('[S1] a partner’s suggested insertion inside staff’s anchored text is accepted and the anchor stays', async () => {
    const me = (await (await fetch(`${server.url}/api/auth/me`, { headers: { cookie: cookies.partner } })).json()) as { user: { id: string } };
    const outcome = await tryEdit(server, docName, cookies.partner, (block) =>
      textOf(block).insert(9, 'XYZ', { insertion: { id: `sgc${Date.now().toString(36)}`, author: me.user.id }, [commentKey(staffThread)]: { thread: staffThread } }),
    );
    expect(outcome.refused, outcome.why).toBe(false);
    expect(outcome.after.content).toContain(staffThread);
  });
});

describe('[A2] a thread belongs to its own section', () => {
  it('[A2] a partner’s own thread from section A cannot be anchored in section B by a raw update; nothing is stored', async () => {
    const cookie = cookies.partner;
    const toolbox = (await (await fetch(`${server.url}/api/workspaces`, { headers: { cookie } })).json()) as { slug: string; languages: string[]; sections: { docs: Record<string, string> }[] }[];
    const ws = toolbox.find((w) => w.slug === 'toolbox')!;
    const otherDoc = ws.sections[1].docs[ws.languages[0]];
    expect(otherDoc).not.toBe(docName);
    const fromA = await startThread(cookie, 'Samen', docName);
    expect(fromA.status).toBe(201);
    const crossed = await tryEdit(server, otherDoc, cookie, (block) => textOf(block).format(0, 3, anchor(fromA.id)));
    expect(crossed.refused).toBe(true);
    expect(crossed.after).toEqual(crossed.before);
    // The same partner anchoring a thread of section B there is fine: the refusal is about the section.
    const probe = connectClient(server.url, otherDoc, cookie);
    await whenSynced(probe);
    const quote = textOf(probe.fragment().get(0) as Y.XmlElement).toString().slice(0, 3);
    probe.destroy();
    const fromB = await startThread(cookie, quote, otherDoc);
    expect(fromB.status).toBe(201);
    const own = await tryEdit(server, otherDoc, cookie, (block) => textOf(block).format(0, 3, anchor(fromB.id)));
    expect(own.refused, own.why).toBe(false);
    expect(own.after.content).toContain(fromB.id);
  });
});

/**
 * [C1] A comment's anchor follows its text through concurrent edits; a thread whose text is
 * deleted becomes detached, keeps its quote, and staff can re-attach it. Real server, stock
 * clients, the server's own anchor scan.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { connectClient, firstDocName, signIn, whenSynced, type TestClient } from '../helpers/clients.js';
import { paragraph } from '../helpers/docs.js';
import { createPrng } from '../helpers/prng.js';
import { threadAnchors } from '../../shared/comments/model.js';
import { elementToJson } from '../../server/collab/validateContent.js';
import type { Thread } from '../../shared/comments/api.js';
import { getEditorSchema } from '../../shared/editor/extensions.js';
import { EditorState } from '@tiptap/pm/state';
import { updateYFragment, yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';

let server: TestServer;
let staffCookie: string;
let docName: string;

/** The key the TipTap binding stores a non-exclusive mark under: `comment--` and an 8-character hash. */
const anchor = (thread: string) => ({ [`comment--${thread.replace(/[-_]/g, 'x').slice(0, 8)}`]: { thread } });
const blocksOf = (doc: Y.Doc) =>
  doc
    .getXmlFragment('default')
    .toArray()
    .filter((n): n is Y.XmlElement => n instanceof Y.XmlElement)
    .map((el) => elementToJson(el));

async function api<T>(path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${server.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { cookie: staffCookie, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
const threadsOf = (doc: string) => api<Thread[]>(`/api/docs/${doc}/threads`);
const newThread = async (doc: string, quote: string) => (await api<{ thread: Thread }>(`/api/docs/${doc}/threads`, { quote, body: `Over ${quote}` })).thread;

/** Waits until every client and the server agree, then scans the draft's anchors. */
async function settle(doc: string, clients: TestClient[]) {
  await vi.waitFor(
    async () => {
      await server.rooms.settled(doc);
      // Snapshots, not state vectors: a delete-only update leaves the state vector as it was.
      const stored = await server.rooms.command(doc, null, (d) => Y.snapshot(d));
      for (const client of clients) expect(Y.equalSnapshots(Y.snapshot(client.doc), stored)).toBe(true);
    },
    { timeout: 10_000, interval: 50 },
  );
  await server.services.comments.scanAnchors(doc);
}

beforeAll(async () => {
  server = await startTestServer();
  staffCookie = await signIn(server.url, 'staff');
  docName = await firstDocName(server.url, staffCookie);
});
afterAll(() => server.stop());

describe('[C1] detach and re-attach', () => {
  it('[C1] deleting the anchored text detaches the thread, keeping its quote; re-attaching to new text attaches it again', async () => {
    const thread = await newThread(docName, 'gemeenschappelijke grond');
    const staff = connectClient(server.url, docName, staffCookie);
    await whenSynced(staff);
    staff.doc.transact(() => {
      staff.fragment().insert(0, [paragraph('Wij beheren gemeenschappelijke grond voor altijd.', 'c1detach01')]);
      ((staff.fragment().get(0) as Y.XmlElement).get(0) as Y.XmlText).format(12, 24, anchor(thread.id));
    });
    await settle(docName, [staff]);
    expect((await threadsOf(docName)).find((t) => t.id === thread.id)).toMatchObject({ detached: false, quote: 'gemeenschappelijke grond' });

    // Someone deletes the sentence part that carried the anchor.
    ((staff.fragment().get(0) as Y.XmlElement).get(0) as Y.XmlText).delete(12, 25);
    await settle(docName, [staff]);
    const detached = (await threadsOf(docName)).find((t) => t.id === thread.id)!;
    expect(detached).toMatchObject({ detached: true, quote: 'gemeenschappelijke grond', status: 'open' });
    expect(detached.messages[0].body).toBe('Over gemeenschappelijke grond');
    // Listed workspace-wide too: nothing is lost.
    expect((await api<Thread[]>('/api/workspaces/toolbox/threads')).map((t) => t.id)).toContain(thread.id);

    // Staff re-attach it to other text and mark it in the editor.
    await api(`/api/docs/${docName}/threads/${thread.id}/reattach`, { quote: 'voor altijd' });
    const text = (staff.fragment().get(0) as Y.XmlElement).get(0) as Y.XmlText;
    text.format(text.toString().indexOf('voor altijd'), 11, anchor(thread.id));
    await settle(docName, [staff]);
    expect((await threadsOf(docName)).find((t) => t.id === thread.id)).toMatchObject({ detached: false, quote: 'voor altijd' });
    staff.destroy();
  });

  it('[C1] a new thread whose mark has not arrived yet is not detached at once', async () => {
    const thread = await newThread(docName, 'nog niet gemarkeerd');
    await server.services.comments.scanAnchors(docName);
    expect((await threadsOf(docName)).find((t) => t.id === thread.id)?.detached).toBe(false);
  });
});

describe('[C1] anchors through random concurrent edits', () => {
  /**
   * Each person edits through ProseMirror and the binding's own write path
   * (`updateYFragment`), as the browser does. Typed text takes the marks ProseMirror gives
   * it at the caret: inside a commented passage it joins the comment (as in any editor),
   * at its edges and outside it does not. To check that without tracking every character,
   * text typed inside is written with letters a–m and text typed outside with n–z; the
   * quoted passage is A–J. Text typed inside may lose the comment when its neighbours are
   * deleted concurrently (the binding re-applies each person's marks over the whole
   * paragraph), so only the quoted text and the text typed outside are held to a rule.
   */
  const schema = getEditorSchema();
  const INSIDE = 'abcdefghijklm';
  const OUTSIDE = 'nopqrstuvwxyz';

  function typeOrDelete(client: TestClient, random: ReturnType<typeof createPrng>, threadId: string) {
    const fragment = client.fragment();
    const state = EditorState.create({ schema, doc: yXmlFragmentToProseMirrorRootNode(fragment, schema) });
    const paragraphNode = state.doc.firstChild!;
    const length = paragraphNode.content.size;
    let tr;
    if (random.chance(0.55) || length < 3) {
      const pos = 1 + random.int(length + 1);
      const marks = state.doc.resolve(pos).marks();
      const inside = marks.some((mark) => mark.type.name === 'comment' && mark.attrs.thread === threadId);
      const alphabet = inside ? INSIDE : OUTSIDE;
      const word = Array.from({ length: 1 + random.int(4) }, () => alphabet[random.int(alphabet.length)]).join('');
      tr = state.tr.insert(pos, schema.text(word, marks));
    } else {
      const from = 1 + random.int(length);
      tr = state.tr.delete(from, Math.min(from + 1 + random.int(4), 1 + length));
    }
    client.doc.transact(() => updateYFragment(client.doc, fragment, tr.doc, { mapping: new Map(), isOMark: new Map() }));
  }

  it('[C1] through any interleaving of three people’s edits, quoted text keeps its anchor, text typed outside never gains it, and the thread detaches only when nothing anchored is left (seeded)', async () => {
    const seed = Number(process.env.FUZZ_SEED ?? 20261127);
    const random = createPrng(seed);
    const rounds = 12;
    for (let round = 0; round < rounds; round++) {
      const created = await api<{ section: { docs: Record<string, string> } }>('/api/workspaces/toolbox/sections', { title: `C1 ronde ${seed}-${round}` });
      const doc = created.section.docs.nl;
      const thread = await newThread(doc, 'ABCDEFGHIJ');
      const clients = [0, 1, 2].map(() => connectClient(server.url, doc, staffCookie));
      await Promise.all(clients.map(whenSynced));
      // The first person writes the paragraph and comments on the quoted part, through ProseMirror.
      const start = schema.node('doc', null, [
        schema.node('paragraph', { id: `c1r${round}p0001` }, [
          schema.text('nop '),
          schema.text('ABCDEFGHIJ', [schema.marks.comment.create({ thread: thread.id })]),
          schema.text(' qrs'),
        ]),
      ]);
      clients[0].doc.transact(() => updateYFragment(clients[0].doc, clients[0].fragment(), start, { mapping: new Map(), isOMark: new Map() }));
      await settle(doc, clients);

      // Concurrent bursts: each person edits their own copy while the others' edits are in flight.
      for (let burst = 0; burst < 4; burst++) {
        for (const client of clients) for (let op = 0; op < 1 + random.int(3); op++) typeOrDelete(client, random, thread.id);
        await new Promise((resolve) => setTimeout(resolve, random.int(30)));
      }
      await settle(doc, clients);

      const blocks = await server.rooms.command(doc, null, (d) => blocksOf(d));
      const runs = (blocks[0].content ?? []).map((n) => ({ text: n.text ?? '', anchored: (n.marks ?? []).some((m) => m.type === 'comment' && m.attrs?.thread === thread.id) }));
      const where = `seed ${seed} round ${round}: ${runs.map((r) => (r.anchored ? `[${r.text}]` : r.text)).join('')}`;
      for (const run of runs) {
        for (const char of run.text) {
          if (/[A-J]/.test(char)) expect(run.anchored, `quoted ${char} lost its anchor — ${where}`).toBe(true);
          if (OUTSIDE.includes(char)) expect(run.anchored, `${char} typed outside gained the anchor — ${where}`).toBe(false);
        }
      }
      const anchored = threadAnchors(blocks).get(thread.id) ?? '';
      for (const client of clients) expect(threadAnchors(blocksOf(client.doc)).get(thread.id) ?? '', where).toBe(anchored);
      const row = (await threadsOf(doc)).find((t) => t.id === thread.id)!;
      expect(row.detached, where).toBe(anchored.length === 0);
      expect(row.quote).toBe('ABCDEFGHIJ');
      clients.forEach((c) => c.destroy());
    }
  }, 120_000);
});

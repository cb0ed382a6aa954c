/**
 * [A1][A2][A3] An independent permission table for the websocket (issue 22): role →
 * capability → which kinds of write each frame kind may carry, written out by hand from
 * DESIGN.md ("staff edit drafts directly, partners suggest, readers comment if the
 * workspace allows it, otherwise read"), not from shared/permissions.ts. Every cell is
 * tried over the real server with the stock y-websocket client: as an `update` frame and
 * inside a `sync step 2` (an offline edit delivered on connect). Allowed writes are
 * stored; the others close with 4422 and nothing stored changes. Awareness from every
 * role is relayed with the server's identity; anonymous and outsiders never get in.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { connectClient, firstDocName, rawSocket, signIn, whenSynced, type TestClient } from '../helpers/clients.js';
import { loadStored, paragraph, storedFingerprint } from '../helpers/docs.js';
import { CloseCode } from '../../shared/protocol.js';
import { settleEdit } from '../helpers/rawEdit.js';

type Who = 'admin' | 'staff' | 'partner' | 'reader' | 'readerNoComments';
type Capability = 'edit' | 'suggest' | 'comment' | 'read';
type WriteKind = 'text' | 'ownSuggestion' | 'ownAnchor';
type FrameKind = 'update' | 'step2';

/** DESIGN.md's roles, by hand. The demo toolbox lets readers comment; the reglement does not. */
const CAPABILITY: Record<Who, Capability> = { admin: 'edit', staff: 'edit', partner: 'suggest', reader: 'comment', readerNoComments: 'read' };
/** What each capability may write. */
const MAY_WRITE: Record<Capability, readonly WriteKind[]> = {
  edit: ['text', 'ownSuggestion', 'ownAnchor'],
  suggest: ['ownSuggestion', 'ownAnchor'],
  comment: ['ownAnchor'],
  read: [],
};
const WHO: readonly Who[] = ['admin', 'staff', 'partner', 'reader', 'readerNoComments'];
const KINDS: readonly WriteKind[] = ['text', 'ownSuggestion', 'ownAnchor'];
const FRAMES: readonly FrameKind[] = ['update', 'step2'];

const TEXT = 'Samen bouwen aan betaalbare woningen in Brussel.';
const commentKey = (thread: string) => `comment--${thread.replace(/[-_]/g, 'x').slice(0, 8)}`;

let server: TestServer;
const cookies = {} as Record<Who, string>;
const userIds = {} as Record<Who, string>;
const docs = {} as Record<Who, string>;
/** A thread of each person's own in their document (staff's for the reader who may not comment). */
const threads = {} as Record<Who, string>;
let counter = 0;

async function api(cookie: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(server.url + path, { method: body ? 'POST' : 'GET', headers: { cookie, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** The edit of one write kind on the first block, by `who`. */
function makeEdit(kind: WriteKind, who: Who): (fragment: Y.XmlFragment) => void {
  return (fragment) => {
    const text = (fragment.get(0) as Y.XmlElement).get(0) as Y.XmlText;
    if (kind === 'text') text.insert(0, `direct${counter++} `);
    else if (kind === 'ownSuggestion') text.insert(0, `voorstel${counter} `, { insertion: { id: `wst${Date.now().toString(36)}${counter++}`, author: userIds[who] } });
    // A new range each time, so the anchor is a change even where an earlier attempt stored one.
    else text.format((counter++ * 3) % 36, 3, { [commentKey(threads[who])]: { thread: threads[who] } });
  };
}

/** Sends one edit as an update frame or inside the sync step 2 of a fresh connection; reports stored or refused. */
async function attempt(who: Who, kind: WriteKind, frame: FrameKind): Promise<{ outcome: 'stored' | 'refused'; changed: boolean }> {
  const docName = docs[who];
  await server.rooms.settled(docName);
  const before = await storedFingerprint(server.store, docName);
  let client: TestClient;
  if (frame === 'update') {
    client = connectClient(server.url, docName, cookies[who], { params: { ack: '1' } });
    await whenSynced(client);
    client.doc.transact(() => makeEdit(kind, who)(client.fragment()));
  } else {
    // An offline copy with the edit: the stock client sends it in its sync step 2.
    const offline = await loadStored(server.store, docName);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(offline));
    offline.destroy();
    doc.transact(() => makeEdit(kind, who)(doc.getXmlFragment('default')));
    client = connectClient(server.url, docName, cookies[who], { params: { ack: '1' }, doc });
  }
  const { refused, after } = await settleEdit(server, docName, client, before);
  return { outcome: refused ? 'refused' : 'stored', changed: JSON.stringify(after) !== JSON.stringify(before) };
}

/**
 * A fixture that cannot be built is a failing test, not skipped ones: a mutant that breaks
 * the setup (staff can no longer write) must fail something (Stryker counts failed tests).
 */
let setupError: unknown = null;
beforeAll(async () => {
  try {
    await buildFixture();
  } catch (error) {
    setupError = error;
  }
}, 60_000);

async function buildFixture(): Promise<void> {
  server = await startTestServer();
  for (const who of WHO) cookies[who] = await signIn(server.url, who === 'readerNoComments' ? 'reader' : who);
  const toolboxDoc = await firstDocName(server.url, cookies.staff);
  const reglementDoc = await firstDocName(server.url, cookies.staff, 'reglement');
  for (const who of WHO) {
    docs[who] = who === 'readerNoComments' ? reglementDoc : toolboxDoc;
    userIds[who] = ((await api(cookies[who], '/api/auth/me')).body.user as { id: string }).id;
  }
  // Staff text at the top of both documents, then a thread of each person's own on "bouwen".
  for (const docName of [toolboxDoc, reglementDoc]) {
    const staff = connectClient(server.url, docName, cookies.staff);
    await whenSynced(staff);
    staff.fragment().insert(0, [paragraph(TEXT, `wsbase${docName === toolboxDoc ? 'tb' : 'rg'}01`)]);
    await vi.waitFor(async () => {
      await server.rooms.settled(docName);
      expect((await storedFingerprint(server.store, docName)).content).toContain('Samen bouwen');
    });
    staff.destroy();
  }
  for (const who of WHO) {
    if (who === 'readerNoComments') continue;
    const created = await api(cookies[who], `/api/docs/${docs[who]}/threads`, { quote: 'bouwen', body: `Draad van ${who}` });
    expect(created.status, `thread for ${who}`).toBe(201);
    threads[who] = (created.body.thread as { id: string }).id;
  }
  // The reader may not start a thread in the reglement over HTTP; one made by the service
  // directly is their own, so only the read capability refuses its anchor.
  const reader = server.services.accounts.findByEmail('reader@demo.atelier')!;
  const own = server.services.comments.create(reader, server.services.workspaces.findBySlug('reglement')!, reglementDoc, { quote: 'bouwen', body: 'Van de lezer', mentions: [] });
  if (!own.ok) throw new Error(own.failure.message);
  threads.readerNoComments = own.value.id;
}
afterAll(() => server?.stop());

it('[A2] the fixture was built (staff could write the base text, everyone could start their thread)', () => {
  if (setupError) throw setupError;
});

describe('[A2] role × capability × message kind, as written in DESIGN.md', () => {
  for (const who of WHO) {
    for (const frame of FRAMES) {
      it(`[A2] ${who} (${CAPABILITY[who]}) over ${frame}: ${KINDS.map((k) => `${k} ${MAY_WRITE[CAPABILITY[who]].includes(k) ? 'stored' : 'refused'}`).join(', ')}`, async () => {
        const seen: string[] = [];
        const want: string[] = [];
        for (const kind of KINDS) {
          const allowed = MAY_WRITE[CAPABILITY[who]].includes(kind);
          const { outcome, changed } = await attempt(who, kind, frame);
          seen.push(`${kind}: ${outcome}${outcome === 'refused' && changed ? ' but the store changed' : ''}`);
          want.push(`${kind}: ${allowed ? 'stored' : 'refused'}`);
        }
        expect(seen).toEqual(want);
      });
    }
  }

  it('[A3] awareness from every role is relayed, with the identity the server stamps', async () => {
    const observer = connectClient(server.url, docs.staff, cookies.staff);
    const observerReglement = connectClient(server.url, docs.readerNoComments, cookies.staff);
    await Promise.all([whenSynced(observer), whenSynced(observerReglement)]);
    for (const who of WHO) {
      const client = connectClient(server.url, docs[who], cookies[who]);
      await whenSynced(client);
      client.provider.awareness.setLocalStateField('user', { name: 'Forged Name', id: 'someone-else', color: '#000000' });
      const watcher = who === 'readerNoComments' ? observerReglement : observer;
      await vi.waitFor(() => {
        const user = (watcher.provider.awareness.getStates().get(client.doc.clientID) as { user?: { id?: string; name?: string } } | undefined)?.user;
        expect(user?.id, who).toBe(userIds[who]);
        expect(user?.name, who).not.toBe('Forged Name');
      });
      expect(client.closes, who).toEqual([]);
      client.destroy();
    }
    observer.destroy();
    observerReglement.destroy();
  });

  it('[A1] anonymous callers get 4401 and members of another workspace 4403, before any document data', async () => {
    const outsider = await server.services.accounts.create({ email: 'ws-outsider@example.org', name: 'Oscar Outside', password: 'outsider-password', organisation: 'Community Land Trust Brussels' });
    if (!outsider.ok) throw new Error(outsider.failure.message);
    const admin = server.services.accounts.findByEmail('admin@demo.atelier')!;
    const elsewhere = server.services.workspaces.create(admin.id, { name: 'Elsewhere', slug: 'elsewhere-ws', languages: ['nl'] });
    if (!elsewhere.ok) throw new Error(elsewhere.failure.message);
    server.services.workspaces.setMember(elsewhere.value.id, outsider.value.id, 'staff');
    const outsiderCookie = await signIn(server.url, { email: 'ws-outsider@example.org', password: 'outsider-password' });
    for (const [cookie, code] of [[null, CloseCode.sessionEnded], [outsiderCookie, CloseCode.accessRemoved]] as const) {
      const socket = rawSocket(server.url, `/collab/${docs.staff}`, cookie ? { cookie } : {});
      const closed = await socket.closed;
      expect(closed.code).toBe(code);
      expect(socket.messages).toEqual([]);
    }
  });
});

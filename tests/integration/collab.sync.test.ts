/**
 * Live co-editing over the real server with stock y-websocket clients: convergence,
 * stamped awareness, acknowledgements, capabilities and no-op writes.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { connectClient, firstDocName, rawSocket, signIn, whenSynced, type TestClient } from '../helpers/clients.js';
import { paragraph, storedFingerprint } from '../helpers/docs.js';
import { CloseCode, MessageType } from '../../shared/protocol.js';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';

let server: TestServer;
let staffCookie: string;
let readerCookie: string;
let docName: string;
const clients: TestClient[] = [];
const track = (client: TestClient) => (clients.push(client), client);

beforeAll(async () => {
  server = await startTestServer();
  staffCookie = await signIn(server.url, 'staff');
  readerCookie = await signIn(server.url, 'reader');
  docName = await firstDocName(server.url, staffCookie);
});
afterAll(async () => {
  for (const client of clients) client.destroy();
  await server.stop();
});

describe('co-editing', () => {
  it('[D1] two editors converge and what a peer sees is stored', async () => {
    const a = track(connectClient(server.url, docName, staffCookie, { params: { ack: '1' } }));
    const b = track(connectClient(server.url, docName, staffCookie));
    await Promise.all([whenSynced(a), whenSynced(b)]);
    expect(a.fragment().length).toBeGreaterThan(0);
    a.fragment().insert(a.fragment().length, [paragraph('Elke partner leest mee.')]);
    await vi.waitFor(() => expect(b.fragment().toString()).toContain('Elke partner leest mee.'));
    // The server gave the new block an id in a fix-up update, which reaches both.
    await vi.waitFor(() => {
      const last = a.fragment().get(a.fragment().length - 1) as Y.XmlElement;
      expect(last.getAttribute('id')).toMatch(/^[A-Za-z0-9_-]{6,}$/);
      expect(b.fragment().toString()).toBe(a.fragment().toString());
    });
    await server.rooms.settled(docName);
    expect((await storedFingerprint(server.store, docName)).content).toBe(a.fragment().toString());
  });

  it('[CONTRACT] acknowledges committed writes to clients that ask with ?ack=1', async () => {
    const a = track(connectClient(server.url, docName, staffCookie, { params: { ack: '1' } }));
    await whenSynced(a);
    const before = a.acked();
    a.fragment().insert(0, [paragraph('Bevestigd opgeslagen.', 'ackblock1')]);
    await vi.waitFor(() => expect(a.acked()).toBeGreaterThan(before));
  });

  it('[A3] awareness identity is stamped by the server and echoed to the sender', async () => {
    const a = track(connectClient(server.url, docName, staffCookie));
    const b = track(connectClient(server.url, docName, readerCookie));
    await Promise.all([whenSynced(a), whenSynced(b)]);
    a.provider.awareness.setLocalStateField('user', { name: 'Forged Name', id: 'someone-else', color: '#000000' });
    const seenBy = (client: TestClient) => client.provider.awareness.getStates().get(a.doc.clientID) as { user?: Record<string, unknown> } | undefined;
    await vi.waitFor(() => {
      const user = seenBy(b)?.user;
      expect(user?.name).not.toBe('Forged Name');
      expect(user?.id).not.toBe('someone-else');
      expect(user?.color).toMatch(/^#[0-9a-f]{6}$/i);
      expect((user?.organisation as { name?: string } | undefined)?.name).toBeTruthy();
    });
  });

  it('[A3] the stamped state is echoed to its sender too (the stock client needs traffic within 30 s)', async () => {
    const socket = rawSocket(server.url, `/collab/${docName}`, { cookie: staffCookie });
    await socket.opened;
    const awareness = new Awareness(new Y.Doc());
    awareness.setLocalState({ user: { name: 'Someone Else', organisation: { id: 'x', name: 'Fake Org' } } });
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.awareness);
    encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(awareness, [awareness.clientID]));
    socket.send(encoding.toUint8Array(encoder));
    const mirror = new Awareness(new Y.Doc());
    await vi.waitFor(() => {
      for (const message of socket.messages.filter((m) => m[0] === MessageType.awareness)) {
        const decoder = decoding.createDecoder(message);
        decoding.readVarUint(decoder);
        applyAwarenessUpdate(mirror, decoding.readVarUint8Array(decoder), null);
      }
      const echoed = mirror.getStates().get(awareness.clientID) as { user: { name: string; organisation: { name: string } } } | undefined;
      expect(echoed?.user.name).toBeTruthy();
      expect(echoed?.user.name).not.toBe('Someone Else');
      expect(echoed?.user.organisation.name).not.toBe('Fake Org');
    });
    socket.ws.close();
  });
  it('[A3][P1] awareness changes reach peers batched: ten clients speaking at once arrive in a message or two, not ten', async () => {
    const speakers = await Promise.all(
      Array.from({ length: 10 }, async () => {
        const socket = rawSocket(server.url, `/collab/${docName}`, { cookie: staffCookie });
        await socket.opened;
        return socket;
      }),
    );
    const listener = rawSocket(server.url, `/collab/${docName}`, { cookie: readerCookie });
    await listener.opened;
    // Let the joins' own messages arrive, then count from here.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const from = listener.messages.length;
    const ids = speakers.map((socket, i) => {
      const awareness = new Awareness(new Y.Doc());
      awareness.setLocalState({ cursor: null, user: { name: `Speaker ${i}` } });
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MessageType.awareness);
      encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(awareness, [awareness.clientID]));
      socket.send(encoding.toUint8Array(encoder));
      return awareness.clientID;
    });
    const mirror = new Awareness(new Y.Doc());
    let frames = 0;
    await vi.waitFor(() => {
      const received = listener.messages.slice(from).filter((m) => m[0] === MessageType.awareness);
      frames = received.length;
      for (const message of received) {
        const decoder = decoding.createDecoder(message);
        decoding.readVarUint(decoder);
        applyAwarenessUpdate(mirror, decoding.readVarUint8Array(decoder), null);
      }
      for (const id of ids) expect(mirror.getStates().has(id)).toBe(true);
    });
    // One message per speaker without batching; all ten were sent within a few milliseconds.
    expect(frames).toBeLessThanOrEqual(3);
    for (const socket of [...speakers, listener]) socket.ws.close();
  });
  it("[A3] a stock client sending back its peers' states (many at once) stays connected and takes none of them over", async () => {
    const peers = await Promise.all(Array.from({ length: 20 }, () => track(connectClient(server.url, docName, staffCookie))));
    await Promise.all(peers.map(whenSynced));
    peers.forEach((peer, i) => peer.provider.awareness.setLocalStateField('cursor', { at: i }));
    // A newcomer hears all twenty at once and, being a stock client, sends them all back.
    const newcomer = track(connectClient(server.url, docName, readerCookie));
    await whenSynced(newcomer);
    await vi.waitFor(() => {
      for (const peer of peers) expect(newcomer.provider.awareness.getStates().has(peer.doc.clientID)).toBe(true);
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(newcomer.closes).toEqual([]);
    expect(newcomer.provider.wsconnected).toBe(true);
    // The states it sent back are still its peers': stamped with staff's names, not the reader's.
    const observer = track(connectClient(server.url, docName, staffCookie));
    await whenSynced(observer);
    await vi.waitFor(() => {
      const state = observer.provider.awareness.getStates().get(peers[0].doc.clientID) as { user?: { capability?: string } } | undefined;
      expect(state?.user?.capability).toBe('edit');
    });
  });

  it("[A3] a client that reconnects is seen again at once, where it was, without moving its caret", async () => {
    const a = track(connectClient(server.url, docName, staffCookie));
    const b = track(connectClient(server.url, docName, readerCookie));
    await Promise.all([whenSynced(a), whenSynced(b)]);
    a.provider.awareness.setLocalStateField('cursor', { at: 'paragraph 3' });
    const seen = () => b.provider.awareness.getStates().get(a.doc.clientID) as { cursor?: { at: string } } | undefined;
    await vi.waitFor(() => expect(seen()?.cursor?.at).toBe('paragraph 3'));
    // A dropped connection: b hears that a left.
    a.provider.disconnect();
    await vi.waitFor(() => expect(seen()).toBeUndefined());
    // The stock client comes back with its unchanged state, whose clock b already passed (the
    // departure was one tick newer); the room must still bring it back to everyone.
    a.provider.connect();
    await whenSynced(a);
    await vi.waitFor(() => expect(seen()?.cursor?.at).toBe('paragraph 3'), { timeout: 3_000 });
    // Its next move, too, reaches b (its own clock is behind the room's now).
    a.provider.awareness.setLocalStateField('cursor', { at: 'paragraph 4' });
    await vi.waitFor(() => expect(seen()?.cursor?.at).toBe('paragraph 4'), { timeout: 3_000 });
  });

  it("[A3] a departed client's state sent back by a peer does not bring the departed back", async () => {
    const a = track(connectClient(server.url, docName, staffCookie));
    const b = track(connectClient(server.url, docName, readerCookie));
    await Promise.all([whenSynced(a), whenSynced(b)]);
    a.provider.awareness.setLocalStateField('cursor', { at: 'gone soon' });
    await vi.waitFor(() => expect(b.provider.awareness.getStates().has(a.doc.clientID)).toBe(true));
    const departedState = encodeAwarenessUpdate(b.provider.awareness, [a.doc.clientID]);
    a.destroy();
    await vi.waitFor(() => expect(b.provider.awareness.getStates().has(a.doc.clientID)).toBe(false));
    // A late echo of a's last state, as a stock client would send it back, on b's connection
    // and on a new connection of someone else who has said nothing yet.
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.awareness);
    encoding.writeVarUint8Array(encoder, departedState);
    const echo = encoding.toUint8Array(encoder);
    b.provider.ws!.send(echo);
    const stranger = rawSocket(server.url, `/collab/${docName}`, { cookie: readerCookie });
    await stranger.opened;
    stranger.send(echo);
    const observer = track(connectClient(server.url, docName, readerCookie));
    await whenSynced(observer);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(observer.provider.awareness.getStates().has(a.doc.clientID)).toBe(false);
    expect(b.provider.awareness.getStates().has(a.doc.clientID)).toBe(false);
    stranger.ws.close();
  });

  it('[A3][X1] a connection speaking for more than 16 client ids of its own is closed as malformed', async () => {
    const socket = rawSocket(server.url, `/collab/${docName}`, { cookie: staffCookie });
    await socket.opened;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.awareness);
    const states = encoding.createEncoder();
    encoding.writeVarUint(states, 17);
    for (let i = 0; i < 17; i++) {
      encoding.writeVarUint(states, 900_000 + i);
      encoding.writeVarUint(states, 1);
      encoding.writeVarString(states, JSON.stringify({ user: { name: `Puppet ${i}` } }));
    }
    encoding.writeVarUint8Array(encoder, encoding.toUint8Array(states));
    socket.send(encoding.toUint8Array(encoder));
    expect((await socket.closed).code).toBe(CloseCode.malformed);
  });
});

describe('capabilities', () => {
  it('[A2] a reader stays connected through its no-op sync step 2 (not a write)', async () => {
    const r = track(connectClient(server.url, docName, readerCookie));
    await whenSynced(r);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(r.provider.wsconnected).toBe(true);
    expect(r.closes).toEqual([]);
  });

  it('[A2] a reader edit is refused with 4422, not applied, stored or broadcast', async () => {
    const staff = track(connectClient(server.url, docName, staffCookie));
    const r = track(connectClient(server.url, docName, readerCookie));
    await Promise.all([whenSynced(staff), whenSynced(r)]);
    await server.rooms.settled(docName);
    const before = await storedFingerprint(server.store, docName);
    r.fragment().insert(0, [paragraph('Lezer probeert te schrijven')]);
    await vi.waitFor(() => expect(r.closes).toContain(CloseCode.updateRefused));
    await server.rooms.settled(docName);
    expect(await storedFingerprint(server.store, docName)).toEqual(before);
    expect(staff.fragment().toString()).not.toContain('Lezer probeert te schrijven');
  });
});

/**
 * Wire rules of CONTRACT.md ("Collaboration"): the upgrade (A1), version check,
 * backpressure, server-assigned and repaired block ids, session end.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { connectClient, firstDocName, rawSocket, signIn, whenSynced } from '../helpers/clients.js';
import { paragraph, storedFingerprint } from '../helpers/docs.js';
import { CloseCode, SyncMessageType } from '../../shared/protocol.js';

let server: TestServer;
let cookie: string;
let docName: string;

beforeAll(async () => {
  server = await startTestServer();
  cookie = await signIn(server.url, 'staff');
  docName = await firstDocName(server.url, cookie);
});
afterAll(() => server.stop());

describe('[A1] upgrade checks', () => {
  it('[A1] a foreign Origin is refused with HTTP 403 before the upgrade', async () => {
    const socket = rawSocket(server.url, `/collab/${docName}`, { cookie, origin: 'https://evil.example' });
    await expect(socket.opened).rejects.toThrow(/403/);
  });

  it('[A1] the own Origin is accepted', async () => {
    const socket = rawSocket(server.url, `/collab/${docName}`, { cookie, origin: server.url });
    await socket.opened;
    socket.ws.close();
  });

  it('[A1] without a session the server closes at once with 4401, sending no document data', async () => {
    const socket = rawSocket(server.url, `/collab/${docName}`);
    await socket.opened;
    expect((await socket.closed).code).toBe(CloseCode.sessionEnded);
    expect(socket.messages).toHaveLength(0);
  });

  it('[A1] an unknown document and a forbidden one look the same (4403)', async () => {
    const unknown = rawSocket(server.url, '/collab/no.such.doc', { cookie });
    expect((await unknown.closed).code).toBe(CloseCode.accessRemoved);
    expect(unknown.messages).toHaveLength(0);
    const malformedName = rawSocket(server.url, '/collab/%3Cscript%3E', { cookie });
    expect((await malformedName.closed).code).toBe(CloseCode.accessRemoved);
  });

  it('[CONTRACT] a client older than the server accepts is closed with 4426', async () => {
    const socket = rawSocket(server.url, `/collab/${docName}?v=0`, { cookie });
    expect((await socket.closed).code).toBe(CloseCode.clientTooOld);
  });

  it('[A1] signing out ends live websocket access with 4401', async () => {
    const own = await signIn(server.url, 'staff');
    const client = connectClient(server.url, docName, own);
    await whenSynced(client);
    const res = await fetch(`${server.url}/api/auth/logout`, { method: 'POST', headers: { cookie: own } });
    expect(res.status).toBeLessThan(300);
    await vi.waitFor(() => expect(client.closes).toContain(CloseCode.sessionEnded));
    client.destroy();
  });
});

describe('[CONTRACT] backpressure', () => {
  it('[CONTRACT] a burst beyond 200 messages is slowed, not refused', async () => {
    const socket = rawSocket(server.url, `/collab/${docName}`, { cookie });
    await socket.opened;
    const step1 = [0, SyncMessageType.step1, 1, 0];
    for (let i = 0; i < 400; i++) socket.send(step1);
    // Every request is answered eventually (about two seconds at 100 per second).
    await vi.waitFor(() => expect(socket.messages.filter((m) => m[0] === 0 && m[1] === SyncMessageType.step2).length).toBe(400), { timeout: 10_000 });
    expect(socket.ws.readyState).toBe(socket.ws.OPEN);
    socket.ws.close();
  });
});

describe('[CONTRACT] block ids', () => {
  it('[CONTRACT] blocks without an id get one from the server', async () => {
    const a = connectClient(server.url, docName, cookie);
    await whenSynced(a);
    a.fragment().insert(0, [paragraph('zonder id')]);
    await vi.waitFor(() => expect((a.fragment().get(0) as Y.XmlElement).getAttribute('id')).toMatch(/^[A-Za-z0-9_-]+$/));
    a.destroy();
  });

  it('[CONTRACT] a block id duplicated by concurrent edits is repaired, not refused', async () => {
    const a = connectClient(server.url, docName, cookie);
    const b = connectClient(server.url, docName, cookie);
    await Promise.all([whenSynced(a), whenSynced(b)]);
    a.provider.disconnect();
    b.provider.disconnect();
    a.fragment().insert(0, [paragraph('van A', 'sameid0001')]);
    b.fragment().insert(0, [paragraph('van B', 'sameid0001')]);
    a.provider.connect();
    await whenSynced(a);
    b.provider.connect();
    const ids = () =>
      a.fragment().toArray().filter((n): n is Y.XmlElement => n instanceof Y.XmlElement).map((n) => n.getAttribute('id'));
    await vi.waitFor(() => {
      expect(a.fragment().toString()).toContain('van B');
      const all = ids();
      expect(new Set(all).size).toBe(all.length);
      expect(b.fragment().toString()).toBe(a.fragment().toString());
    });
    expect(a.closes.filter((c) => c >= 4400)).toEqual([]);
    expect(b.closes.filter((c) => c >= 4400)).toEqual([]);
    a.destroy();
    b.destroy();
  });
});

describe('[P5] rooms', () => {
  it('[P5] a room is unloaded once its last connection has left', async () => {
    const own = await signIn(server.url, 'staff');
    const client = connectClient(server.url, docName, own);
    await whenSynced(client);
    const health = async () => (await (await fetch(`${server.url}/healthz`)).json()) as { ok: boolean; rooms: number; connections: number };
    expect((await health()).rooms).toBeGreaterThanOrEqual(1);
    expect(server.rooms.isLoaded(docName)).toBe(true);
    client.fragment().insert(0, [paragraph('voor het uitladen')]);
    await vi.waitFor(() => expect(client.fragment().toString()).toMatch(/^<paragraph id="[^"]+">voor het uitladen/));
    const content = client.fragment().toString();
    client.destroy();
    await vi.waitFor(() => expect(server.rooms.isLoaded(docName)).toBe(false), { timeout: 15_000, interval: 250 });
    // Unloading left one compacted snapshot; a newcomer with no state gets it as stored.
    expect(await server.store.tailLength(docName)).toBe(0);
    const fresh = connectClient(server.url, docName, own);
    await whenSynced(fresh);
    expect(fresh.fragment().toString()).toBe(content);
    // Its first write reaches a document built from that snapshot.
    fresh.fragment().insert(0, [paragraph('na het herladen')]);
    await vi.waitFor(async () => {
      await server.rooms.settled(docName);
      expect((await storedFingerprint(server.store, docName)).content).toContain('na het herladen');
    });
    fresh.destroy();
  }, 20_000);
});

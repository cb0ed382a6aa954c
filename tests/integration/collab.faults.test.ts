/**
 * Fault drills against a real server process and its real SQLite file: another process
 * holding the write lock, a database the server may not write, and a client offline while
 * others edit the same paragraph and the server restarts.
 */
import { afterEach, describe, expect, it, vi, type TestContext } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { ROOT, makeDataDir, spawnServer, type SpawnedServer } from '../helpers/server.js';
import { connectClient, listWorkspaces, rawSocket, signIn, whenSynced, type TestClient } from '../helpers/clients.js';
import { loadStored, paragraph, syncMessage } from '../helpers/docs.js';
import { startTestServer } from '../helpers/server.js';
import { CloseCode, MessageType, SyncMessageType } from '../../shared/protocol.js';

const clients: TestClient[] = [];
const servers: SpawnedServer[] = [];
const dirs: string[] = [];
const helpers: ChildProcess[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  for (const child of helpers.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const server of servers.splice(0)) await stopServer(server);
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function stopServer(server: SpawnedServer, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (server.process.exitCode !== null || server.process.signalCode !== null) return;
  server.process.kill(signal);
  await server.exited;
}

function track(client: TestClient): TestClient {
  clients.push(client);
  return client;
}

/**
 * Counts, from now on, `committed` acknowledgements that cover at least one write (the
 * count of writes is per connection; a reconnect that has only read gets "0 committed").
 */
function countAcks(client: TestClient): { count(): number } {
  let count = 0;
  const previous = client.provider.messageHandlers[MessageType.committed];
  client.provider.messageHandlers[MessageType.committed] = (encoder, decoder, ...rest) => {
    if (decoding.peekVarUint(decoder) > 0) count++;
    previous(encoder, decoder, ...rest);
  };
  return { count: () => count };
}

/** Sections of the demo toolbox: the one a drill edits, then other rooms. */
async function twoDocs(url: string, cookie: string): Promise<[string, string, string]> {
  const toolbox = (await listWorkspaces(url, cookie)).find((w) => w.slug === 'toolbox')!;
  return [toolbox.sections[0].docs.nl, toolbox.sections[1].docs.nl, toolbox.sections[2].docs.nl];
}

/** How often `needle` occurs in `haystack`. */
function occurrences(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

/** A fresh client's view of a document on `url`. */
async function freshText(url: string, cookie: string, docName: string): Promise<string> {
  const client = track(connectClient(url, docName, cookie));
  await whenSynced(client);
  const text = client.fragment().toString();
  client.destroy();
  return text;
}

/** Another process that opens the server's database file and holds a write lock until released. */
async function holdWriteLock(dbFile: string, statement: 'BEGIN IMMEDIATE' | 'BEGIN EXCLUSIVE'): Promise<{ release(): Promise<void> }> {
  const script = `
    const Database = require('better-sqlite3');
    const db = new Database(process.argv[1]);
    db.exec(process.argv[2]);
    process.stdout.write('locked\\n');
    process.stdin.once('data', () => { db.exec('ROLLBACK'); db.close(); process.exit(0); });
  `;
  const child = spawn(process.execPath, ['-e', script, dbFile, statement], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  helpers.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`lock holder exited ${code}`)));
  });
  return {
    release: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.stdin!.write('go\n');
      await exited;
    },
  };
}

describe('fault drills', () => {
  it('[D1] an update sent before the client\'s sync step 2 waits for that step 2 (a stock client reconnecting while typing)', async () => {
    const server = await startTestServer();
    try {
      const cookie = await signIn(server.url, 'staff');
      const [docName] = await twoDocs(server.url, cookie);
      // Offline edits (first) and one typed right after reconnecting (second), which the
      // stock client sends before its step 2 carries both.
      const local = await loadStored(server.store, docName);
      const serverState = Y.encodeStateVector(local);
      const text = new Y.XmlText('offline getypt');
      const block = new Y.XmlElement('paragraph');
      block.setAttribute('id', 'heldupdate1');
      block.insert(0, [text]);
      local.getXmlFragment('default').insert(0, [block]);
      const afterFirst = Y.encodeStateVector(local);
      text.insert(text.length, ', net verbonden');
      const second = Y.encodeStateAsUpdate(local, afterFirst);
      const both = Y.encodeStateAsUpdate(local, serverState);
      const socket = rawSocket(server.url, `/collab/${docName}`, { cookie });
      await socket.opened;
      socket.send(syncMessage(second));
      socket.send(syncMessage(both, SyncMessageType.step2));
      await vi.waitFor(async () => {
        await server.rooms.settled(docName);
        const stored = await loadStored(server.store, docName);
        expect(stored.getXmlFragment('default').toString()).toContain('offline getypt, net verbonden');
      });
      expect(socket.ws.readyState).toBe(socket.ws.OPEN);
      socket.ws.close();
    } finally {
      await server.stop();
    }
  });

  it('[D1] another process holding the write lock: edits are not acknowledged, writers get 4200, /healthz and other rooms answer, nothing is lost once it clears', async () => {
    const dataDir = makeDataDir();
    dirs.push(dataDir);
    const server = await spawnServer(dataDir);
    servers.push(server);
    const cookie = await signIn(server.url, 'staff');
    const [docName, otherDoc, coldDoc] = await twoDocs(server.url, cookie);
    const writers = [0, 1].map(() => track(connectClient(server.url, docName, cookie, { params: { ack: '1' } })));
    const peer = track(connectClient(server.url, docName, cookie));
    const other = track(connectClient(server.url, otherDoc, cookie));
    await Promise.all([...writers, peer, other].map(whenSynced));
    const texts = writers.map((writer, i) => {
      const block = paragraph('', `lockdrill${i}`);
      writer.fragment().insert(writer.fragment().length, [block]);
      return block.get(0) as Y.XmlText;
    });
    await vi.waitFor(() => expect(peer.fragment().toString()).toContain('lockdrill1'));
    const acks = writers.map(countAcks);

    const lock = await holdWriteLock(path.join(dataDir, 'atelier.db'), 'BEGIN IMMEDIATE');
    const tokens: string[] = [];
    for (let n = 0; n < 10; n++) {
      for (const [i, text] of texts.entries()) {
        const token = ` w${i}n${n}.`;
        tokens.push(token.trim());
        text.insert(text.length, token);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await vi.waitFor(() => {
      for (const writer of writers) expect(writer.closes).toContain(CloseCode.storageBusy);
    }, { timeout: 10_000 });

    // While locked: nothing acknowledged, nothing seen by the peer, the server keeps answering.
    const healthStarted = Date.now();
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(Date.now() - healthStarted).toBeLessThan(1_000);
    const newcomer = track(connectClient(server.url, otherDoc, cookie));
    const cold = track(connectClient(server.url, coldDoc, cookie));
    await Promise.all([whenSynced(newcomer), whenSynced(cold)]);
    expect(newcomer.fragment().toString()).toBe(other.fragment().toString());
    expect(cold.fragment().length).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const ack of acks) expect(ack.count()).toBe(0);
    for (const token of tokens) expect(peer.fragment().toString()).not.toContain(token);

    await lock.release();
    // The stock clients reconnect (4200 < 4400) and their sync step 2 carries every edit again.
    await vi.waitFor(() => {
      const seen = peer.fragment().toString();
      for (const token of tokens) expect(seen, `closes ${JSON.stringify(writers.map((w) => [w.closes, w.refusals, w.provider.wsconnected, w.provider.shouldConnect]))}\n${server.output().slice(-2000)}`).toContain(token);
    }, { timeout: 20_000, interval: 200 });
    for (const ack of acks) await vi.waitFor(() => expect(ack.count()).toBeGreaterThan(0), { timeout: 10_000 });

    // Stored: every edit exactly once, after a restart too.
    await stopServer(server);
    const again = await spawnServer(dataDir);
    servers.push(again);
    const stored = await freshText(again.url, await signIn(again.url, 'staff'), docName);
    for (const token of tokens) expect(occurrences(stored, token), token).toBe(1);
  }, 60_000);

  /**
   * A drill that cannot run here never passes (issue 22): it fails with the reason, unless
   * ATELIER_ALLOW_DRILL_SKIP=1 says this machine is known not to support it — then vitest
   * reports it skipped, with the reason as its note.
   */
  const cannotRun = (context: TestContext, reason: string): void => {
    if (process.env.ATELIER_ALLOW_DRILL_SKIP === '1') context.skip(`[D1 read-only] ${reason}`);
    throw new Error(`[D1 read-only] this drill cannot run here: ${reason}. Run the tests as root (the server then drops to uid 65534) or as a user chmod restricts; ATELIER_ALLOW_DRILL_SKIP=1 reports it skipped instead.`);
  };

  it('[D1] a database the server may not write: edits get 4200 and are not acknowledged, the server answers; once writable again nothing is lost', async (context) => {
    // Root ignores file permissions: when the tests run as root, the server runs as an
    // unprivileged user so a read-only file really is read-only to it.
    const asRoot = process.getuid?.() === 0;
    const user = asRoot ? { uid: 65534, gid: 65534 } : {};
    const dataDir = makeDataDir();
    dirs.push(dataDir);
    const dbFile = path.join(dataDir, 'atelier.db');
    if (asRoot) fs.chownSync(dataDir, 65534, 65534);
    let server: SpawnedServer;
    try {
      server = await spawnServer(dataDir, {}, user);
    } catch (error) {
      cannotRun(context, `cannot start the server as an unprivileged user (${String(error).split('\n')[0]})`);
      return;
    }
    servers.push(server);
    const cookie = await signIn(server.url, 'staff');
    const [docName, otherDoc] = await twoDocs(server.url, cookie);
    const port = server.port;

    // Make the database read-only. A running process keeps its writable file handle, so the
    // server restarts on it (same port: the clients reconnect on their own).
    await stopServer(server);
    fs.chmodSync(dbFile, 0o444);
    try {
      fs.accessSync(dbFile, fs.constants.W_OK);
      if (!asRoot) {
        cannotRun(context, 'chmod 444 does not make the file read-only for this user');
        return;
      }
    } catch {
      // read-only for this (non-root) user, as intended
    }
    const readOnly = await spawnServer(dataDir, {}, { ...user, port });
    servers.push(readOnly);
    const writer = track(connectClient(readOnly.url, docName, cookie, { params: { ack: '1' } }));
    const peer = track(connectClient(readOnly.url, docName, cookie));
    await Promise.all([whenSynced(writer), whenSynced(peer)]);
    // The connect's own (no-op) step 2 is acknowledged; count from after it.
    await vi.waitFor(() => expect(writer.acked()).toBeGreaterThan(0));
    const acks = countAcks(writer);
    const block = paragraph('', 'readonlydrill');
    writer.fragment().insert(writer.fragment().length, [block]);
    const text = block.get(0) as Y.XmlText;
    for (let n = 0; n < 5; n++) text.insert(text.length, ` ro${n}.`);
    await vi.waitFor(() => expect(writer.closes).toContain(CloseCode.storageBusy), { timeout: 10_000 });
    expect((await fetch(`${readOnly.url}/healthz`)).status).toBe(200);
    const other = track(connectClient(readOnly.url, otherDoc, cookie));
    await whenSynced(other);
    expect(other.fragment().length).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(acks.count()).toBe(0);
    expect(peer.fragment().toString()).not.toContain('ro0.');

    // The operator fixes the permissions and restarts: the writer's edits arrive, once each.
    // SQLite created the -wal and -shm files of the read-only database with its mode (0444):
    // they need fixing too, or the database stays read-only.
    await stopServer(readOnly);
    for (const name of fs.readdirSync(dataDir)) if (name.startsWith('atelier.db')) fs.chmodSync(path.join(dataDir, name), 0o644);
    const fixed = await spawnServer(dataDir, {}, { ...user, port });
    servers.push(fixed);
    await vi.waitFor(() => {
      for (let n = 0; n < 5; n++) expect(peer.fragment().toString()).toContain(`ro${n}.`);
    }, { timeout: 20_000, interval: 200 });
    await vi.waitFor(() => expect(acks.count()).toBeGreaterThan(0), { timeout: 10_000 });
    const stored = await freshText(fixed.url, cookie, docName);
    for (let n = 0; n < 5; n++) expect(occurrences(stored, `ro${n}.`)).toBe(1);
  }, 60_000);

  it('[D2] a client offline while others edit the same paragraph and the server restarts: everything merges on reconnect, nothing duplicated', async () => {
    const dataDir = makeDataDir();
    dirs.push(dataDir);
    const server = await spawnServer(dataDir);
    servers.push(server);
    const port = server.port;
    const cookie = await signIn(server.url, 'staff');
    const [docName] = await twoDocs(server.url, cookie);
    const [a, b, c] = [0, 1, 2].map(() => track(connectClient(server.url, docName, cookie, { params: { ack: '1' } })));
    await Promise.all([a, b, c].map(whenSynced));
    a.fragment().insert(a.fragment().length, [paragraph('Gedeelde alinea waarin iedereen schrijft.', 'offlinedrill')]);
    const shared = (client: TestClient) => {
      const block = client.fragment().toArray().find((node) => node instanceof Y.XmlElement && node.getAttribute('id') === 'offlinedrill') as Y.XmlElement | undefined;
      return block?.get(0) as Y.XmlText | undefined;
    };
    await vi.waitFor(() => expect(shared(b) && shared(c)).toBeTruthy());

    // A goes offline and keeps typing at the start, middle and end of the paragraph (the
    // middle: just before a word no token splits, so tokens stay whole for counting).
    a.provider.disconnect();
    const tokens: string[] = [];
    const type = (client: TestClient, who: string, n: number) => {
      const text = shared(client)!;
      const token = `[${who}${n}]`;
      tokens.push(token);
      const at = [0, text.toString().indexOf('waarin'), text.length][n % 3];
      text.insert(at, token);
    };
    for (let n = 0; n < 6; n++) {
      type(a, 'A', n);
      type(b, 'B', n);
      type(c, 'C', n);
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    await vi.waitFor(() => expect(shared(c)!.toString()).toContain('[B5]'));

    // The server dies and comes back on the same port and data; B and C reconnect by themselves.
    await stopServer(server, 'SIGKILL');
    const restarted = await spawnServer(dataDir, {}, { port });
    servers.push(restarted);
    await vi.waitFor(() => expect(b.provider.synced && c.provider.synced && b.provider.wsconnected && c.provider.wsconnected).toBe(true), { timeout: 15_000 });
    for (let n = 6; n < 9; n++) {
      type(a, 'A', n);
      type(b, 'B', n);
      type(c, 'C', n);
    }
    // A comes back.
    a.provider.connect();
    await vi.waitFor(() => {
      const texts = [a, b, c].map((client) => client.fragment().toString());
      for (const token of tokens) expect(texts[0]).toContain(token);
      expect(texts[1]).toBe(texts[0]);
      expect(texts[2]).toBe(texts[0]);
    }, { timeout: 20_000, interval: 200 });

    const stored = await freshText(restarted.url, cookie, docName);
    expect(stored).toBe(a.fragment().toString());
    for (const token of tokens) expect(occurrences(stored, token), token).toBe(1);
    expect(occurrences(stored, 'Gedeelde alinea waarin iedereen schrijft.'.slice(0, 8))).toBe(1);
    expect(occurrences(stored, 'offlinedrill')).toBe(1);
  }, 60_000);
});

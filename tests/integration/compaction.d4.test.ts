/**
 * [D4] Compaction by behaviour (issue 22): after typing, deleting and compacting, the
 * stored snapshot decodes to the same content and state vector as the log it replaced (and
 * as the editor's own copy), and its bytes are exactly a re-encoding of a Y.Doc rebuilt
 * from it — which a snapshot made with `Y.mergeUpdates` (deleted content kept, structs
 * left unmerged) is not. Compaction is triggered the way production does it: the room
 * compacts when its last connection has gone and it unloads.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { LIMITS } from '../../shared/limits.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { connectClient, firstDocName, signIn, whenSynced, type TestClient } from '../helpers/clients.js';
import { paragraph, storedFingerprint } from '../helpers/docs.js';
import { createPrng } from '../helpers/prng.js';

// Unload (and so compact) idle rooms after 200 ms instead of 5 s, to keep the test short.
const limits = LIMITS as unknown as { roomIdleUnloadMs: number };
const idleBefore = limits.roomIdleUnloadMs;

let server: TestServer;
let cookie: string;

beforeAll(async () => {
  limits.roomIdleUnloadMs = 200;
  server = await startTestServer();
  cookie = await signIn(server.url, 'staff');
});
afterAll(async () => {
  limits.roomIdleUnloadMs = idleBefore;
  await server.stop();
});

const fingerprintOf = (doc: Y.Doc) => ({ content: doc.getXmlFragment('default').toString(), stateVector: Buffer.from(Y.encodeStateVector(doc)).toString('hex') });
const snapshotRow = (docName: string) =>
  server.db.prepare('SELECT data, upto_seq AS upto FROM doc_snapshots WHERE doc = ?').get(docName) as { data: Buffer; upto: number } | undefined;
const lastSeq = (docName: string) => (server.db.prepare('SELECT MAX(seq) AS seq FROM doc_updates WHERE doc = ?').get(docName) as { seq: number | null }).seq;

/** Types words, deletes ranges and whole blocks, one update per action, like a person would. */
function editRandomly(client: TestClient, seed: number, actions: number): void {
  const prng = createPrng(seed);
  const fragment = client.fragment();
  for (let i = 0; i < actions; i++) {
    const roll = prng.int(10);
    const index = prng.int(fragment.length);
    const block = fragment.get(index) as Y.XmlElement;
    const text = block?.get(0);
    if (roll === 0 && fragment.length > 2) fragment.delete(index, 1);
    else if (roll === 1) fragment.insert(index, [paragraph(`Blok ${seed}-${i} ${prng.word()}`)]);
    else if (text instanceof Y.XmlText && roll < 5 && text.length > 3) {
      const at = prng.int(text.length - 2);
      text.delete(at, 1 + prng.int(Math.min(8, text.length - at - 1)));
    } else if (text instanceof Y.XmlText) text.insert(prng.int(text.length + 1), `${prng.word()} `);
  }
}

describe('[D4] compaction changes neither content nor state vector', () => {
  it('[D4] after typing, deleting and two compactions the snapshot is the log it replaced, re-encoded from a Y.Doc', async () => {
    const docName = await firstDocName(server.url, cookie);
    for (const round of [1, 2]) {
      const client = connectClient(server.url, docName, cookie);
      await whenSynced(client);
      editRandomly(client, 4200 + round, 120);
      await vi.waitFor(async () => {
        await server.rooms.settled(docName);
        expect(await storedFingerprint(server.store, docName)).toEqual(fingerprintOf(client.doc));
      });
      // What the log (previous snapshot + updates) says, just before the room compacts it.
      const logged = await storedFingerprint(server.store, docName);
      const seq = lastSeq(docName);
      const editor = fingerprintOf(client.doc);
      client.destroy();
      await vi.waitFor(() => expect(snapshotRow(docName)?.upto).toBe(seq), { timeout: 10_000 });
      expect(await server.store.tailLength(docName)).toBe(0);

      const snapshot = new Uint8Array(snapshotRow(docName)!.data);
      const rebuilt = new Y.Doc();
      Y.applyUpdate(rebuilt, snapshot);
      expect(fingerprintOf(rebuilt), `round ${round}: snapshot vs log`).toEqual(logged);
      expect(fingerprintOf(rebuilt), `round ${round}: snapshot vs editor`).toEqual(editor);
      expect(Buffer.from(Y.encodeStateAsUpdate(rebuilt)).equals(Buffer.from(snapshot)), `round ${round}: the snapshot is a re-encoding`).toBe(true);
      // The stored state vector column agrees with the snapshot.
      const column = server.db.prepare('SELECT state_vector FROM doc_snapshots WHERE doc = ?').get(docName) as { state_vector: Buffer | null };
      if (column.state_vector) expect(Buffer.from(column.state_vector).toString('hex')).toBe(editor.stateVector);
      rebuilt.destroy();
    }
  }, 60_000);
});

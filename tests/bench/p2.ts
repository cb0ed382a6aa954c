/**
 * P2: the suggest-only check per update must not grow with the section: a partner types a
 * suggestion, one character per update, into a 10 KB, a 100 KB and a 1 MB section, and
 * the server's CPU per update is compared (budget: 1 MB / 10 KB ≤ 1.5). The same typing by
 * staff (no S1 check) is shown beside it as the baseline of everything else an update costs.
 */
import * as Y from 'yjs';
import { openDatabase } from '../../server/db/database.js';
import { SqliteDocStore } from '../../server/db/sqliteDocStore.js';
import { loadStored } from '../helpers/docs.js';
import { connectClient, signIn, whenSynced, type TestClient } from '../helpers/clients.js';
import { appendProse } from './lib/content.js';
import { cpuMs, sleep, startOurs, type ServerChild } from './lib/proc.js';

export interface P2Case {
  bytes: number;
  suggestCpuPerUpdateMs: number;
  editCpuPerUpdateMs: number;
}
export interface P2Result {
  updates: number;
  small: P2Case;
  medium: P2Case;
  large: P2Case;
  ratio: number;
}

const UPDATES = 600;

/** Grows a draft to about `bytes` of encoded state (paragraphs of ~80 words), written while the server is stopped. */
async function seedSize(dataDir: string, docName: string, bytes: number, seed: number): Promise<number> {
  const db = openDatabase(dataDir);
  try {
    const store = new SqliteDocStore(db);
    const doc = await loadStored(store, docName);
    const before = Y.encodeStateVector(doc);
    while (Y.encodeStateAsUpdate(doc).byteLength < bytes) {
      const missing = bytes - Y.encodeStateAsUpdate(doc).byteLength;
      const paragraphs = Math.max(1, Math.min(200, Math.round(missing / 600)));
      appendProse(doc, { words: paragraphs * 80, paragraphs, idPrefix: `p2-${seed}-${doc.getXmlFragment('default').length}-`, seed });
      seed += paragraphs;
    }
    const lastSeq = await store.append(docName, [{ update: Y.encodeStateAsUpdate(doc, before), author: null }]);
    const snapshot = Y.encodeStateAsUpdate(doc);
    await store.compact(docName, snapshot, lastSeq, Y.encodeStateVector(doc));
    return snapshot.byteLength;
  } finally {
    db.close();
  }
}

/** Types UPDATES characters into the middle paragraph, one acknowledged update at a time; returns server CPU per update. */
async function typeAndMeasure(server: ServerChild, docName: string, cookie: string, mark: ((i: number) => Record<string, unknown>) | null): Promise<number> {
  const client: TestClient = connectClient(server.url, docName, cookie, { params: { ack: '1' } });
  await whenSynced(client);
  let sent = 1;
  client.doc.on('update', (_u: Uint8Array, origin: unknown) => {
    if (origin !== client.provider) sent++;
  });
  const fragment = client.fragment();
  const block = fragment.get(Math.floor(fragment.length / 2)) as Y.XmlElement;
  const text = block.get(0) as Y.XmlText;
  const waitAck = async () => {
    for (let i = 0; client.acked() < sent; i++) {
      if (client.closes.length) throw new Error(`refused: ${client.refusals.join('; ')}`);
      if (i > 5000) throw new Error('no acknowledgement');
      await sleep(1);
    }
  };
  await waitAck();
  // Warm-up, then the measured run. The pause after the warm-up lets the server's one-off
  // work on a section it has just loaded finish first: the search index catches up with the
  // paragraphs this bench wrote into the store behind its back (its first reading of a draft,
  // 0.5 s after the first commit). Every later reading is per update, and is measured.
  for (let i = 0; i < 50; i++) {
    text.insert(5, 'w', mark ? mark(i) : {});
    await waitAck();
  }
  await sleep(2_000);
  const start = cpuMs(server.pid);
  for (let i = 0; i < UPDATES; i++) {
    text.insert(5, 'x', mark ? mark(i) : {});
    await waitAck();
  }
  const cpu = cpuMs(server.pid) - start;
  client.destroy();
  return Math.round((cpu / UPDATES) * 1000) / 1000;
}

/** Runs P2 on a stopped server's data directory with two sections of its demo workspace. */
export async function runP2(dataDir: string, docs: [string, string, string], log: (line: string) => void = console.log): Promise<P2Result> {
  const smallBytes = await seedSize(dataDir, docs[0], 10 * 1024, 100);
  const mediumBytes = await seedSize(dataDir, docs[1], 100 * 1024, 2000);
  const largeBytes = await seedSize(dataDir, docs[2], 1024 * 1024, 5000);
  log(`  P2 sections: ${Math.round(smallBytes / 1024)}, ${Math.round(mediumBytes / 1024)} and ${Math.round(largeBytes / 1024)} KiB`);
  const server = await startOurs(dataDir);
  try {
    const partner = await signIn(server.url, 'partner');
    const staff = await signIn(server.url, 'staff');
    const me = (await (await fetch(`${server.url}/api/auth/me`, { headers: { cookie: partner } })).json()) as { user: { id: string } };
    const suggestion = (doc: string) => () => ({ insertion: { id: `p2-${doc.replace(/[^A-Za-z0-9]/g, '').slice(-12)}`, author: me.user.id } });
    const measure = async (docName: string, bytes: number): Promise<P2Case> => ({
      bytes,
      suggestCpuPerUpdateMs: await typeAndMeasure(server, docName, partner, suggestion(docName)),
      editCpuPerUpdateMs: await typeAndMeasure(server, docName, staff, null),
    });
    const small = await measure(docs[0], smallBytes);
    const medium = await measure(docs[1], mediumBytes);
    const large = await measure(docs[2], largeBytes);
    return { updates: UPDATES, small, medium, large, ratio: Math.round((large.suggestCpuPerUpdateMs / small.suggestCpuPerUpdateMs) * 100) / 100 };
  } finally {
    await server.stop();
  }
}

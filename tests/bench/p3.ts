/**
 * P3: opening a 50k-word section that is not in memory. The section is written into the
 * store while the server is stopped (appended to the demo draft's stored state, then
 * compacted, as a room would after 500 updates), then opened after a server start (a)
 * and after its room was unloaded (b, median of 5); (c) is a warm open for comparison.
 */
import * as Y from 'yjs';
import { openDatabase } from '../../server/db/database.js';
import { SqliteDocStore } from '../../server/db/sqliteDocStore.js';
import { loadStored } from '../helpers/docs.js';
import { prose, wordCount } from './lib/content.js';
import { timedClient, type TimedClient } from './lib/client.js';
import { median, sleep, startOurs, type ServerChild } from './lib/proc.js';
import { LIMITS } from '../../shared/limits.js';

export interface OpenTiming {
  /** ws created → upgrade done (auth, access check). */
  upgradeMs: number;
  /** upgrade done → sync step 2 received: room load + answer, before the client applies it. */
  serverLoadAndSyncMs: number;
  /** provider created → provider 'sync' true (includes the client applying the document). */
  connectToSyncedMs: number;
}

export interface P3Result {
  docName: string;
  words: number;
  storedBytes: number;
  items: number;
  firstAfterStart: OpenTiming;
  afterUnload: OpenTiming & { runs: OpenTiming[] };
  warm: OpenTiming;
}

const WORDS = 50_000;

/** Writes a 50k-word section (in ~6-word pieces, so it has the item count of a document typed over time). */
export async function seedBigSection(dataDir: string, docName: string): Promise<{ words: number; storedBytes: number; items: number }> {
  const db = openDatabase(dataDir);
  try {
    const store = new SqliteDocStore(db);
    const doc = await loadStored(store, docName);
    const before = Y.encodeStateVector(doc);
    const fragment = doc.getXmlFragment('default');
    const paragraphs = 500;
    const perParagraph = WORDS / paragraphs;
    doc.transact(() => {
      for (let p = 0; p < paragraphs; p++) {
        const element = new Y.XmlElement('paragraph');
        element.setAttribute('id', `bench-p3-${p}`);
        const text = new Y.XmlText();
        element.insert(0, [text]);
        fragment.insert(fragment.length, [element]);
        const words = prose(9000 + p, perParagraph, p % 2 ? 'fr' : 'nl').split(' ');
        // Insert back to front at index 0 so pieces stay separate items, like text typed in several sittings.
        const pieces: string[] = [];
        for (let i = 0; i < words.length; i += 6) pieces.push(words.slice(i, i + 6).join(' ') + (i + 6 < words.length ? ' ' : ''));
        for (let i = pieces.length - 1; i >= 0; i--) text.insert(0, pieces[i]);
      }
    });
    const update = Y.encodeStateAsUpdate(doc, before);
    const lastSeq = await store.append(docName, [{ update, author: null }]);
    const snapshot = Y.encodeStateAsUpdate(doc);
    await store.compact(docName, snapshot, lastSeq, Y.encodeStateVector(doc));
    let items = 0;
    doc.store.clients.forEach((structs) => (items += structs.length));
    const words = wordCount(fragment);
    doc.destroy();
    return { words, storedBytes: snapshot.byteLength, items };
  } finally {
    db.close();
  }
}

function timing(client: TimedClient): OpenTiming {
  const { created, open, step2, synced } = client.marks;
  const r = (x: number) => Math.round(x * 100) / 100;
  return { upgradeMs: r(open - created), serverLoadAndSyncMs: r(step2 - open), connectToSyncedMs: r(synced - created) };
}

async function openOnce(server: ServerChild, docName: string, cookie: string | null, keep = false): Promise<{ timing: OpenTiming; client: TimedClient }> {
  const client = timedClient(server.wsBase, docName, cookie);
  await client.synced;
  const words = wordCount(client.doc.getXmlFragment('default'));
  if (words < WORDS) throw new Error(`opened ${docName} with only ${words} words`);
  const result = { timing: timing(client), client };
  if (!keep) client.destroy();
  return result;
}

function medianTiming(runs: OpenTiming[]): OpenTiming {
  return {
    upgradeMs: median(runs.map((r) => r.upgradeMs)),
    serverLoadAndSyncMs: median(runs.map((r) => r.serverLoadAndSyncMs)),
    connectToSyncedMs: median(runs.map((r) => r.connectToSyncedMs)),
  };
}

/**
 * Runs P3 on a stopped server's data directory; returns the restarted server (left running).
 * `cookieFor` signs in on the restarted server.
 */
export async function runP3(dataDir: string, docName: string, cookieFor: (server: ServerChild) => Promise<string>, log: (line: string) => void = console.log): Promise<{ result: P3Result; server: ServerChild }> {
  const seeded = await seedBigSection(dataDir, docName);
  log(`  seeded ${docName}: ${seeded.words} words, ${seeded.items} items, ${Math.round(seeded.storedBytes / 1024)} KiB snapshot`);
  const server = await startOurs(dataDir);
  const cookie = await cookieFor(server);
  const first = await openOnce(server, docName, cookie);
  const unloadWait = LIMITS.roomIdleUnloadMs + 1_500;
  const runs: OpenTiming[] = [];
  for (let i = 0; i < 5; i++) {
    await sleep(unloadWait);
    runs.push((await openOnce(server, docName, cookie)).timing);
  }
  const holder = await openOnce(server, docName, cookie, true);
  const warmRuns: OpenTiming[] = [];
  for (let i = 0; i < 5; i++) warmRuns.push((await openOnce(server, docName, cookie)).timing);
  holder.client.destroy();
  return {
    server,
    result: {
      docName,
      ...seeded,
      firstAfterStart: first.timing,
      afterUnload: { ...medianTiming(runs), runs },
      warm: medianTiming(warmRuns),
    },
  };
}

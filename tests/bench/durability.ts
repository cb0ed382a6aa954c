/**
 * Durability cost: updates per second committed with D1 in force (every update committed
 * before anyone sees it), with group commit on (the default) and off, and with SQLite's
 * `synchronous` at NORMAL (the default, D2) and FULL (also survives power loss).
 *
 * Writers are stock y-websocket clients asking for the `committed` acknowledgement, each
 * typing into its own paragraph of one section as fast as the per-connection rate allows
 * (a token bucket below the server's sustained limit) with a bounded number of
 * unacknowledged updates; they read but do not apply each other's edits. Committed = the
 * highest acknowledgement each writer received. Transactions are counted from the edit log
 * (one row per author per committed batch; all writers are the same staff account).
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import * as Y from 'yjs';
import { connectClient, signIn, whenSynced, type TestClient } from '../helpers/clients.js';
import { paragraph } from '../helpers/docs.js';
import { cpuMs, sleep, startOurs } from './lib/proc.js';
import { LIMITS } from '../../shared/limits.js';

export interface DurabilityRun {
  groupCommit: boolean;
  synchronous: 'NORMAL' | 'FULL';
  writers: number;
  offeredPerSecond: number;
  committedPerSecond: number;
  transactionsPerSecond: number;
  updatesPerTransaction: number;
  serverCpuPerUpdateMs: number;
  serverCpuPercent: number;
}

export interface DurabilityResult {
  windowMs: number;
  runs: DurabilityRun[];
}

const WRITERS = Number(process.env.BENCH_DURABILITY_WRITERS ?? 16);
const WINDOW_MS = Number(process.env.BENCH_DURABILITY_MS ?? 6_000);
/** Per writer, below the server's sustained per-connection rate so no backpressure kicks in. */
const RATE = Math.floor(LIMITS.updatesPerSecond * 0.9);
const MAX_UNACKED = 16;

async function runOne(dataDir: string, docName: string, groupCommit: boolean, synchronous: 'NORMAL' | 'FULL'): Promise<DurabilityRun> {
  const server = await startOurs(dataDir, [], { ATELIER_GROUP_COMMIT: groupCommit ? '1' : '0', SQLITE_SYNCHRONOUS: synchronous });
  const writers: { client: TestClient; text: Y.XmlText; sent: number; tokens: number }[] = [];
  try {
    const cookie = await signIn(server.url, 'staff');
    for (let i = 0; i < WRITERS; i++) {
      const client = connectClient(server.url, docName, cookie, { params: { ack: '1' } });
      await whenSynced(client);
      const block = paragraph('', `dur-${groupCommit ? 'g' : 'n'}${synchronous}-${i}`);
      client.fragment().insert(client.fragment().length, [block]);
      writers.push({ client, text: block.get(0) as Y.XmlText, sent: 1, tokens: 0 });
    }
    await sleep(500);
    // From here on, writers read and drop others' sync messages (the server's work is unchanged).
    for (const { client } of writers) {
      client.provider.messageHandlers[0] = (_encoder, decoder) => {
        decoder.pos = decoder.arr.length;
      };
    }
    let last = performance.now();
    const pump = setInterval(() => {
      const now = performance.now();
      const add = ((now - last) / 1000) * RATE;
      last = now;
      for (const w of writers) {
        w.tokens = Math.min(w.tokens + add, 8);
        while (w.tokens >= 1 && w.sent - w.client.acked() < MAX_UNACKED) {
          w.tokens -= 1;
          w.text.insert(w.text.length, 'abcdefghij'[w.sent % 10]);
          w.sent++;
        }
      }
    }, 5);
    await sleep(1_000);
    const acked0 = writers.reduce((sum, w) => sum + w.client.acked(), 0);
    const sent0 = writers.reduce((sum, w) => sum + w.sent, 0);
    const cpu0 = cpuMs(server.pid);
    const t0 = Date.now();
    const wall0 = performance.now();
    await sleep(WINDOW_MS);
    const acked1 = writers.reduce((sum, w) => sum + w.client.acked(), 0);
    const sent1 = writers.reduce((sum, w) => sum + w.sent, 0);
    const cpu1 = cpuMs(server.pid);
    const t1 = Date.now();
    const seconds = (performance.now() - wall0) / 1000;
    clearInterval(pump);
    for (const { client } of writers) client.destroy();
    await server.stop();
    const db = new Database(path.join(dataDir, 'atelier.db'), { readonly: true });
    const { n } = db.prepare<[string, number, number], { n: number }>('SELECT COUNT(*) AS n FROM edit_log WHERE doc = ? AND at >= ? AND at < ?').get(docName, t0, t1)!;
    db.close();
    const committed = acked1 - acked0;
    const r = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
    return {
      groupCommit,
      synchronous,
      writers: WRITERS,
      offeredPerSecond: r((sent1 - sent0) / seconds, 0),
      committedPerSecond: r(committed / seconds, 0),
      transactionsPerSecond: r(n / ((t1 - t0) / 1000), 0),
      updatesPerTransaction: r(committed / Math.max(1, n), 2),
      serverCpuPerUpdateMs: r((cpu1 - cpu0) / Math.max(1, committed), 3),
      serverCpuPercent: r(((cpu1 - cpu0) / (seconds * 1000)) * 100),
    };
  } finally {
    for (const { client } of writers) client.destroy();
    await server.stop();
  }
}

/** Runs the four combinations on a stopped server's data directory, each on a fresh server process. */
export async function runDurability(dataDir: string, docName: string, log: (line: string) => void = console.log): Promise<DurabilityResult> {
  const runs: DurabilityRun[] = [];
  for (const synchronous of ['NORMAL', 'FULL'] as const) {
    for (const groupCommit of [true, false]) {
      const run = await runOne(dataDir, docName, groupCommit, synchronous);
      log(`  group commit ${groupCommit ? 'on ' : 'off'}, synchronous=${synchronous}: ${run.committedPerSecond} updates/s committed (offered ${run.offeredPerSecond}), ${run.transactionsPerSecond} transactions/s`);
      runs.push(run);
    }
  }
  return { windowMs: WINDOW_MS, runs };
}

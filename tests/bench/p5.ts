/**
 * P5: memory per idle connection (500 stock clients on one section, server RSS delta / 500,
 * median of several samples after settling), and what is left after everyone leaves.
 */
import { timedClient, type TimedClient } from './lib/client.js';
import { median, memoryAfterGc, rssKiB, sampleRss, sleep, type MemoryAfterGc, type ServerChild } from './lib/proc.js';
import { LIMITS } from '../../shared/limits.js';

export interface P5Result {
  server: string;
  connections: number;
  baselineRssMiB: number;
  loadedRssMiB: number;
  perConnectionKiB: number;
  /** The same after a forced full GC (gc-probe preload): RSS delta and JS heap + external delta per connection. */
  afterGc: { baselineRssMiB: number; loadedRssMiB: number; perConnectionKiB: number; heapPerConnectionKiB: number };
  /** RSS once every client left and the room's unload delay passed. */
  afterLeaveRssMiB: number;
  /** What /healthz answered after everyone left (ours), or null. */
  healthAfterLeave: unknown;
}

/** BENCH_P5_PAUSE_MS: pause between batches of 50 joins (to tell a join-storm high-water mark from per-connection memory). */
const PAUSE_MS = Number(process.env.BENCH_P5_PAUSE_MS ?? 0);
const mib = (kib: number) => Math.round(kib / 102.4) / 10;

/** Median of three forced-GC probes, field by field. */
async function gcSamples(server: ServerChild): Promise<MemoryAfterGc> {
  const samples: MemoryAfterGc[] = [];
  for (let i = 0; i < 3; i++) {
    samples.push(await memoryAfterGc(server));
    await sleep(300);
  }
  const pick = (key: keyof MemoryAfterGc) => median(samples.map((s) => s[key]));
  return { rss: pick('rss'), heapUsed: pick('heapUsed'), external: pick('external'), arrayBuffers: pick('arrayBuffers') };
}

export async function runP5(server: ServerChild, docName: string, cookie: string | null, connections = 500, log: (line: string) => void = console.log): Promise<P5Result> {
  // One client keeps the room loaded, so the delta is the connections', not the document's.
  const anchor = timedClient(server.wsBase, docName, cookie);
  await anchor.synced;
  await sleep(2_000);
  const baseline = await sampleRss(server.pid, 5, 400);
  const gcBaseline = await gcSamples(server);
  const clients: TimedClient[] = [];
  for (let i = 0; i < connections; i += 50) {
    const batch = Array.from({ length: Math.min(50, connections - i) }, () => timedClient(server.wsBase, docName, cookie));
    clients.push(...batch);
    await Promise.all(batch.map((client) => client.synced));
    if (PAUSE_MS) await sleep(PAUSE_MS);
  }
  // Let the join-time awareness broadcasts drain and the heap settle.
  await sleep(4_000);
  const loaded = await sampleRss(server.pid, 7, 500);
  const gcLoaded = await gcSamples(server);
  log(`  ${server.kind}: ${connections} idle clients, RSS ${mib(baseline)} → ${mib(loaded)} MiB`);
  for (const client of clients) client.destroy();
  anchor.destroy();
  await sleep(LIMITS.roomIdleUnloadMs + 2_000);
  let health: unknown = null;
  if (server.kind === 'ours') {
    try {
      health = await (await fetch(`${server.url}/healthz`)).json();
    } catch {
      health = null;
    }
  }
  const after = rssKiB(server.pid);
  return {
    server: server.kind,
    connections,
    baselineRssMiB: mib(baseline),
    loadedRssMiB: mib(loaded),
    perConnectionKiB: Math.round(((loaded - baseline) / connections) * 10) / 10,
    afterGc: {
      baselineRssMiB: mib(gcBaseline.rss / 1024),
      loadedRssMiB: mib(gcLoaded.rss / 1024),
      perConnectionKiB: Math.round(((gcLoaded.rss - gcBaseline.rss) / 1024 / connections) * 10) / 10,
      heapPerConnectionKiB: Math.round(((gcLoaded.heapUsed + gcLoaded.external - gcBaseline.heapUsed - gcBaseline.external) / 1024 / connections) * 10) / 10,
    },
    afterLeaveRssMiB: mib(after),
    healthAfterLeave: health,
  };
}

/**
 * P5: memory per idle connection, and what is left after everyone leaves. Stock clients join
 * one section in two steps (a quarter, then the rest); after each, the server is asked for a
 * full GC and its anonymous RSS is read. Memory per connection is the slope between the two
 * steps (what one more idle connection costs); the first step also pays one-off growth
 * (SQLite's page cache, V8 heap headroom), shown separately as the average with fixed costs.
 *
 * All the clients first join and leave once (a warm-up round): a fresh process gives back
 * its start-up memory some seconds after it went idle (V8's memory reducer; our server:
 * 155 → 95 MiB some 10 s after start), and read across that moment the slope came out at
 * −60 KiB per connection in one run; the baseline is read once RSS has stopped moving.
 * The verdict takes the larger of the RSS slope and the JS heap + external per connection:
 * a warmed heap can take new connections into pages freed by the warm-up, which the RSS
 * slope alone would not count.
 */
import { timedClient, type TimedClient } from './lib/client.js';
import { anonRssKiB, median, memoryAfterGc, sleep, type MemoryAfterGc, type ServerChild } from './lib/proc.js';
import { LIMITS } from '../../shared/limits.js';

export interface P5Result {
  server: string;
  connections: number;
  /** Anonymous RSS after a forced GC with one client, a quarter and all connections (MiB). */
  rssMiB: { baseline: number; quarter: number; loaded: number };
  /** Slope: anonymous RSS per connection between the quarter and the full count (KiB). */
  perConnectionKiB: number;
  /** Anonymous RSS growth / connections over the whole join, fixed costs included (KiB). */
  averagePerConnectionKiB: number;
  /** JS heap + external per connection over the whole join (KiB). */
  heapPerConnectionKiB: number;
  /** Anonymous RSS once every client left and the room's unload delay passed (MiB). */
  afterLeaveRssMiB: number;
  /** What /healthz answered after everyone left (ours), or null. */
  healthAfterLeave: unknown;
}

/** BENCH_P5_PAUSE_MS: pause between batches of 50 joins (to tell a join-storm high-water mark from per-connection memory). */
const PAUSE_MS = Number(process.env.BENCH_P5_PAUSE_MS ?? 0);
const mib = (bytes: number) => Math.round(bytes / 1024 / 102.4) / 10;

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

/** Waits (at most `maxMs`) until five readings of anonymous RSS a second apart lie within 1 MiB. */
async function untilRssSettles(pid: number, maxMs = 40_000): Promise<void> {
  const window: number[] = [];
  const deadline = Date.now() + maxMs;
  while (Date.now() < deadline) {
    window.push(anonRssKiB(pid));
    if (window.length > 5) window.shift();
    if (window.length === 5 && Math.max(...window) - Math.min(...window) <= 1024) return;
    await sleep(1_000);
  }
}

export async function runP5(server: ServerChild, docName: string, cookie: string | null, connections = 500, log: (line: string) => void = console.log): Promise<P5Result> {
  // One client keeps the room loaded, so the delta is the connections', not the document's.
  const anchor = timedClient(server.wsBase, docName, cookie);
  await anchor.synced;
  const clients: TimedClient[] = [];
  const join = async (upTo: number) => {
    while (clients.length < upTo) {
      const batch = Array.from({ length: Math.min(50, upTo - clients.length) }, () => timedClient(server.wsBase, docName, cookie));
      clients.push(...batch);
      await Promise.all(batch.map((client) => client.synced));
      if (PAUSE_MS) await sleep(PAUSE_MS);
    }
    // Let the join-time awareness broadcasts drain.
    await sleep(4_000);
  };
  // The warm-up round (see above).
  await join(connections);
  for (const client of clients.splice(0)) client.destroy();
  await untilRssSettles(server.pid);
  const baseline = await gcSamples(server);
  const quarter = Math.round(connections / 4);
  await join(quarter);
  const atQuarter = await gcSamples(server);
  await join(connections);
  const loaded = await gcSamples(server);
  log(`  ${server.kind}: ${connections} idle clients, anonymous RSS after GC ${mib(baseline.rss)} → ${mib(atQuarter.rss)} → ${mib(loaded.rss)} MiB`);
  for (const client of clients) client.destroy();
  anchor.destroy();
  await sleep(LIMITS.roomIdleUnloadMs + 2_000);
  let health: unknown = null;
  if (server.kind === 'ours') {
    try {
      // Poll a while longer: a thousand closing handshakes can take a few seconds on a busy machine.
      for (let i = 0; i < 30; i++) {
        health = await (await fetch(`${server.url}/healthz`)).json();
        const h = health as { rooms?: number; connections?: number };
        if (h.rooms === 0 && h.connections === 0) break;
        if (i === 0) log(`  ${server.kind}: after leaving, /healthz says ${JSON.stringify(health)}; waiting`);
        await sleep(1_000);
      }
    } catch {
      health = null;
    }
  }
  const after = anonRssKiB(server.pid) * 1024;
  const perKiB = (bytes: number, count: number) => Math.round((bytes / 1024 / count) * 10) / 10;
  return {
    server: server.kind,
    connections,
    rssMiB: { baseline: mib(baseline.rss), quarter: mib(atQuarter.rss), loaded: mib(loaded.rss) },
    perConnectionKiB: perKiB(loaded.rss - atQuarter.rss, connections - quarter),
    averagePerConnectionKiB: perKiB(loaded.rss - baseline.rss, connections),
    heapPerConnectionKiB: perKiB(loaded.heapUsed + loaded.external - baseline.heapUsed - baseline.external, connections),
    afterLeaveRssMiB: mib(after),
    healthAfterLeave: health,
  };
}

/** Memory of one loaded room, for a section of a given size. */
export interface RoomMemory {
  docName: string;
  words: number;
  /** JS heap + external held while the room is loaded (one idle client), after a forced GC (KiB). */
  heapKiB: number;
  /** RSS growth while it is loaded (KiB; noisier: freed pages are not always returned). */
  rssKiB: number;
}

/**
 * P5, per loaded room: for each section (the P3 sizes), one client opens it, the server is
 * asked for a full GC, and what heap + external drop by once it has left and the room has
 * unloaded is the room's cost (its Y.Doc, awareness, search and anchor bookkeeping; ours
 * reports loaded rooms in /healthz).
 */
export async function runRoomMemory(server: ServerChild, sections: { docName: string; words: number }[], cookie: string | null, log: (line: string) => void = console.log): Promise<RoomMemory[]> {
  const rooms = async () => ((await (await fetch(`${server.url}/healthz`)).json()) as { rooms: number }).rooms;
  const unloaded = async () => {
    for (let i = 0; i < 60 && (await rooms()) > 0; i++) await sleep(500);
  };
  const out: RoomMemory[] = [];
  for (const { docName, words } of sections) {
    await unloaded();
    const client = timedClient(server.wsBase, docName, cookie);
    await client.synced;
    await sleep(1_500);
    const loaded = await gcSamples(server);
    client.destroy();
    // Compared with the same probe once the room has unloaded again, rather than before it
    // loaded: the first probe of a process also sees one-off allocations (statement caches,
    // pools), which made small rooms come out negative.
    await unloaded();
    const after = await gcSamples(server);
    const heapKiB = Math.round((loaded.heapUsed + loaded.external - after.heapUsed - after.external) / 1024);
    const rssKiB = Math.round((loaded.rss - after.rss) / 1024);
    log(`  room of ${words} words: heap + external ${heapKiB} KiB, RSS ${rssKiB} KiB`);
    out.push({ docName, words, heapKiB, rssKiB });
  }
  return out;
}

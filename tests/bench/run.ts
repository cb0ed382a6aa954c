/**
 * `npm run bench`: budgets P1–P5 (DESIGN.md) side by side, ours, the reference
 * `@y/websocket-server@0.1.1` and Hocuspocus 4 with its SQLite extension, in one run.
 * Prints a table with a PASS/FAIL line per budget and writes tests/bench/results/latest.json.
 *
 * Environment: BENCH_WORKERS (P1 client processes, default 2), BENCH_MEASURE_MS (P1
 * window, default 20000), BENCH_WRITERS / BENCH_READERS (P1 load, default 50 / 200, for
 * short runs while developing), BENCH_SECTIONS (sections of the many-sections variant,
 * default 10; 0 skips it), BENCH_P1_OTHERS (default reference,hocuspocus; none runs ours
 * alone), BENCH_P1_SUGGESTING=0 (skip the partners run), BENCH_ONLY (comma list of p1,p2,p3,durability,p5).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { signIn } from '../helpers/clients.js';
import { makeDataDir, startHocuspocus, startOurs, startReference, type ServerChild } from './lib/proc.js';
import { targetFor } from './lib/target.js';
import { P1_DEFAULTS, runP1, type P1Result } from './p1.js';
import { runFanout, type FanoutCell } from './fanout.js';
import { runP2, type P2Result } from './p2.js';
import { runP3, type OpenTiming, type P3Result, type P3Size } from './p3.js';
import { runP5, runRoomMemory, type P5Result, type RoomMemory } from './p5.js';
import { runP4, type P4Result } from './p4.js';
import { runImportBench, type ImportBenchResult } from './import.js';
import { runDurability, type DurabilityResult, type DurabilityRun } from './durability.js';

process.setMaxListeners(0); // each stock provider adds a process 'exit' listener
const only = new Set((process.env.BENCH_ONLY ?? 'p1,p2,p3,durability,p4,p5,import').split(',').map((s) => s.trim()));
const p1Options = {
  ...P1_DEFAULTS,
  measureMs: Number(process.env.BENCH_MEASURE_MS ?? P1_DEFAULTS.measureMs),
  writers: Number(process.env.BENCH_WRITERS ?? P1_DEFAULTS.writers),
  readers: Number(process.env.BENCH_READERS ?? P1_DEFAULTS.readers),
};
/** P1's servers besides ours (BENCH_P1_OTHERS=none for quick runs of ours alone). */
const p1Others = new Set((process.env.BENCH_P1_OTHERS ?? 'reference,hocuspocus').split(',').map((s) => s.trim()));
/** The many-sections variant: the same writers and readers spread over this many sections. */
const SECTIONS = Number(process.env.BENCH_SECTIONS ?? 10);
const sectionsOptions = { ...p1Options, sections: SECTIONS };
/** The fan-out grid after each server's P1 runs (BENCH_FANOUT=0 skips it). */
const FANOUT = process.env.BENCH_FANOUT !== '0';
const log = (line: string) => console.log(line);
const P5_CONNECTIONS = Number(process.env.BENCH_P5_CONNECTIONS ?? 1000);

function machine() {
  const cpuinfo = fs.readFileSync('/proc/cpuinfo', 'utf8');
  const model = /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1] ?? 'unknown';
  let commit = '';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: import.meta.dirname }).toString().trim();
  } catch {
    commit = 'unknown';
  }
  return { nproc: os.cpus().length, cpuModel: model, node: process.version, platform: `${os.type()} ${os.release()}`, memGiB: Math.round(os.totalmem() / 2 ** 30), commit, loadAverageAtStart: os.loadavg()[0] };
}

const results: {
  startedAt: string;
  machine: ReturnType<typeof machine>;
  p1: {
    options: typeof p1Options;
    ours?: P1Result;
    reference?: P1Result;
    hocuspocus?: P1Result;
    oursSuggesting?: P1Result;
    /** The same load over SECTIONS sections. */
    sections: { ours?: P1Result; reference?: P1Result; hocuspocus?: P1Result };
    /** The fan-out grid (fanout.ts): 1/10/50 writers × 0/100/200 readers, one section. */
    fanout: { ours?: FanoutCell[]; reference?: FanoutCell[]; hocuspocus?: FanoutCell[] };
  };
  p2?: P2Result;
  p3?: P3Result;
  durability?: DurabilityResult;
  p4?: P4Result;
  importSearch?: ImportBenchResult;
  p5: { ours?: P5Result; reference?: P5Result; rooms?: RoomMemory[] };
  budgets: { id: string; verdict: string; detail: string }[];
  durationS?: number;
} = { startedAt: new Date().toISOString(), machine: machine(), p1: { options: p1Options, sections: {}, fanout: {} }, p5: {}, budgets: [] };

const started = Date.now();
let failure: string | null = null;
const running: ServerChild[] = [];
async function stop(server: ServerChild) {
  await server.stop();
  running.splice(running.indexOf(server), 1);
}
process.on('SIGINT', () => {
  for (const server of running) server.process.kill('SIGKILL');
  process.exit(130);
});

try {
  // --- reference ------------------------------------------------------------------------
  if (only.has('p1') && p1Others.has('reference')) {
    log('reference server @y/websocket-server@0.1.1');
    const ref = await startReference();
    running.push(ref);
    const target = await targetFor(ref);
    results.p1.reference = await runP1(target, p1Options, log);
    if (SECTIONS > 0) {
      log(`  …and over ${SECTIONS} sections`);
      results.p1.sections.reference = await runP1(target, sectionsOptions, log);
    }
    if (FANOUT) {
      log('  …and the fan-out grid');
      results.p1.fanout.reference = await runFanout(target, p1Options, results.p1.reference, log);
    }
    await stop(ref);
  }
  // --- Hocuspocus 4 + SQLite --------------------------------------------------------------
  if (only.has('p1') && p1Others.has('hocuspocus')) {
    log('Hocuspocus 4.7.0 with @hocuspocus/extension-sqlite (its own provider)');
    const hocusDir = makeDataDir();
    const hocus = await startHocuspocus(hocusDir);
    running.push(hocus);
    const hocusTarget = await targetFor(hocus);
    results.p1.hocuspocus = await runP1(hocusTarget, p1Options, log);
    if (SECTIONS > 0) {
      log(`  …and over ${SECTIONS} sections`);
      results.p1.sections.hocuspocus = await runP1(hocusTarget, sectionsOptions, log);
    }
    if (FANOUT) {
      log('  …and the fan-out grid');
      results.p1.fanout.hocuspocus = await runFanout(hocusTarget, p1Options, results.p1.hocuspocus, log);
    }
    await stop(hocus);
    fs.rmSync(hocusDir, { recursive: true, force: true });
  }

  // --- ours -----------------------------------------------------------------------------
  log('our server (node --import tsx server/main.ts)');
  const dataDir = makeDataDir();
  let ours = await startOurs(dataDir);
  running.push(ours);
  let target = await targetFor(ours);
  if (only.has('p1')) {
    results.p1.ours = await runP1(target, p1Options, log);
    // The same load with the writers as partners: every update passes the S1 check.
    const partnerCookie = await signIn(ours.url, 'partner');
    const me = (await (await fetch(`${ours.url}/api/auth/me`, { headers: { cookie: partnerCookie } })).json()) as { user: { id: string } };
    log('  …and again with the writers suggesting as partners');
    if (process.env.BENCH_P1_SUGGESTING !== '0') results.p1.oursSuggesting = await runP1({ ...target, writerCookie: partnerCookie }, p1Options, log, me.user.id);
    if (SECTIONS > 0) {
      log(`  …and over ${SECTIONS} sections`);
      results.p1.sections.ours = await runP1(target, sectionsOptions, log);
    }
    if (FANOUT) {
      log('  …and the fan-out grid');
      results.p1.fanout.ours = await runFanout(target, p1Options, results.p1.ours, log);
    }
  }
  if (only.has('p2')) {
    await stop(ours);
    results.p2 = await runP2(dataDir, [target.docs[3], target.docs[6], target.docs[4]], log);
    ours = await startOurs(dataDir);
    running.push(ours);
    target = await targetFor(ours);
  }
  if (only.has('durability')) {
    await stop(ours);
    log('durability cost: group commit on/off, synchronous NORMAL/FULL');
    results.durability = await runDurability(dataDir, target.docs[5], log);
    ours = await startOurs(dataDir);
    running.push(ours);
    target = await targetFor(ours);
  }
  if (only.has('p4')) {
    // Its own servers (ours on a fresh seeded data dir, express.static on the same bytes).
    log('P4: a published release page from cache vs express.static on the same bytes');
    results.p4 = await runP4(undefined, log);
  }
  if (only.has('import')) {
    // Issue 9: a ~200-page generated Word handbook imported, then searched (its own server).
    log('import of a ~200-page handbook and search latency over it');
    results.importSearch = await runImportBench();
  }
  if (only.has('p3')) {
    await stop(ours);
    const p3 = await runP3(dataDir, [target.docs[7], target.docs[1], target.docs[8]], (server) => signIn(server.url, 'staff'), log);
    results.p3 = p3.result;
    ours = p3.server;
    running.push(ours);
    target = await targetFor(ours);
  }
  await stop(ours);
  if (only.has('p5')) {
    // A fresh process on a fresh data directory, as the reference gets: a server that has
    // just read P2's and P3's big sections gives that memory back to the system during the
    // run, which hides what the connections cost.
    const p5Dir = makeDataDir();
    ours = await startOurs(p5Dir);
    running.push(ours);
    target = await targetFor(ours);
    results.p5.ours = await runP5(ours, target.docs[2], target.writerCookie, P5_CONNECTIONS, log);
    await stop(ours);
    fs.rmSync(p5Dir, { recursive: true, force: true });
    if (results.p3) {
      // Per loaded room: P3's sections, in their data directory.
      ours = await startOurs(dataDir);
      running.push(ours);
      target = await targetFor(ours);
      results.p5.rooms = await runRoomMemory(ours, results.p3.sizes.map((s) => ({ docName: s.docName, words: s.words })), target.writerCookie, log);
      await stop(ours);
    }
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
  if (only.has('p5')) {
    // A fresh process, so the heap left over by P1 does not absorb the new connections.
    const ref = await startReference();
    running.push(ref);
    const refTarget = await targetFor(ref);
    results.p5.reference = await runP5(ref, refTarget.docs[2], null, P5_CONNECTIONS, log);
    await stop(ref);
  }
} catch (error) {
  // Keep what was measured: the table and the JSON are still written, with the error.
  failure = error instanceof Error ? (error.stack ?? error.message) : String(error);
  console.error(`bench stopped early: ${failure}`);
  for (const server of [...running]) {
    console.error(`--- ${server.kind} output ---\n${server.output().slice(-3000)}`);
    await server.stop();
  }
}
results.durationS = Math.round((Date.now() - started) / 1000);

// --- verdicts and table -----------------------------------------------------------------
const budgets = results.budgets;
const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
const { ours: o1, reference: r1, hocuspocus: h1, oursSuggesting: s1 } = results.p1;
const warnings: string[] = [];
for (const r of [o1, r1, h1, s1, results.p1.sections.ours, results.p1.sections.reference, results.p1.sections.hocuspocus]) {
  if (!r) continue;
  const busiest = Math.max(...r.workerCpuPercent);
  if (busiest > 85) warnings.push(`P1 ${r.server}: a client worker used ${busiest}% of a core — client saturation inflates latency`);
  if (r.otherCpuPercent > 30) warnings.push(`P1 ${r.server}: other processes on this machine used ${r.otherCpuPercent}% of a core during the window (load average ${r.loadAverage}) — latency is not trustworthy`);
  const busy = r.serverCpuPercent + r.workerCpuPercent.reduce((a, b) => a + b, 0) + r.benchMainCpuPercent + r.otherCpuPercent;
  if (busy > results.machine.nproc * 100 * 0.85) warnings.push(`P1 ${r.server}: the machine was saturated (${Math.round(busy)}% of ${results.machine.nproc * 100}% busy: server ${r.serverCpuPercent}, clients ${Math.round(r.workerCpuPercent.reduce((a, b) => a + b, 0))}, others ${r.otherCpuPercent}) — latency includes waiting for a CPU`);
  if (r.samples < r.expectedSamples * 0.99) warnings.push(`P1 ${r.server}: only ${r.samples} of ${r.expectedSamples} expected deliveries arrived within 2 s after the window — peers fell behind`);
}
if (o1) {
  budgets.push({ id: 'P1 latency', verdict: verdict(o1.latencyMs.p99 <= 50 && o1.samples >= o1.expectedSamples * 0.99), detail: `p99 ${o1.latencyMs.p99} ms (≤ 50 ms); ${o1.samples}/${o1.expectedSamples} deliveries` });
}
if (o1 && r1) {
  const ratio = o1.cpuPerUpdateMs / r1.cpuPerUpdateMs;
  // CPU per update only compares when both servers delivered the whole fan-out inside the window.
  const complete = (r: P1Result) => r.samples >= r.expectedSamples * 0.95;
  budgets.push({ id: 'P1 CPU', verdict: complete(o1) && complete(r1) ? verdict(ratio <= 1.25) : 'INVALID (fell behind)', detail: `${o1.cpuPerUpdateMs} ms/update vs reference ${r1.cpuPerUpdateMs} ms/update = ${ratio.toFixed(2)}× (≤ 1.25×)` });
}
const p2 = results.p2;
if (p2) {
  budgets.push({ id: 'P2', verdict: verdict(p2.ratio <= 1.5), detail: `suggest-only update ${p2.large.suggestCpuPerUpdateMs} ms (1 MB) vs ${p2.small.suggestCpuPerUpdateMs} ms (10 KB) = ${p2.ratio}× (≤ 1.5×)` });
}
const p3 = results.p3;
const p3Fifty = p3?.sizes.find((s) => s.size === 50_000);
if (p3Fifty) {
  const b = p3Fifty.afterUnload;
  budgets.push({ id: 'P3 server', verdict: verdict(b.serverLoadAndSyncMs <= 30), detail: `${p3Fifty.words} words after unload, median of 5: server load + first sync ${b.serverLoadAndSyncMs} ms (≤ 30 ms); first after a server start ${p3Fifty.firstAfterStart.serverLoadAndSyncMs} ms` });
}
if (p3?.browser && 'median' in p3.browser) {
  const m = p3.browser.median;
  budgets.push({ id: 'P3 browser', verdict: verdict(m.editableMs <= 1_500), detail: `Chromium, 50k words, fresh context, median of ${p3.browser.runs.length}: editable after ${m.editableMs} ms (≤ 1500 ms); app shell ${m.domContentLoadedMs} ms, socket open ${m.socketOpenMs} ms, document received ${m.documentReceivedMs} ms` });
} else if (p3) {
  budgets.push({ id: 'P3 browser', verdict: 'NOT MEASURED', detail: p3.browser && 'skipped' in p3.browser ? p3.browser.skipped : 'BENCH_BROWSER=0' });
}
const p4 = results.p4;
if (p4) {
  budgets.push({ id: 'P4', verdict: verdict(p4.pass), detail: `cached /p/toolbox/1/ (${p4.bytes} bytes): ${p4.ours.requestsPerSecond} req/s vs express.static ${p4.static.requestsPerSecond} req/s = ${p4.ratio.toFixed(2)}× (≥ 0.70×); per CPU second ${p4.cpuRatio.toFixed(2)}×` });
}
const imp = results.importSearch;
if (imp) {
  budgets.push({ id: 'Search', verdict: verdict(imp.pass), detail: `${imp.words} words (${imp.sections} sections) imported in ${imp.convertMs + imp.importMs} ms; search over ${imp.indexEntries} passages p50 ${imp.searchP50Ms} ms, p99 ${imp.searchP99Ms} ms (found within a second)` });
}
const o5 = results.p5.ours;
if (o5) {
  budgets.push({
    id: 'P5 memory',
    // A negative slope means memory was given back while clients joined: not a measurement.
    verdict: o5.perConnectionKiB < 0 ? 'INVALID (memory fell while clients joined)' : verdict(Math.max(o5.perConnectionKiB, o5.heapPerConnectionKiB) <= 20),
    detail: `${o5.perConnectionKiB} KiB anonymous RSS per additional idle connection after a forced GC, JS heap + external ${o5.heapPerConnectionKiB} KiB (the larger ≤ 20 KB; reference ${results.p5.reference?.perConnectionKiB ?? '-'} and ${results.p5.reference?.heapPerConnectionKiB ?? '-'})`,
  });
  const health = o5.healthAfterLeave as { rooms?: number } | null;
  if (health && typeof health.rooms === 'number') {
    budgets.push({ id: 'P5 unload', verdict: verdict(health.rooms === 0), detail: `/healthz after everyone left: ${JSON.stringify(health)}` });
  } else if (p3Fifty) {
    const cold = p3Fifty.afterUnload.serverLoadAndSyncMs;
    const warm = p3Fifty.warm.serverLoadAndSyncMs;
    budgets.push({
      id: 'P5 unload',
      verdict: cold > warm * 1.5 ? 'PASS (indirect)' : 'UNVERIFIED',
      detail: `/healthz has no room count; reopening after ${5 + 1.5} s idle costs ${cold} ms vs ${warm} ms warm (a reload happened); RSS after leave ${o5.afterLeaveRssMiB} MiB vs ${o5.rssMiB.baseline} MiB baseline`,
    });
  }
}

// At least one space between columns, even when a value is wider than its column.
const pad = (s: unknown, n: number) => {
  const text = String(s);
  return text.length >= n ? `${text} ` : text.padEnd(n);
};
const lines: string[] = [];
lines.push('');
lines.push(`Atelier bench — ${results.machine.nproc} × ${results.machine.cpuModel}, node ${results.machine.node}, commit ${results.machine.commit}, ${results.durationS} s`);
/** ours ÷ other, as "1.23×" (or "-"). */
const times = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined || !b ? '-' : `${(a / b).toFixed(2)}×`);
function p1Table(title: string, columns: [string, P1Result | undefined][]) {
  lines.push('');
  lines.push(title);
  lines.push(`    ${pad('', 30)}${columns.map(([name]) => pad(name, 18)).join('')}`);
  const row = (label: string, f: (r: P1Result) => unknown) => lines.push(`    ${pad(label, 30)}${columns.map(([, r]) => pad(r ? f(r) : '-', 18)).join('')}`);
  row('updates/s in', (r) => r.updatesPerSecond);
  row('latency p50 / p95 (ms)', (r) => `${r.latencyMs.p50} / ${r.latencyMs.p95}`);
  row('latency p99 / max (ms)', (r) => `${r.latencyMs.p99} / ${r.latencyMs.max}`);
  row('deliveries seen / expected', (r) => `${Math.round((r.samples / r.expectedSamples) * 1000) / 10}%`);
  row('server CPU (% of a core)', (r) => r.serverCpuPercent);
  row('server CPU per update (ms)', (r) => r.cpuPerUpdateMs);
  row('frames received per update', (r) => Math.round(((r.framesReceived.sync + r.framesReceived.awareness) / r.updates) * 10) / 10);
  row('server CPU per frame (µs)', (r) => r.cpuPerFrameUs);
  row('server write syscalls/update', (r) => r.writeSyscallsPerUpdate);
  row('server RSS (MiB)', (r) => r.serverRssMiB);
  row('client workers CPU (%)', (r) => r.workerCpuPercent.join(' + '));
  row('other processes CPU (%)', (r) => `${r.otherCpuPercent} (load ${r.loadAverage})`);
  const ours = columns[0][1];
  for (const [name, other] of columns.slice(1)) {
    if (!ours || !other || name.startsWith('ours')) continue;
    lines.push(
      `    ours/${name}: latency p50 ${times(ours.latencyMs.p50, other.latencyMs.p50)}, p95 ${times(ours.latencyMs.p95, other.latencyMs.p95)}, p99 ${times(ours.latencyMs.p99, other.latencyMs.p99)}; ` +
        `CPU per update ${times(ours.cpuPerUpdateMs, other.cpuPerUpdateMs)}; RSS ${times(ours.serverRssMiB, other.serverRssMiB)}`,
    );
  }
}
if (o1 || r1 || h1) {
  p1Table(`P1  ${p1Options.writers} writers × ${p1Options.updatesPerSecond}/s + ${p1Options.readers} readers (${p1Options.sampledReaders} sampled), one section, ${p1Options.measureMs / 1000} s window, ${p1Options.workers} client processes`, [
    ['ours', o1],
    ['reference', r1],
    ['hocuspocus', h1],
    ['ours, suggesting', s1],
  ]);
  if (s1 && r1) lines.push(`    CPU per update ours with partners suggesting/reference = ${times(s1.cpuPerUpdateMs, r1.cpuPerUpdateMs)} (reported; P1's budget is for staff editing)`);
}
const sec = results.p1.sections;
if (sec.ours || sec.reference || sec.hocuspocus) {
  p1Table(`P1 many sections: the same ${p1Options.writers} writers and ${p1Options.readers} readers over ${SECTIONS} sections (${p1Options.writers / SECTIONS} writers each)`, [
    ['ours', sec.ours],
    ['reference', sec.reference],
    ['hocuspocus', sec.hocuspocus],
  ]);
}
const grid = results.p1.fanout;
if (grid.ours || grid.reference || grid.hocuspocus) {
  lines.push('');
  lines.push(`P1 fan-out grid, one section, ${p1Options.updatesPerSecond} updates/s per writer (cells other than ${p1Options.writers} × ${p1Options.readers}: ${Number(process.env.BENCH_FANOUT_MS ?? 8_000) / 1000} s window, one writer 20 s)`);
  lines.push(`    ${pad('writers × readers', 20)}${pad('CPU/update ms: ours', 21)}${pad('reference', 11)}${pad('hocuspocus', 12)}${pad('ours/ref', 10)}${pad('p99 ms: ours', 14)}${pad('reference', 11)}${pad('hocuspocus', 12)}deliveries (ours)`);
  const cells = (grid.ours ?? grid.reference ?? grid.hocuspocus)!;
  const cellOf = (list: FanoutCell[] | undefined, i: number) => list?.[i]?.result;
  // One writer without readers has nobody to deliver to: no latency, no delivery ratio.
  const p99 = (r: P1Result | undefined) => (!r ? '-' : r.samples ? r.latencyMs.p99 : '-');
  const delivered = (r: P1Result | undefined) => (!r || !r.expectedSamples ? '-' : `${Math.round((r.samples / r.expectedSamples) * 1000) / 10}%`);
  cells.forEach(({ writers, readers }, i) => {
    const [o, r, h] = [cellOf(grid.ours, i), cellOf(grid.reference, i), cellOf(grid.hocuspocus, i)];
    lines.push(
      `    ${pad(`${writers} × ${readers}`, 20)}${pad(o?.cpuPerUpdateMs ?? '-', 21)}${pad(r?.cpuPerUpdateMs ?? '-', 11)}${pad(h?.cpuPerUpdateMs ?? '-', 12)}${pad(times(o?.cpuPerUpdateMs, r?.cpuPerUpdateMs), 10)}` +
        `${pad(p99(o), 14)}${pad(p99(r), 11)}${pad(p99(h), 12)}${delivered(o)}`,
    );
  });
}
if (p2) {
  lines.push('');
  lines.push(`P2  a partner types a suggestion, ${p2.updates} acknowledged updates per section; server CPU per update (ms)`);
  const cases = [p2.small, p2.medium, p2.large];
  const row = (label: string, f: (c: (typeof cases)[number]) => unknown) => lines.push(`    ${pad(label, 30)}${cases.map((c) => pad(f(c), 12)).join('')}`);
  lines.push(`    ${pad('', 30)}${pad('10 KB', 12)}${pad('100 KB', 12)}${pad('1 MB', 12)}`);
  row('section bytes', (c) => c.bytes);
  row('partner (S1 check)', (c) => c.suggestCpuPerUpdateMs);
  row('staff (no check, baseline)', (c) => c.editCpuPerUpdateMs);
}
if (p3) {
  lines.push('');
  lines.push(`P3  cold open, ours (ms; load+sync = upgrade done → sync step 2 received, before the client applies it)`);
  lines.push(`    ${pad('', 30)}${p3.sizes.map((s) => pad(`${Math.round(s.size / 1000)}k words`, 22)).join('')}`);
  const row = (label: string, f: (s: P3Size) => unknown) => lines.push(`    ${pad(label, 30)}${p3.sizes.map((s) => pad(f(s), 22)).join('')}`);
  row('items / snapshot KiB', (s) => `${s.items} / ${Math.round(s.storedBytes / 1024)}`);
  lines.push(`    upgrade · load+sync · connect→'sync'`);
  const t = (x: OpenTiming) => `${x.upgradeMs} · ${x.serverLoadAndSyncMs} · ${x.connectToSyncedMs}`;
  row('(a) first after server start', (s) => t(s.firstAfterStart));
  row('(b) after unload, median of 5', (s) => t(s.afterUnload));
  row('(c) warm (room loaded)', (s) => t(s.warm));
  for (const opens of [p3.browser, p3.slowBrowser]) {
    if (!opens || !('median' in opens)) continue;
    const runs = opens.runs;
    const speed = opens.cpuSlowdown > 1 ? `, CPU ×${opens.cpuSlowdown} slower (reported, not judged)` : '';
    lines.push(`    Chromium, 50k words, signed in as staff, fresh context after unload${speed} (ms from navigation start, per run):`);
    lines.push(`      app shell ${runs.map((r) => r.domContentLoadedMs).join(' / ')} · socket open ${runs.map((r) => r.socketOpenMs).join(' / ')} · document received ${runs.map((r) => r.documentReceivedMs).join(' / ')} · editable ${runs.map((r) => r.editableMs).join(' / ')}`);
  }
}
const dur = results.durability;
if (dur) {
  lines.push('');
  lines.push(`Durability cost (D1 in force): ${dur.runs[0].writers} stock writers in one section, each ≤ 90 updates/s with ≤ 16 unacknowledged, ${dur.windowMs / 1000} s window`);
  lines.push(`    ${pad('', 30)}${dur.runs.map((r) => pad(`${r.groupCommit ? 'group' : 'single'}, ${r.synchronous}`, 16)).join('')}`);
  const row = (label: string, f: (r: DurabilityRun) => unknown) => lines.push(`    ${pad(label, 30)}${dur.runs.map((r) => pad(f(r), 16)).join('')}`);
  row('updates/s committed', (r) => r.committedPerSecond);
  row('updates/s offered', (r) => r.offeredPerSecond);
  row('transactions/s', (r) => r.transactionsPerSecond);
  row('updates per transaction', (r) => r.updatesPerTransaction);
  row('server CPU per update (ms)', (r) => r.serverCpuPerUpdateMs);
  row('server CPU (% of a core)', (r) => r.serverCpuPercent);
}
if (o5 || results.p5.reference) {
  lines.push('');
  lines.push(`P5  ${P5_CONNECTIONS} idle stock clients on one section after a warm-up round, forced GC at each step (per connection = anonymous-RSS slope from ${Math.round(P5_CONNECTIONS / 4)} to ${P5_CONNECTIONS})`);
  lines.push(`    ${pad('', 30)}${pad('ours', 24)}${pad('reference', 24)}`);
  const r5 = results.p5.reference;
  const row = (label: string, f: (r: P5Result) => unknown) => lines.push(`    ${pad(label, 30)}${pad(o5 ? f(o5) : '-', 24)}${pad(r5 ? f(r5) : '-', 24)}`);
  row('anon RSS base → ¼ → all (MiB)', (r) => `${r.rssMiB.baseline} → ${r.rssMiB.quarter} → ${r.rssMiB.loaded}`);
  row('per idle connection (KiB)', (r) => r.perConnectionKiB);
  // Negative when the process gave start-up memory back between the baseline and the quarter.
  row('average incl. fixed (KiB)', (r) => `${r.averagePerConnectionKiB}${r.averagePerConnectionKiB < 0 ? ' (memory returned)' : ''}`);
  row('heap+external (KiB)', (r) => r.heapPerConnectionKiB);
  row('anon RSS after all left (MiB)', (r) => r.afterLeaveRssMiB);
}
const rooms = results.p5.rooms;
if (rooms?.length) {
  lines.push('');
  lines.push('P5  memory per loaded room, ours (one idle client; heap + external after a forced GC, and anonymous RSS)');
  lines.push(`    ${pad('words', 30)}${rooms.map((r) => pad(r.words, 16)).join('')}`);
  lines.push(`    ${pad('heap + external (KiB)', 30)}${rooms.map((r) => pad(r.heapKiB, 16)).join('')}`);
  lines.push(`    ${pad('anonymous RSS (KiB)', 30)}${rooms.map((r) => pad(r.rssKiB, 16)).join('')}`);
}
lines.push('');
for (const b of budgets) lines.push(`${pad(b.id, 12)} ${pad(b.verdict, 20)} ${b.detail}`);
for (const w of warnings) lines.push(`WARNING ${w}`);
console.log(lines.join('\n'));

(results as Record<string, unknown>).warnings = warnings;
if (failure) (results as Record<string, unknown>).error = failure;
const out = path.join(import.meta.dirname, 'results');
fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(path.join(out, 'latest.json'), JSON.stringify(results, null, 2) + '\n');
console.log(`\nwrote ${path.relative(process.cwd(), path.join(out, 'latest.json'))}`);
if (failure) console.log(`\nINCOMPLETE: the run stopped early (${failure.split('\n')[0]}); the figures above are what was measured before.`);
process.exit(failure ? 1 : 0);

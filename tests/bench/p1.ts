/**
 * P1: 50 typing writers (5 updates/s each) and 200 readers in one section. Clients run in
 * forked worker processes; the server's CPU is read from /proc over the measured window.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import * as Y from 'yjs';
import * as hdr from 'hdr-histogram-js';
import { appendProse } from './lib/content.js';
import { newCounter, type FrameCounter, type Protocol } from './lib/sockets.js';
import { connectProvider } from './lib/provider.js';
import { cpuMs, loadAverage, machineBusyMs, rssKiB, sleep, writeSyscalls } from './lib/proc.js';
import type { Target } from './lib/target.js';
import type { WorkerConfig } from './p1-worker.js';

export interface P1Options {
  writers: number;
  readers: number;
  /** Readers that keep a stock provider and a Y.Doc (latency is measured on them and on every writer). */
  sampledReaders: number;
  updatesPerSecond: number;
  warmupMs: number;
  measureMs: number;
  workers: number;
  /** Sections the writers and readers are spread over (1 for P1 itself; 10 for the many-sections variant). */
  sections: number;
  /**
   * Writers read every frame the server sends them but do not apply other people's edits
   * to their Y.Doc (latency is then measured on the sampled readers only). The server's
   * work is identical; the load generator's is not: 50 full Y.Docs applying 250 updates a
   * second need most of a core, which on a 2-core machine starves the server under test.
   * BENCH_FULL_WRITERS=1 measures with full writers.
   */
  lightWriters: boolean;
  /**
   * The paragraph everyone types into (default: the first of the 20 base paragraphs). A run
   * that names one of its own starts from a paragraph of 100 words, whatever earlier runs on
   * the same section typed (the fan-out grid: each cell measures its fan-out, not a
   * paragraph grown by the cells before it).
   */
  paragraphId?: string;
}

export const P1_DEFAULTS: P1Options = {
  writers: 50,
  readers: 200,
  sampledReaders: 20,
  updatesPerSecond: 5,
  warmupMs: 5_000,
  measureMs: 20_000,
  workers: Number(process.env.BENCH_WORKERS ?? 2),
  sections: 1,
  lightWriters: process.env.BENCH_FULL_WRITERS !== '1',
};

export interface P1Result {
  server: string;
  docName: string;
  sections: number;
  connectMs: number;
  windowMs: number;
  updates: number;
  updatesPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number; mean: number };
  samples: number;
  expectedSamples: number;
  lateSamples: number;
  framesReceived: FrameCounter;
  serverCpuMs: number;
  serverCpuPercent: number;
  cpuPerUpdateMs: number;
  cpuPerFrameUs: number;
  /** Socket writes (write/writev system calls) the server made per update sent: fan-out batching shows here. */
  writeSyscallsPerUpdate: number;
  serverRssMiB: number;
  workerCpuPercent: number[];
  benchMainCpuPercent: number;
  paragraphLength: number | null;
  /** CPU used by everything else on the machine during the window (% of one core), and the load average. */
  otherCpuPercent: number;
  loadAverage: number;
}

const PARAGRAPH_ID = 'bench-p1-0';

interface WorkerReport {
  type: 'report';
  histogram: string;
  samples: number;
  late: number;
  sent: number;
  sampledReceivers: number;
  frames: FrameCounter;
  cpuMs: number;
  paragraphLength: number | null;
}

class WorkerHandle {
  readonly child: ChildProcess;
  private waiters: { type: string; resolve: (message: never) => void; reject: (error: Error) => void }[] = [];
  constructor() {
    this.child = fork(path.join(import.meta.dirname, 'p1-worker.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (message: { type: string; message?: string }) => {
      if (message.type === 'error') {
        for (const waiter of this.waiters.splice(0)) waiter.reject(new Error(`worker: ${message.message}`));
        return;
      }
      const index = this.waiters.findIndex((waiter) => waiter.type === message.type);
      if (index >= 0) this.waiters.splice(index, 1)[0].resolve(message as never);
    });
    this.child.on('exit', (code) => {
      for (const waiter of this.waiters.splice(0)) waiter.reject(new Error(`worker exited ${code}`));
    });
  }
  send(message: unknown): void {
    this.child.send(message as never);
  }
  wait<T>(type: string, timeoutMs = 120_000): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`worker: no ${type} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        type,
        resolve: (message) => {
          clearTimeout(timer);
          resolve(message as T);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
    });
  }
  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.send({ type: 'close' });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
}

export function protocolOf(target: Target): Protocol {
  return target.server.kind === 'hocuspocus' ? 'hocuspocus' : 'y-websocket';
}

/** Makes sure the section holds the benchmark's paragraphs (same base content on every server). */
async function seedParagraphs(target: Target, docName: string, paragraphId: string): Promise<{ destroy(): void }> {
  const doc = new Y.Doc();
  const counter = newCounter();
  const provider = connectProvider(protocolOf(target), target.server.wsBase, docName, doc, target.writerCookie, () => counter);
  await provider.synced(30_000);
  const fragment = doc.getXmlFragment('default');
  const has = (id: string) => fragment.toArray().some((child) => child instanceof Y.XmlElement && child.getAttribute('id') === id);
  if (!has(PARAGRAPH_ID)) appendProse(doc, { words: 2_000, paragraphs: 20, idPrefix: 'bench-p1-', seed: 4242 });
  if (!has(paragraphId)) appendProse(doc, { words: 100, paragraphs: 1, idPrefix: '', seed: 4343, ids: [paragraphId] });
  // Let the server take it in before anyone else syncs.
  await sleep(500);
  return { destroy: () => (provider.destroy(), doc.destroy()) };
}

export async function runP1(target: Target, options: P1Options = P1_DEFAULTS, log: (line: string) => void = console.log, suggestAuthor: string | null = null): Promise<P1Result> {
  const docNames = target.docs.slice(0, options.sections);
  if (docNames.length < options.sections) throw new Error(`only ${docNames.length} sections to type in`);
  const docName = docNames.join(',');
  const seeders: { destroy(): void }[] = [];
  const paragraphId = options.paragraphId ?? PARAGRAPH_ID;
  for (const name of docNames) seeders.push(await seedParagraphs(target, name, paragraphId));
  const seeder = { destroy: () => seeders.forEach((s) => s.destroy()) };
  const workers = Array.from({ length: options.workers }, () => new WorkerHandle());
  const fullReaders = Math.min(options.sampledReaders, options.readers);
  // Reader indices: the sampled readers first, so they are spread over the sections too.
  const readerIndices = Array.from({ length: options.readers }, (_, r) => r);
  const mine = (indices: number[], i: number) => indices.filter((_, k) => k % options.workers === i);
  const began = Date.now();
  try {
    workers.forEach((worker, i) => {
      const config: WorkerConfig = {
        protocol: protocolOf(target),
        wsBase: target.server.wsBase,
        docNames,
        writerCookie: target.writerCookie,
        readerCookie: target.readerCookie,
        writers: Array.from({ length: options.writers }, (_, w) => w).filter((w) => w % options.workers === i),
        totalWriters: options.writers,
        fullReaders: mine(readerIndices.slice(0, fullReaders), i),
        rawReaders: mine(readerIndices.slice(fullReaders), i),
        updatesPerSecond: options.updatesPerSecond,
        paragraphId,
        suggestAuthor,
        lightWriters: options.lightWriters,
      };
      worker.send({ type: 'start', config });
    });
    await Promise.all(workers.map((worker) => worker.wait('ready')));
    const connectMs = Date.now() - began;
    seeder.destroy();
    log(`  ${target.server.kind}: ${options.writers + options.readers} clients connected and synced in ${connectMs} ms; warm-up ${options.warmupMs / 1000} s`);
    for (const worker of workers) worker.send({ type: 'type' });
    await sleep(options.warmupMs);

    const pid = target.server.pid;
    const t0 = Number(process.hrtime.bigint() / 1000n);
    const cpu0 = cpuMs(pid);
    const writes0 = writeSyscalls(pid);
    const machine0 = machineBusyMs();
    const main0 = process.cpuUsage();
    const wall0 = performance.now();
    for (const worker of workers) worker.send({ type: 'measure', t0 });
    await sleep(options.measureMs / 2);
    const rss = rssKiB(pid);
    await sleep(options.measureMs / 2);
    const t1 = Number(process.hrtime.bigint() / 1000n);
    const cpu1 = cpuMs(pid);
    const writes1 = writeSyscalls(pid);
    const machine1 = machineBusyMs();
    const load = loadAverage();
    const wall1 = performance.now();
    const mainCpu = process.cpuUsage(main0);
    for (const worker of workers) worker.send({ type: 'stop', t1 });
    await sleep(2_000);
    for (const worker of workers) worker.send({ type: 'report' });
    const reports = await Promise.all(workers.map((worker) => worker.wait<WorkerReport>('report')));

    const merged = hdr.build({ bitBucketSize: 32, lowestDiscernibleValue: 1, highestTrackableValue: 120_000_000, numberOfSignificantValueDigits: 3, useWebAssembly: false });
    for (const report of reports) merged.add(hdr.decodeFromCompressedBase64(report.histogram, 32, false));
    const windowMs = wall1 - wall0;
    const updates = reports.reduce((sum, r) => sum + r.sent, 0);
    const sampledReceivers = reports.reduce((sum, r) => sum + r.sampledReceivers, 0);
    const frames = newCounter();
    for (const r of reports) {
      frames.sync += r.frames.sync;
      frames.awareness += r.frames.awareness;
      frames.other += r.frames.other;
      frames.bytes += r.frames.bytes;
      frames.closes += r.frames.closes;
    }
    const serverCpuMs = cpu1 - cpu0;
    const totalFrames = frames.sync + frames.awareness + frames.other;
    const workerCpuMs = reports.reduce((sum, r) => sum + r.cpuMs, 0);
    const mainCpuMs = (mainCpu.user + mainCpu.system) / 1000;
    const otherCpuMs = Math.max(0, machine1 - machine0 - serverCpuMs - workerCpuMs - mainCpuMs);
    const ms = (us: number) => Math.round(us / 10) / 100;
    return {
      server: target.server.kind,
      docName,
      sections: options.sections,
      connectMs,
      windowMs: Math.round(windowMs),
      updates,
      updatesPerSecond: Math.round((updates / windowMs) * 1000),
      latencyMs: {
        p50: ms(merged.getValueAtPercentile(50)),
        p95: ms(merged.getValueAtPercentile(95)),
        p99: ms(merged.getValueAtPercentile(99)),
        max: ms(merged.maxValue),
        mean: ms(merged.mean),
      },
      samples: reports.reduce((sum, r) => sum + r.samples, 0),
      // Full writers also receive each other's edits (all but the sender's own); readers all of
      // them. With several sections an edit reaches only its section's share of the receivers.
      expectedSamples: Math.round(options.lightWriters ? (updates * sampledReceivers) / options.sections : updates * (sampledReceivers / options.sections - 1)),
      lateSamples: reports.reduce((sum, r) => sum + r.late, 0),
      framesReceived: frames,
      serverCpuMs,
      serverCpuPercent: Math.round((serverCpuMs / windowMs) * 1000) / 10,
      cpuPerUpdateMs: Math.round((serverCpuMs / updates) * 1000) / 1000,
      cpuPerFrameUs: Math.round((serverCpuMs / totalFrames) * 1000 * 10) / 10,
      writeSyscallsPerUpdate: Math.round(((writes1 - writes0) / updates) * 10) / 10,
      serverRssMiB: Math.round(rss / 102.4) / 10,
      workerCpuPercent: reports.map((r) => Math.round((r.cpuMs / windowMs) * 1000) / 10),
      benchMainCpuPercent: Math.round(((mainCpu.user + mainCpu.system) / 1000 / windowMs) * 1000) / 10,
      paragraphLength: reports.find((r) => r.paragraphLength !== null)?.paragraphLength ?? null,
      otherCpuPercent: Math.round((otherCpuMs / windowMs) * 1000) / 10,
      loadAverage: Math.round(load * 100) / 100,
    };
  } finally {
    seeder.destroy();
    await Promise.all(workers.map((worker) => worker.close()));
  }
}

/**
 * P4: a published release page served from the cache must reach ≥ 70% of `express.static`'s
 * throughput on the same bytes. Our server (the real `server/main.ts`, every middleware on
 * the way: helmet, the same-origin rule, session lookup, the /p router) serves
 * `/p/toolbox/1/` from its in-memory cache; a bare Express app serves the very same bytes
 * with `express.static` at the same path. Both are child processes started the same way; the
 * load is the same keep-alive HTTP loop (same concurrency) from this process, in alternating
 * rounds, both at once (the same background load) and then one after the other. Prints requests/s of each, the ratio (and the ratio per server CPU second, which
 * holds even when the load generator is the bottleneck) and PASS when the ratio ≥ 0.70.
 *
 * `node --import tsx tests/bench/p4.ts` runs it alone; `runP4()` is for tests/bench/run.ts.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { cpuMs, freePort, makeDataDir, median, ROOT, sleep, startOurs } from './lib/proc.js';

export interface P4Options {
  /** Concurrent keep-alive connections. */
  concurrency: number;
  /** Length of one measured round (ms). */
  roundMs: number;
  /** Rounds per server (alternating). */
  rounds: number;
  /** The page, as CONTRACT.md names it. */
  pagePath: string;
}
export const P4_DEFAULTS: P4Options = { concurrency: 16, roundMs: 3_000, rounds: 3, pagePath: '/p/toolbox/1/' };

export interface P4Side {
  requestsPerSecond: number;
  /** Requests per second of server CPU. */
  requestsPerCpuSecond: number;
}
export interface P4Result {
  options: P4Options;
  bytes: number;
  ours: P4Side;
  static: P4Side;
  ratio: number;
  cpuRatio: number;
  pass: boolean;
}


/** Keeps `concurrency` keep-alive requests in flight for `ms`; answers completed 200s. */
async function load(url: string, concurrency: number, ms: number): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const deadline = Date.now() + ms;
  let ok = 0;
  const one = () =>
    new Promise<void>((resolve, reject) => {
      const req = http.get(url, { agent }, (res) => {
        res.on('data', () => undefined);
        res.on('end', () => {
          if (res.statusCode === 200) ok += 1;
          resolve();
        });
      });
      req.on('error', reject);
    });
  const loop = async () => {
    while (Date.now() < deadline) await one();
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  agent.destroy();
  return ok;
}

async function startStatic(dir: string): Promise<{ url: string; pid: number; child: ChildProcess; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'tests/bench/lib/p4-static.ts'), dir, String(port)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
    child.once('exit', () => reject(new Error('static server exited')));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    child,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Runs P4 and prints its lines. */
export async function runP4(options: P4Options = P4_DEFAULTS, log: (line: string) => void = console.log): Promise<P4Result> {
  const dataDir = makeDataDir();
  const staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-p4-static-'));
  const ours = await startOurs(dataDir);
  let yardstick: Awaited<ReturnType<typeof startStatic>> | null = null;
  try {
    // The same bytes our server answers, laid out for express.static at the same path.
    const page = await fetch(ours.url + options.pagePath);
    if (page.status !== 200) throw new Error(`P4: ${options.pagePath} answered ${page.status}`);
    const bytes = Buffer.from(await page.arrayBuffer());
    const target = path.join(staticDir, options.pagePath);
    fs.mkdirSync(target, { recursive: true });
    fs.writeFileSync(path.join(target, 'index.html'), bytes);
    yardstick = await startStatic(staticDir);
    const check = Buffer.from(await (await fetch(yardstick.url + options.pagePath)).arrayBuffer());
    if (!check.equals(bytes)) throw new Error('P4: express.static does not answer the same bytes');

    const sides = { ours: { url: ours.url + options.pagePath, pid: ours.pid }, static: { url: yardstick.url + options.pagePath, pid: yardstick.pid } };
    const samples = { ours: [] as P4Side[], static: [] as P4Side[] };
    for (const side of ['ours', 'static'] as const) await load(sides[side].url, options.concurrency, 1_000); // warm-up
    // Both servers are loaded at the same time, each by its own `concurrency` connections, so
    // both live through the same background load (this machine is shared); the sequential
    // rounds after them are printed too.
    for (let round = 0; round < options.rounds; round++) {
      const cpuBefore = { ours: cpuMs(sides.ours.pid), static: cpuMs(sides.static.pid) };
      const started = performance.now();
      const [oursDone, staticDone] = await Promise.all([load(sides.ours.url, options.concurrency, options.roundMs), load(sides.static.url, options.concurrency, options.roundMs)]);
      const seconds = (performance.now() - started) / 1000;
      for (const [side, done] of [['ours', oursDone], ['static', staticDone]] as const) {
        const cpuSeconds = Math.max(cpuMs(sides[side].pid) - cpuBefore[side], 1) / 1000;
        samples[side].push({ requestsPerSecond: done / seconds, requestsPerCpuSecond: done / cpuSeconds });
      }
      await sleep(200);
    }
    const sequential = { ours: [] as number[], static: [] as number[] };
    for (let round = 0; round < options.rounds; round++) {
      for (const side of round % 2 ? (['static', 'ours'] as const) : (['ours', 'static'] as const)) {
        const started = performance.now();
        const done = await load(sides[side].url, options.concurrency, options.roundMs);
        sequential[side].push(done / ((performance.now() - started) / 1000));
      }
    }
    const summarise = (list: P4Side[]): P4Side => ({
      requestsPerSecond: Math.round(median(list.map((s) => s.requestsPerSecond))),
      requestsPerCpuSecond: Math.round(median(list.map((s) => s.requestsPerCpuSecond))),
    });
    const oursSide = summarise(samples.ours);
    const staticSide = summarise(samples.static);
    const ratio = oursSide.requestsPerSecond / staticSide.requestsPerSecond;
    const cpuRatio = oursSide.requestsPerCpuSecond / staticSide.requestsPerCpuSecond;
    const result: P4Result = { options, bytes: bytes.length, ours: oursSide, static: staticSide, ratio, cpuRatio, pass: ratio >= 0.7 };
    log(`P4 published page ${options.pagePath} (${bytes.length} B), ${options.concurrency} keep-alive connections, ${options.rounds} × ${options.roundMs} ms rounds`);
    log(`  ours (cache)     ${oursSide.requestsPerSecond} req/s, ${oursSide.requestsPerCpuSecond} req per server CPU s`);
    log(`  express.static   ${staticSide.requestsPerSecond} req/s, ${staticSide.requestsPerCpuSecond} req per server CPU s`);
    log(`  sequential rounds (noisier): ours ${Math.round(median(sequential.ours))} req/s, static ${Math.round(median(sequential.static))} req/s, ratio ${(median(sequential.ours) / median(sequential.static)).toFixed(2)}`);
    log(`  ours/static ${ratio.toFixed(2)} (per CPU ${cpuRatio.toFixed(2)}) — budget ≥ 0.70: ${result.pass ? 'PASS' : 'FAIL'}`);
    return result;
  } finally {
    await yardstick?.stop();
    await ours.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(staticDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  runP4().then(
    (result) => process.exit(result.pass ? 0 : 1),
    (error: unknown) => {
      console.error(error);
      process.exit(2);
    },
  );
}

/**
 * Server child processes for the benchmarks and what /proc says about them: CPU time
 * (utime + stime) and resident memory. Both servers run as separate processes so the
 * clients never share their CPU accounting.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../../..');
const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU time of a process (user + system) in milliseconds. */
export function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state): utime is field 14, stime field 15.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
}

/** Write system calls a process has made (write, writev, …: `syscw` of /proc/<pid>/io). */
export function writeSyscalls(pid: number): number {
  const match = /syscw:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/io`, 'utf8'));
  return match ? Number(match[1]) : NaN;
}

/** Resident set size of a process in KiB. */
export function rssKiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  return match ? Number(match[1]) : NaN;
}

/**
 * Anonymous resident memory (KiB): heap, buffers, what connections and rooms allocate.
 * P5 uses it rather than VmRSS: this machine's kernel pages out cold file-backed pages
 * (DAMON `pageout`), so VmRSS of a large process fell while 1000 clients joined.
 */
export function anonRssKiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /RssAnon:\s+(\d+) kB/.exec(status);
  return match ? Number(match[1]) : NaN;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** A port the system just handed out as free (the server binds it a moment later). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface ServerChild {
  kind: 'ours' | 'reference' | 'hocuspocus';
  url: string;
  /**
   * Websocket base the provider is given: ours and the reference get `/collab` (the reference
   * takes the whole path as its room); Hocuspocus names the document inside each message.
   */
  wsBase: string;
  port: number;
  pid: number;
  process: ChildProcess;
  dataDir: string | null;
  output(): string;
  /** Where the gc-probe preload writes memoryUsage() after a forced GC (see memoryAfterGc). */
  memFile: string;
  stop(): Promise<void>;
}

export interface MemoryAfterGc {
  /** Anonymous RSS (bytes), read from /proc right after the probe answered. */
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

/** Asks a server child (SIGUSR2, gc-probe.cjs) for a full GC and its memoryUsage() afterwards (bytes). */
export async function memoryAfterGc(server: ServerChild): Promise<MemoryAfterGc> {
  fs.rmSync(server.memFile, { force: true });
  process.kill(server.pid, 'SIGUSR2');
  const started = Date.now();
  let resent = false;
  for (;;) {
    await sleep(50);
    if (!resent && Date.now() - started > 3_000) {
      resent = true;
      process.kill(server.pid, 'SIGUSR2');
    }
    try {
      const data = JSON.parse(fs.readFileSync(server.memFile, 'utf8')) as MemoryAfterGc;
      // RSS from /proc right after, as the rest of the bench reads it.
      return { ...data, rss: anonRssKiB(server.pid) * 1024 };
    } catch {
      if (Date.now() - started > 45_000) throw new Error(`${server.kind}: no memory probe answer in ${server.memFile}\n${server.output().slice(-1000)}`);
    }
  }
}

async function waitHealthy(child: ChildProcess, url: string, output: () => string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output()}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not become healthy:\n${output()}`);
    }
    await sleep(100);
  }
}

function launch(kind: ServerChild['kind'], args: string[], env: NodeJS.ProcessEnv, port: number, dataDir: string | null, healthPath: string): Promise<ServerChild> {
  const memFile = path.join(os.tmpdir(), `atelier-bench-mem-${kind}-${port}.json`);
  const probe = ['--expose-gc', '--require', path.join(import.meta.dirname, 'gc-probe.cjs')];
  const child = spawn(process.execPath, [...probe, ...args], { cwd: ROOT, env: { ...process.env, ...env, BENCH_MEM_FILE: memFile }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const keep = (chunk: Buffer) => {
    out += chunk.toString();
    if (out.length > 20_000) out = out.slice(-10_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const server: ServerChild = {
    kind,
    url,
    wsBase: `ws://127.0.0.1:${port}/collab`,
    port,
    pid: child.pid!,
    process: child,
    dataDir,
    output: () => out,
    memFile,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 6_000);
      await exited;
      clearTimeout(timer);
    },
  };
  return waitHealthy(child, url + healthPath, server.output).then(() => server);
}

/** Extra node flags for server children: BENCH_PROFILE_DIR=dir writes a V8 CPU profile per server run. */
function profileArgs(name: string): string[] {
  const dir = process.env.BENCH_PROFILE_DIR;
  if (!dir) return [];
  // One directory per server kind; node names each file CPU.<date>.<time>.<pid>.<thread>.<seq> (the tsx loader thread gets its own).
  const target = path.resolve(dir, name);
  fs.mkdirSync(target, { recursive: true });
  return ['--cpu-prof', `--cpu-prof-dir=${target}`];
}

export function makeDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-bench-'));
}

/** Starts Atelier (`node --import tsx server/main.ts`) on a free port. */
export async function startOurs(dataDir: string, extraNodeArgs: string[] = [], extraEnv: NodeJS.ProcessEnv = {}): Promise<ServerChild> {
  const port = await freePort();
  const env = { NODE_ENV: 'test', PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, ATELIER_SERVE_CLIENT: '0', LOG_LEVEL: 'warn', ...extraEnv };
  return launch('ours', [...profileArgs('ours'), ...extraNodeArgs, '--import', 'tsx', 'server/main.ts'], env, port, dataDir, '/healthz');
}

/** Starts the reference server `@y/websocket-server@0.1.1` (in memory, no auth). */
export async function startReference(extraNodeArgs: string[] = []): Promise<ServerChild> {
  const port = await freePort();
  const bin = path.join(ROOT, 'node_modules/@y/websocket-server/src/server.js');
  const profile = profileArgs('reference');
  if (profile.length) profile.push('--require', path.join(import.meta.dirname, 'exit-on-sigterm.cjs'));
  return launch('reference', [...profile, ...extraNodeArgs, bin], { HOST: '127.0.0.1', PORT: String(port) }, port, null, '/');
}

/** Starts Hocuspocus 4 with its SQLite extension (lib/hocuspocus-server.mjs), its database in `dataDir`. */
export async function startHocuspocus(dataDir: string, extraNodeArgs: string[] = []): Promise<ServerChild> {
  const port = await freePort();
  const script = path.join(import.meta.dirname, 'hocuspocus-server.mjs');
  const env = { HOST: '127.0.0.1', PORT: String(port), HOCUSPOCUS_DB: path.join(dataDir, 'hocuspocus.sqlite') };
  const server = await launch('hocuspocus', [...profileArgs('hocuspocus'), ...extraNodeArgs, script], env, port, dataDir, '/');
  return { ...server, wsBase: `ws://127.0.0.1:${port}` };
}

/** Machine-wide busy CPU time (all cores, ms) from /proc/stat, and the 1-minute load average. */
export function machineBusyMs(): number {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0];
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  return ((user + nice + system + irq + softirq + steal) * 1000) / CLK_TCK;
}

export function loadAverage(): number {
  return os.loadavg()[0];
}

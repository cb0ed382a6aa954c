/**
 * Real servers for tests: in-process on port 0 (startTestServer) or as a child process
 * (spawnServer) for SIGKILL and SIGTERM drills. Each gets its own temporary DATA_DIR.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { loadConfig, type Config } from '../../server/config.js';
import { makeDataDir } from './dataDir.js';
import { startServer, type RunningServer, type ServerOverrides } from '../../server/main.js';

export { makeDataDir };

export const ROOT = path.resolve(import.meta.dirname, '../..');


export interface TestServer extends RunningServer {
  /** Stops the server and removes its data directory (unless `keepData`). */
  stop(options?: { keepData?: boolean }): Promise<void>;
}

/** Starts a real Atelier server in this process on a free port. */
export async function startTestServer(configOverrides: Partial<Config> = {}, overrides: ServerOverrides = {}): Promise<TestServer> {
  const dataDir = configOverrides.dataDir ?? makeDataDir();
  const config = loadConfig(
    { ...process.env, NODE_ENV: 'test' },
    { port: 0, host: '127.0.0.1', dataDir, serveClient: false, logLevel: 'silent', ...configOverrides },
  );
  const server = await startServer(config, overrides);
  return {
    ...server,
    async stop({ keepData = false } = {}) {
      await server.close();
      if (!keepData) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface SpawnedServer {
  url: string;
  port: number;
  process: ChildProcess;
  /** Resolves with the exit code once the process ended. */
  exited: Promise<number | null>;
  output(): string;
}

/** A port the system just handed out as free (the child binds it a moment later). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export interface SpawnOptions {
  /** Listen on this port (a restart where clients reconnect on their own); default: a free one. */
  port?: number;
  /** Run the server as this user and group (only a root test process can). */
  uid?: number;
  gid?: number;
}

/**
 * Starts `node --import tsx server/main.ts` as a child process and waits for /healthz.
 * A port taken between choosing and binding it is retried with another.
 */
export async function spawnServer(dataDir: string, env: NodeJS.ProcessEnv = {}, options: SpawnOptions = {}): Promise<SpawnedServer> {
  if (options.port) return spawnOnce(dataDir, env, options.port, options);
  for (let attempt = 1; ; attempt++) {
    try {
      return await spawnOnce(dataDir, env, await freePort(), options);
    } catch (error) {
      if (attempt >= 3 || !String(error).includes('EADDRINUSE')) throw error;
    }
  }
}

async function spawnOnce(dataDir: string, env: NodeJS.ProcessEnv, port: number, options: SpawnOptions): Promise<SpawnedServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    uid: options.uid,
    gid: options.gid,
    env: { ...process.env, NODE_ENV: 'test', PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, ATELIER_SERVE_CLIENT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not become healthy:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, port, process: child, exited, output: () => output };
}

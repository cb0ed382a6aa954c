/**
 * A real HTTP server on port 0 with a temporary DATA_DIR: createApp + services over a real
 * SQLite file. (Once the collaboration server is merged, this can become startServer().)
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { loadConfig, type Config } from '../../server/config.js';
import { createLogger } from '../../server/logger.js';
import { openDatabase, type Db } from '../../server/db/database.js';
import type { DocStore } from '../../server/db/docStore.js';
import { createServices, type Services } from '../../server/services/index.js';
import { createApp } from '../../server/app.js';
import type { ApiRoute } from '../../server/http/routeRegistry.js';
import { createMemoryDocStore } from './memoryDocStore.js';

/** A running test server. */
export interface TestHttpServer {
  url: string;
  origin: string;
  config: Config;
  db: Db;
  store: DocStore;
  services: Services;
  routes: ApiRoute[];
  dataDir: string;
  close(): Promise<void>;
}

async function createStore(db: Db): Promise<DocStore> {
  // The lead's SQLite store, when this branch has it; the in-memory one otherwise.
  const modulePath = '../../server/db/sqliteDocStore.js';
  try {
    const mod = (await import(/* @vite-ignore */ modulePath)) as { SqliteDocStore: new (db: Db) => DocStore };
    return new mod.SqliteDocStore(db);
  } catch {
    return createMemoryDocStore();
  }
}

/** Starts a server; `seedDemo` defaults to true. */
export async function startHttpServer(overrides: Partial<Config> & { clientDir?: string } = {}): Promise<TestHttpServer> {
  const dataDir = overrides.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-http-'));
  const { clientDir, ...configOverrides } = overrides;
  const config = loadConfig({ NODE_ENV: 'test' }, { port: 0, host: '127.0.0.1', seedDemo: true, serveClient: false, logLevel: 'silent', ...configOverrides, dataDir });
  const logger = createLogger(config.logLevel);
  const db = openDatabase(dataDir);
  const store = await createStore(db);
  const services = createServices({ db, config, logger, store });
  if (config.seedDemo) await services.seedDemo();
  const app = createApp({ config, logger, services, clientDir });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    origin: url,
    config,
    db,
    store,
    services,
    routes: app.locals.apiRoutes as ApiRoute[],
    dataDir,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      services.close();
      db.close();
      if (!overrides.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Options of one API call. */
export interface CallOptions {
  method?: string;
  cookie?: string | null;
  body?: unknown;
  rawBody?: Buffer | string;
  headers?: Record<string, string>;
}

/** One API answer. */
export interface CallResult<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** Calls the server (JSON in, JSON or text out). */
export async function callApi<T = any>(server: { url: string }, pathName: string, options: CallOptions = {}): Promise<CallResult<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.cookie) headers.cookie = options.cookie;
  let body: BodyInit | undefined;
  if (options.rawBody !== undefined) body = options.rawBody as BodyInit;
  else if (options.body !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = JSON.stringify(options.body);
  }
  const response = await fetch(server.url + pathName, { method: options.method ?? (body ? 'POST' : 'GET'), headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed as T, headers: response.headers };
}

/** Signs in and answers the session cookie (`atelier_session=…`). */
export async function signIn(server: { url: string }, email: string, password: string): Promise<string> {
  const result = await callApi(server, '/api/auth/login', { method: 'POST', body: { email, password } });
  if (result.status !== 200) throw new Error(`sign-in of ${email} failed: ${result.status} ${JSON.stringify(result.body)}`);
  const setCookie = result.headers.getSetCookie().find((value) => value.startsWith('atelier_session='));
  if (!setCookie) throw new Error('no session cookie');
  return setCookie.split(';')[0];
}

/** The demo accounts of CONTRACT.md. */
export const DEMO = {
  admin: { email: 'admin@demo.atelier', password: 'demo-admin', role: 'admin' },
  staff: { email: 'staff@demo.atelier', password: 'demo-staff', role: 'staff' },
  partner: { email: 'partner@demo.atelier', password: 'demo-partner', role: 'partner' },
  partner2: { email: 'partner2@demo.atelier', password: 'demo-partner2', role: 'partner' },
  reader: { email: 'reader@demo.atelier', password: 'demo-reader', role: 'reader' },
} as const;

/** The sign-in body of a demo account. */
export function credentials(account: { email: string; password: string }): { email: string; password: string } {
  return { email: account.email, password: account.password };
}

/**
 * The HTTP view of a real test server (tests/helpers/server.ts): the same startServer()
 * as production, with its route registry and a call helper.
 */
import type { Config } from '../../server/config.js';
import type { Db } from '../../server/db/database.js';
import type { DocStore } from '../../server/db/docStore.js';
import type { Services } from '../../server/services/index.js';
import type { ApiRoute } from '../../server/http/routeRegistry.js';
import { startTestServer, type TestServer } from './server.js';
import { credentials, DEMO } from './demoAccounts.js';

/** A running test server. */
export interface TestHttpServer {
  url: string;
  origin: string;
  config: Config;
  db: Db;
  store: DocStore;
  services: Services;
  rooms: TestServer['rooms'];
  collab: TestServer['collab'];
  routes: ApiRoute[];
  dataDir: string;
  close(): Promise<void>;
}

/** Starts a server; `seedDemo` defaults to true. */
export async function startHttpServer(overrides: Partial<Config> & { clientDir?: string } = {}): Promise<TestHttpServer> {
  const { clientDir, ...configOverrides } = overrides;
  const server = await startTestServer({ seedDemo: true, ...configOverrides }, { clientDir });
  return {
    url: server.url,
    origin: server.url,
    config: server.config,
    db: server.db,
    store: server.store,
    services: server.services,
    rooms: server.rooms,
    collab: server.collab,
    routes: server.app.locals.apiRoutes as ApiRoute[],
    dataDir: server.config.dataDir,
    close: () => server.stop({ keepData: overrides.dataDir !== undefined }),
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
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read answers as loosely typed JSON
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

export { DEMO, credentials };

/**
 * The only place that wires things, in one direction: database → document store →
 * document directory → rooms (the command path) → services → websocket endpoint → HTTP
 * app. `node --import tsx server/main.ts` starts it; tests call
 * `startServer()` in-process on port 0.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Express } from 'express';
import { loadConfig, type Config } from './config.js';
import { createLogger, type Logger } from './logger.js';
import { openDatabase, type Db } from './db/database.js';
import { SqliteDocStore } from './db/sqliteDocStore.js';
import type { DocStore } from './db/docStore.js';
import { createServices, type Services } from './services/index.js';
import { createApp } from './app.js';
import { CollabServer } from './collab/CollabServer.js';
import { RoomRegistry } from './collab/RoomRegistry.js';
import { createDocDirectory } from './db/docs.js';
import { createServiceEvents } from './services/events.js';
import { isSameOriginRequest } from './http/origin.js';

export interface RunningServer {
  config: Config;
  url: string;
  port: number;
  db: Db;
  store: DocStore;
  services: Services;
  /** The loaded documents and the command path into them. */
  rooms: RoomRegistry;
  /** The websocket endpoint. */
  collab: CollabServer;
  httpServer: http.Server;
  app: Express;
  logger: Logger;
  /** Graceful stop: closes connections (1001), flushes, closes the database. */
  close(): Promise<void>;
}

/** Seams for drills and benchmarks: e.g. a store that holds commits back, or another store. */
export interface ServerOverrides {
  wrapStore?: (store: DocStore) => DocStore;
  /** Where the built client is served from (default client/dist). */
  clientDir?: string;
}

/** Starts Atelier with this configuration and resolves once it accepts connections. */
export async function startServer(config: Config = loadConfig(), overrides: ServerOverrides = {}): Promise<RunningServer> {
  const logger = createLogger(config.logLevel);
  const db = openDatabase(config.dataDir, { synchronous: config.sqliteSynchronous });
  const sqliteStore = new SqliteDocStore(db);
  const store = overrides.wrapStore ? overrides.wrapStore(sqliteStore) : sqliteStore;
  const docs = createDocDirectory(db);
  const events = createServiceEvents();
  const rooms = new RoomRegistry({
    store,
    logger,
    groupCommit: config.groupCommit,
    // Threads of this document only (A2); commits become the `draft-committed` event (anchor scans, search, activity);
    // a document built from the store becomes `draft-built` (the activity record's word counts start from it).
    hooks: {
      threadOwner: (docName, threadId) => docs.threadOwner(docName, threadId),
      committed: (docName) => events.emit('draft-committed', { docName }),
      built: (docName, doc) => events.emit('draft-built', { docName, doc }),
    },
  });
  const services = createServices({ db, config, logger, store, docs, events, commands: rooms });
  if (config.seedDemo) await services.seedDemo();

  const collab = new CollabServer({ rooms, access: services.collabAccess, logger, isAllowedOrigin: (req) => isSameOriginRequest(req, config.publicUrl) });
  // A first start after the upgrade (or after the demo seed) indexes what exists, in the background.
  void services.search.rebuildIfEmpty().catch((error: unknown) => logger.warn({ err: error }, 'search index rebuild failed'));
  events.on('access-changed', ({ userId }) => void collab.refreshUser(userId));
  events.on('session-ended', ({ sessionId }) => collab.endSession(sessionId));
  events.on('session-rotated', ({ from, to }) => collab.renameSession(from, to));

  const app = createApp({ config, logger, services, collab, clientDir: overrides.clientDir });
  const httpServer = http.createServer(app);
  httpServer.on('upgrade', (req, socket, head) => collab.handleUpgrade(req, socket, head));

  await new Promise<void>((resolve) => httpServer.listen(config.port, config.host, resolve));
  const port = (httpServer.address() as AddressInfo).port;
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
  logger.info({ url, dataDir: config.dataDir }, 'atelier listening');

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      httpServer.close();
      await collab.close();
      httpServer.closeAllConnections();
      services.close();
      db.close();
    })());
  return { config, url, port, db, store, services, rooms, collab, httpServer, app, logger, close };
}

async function main(): Promise<void> {
  const server = await startServer();
  const shutdown = (signal: string) => {
    server.logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => process.exit(1), 4_500);
    timer.unref();
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        server.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  void main();
}

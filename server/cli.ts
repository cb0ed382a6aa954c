/**
 * Operator commands: `npm run cli -- <command> [options]`. DATA_DIR selects the database.
 *
 *   create-admin --email E --name N --password P --organisation O   a site administrator
 *   reset-password --email E --password P                           ends their sessions
 *   list-users
 *   backup --to FILE        online backup (safe while the server runs)
 *   restore --from FILE     replaces the database: stop the server first
 *   reindex                 rebuilds the search index from scratch
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { loadConfig, type Config } from './config.js';
import { createLogger } from './logger.js';
import { openDatabase, type Db } from './db/database.js';
import { createServices } from './services/index.js';
import type { DocStore } from './db/docStore.js';
import { SqliteDocStore } from './db/sqliteDocStore.js';
import { createDocDirectory } from './db/docs.js';
import { createServiceEvents } from './services/events.js';
import type { DocumentCommands } from './collab/RoomRegistry.js';

const USAGE = `Usage: npm run cli -- <command> [options]
  create-admin --email E --name N --password P --organisation O
  reset-password --email E --password P
  list-users
  backup --to FILE
  restore --from FILE [--force]   (stop the server first)
  reindex`;

/** The account commands never touch documents. */
const NO_STORE = new Proxy({} as DocStore, {
  get() {
    throw new Error('the CLI has no document store');
  },
});

function required(values: Record<string, string | boolean | undefined>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || !value) throw new UsageError(`--${name} is required`);
  return value;
}

class UsageError extends Error {}

/**
 * The services as the command-line tool needs them: no rooms (the running server owns the
 * documents), so a command on a document is refused rather than written beside it.
 */
function cliServices(db: Db, config: Config, store: DocStore) {
  const commands: DocumentCommands = { command: () => Promise.reject(new Error('the command-line tool does not edit documents')) };
  return createServices({ db, config, logger: createLogger('warn'), store, docs: createDocDirectory(db), events: createServiceEvents(), commands });
}

function withServices<T>(run: (services: ReturnType<typeof createServices>, db: Db) => Promise<T>): Promise<T> {
  // The running server sends the outbox; a second sender beside it would send mail twice.
  const config = loadConfig(process.env, { smtpUrl: null });
  const db = openDatabase(config.dataDir, { synchronous: config.sqliteSynchronous, busyTimeoutMs: 5_000 });
  const services = cliServices(db, config, NO_STORE);
  return run(services, db).finally(() => {
    services.close();
    db.close();
  });
}

/**
 * Whether the database looks open in another process. In WAL mode an idle connection holds
 * no file lock, but SQLite keeps the `-shm` file while any connection is open and removes
 * it when the last one closes cleanly; after a crash it stays (hence --force).
 */
function isDatabaseOpen(file: string): boolean {
  return fs.existsSync(`${file}-shm`);
}

/** Runs one command; answers the exit code. */
export async function runCli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      password: { type: 'string' },
      organisation: { type: 'string' },
      to: { type: 'string' },
      from: { type: 'string' },
      force: { type: 'boolean' },
    },
    strict: true,
  });
  switch (command) {
    case 'reindex': {
      // Drafts are read from the store; safe while the server runs (its indexer goes on after).
      const config = loadConfig(process.env, { smtpUrl: null });
      const db = openDatabase(config.dataDir, { synchronous: config.sqliteSynchronous, busyTimeoutMs: 5_000 });
      const services = cliServices(db, config, new SqliteDocStore(db));
      try {
        const started = Date.now();
        const entries = await services.search.rebuild();
        console.log(`search index rebuilt: ${entries} passages in ${Date.now() - started} ms`);
        return 0;
      } finally {
        services.close();
        db.close();
      }
    }
    case 'create-admin':
      return withServices(async (services) => {
        const result = await services.accounts.create({
          email: required(values, 'email'),
          name: required(values, 'name'),
          password: required(values, 'password'),
          organisation: required(values, 'organisation'),
          organisationKind: 'trust',
          isSiteAdmin: true,
        });
        if (!result.ok) throw new UsageError(result.failure.message);
        console.log(`created site administrator ${result.value.email} (${result.value.id})`);
        return 0;
      });
    case 'reset-password':
      return withServices(async (services) => {
        const result = await services.accounts.resetPassword(required(values, 'email'), required(values, 'password'));
        if (!result.ok) throw new UsageError(result.failure.message);
        console.log(`password changed for ${result.value.email}; their sessions ended`);
        return 0;
      });
    case 'list-users':
      return withServices(async (services) => {
        for (const user of services.accounts.list()) {
          console.log([user.email, user.name, user.organisationName, user.isSiteAdmin ? 'site-admin' : '', user.disabled ? 'disabled' : ''].join('\t'));
        }
        return 0;
      });
    case 'backup': {
      const target = path.resolve(required(values, 'to'));
      const config = loadConfig();
      const db = openDatabase(config.dataDir, { busyTimeoutMs: 5_000 });
      try {
        // VACUUM INTO writes the whole database as one read transaction sees it: a single
        // consistent snapshot however much the server writes meanwhile (the page-by-page
        // backup API restarts or mixes steps while another process writes), and a
        // self-contained file with no -wal or -shm beside it.
        if (fs.existsSync(target)) fs.rmSync(target);
        db.prepare('VACUUM INTO ?').run(target);
      } finally {
        db.close();
      }
      console.log(`backed up ${config.dataDir} to ${target}`);
      return 0;
    }
    case 'restore': {
      const source = path.resolve(required(values, 'from'));
      if (!fs.existsSync(source)) throw new UsageError(`no such file: ${source}`);
      const check = new Database(source, { readonly: true, fileMustExist: true });
      try {
        if (check.pragma('integrity_check', { simple: true }) !== 'ok') throw new UsageError('the backup fails its integrity check');
      } finally {
        check.close();
      }
      const config = loadConfig();
      const file = path.join(config.dataDir, 'atelier.db');
      if (isDatabaseOpen(file) && !values.force) {
        throw new UsageError('the database is open (is the server running?): stop it, then restore; after a crash, add --force');
      }
      fs.mkdirSync(config.dataDir, { recursive: true });
      const temporary = `${file}.restore-${process.pid}`;
      fs.copyFileSync(source, temporary);
      for (const suffix of ['-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
      fs.renameSync(temporary, file);
      // Opening runs any migrations the backup is missing.
      openDatabase(config.dataDir).close();
      console.log(`restored ${source} into ${config.dataDir}`);
      return 0;
    }
    default:
      console.log(USAGE);
      return command === undefined || command === 'help' ? 0 : 2;
  }
}

runCli(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof UsageError ? `error: ${error.message}\n\n${USAGE}` : error);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);

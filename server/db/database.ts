/** Opens the SQLite database (WAL) and brings its schema up to date. */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations.js';

export type Db = Database.Database;

export interface OpenDatabaseOptions {
  synchronous?: 'NORMAL' | 'FULL';
  /**
   * How long a statement waits for another process's write lock. Kept near zero: the
   * driver is synchronous, so a long wait would stall every room and /healthz; a busy
   * store is answered with close 4200 instead (STACK.md).
   */
  busyTimeoutMs?: number;
}

/** Opens (creating if needed) `<dataDir>/atelier.db` and runs pending migrations. */
export function openDatabase(dataDir: string, options: OpenDatabaseOptions = {}): Db {
  fs.mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, 'atelier.db'));
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`);
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5}`);
  migrate(db);
  return db;
}

/** Applies the migrations newer than the database's `user_version`. */
export function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let version = current; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version]);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}

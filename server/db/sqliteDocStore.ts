/**
 * The embedded document store on SQLite. better-sqlite3 is synchronous; the methods are
 * async only to honour the DocStore contract (a PostgreSQL store will really await).
 */
import type { Db } from './database.js';
import { StoreBusyError, summariseEdits, type AppendEntry, type DocStore, type DocTransaction, type EditLogEntry, type SeedDocument, type StoredDoc } from './docStore.js';

function isBusy(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || code === 'SQLITE_READONLY' || code === 'SQLITE_IOERR';
}

/** Runs a store operation, turning lock/IO contention into StoreBusyError. */
function guard<T>(run: () => T): Promise<T> {
  try {
    return Promise.resolve(run());
  } catch (error) {
    return Promise.reject(isBusy(error) ? new StoreBusyError(error) : error);
  }
}

/** DocStore on the application's SQLite database. */
export class SqliteDocStore implements DocStore {
  private readonly statements;
  private readonly appendTx;
  private readonly compactTx;
  private readonly seedTx;

  constructor(private readonly db: Db) {
    this.statements = {
      snapshot: db.prepare<[string], { data: Buffer; upto_seq: number; state_vector: Buffer | null }>('SELECT data, upto_seq, state_vector FROM doc_snapshots WHERE doc = ?'),
      updatesAfter: db.prepare<[string, number], { seq: number; data: Buffer }>('SELECT seq, data FROM doc_updates WHERE doc = ? AND seq > ? ORDER BY seq'),
      insertUpdate: db.prepare<[string, Buffer]>('INSERT INTO doc_updates (doc, data) VALUES (?, ?)'),
      insertEdit: db.prepare<[string, string | null, string | null, number, number, number]>(
        'INSERT INTO edit_log (doc, user_id, organisation_id, at, updates, bytes) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      upsertSnapshot: db.prepare<[string, Buffer, number, number, Buffer]>(
        `INSERT INTO doc_snapshots (doc, data, upto_seq, updated_at, state_vector) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(doc) DO UPDATE SET data = excluded.data, upto_seq = excluded.upto_seq, updated_at = excluded.updated_at,
           state_vector = excluded.state_vector`,
      ),
      deleteUpto: db.prepare<[string, number]>('DELETE FROM doc_updates WHERE doc = ? AND seq <= ?'),
      tailCount: db.prepare<[string, string], { n: number }>(
        'SELECT COUNT(*) AS n FROM doc_updates WHERE doc = ? AND seq > COALESCE((SELECT upto_seq FROM doc_snapshots WHERE doc = ?), 0)',
      ),
      hasAny: db.prepare<[string, string], { one: number }>(
        'SELECT 1 AS one FROM doc_updates WHERE doc = ? UNION ALL SELECT 1 FROM doc_snapshots WHERE doc = ? LIMIT 1',
      ),
      editLog: db.prepare<[string], { user_id: string | null; organisation_id: string | null; at: number; updates: number; bytes: number }>(
        'SELECT user_id, organisation_id, at, updates, bytes FROM edit_log WHERE doc = ? ORDER BY id',
      ),
    };
    this.appendTx = db.transaction((docName: string, entries: readonly AppendEntry[], at: number) => this.within(docName).append(entries, at));
    this.compactTx = db.transaction((docName: string, snapshot: Uint8Array, uptoSeq: number, stateVector: Uint8Array) => {
      this.statements.upsertSnapshot.run(docName, Buffer.from(snapshot), uptoSeq, Date.now(), Buffer.from(stateVector));
      this.statements.deleteUpto.run(docName, uptoSeq);
    });
    this.seedTx = db.transaction((docName: string, update: Uint8Array) => {
      if (this.statements.hasAny.get(docName, docName)) return false;
      this.statements.insertUpdate.run(docName, Buffer.from(update));
      return true;
    });
  }

  transaction<T>(docName: string, work: (tx: DocTransaction) => T): Promise<T> {
    return guard(() => this.db.transaction(() => work(this.within(docName)))());
  }

  createDocuments<T>(work: (seed: SeedDocument) => T): Promise<T> {
    const seed: SeedDocument = (docName, update) => {
      if (this.statements.hasAny.get(docName, docName)) throw new Error(`document ${docName} already has content`);
      this.statements.insertUpdate.run(docName, Buffer.from(update));
    };
    return guard(() => this.db.transaction(() => work(seed))());
  }

  /** The document's side of the transaction open on this database. */
  private within(docName: string): DocTransaction {
    const { statements } = this;
    return {
      docName,
      append(entries, at = Date.now()) {
        let last = 0;
        for (const { update } of entries) {
          last = Number(statements.insertUpdate.run(docName, Buffer.from(update.buffer, update.byteOffset, update.byteLength)).lastInsertRowid);
        }
        for (const row of summariseEdits(entries, at)) {
          statements.insertEdit.run(docName, row.userId, row.organisationId, at, row.updates, row.bytes);
        }
        return last;
      },
    };
  }

  load(docName: string): Promise<StoredDoc> {
    return guard(() =>
      this.db.transaction(() => {
        const snapshot = this.statements.snapshot.get(docName);
        const rows = this.statements.updatesAfter.all(docName, snapshot?.upto_seq ?? 0);
        return {
          snapshot: snapshot ? new Uint8Array(snapshot.data) : null,
          snapshotStateVector: snapshot?.state_vector ? new Uint8Array(snapshot.state_vector) : null,
          updates: rows.map((row) => new Uint8Array(row.data)),
          lastSeq: rows.length ? rows[rows.length - 1].seq : (snapshot?.upto_seq ?? 0),
        };
      })(),
    );
  }

  append(docName: string, entries: readonly AppendEntry[], at = Date.now()): Promise<number> {
    if (entries.length === 0) return Promise.resolve(0);
    return guard(() => this.appendTx(docName, entries, at));
  }

  compact(docName: string, snapshot: Uint8Array, uptoSeq: number, stateVector: Uint8Array): Promise<void> {
    return guard(() => this.compactTx(docName, snapshot, uptoSeq, stateVector));
  }

  seedIfEmpty(docName: string, update: Uint8Array): Promise<boolean> {
    return guard(() => this.seedTx(docName, update));
  }

  tailLength(docName: string): Promise<number> {
    return guard(() => this.statements.tailCount.get(docName, docName)?.n ?? 0);
  }

  editLog(docName: string): Promise<EditLogEntry[]> {
    return guard(() =>
      this.statements.editLog.all(docName).map((row) => ({
        userId: row.user_id,
        organisationId: row.organisation_id,
        at: row.at,
        updates: row.updates,
        bytes: row.bytes,
      })),
    );
  }
}

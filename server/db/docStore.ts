/**
 * The document store: the update log, compacted snapshots and the edit log of every
 * section draft. Asynchronous so a PostgreSQL store can implement it; the contract suite
 * (tests/integration/docStore.contract.test.ts) runs against every implementation.
 */

/** Who wrote an update; null author means the server itself (seeds, fix-ups, decisions). */
export interface EditAuthor {
  userId: string;
  organisationId: string | null;
}

export interface AppendEntry {
  update: Uint8Array;
  author: EditAuthor | null;
}

export interface StoredDoc {
  /** The compacted state, or null when never compacted. */
  snapshot: Uint8Array | null;
  /** The snapshot's state vector, stored beside it (null for snapshots written before it was kept). */
  snapshotStateVector: Uint8Array | null;
  /** Updates after the snapshot, in commit order. */
  updates: Uint8Array[];
  /** Sequence number of the last update read (0 when none). */
  lastSeq: number;
}

export interface EditLogEntry {
  userId: string | null;
  organisationId: string | null;
  at: number;
  updates: number;
  bytes: number;
}

/** Thrown when the underlying storage is locked by someone else; the caller retries later. */
export class StoreBusyError extends Error {
  constructor(cause?: unknown) {
    super('storage busy', { cause });
    this.name = 'StoreBusyError';
  }
}

/**
 * One document's side of a unit of work (U1): what a server command writes to the document
 * log, inside the transaction `DocStore.transaction` opened. Synchronous, because the work
 * it is part of is (see there).
 */
export interface DocTransaction {
  readonly docName: string;
  /** Appends updates and their edit-log rows; returns the sequence number of the last one. */
  append(entries: readonly AppendEntry[], at?: number): number;
}

/** Seeds a new document inside a unit of work; throws (rolling it back) when the document has content. */
export type SeedDocument = (docName: string, update: Uint8Array) => void;

export interface DocStore {
  /**
   * Runs `work` as one unit of work on a document (U1): what it appends through `tx`, and
   * every row its caller writes meanwhile on the same database (decisions, threads, inbox,
   * audit), commit together, or nothing does when it throws. `work` is synchronous: on
   * SQLite every statement of the connection joins the open transaction, so nothing else may
   * run in between (an await would let other requests' writes in). A networked store runs it
   * on a connection of its own. Rejects with StoreBusyError when the storage is locked.
   */
  transaction<T>(docName: string, work: (tx: DocTransaction) => T): Promise<T>;
  /**
   * A unit of work that creates documents (an import: its sections, docs rows and seeded
   * drafts, all or nothing), with the same rules as `transaction`.
   */
  createDocuments<T>(work: (seed: SeedDocument) => T): Promise<T>;
  /** Everything stored for a document (empty when unknown). */
  load(docName: string): Promise<StoredDoc>;
  /**
   * Appends updates in one transaction (group commit) and records them in the edit log.
   * Resolves once durable (as configured); rejects with StoreBusyError when locked.
   * Returns the sequence number of the last appended update.
   */
  append(docName: string, entries: readonly AppendEntry[], at?: number): Promise<number>;
  /**
   * Replaces the snapshot and every update up to `uptoSeq` with `snapshot`, atomically.
   * The snapshot must encode exactly the state of those rows (D4); `stateVector` is its
   * state vector, kept so a room can answer a first sync without decoding the snapshot.
   */
  compact(docName: string, snapshot: Uint8Array, uptoSeq: number, stateVector: Uint8Array): Promise<void>;
  /** Writes `update` as the document's first content only if nothing is stored yet. */
  seedIfEmpty(docName: string, update: Uint8Array): Promise<boolean>;
  /** Number of updates stored after the snapshot. */
  tailLength(docName: string): Promise<number>;
  /** The edit log of a document, oldest first. */
  editLog(docName: string): Promise<EditLogEntry[]>;
}

/** Aggregates a committed batch into one edit-log row per author. */
export function summariseEdits(entries: readonly AppendEntry[], at: number): EditLogEntry[] {
  const byAuthor = new Map<string, EditLogEntry>();
  for (const { update, author } of entries) {
    const key = author?.userId ?? '';
    const row = byAuthor.get(key) ?? { userId: author?.userId ?? null, organisationId: author?.organisationId ?? null, at, updates: 0, bytes: 0 };
    row.updates += 1;
    row.bytes += update.byteLength;
    byAuthor.set(key, row);
  }
  return [...byAuthor.values()];
}

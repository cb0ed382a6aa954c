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

export interface DocStore {
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

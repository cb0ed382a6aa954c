/**
 * A DocStore kept in memory that really is asynchronous (every call resolves on a later
 * tick), like a networked database would be. It proves the contract suite and the rooms
 * do not rely on SQLite's synchronous behaviour; it is also handy for benchmarks.
 */
import { summariseEdits, type AppendEntry, type DocStore, type EditLogEntry, type StoredDoc } from './docStore.js';

interface MemoryDoc {
  snapshot: { data: Uint8Array; uptoSeq: number; stateVector: Uint8Array } | null;
  updates: { seq: number; data: Uint8Array }[];
  editLog: EditLogEntry[];
}

const later = <T>(run: () => T): Promise<T> => new Promise((resolve, reject) => setImmediate(() => {
  try {
    resolve(run());
  } catch (error) {
    reject(error);
  }
}));

/** In-memory, asynchronous DocStore. */
export class MemoryDocStore implements DocStore {
  private readonly docs = new Map<string, MemoryDoc>();
  private seq = 0;

  private doc(docName: string): MemoryDoc {
    let doc = this.docs.get(docName);
    if (!doc) {
      doc = { snapshot: null, updates: [], editLog: [] };
      this.docs.set(docName, doc);
    }
    return doc;
  }

  load(docName: string): Promise<StoredDoc> {
    return later(() => {
      const doc = this.docs.get(docName);
      if (!doc) return { snapshot: null, snapshotStateVector: null, updates: [], lastSeq: 0 };
      const last = doc.updates.at(-1)?.seq ?? doc.snapshot?.uptoSeq ?? 0;
      return { snapshot: doc.snapshot?.data.slice() ?? null, snapshotStateVector: doc.snapshot?.stateVector.slice() ?? null, updates: doc.updates.map((u) => u.data.slice()), lastSeq: last };
    });
  }

  append(docName: string, entries: readonly AppendEntry[], at = Date.now()): Promise<number> {
    const copies = entries.map((entry) => ({ ...entry, update: entry.update.slice() }));
    return later(() => {
      if (copies.length === 0) return 0;
      const doc = this.doc(docName);
      for (const entry of copies) doc.updates.push({ seq: ++this.seq, data: entry.update });
      doc.editLog.push(...summariseEdits(copies, at));
      return this.seq;
    });
  }

  compact(docName: string, snapshot: Uint8Array, uptoSeq: number, stateVector: Uint8Array): Promise<void> {
    const data = snapshot.slice();
    const vector = stateVector.slice();
    return later(() => {
      const doc = this.doc(docName);
      doc.snapshot = { data, uptoSeq, stateVector: vector };
      doc.updates = doc.updates.filter((u) => u.seq > uptoSeq);
    });
  }

  seedIfEmpty(docName: string, update: Uint8Array): Promise<boolean> {
    const data = update.slice();
    return later(() => {
      const doc = this.doc(docName);
      if (doc.snapshot || doc.updates.length) return false;
      doc.updates.push({ seq: ++this.seq, data });
      return true;
    });
  }

  tailLength(docName: string): Promise<number> {
    return later(() => this.docs.get(docName)?.updates.length ?? 0);
  }

  editLog(docName: string): Promise<EditLogEntry[]> {
    return later(() => (this.docs.get(docName)?.editLog ?? []).map((row) => ({ ...row })));
  }
}

/**
 * A DocStore kept in memory that really is asynchronous (every call resolves on a later
 * tick), like a networked database would be. It proves the contract suite and the rooms
 * do not rely on SQLite's synchronous behaviour; it is also handy for benchmarks.
 */
import { summariseEdits, type AppendEntry, type DocStore, type DocTransaction, type EditLogEntry, type SeedDocument, type StoredDoc } from './docStore.js';

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

  /**
   * Runs `work` on a later tick; what it appended is kept only if it returns (its rows, on
   * another database, are the caller's to roll back: this store is for benchmarks and the
   * contract suite).
   */
  transaction<T>(docName: string, work: (tx: DocTransaction) => T): Promise<T> {
    return later(() => {
      const doc = this.doc(docName);
      const staged: { seq: number; data: Uint8Array }[] = [];
      const log: EditLogEntry[] = [];
      let seq = this.seq;
      const result = work({
        docName,
        append: (entries, at = Date.now()) => {
          for (const entry of entries) staged.push({ seq: ++seq, data: entry.update.slice() });
          log.push(...summariseEdits(entries, at));
          return seq;
        },
      });
      this.seq = seq;
      doc.updates.push(...staged);
      doc.editLog.push(...log);
      return result;
    });
  }

  createDocuments<T>(work: (seed: SeedDocument) => T): Promise<T> {
    return later(() => {
      const seeds = new Map<string, Uint8Array>();
      const result = work((docName, update) => {
        const doc = this.docs.get(docName);
        if (doc?.snapshot || doc?.updates.length || seeds.has(docName)) throw new Error(`document ${docName} already has content`);
        seeds.set(docName, update.slice());
      });
      for (const [docName, data] of seeds) this.doc(docName).updates.push({ seq: ++this.seq, data });
      return result;
    });
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

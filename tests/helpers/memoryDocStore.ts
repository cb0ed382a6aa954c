/**
 * A plain in-memory DocStore, used by the HTTP tests only until the lead's SqliteDocStore
 * is merged into this branch (httpServer.ts prefers the real one when it exists).
 */
import type { AppendEntry, DocStore, EditLogEntry, StoredDoc } from '../../server/db/docStore.js';

/** Creates an empty in-memory store. */
export function createMemoryDocStore(): DocStore {
  const docs = new Map<string, { snapshot: Uint8Array | null; updates: { seq: number; data: Uint8Array }[]; log: EditLogEntry[] }>();
  let seq = 0;
  const get = (name: string) => {
    let doc = docs.get(name);
    if (!doc) docs.set(name, (doc = { snapshot: null, updates: [], log: [] }));
    return doc;
  };
  return {
    async load(name): Promise<StoredDoc> {
      const doc = get(name);
      return { snapshot: doc.snapshot, updates: doc.updates.map((u) => u.data), lastSeq: doc.updates.at(-1)?.seq ?? 0 };
    },
    async append(name, entries: readonly AppendEntry[], at = Date.now()) {
      const doc = get(name);
      for (const entry of entries) {
        doc.updates.push({ seq: ++seq, data: entry.update });
        doc.log.push({ userId: entry.author?.userId ?? null, organisationId: entry.author?.organisationId ?? null, at, updates: 1, bytes: entry.update.length });
      }
      return seq;
    },
    async compact(name, snapshot, uptoSeq) {
      const doc = get(name);
      doc.snapshot = snapshot;
      doc.updates = doc.updates.filter((u) => u.seq > uptoSeq);
    },
    async seedIfEmpty(name, update) {
      const doc = get(name);
      if (doc.snapshot || doc.updates.length > 0) return false;
      doc.updates.push({ seq: ++seq, data: update });
      return true;
    },
    async tailLength(name) {
      return get(name).updates.length;
    },
    async editLog(name) {
      return get(name).log;
    },
  };
}

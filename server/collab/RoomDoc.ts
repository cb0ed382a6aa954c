/**
 * A room's document (P3): the Y.Doc of one section draft, built from the stored state only
 * when something needs it. A room loaded from one compacted snapshot answers a newcomer's
 * first sync from the stored bytes and state vector (the "pristine" snapshot) instead of a
 * re-encoding of the whole section; the document is built when a write, a sync request from a
 * client that has some state, or a command needs it — or right after answering.
 *
 * The room owns when to reload and compact; this class owns the document's lifecycle and
 * knows whether it still equals the stored snapshot.
 */
import * as Y from 'yjs';
import { CONTENT_FIELD } from '../../shared/protocol.js';
import type { StoredDoc } from '../db/docStore.js';

export class RoomDoc {
  private value: Y.Doc | null = null;
  /** Stored state not yet built into `value`. */
  private unbuilt: { snapshot: Uint8Array | null; updates: Uint8Array[] } | null = null;
  /** The stored snapshot while the document is exactly that snapshot, with its state vector. */
  private pristine: { snapshot: Uint8Array; stateVector: Uint8Array } | null = null;
  /** Counts changes to the document, to know whether it still matches a snapshot taken earlier. */
  private changeCount = 0;
  private destroyed = false;

  /** `onBuilt` sees each new document once, before anything else does (the gate's block ids). */
  constructor(private readonly onBuilt: (doc: Y.Doc) => void) {}

  /** The live document, built now if it was not yet. */
  get doc(): Y.Doc {
    if (!this.value) this.build();
    return this.value!;
  }

  get fragment(): Y.XmlFragment {
    return this.doc.getXmlFragment(CONTENT_FIELD);
  }

  /** How many changes the document has seen (compare two readings to know whether it changed). */
  get changes(): number {
    return this.changeCount;
  }

  /** The stored snapshot bytes, when the document still equals them and is not built yet. */
  get pristineSnapshot(): Uint8Array | null {
    return this.pristine?.snapshot ?? null;
  }

  /** The server's sync step 1 state vector without building the document, when it can. */
  get pristineStateVector(): Uint8Array | null {
    return this.value ? null : (this.pristine?.stateVector ?? null);
  }

  /**
   * Replaces the document with the stored state, discarding anything uncommitted. A state of
   * one snapshot with its state vector stays unbuilt until needed.
   */
  reset(stored: StoredDoc): void {
    this.value?.destroy();
    this.value = null;
    this.unbuilt = { snapshot: stored.snapshot, updates: stored.updates };
    const pristine = stored.snapshot !== null && stored.updates.length === 0 && stored.snapshotStateVector !== null;
    this.pristine = pristine ? { snapshot: stored.snapshot!, stateVector: stored.snapshotStateVector! } : null;
    if (!pristine) this.build();
  }

  /** Builds the document soon, off the path of the answer just sent. */
  buildSoon(): void {
    if (this.value) return;
    setImmediate(() => {
      if (!this.value && !this.destroyed) this.build();
    });
  }

  /**
   * Records a snapshot just stored: if the document has not changed since `changesAt` (a
   * reading of `changes` taken when the snapshot was encoded), it is pristine again.
   */
  compacted(snapshot: Uint8Array, stateVector: Uint8Array, changesAt: number): void {
    if (this.changeCount === changesAt) this.pristine = { snapshot, stateVector };
  }

  destroy(): void {
    this.destroyed = true;
    this.value?.destroy();
    this.value = null;
  }

  private build(): void {
    const stored = this.unbuilt ?? { snapshot: null, updates: [] };
    this.unbuilt = null;
    const doc = new Y.Doc({ gc: true });
    doc.transact(() => {
      if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
      for (const update of stored.updates) Y.applyUpdate(doc, update);
    });
    doc.on('update', () => {
      this.pristine = null;
      this.changeCount++;
    });
    this.value = doc;
    this.onBuilt(doc);
  }
}

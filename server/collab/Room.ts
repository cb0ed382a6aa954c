/**
 * A room: one loaded section draft and the connections editing it. Every message goes
 * through one serial queue (DESIGN.md, "Message pipeline"):
 *
 *   strict pre-parse → capability check → apply to the room's document and check the
 *   touched blocks → commit through the store → broadcast and acknowledge.
 *
 * The room's Y.Doc doubles as the "shadow" the design asks for: an update is applied to it
 * before its commit, but nothing reads the document while a batch is uncommitted (sync
 * answers and broadcasts happen only after the commit resolves), so no client can observe
 * an uncommitted update (D1). A refused or uncommittable update is undone by reloading the
 * document from the store, which never held it.
 *
 * Server commands (suggestion decisions) run in the same queue, on committed state, and
 * their changes are committed and broadcast like an update. What an update must pass
 * before it joins the document (capability, schema, the suggest-only check S1, …) is the
 * room's WriteGate (writeGate.ts); the document itself, built lazily from the stored state,
 * is RoomDoc (RoomDoc.ts); the awareness policy is RoomAwareness.
 */
import * as Y from 'yjs';
import type { Schema } from '@tiptap/pm/model';
import { CloseCode } from '../../shared/protocol.js';
import { LIMITS } from '../../shared/limits.js';
import type { Logger } from '../logger.js';
import { StoreBusyError, type AppendEntry, type DocStore, type DocTransaction, type EditAuthor } from '../db/docStore.js';
import type { Connection } from './Connection.js';
import { NO_HOOKS, type CollabHooks } from './hooks.js';
import { WriteGate, type Pending } from './writeGate.js';
import { encodeCommitted, encodeSyncStep1, encodeSyncStep1FromVector, encodeSyncStep2, encodeSyncStep2FromUpdate, encodeSyncUpdate } from './messages.js';
import { MalformedMessage, readFrame, type Frame } from './frames.js';
import { RoomAwareness } from './RoomAwareness.js';
import { RoomDoc } from './RoomDoc.js';

/**
 * A server command (a decision, a restore): runs inside the queue on committed state, as one
 * unit of work with the rows it writes (U1). See `Room.command`.
 */
export type Command<T> = (doc: Y.Doc, tx: DocTransaction) => T;

/** Thrown when a command's change fails the write gate (schema, size): nothing of it is stored. */
export class CommandRefused extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
    this.name = 'CommandRefused';
  }
}

interface CommandTask {
  kind: 'command';
  author: EditAuthor | null;
  run: Command<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Task = { kind: 'message'; conn: Connection; data: Uint8Array } | CommandTask;

export interface RoomOptions {
  docName: string;
  store: DocStore;
  schema: Schema;
  logger: Logger;
  /**
   * Group commit (default): each pass of the queue commits every message it applied in one
   * transaction. false commits after each message (only to measure what grouping saves).
   */
  groupCommit?: boolean;
  /** Called when the room has been empty long enough to unload. */
  onIdle: (room: Room) => void;
  hooks?: CollabHooks;
}

/** A loaded section draft with its connections and its serial message queue. */
export class Room {
  readonly docName: string;
  /** The live document, built from the stored state when first needed (RoomDoc.ts). */
  private readonly roomDoc: RoomDoc;
  private readonly awareness: RoomAwareness;
  readonly connections = new Set<Connection>();
  /** Resolves once the stored state is loaded; no sync is answered before (D3). */
  readonly loaded: Promise<void>;
  private readonly store: DocStore;
  private readonly logger: Logger;
  private readonly onIdle: (room: Room) => void;
  private readonly hooks: CollabHooks;
  private readonly groupCommit: boolean;
  private readonly queue: Task[] = [];
  private draining: Promise<void> | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  private lastSeq = 0;
  private tail = 0;
  /** The checks every update passes before it joins the document. */
  private readonly gate: WriteGate;
  closed = false;

  constructor(options: RoomOptions) {
    this.docName = options.docName;
    this.store = options.store;
    this.logger = options.logger;
    this.onIdle = options.onIdle;
    this.hooks = options.hooks ?? NO_HOOKS;
    this.groupCommit = options.groupCommit ?? true;
    this.gate = new WriteGate(this, options.schema, this.hooks);
    this.roomDoc = new RoomDoc((doc) => this.gate.rememberBlockIds(doc));
    this.awareness = new RoomAwareness(() => this.connections);
    this.loaded = this.reload();
  }

  /** The room's Y.Doc (built on first use: RoomDoc). */
  get doc(): Y.Doc {
    return this.roomDoc.doc;
  }

  get fragment(): Y.XmlFragment {
    return this.roomDoc.fragment;
  }

  /** Loads (or reloads) the stored state, discarding anything uncommitted. */
  private async reload(): Promise<void> {
    const stored = await this.store.load(this.docName);
    this.roomDoc.reset(stored);
    this.lastSeq = stored.lastSeq;
    this.tail = stored.updates.length;
    this.gate.measured((stored.snapshot?.byteLength ?? 0) + stored.updates.reduce((sum, u) => sum + u.byteLength, 0));
  }

  /** Adds a connection and starts its sync once the document is loaded. */
  join(conn: Connection): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    this.connections.add(conn);
    conn.ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (conn.refused) return;
      if (!isBinary) return conn.close(CloseCode.malformed, 'text frames are not part of the protocol');
      if (!conn.admit()) return;
      // Copy: `ws` hands out views into pooled buffers, and decoders must not read past the frame.
      this.enqueue(conn, new Uint8Array(data));
    });
    conn.ws.on('close', () => this.leave(conn));
    this.loaded.then(
      () => {
        if (!conn.open) return;
        const vector = this.roomDoc.pristineStateVector;
        conn.send(vector ? encodeSyncStep1FromVector(vector) : encodeSyncStep1(this.doc));
        const states = this.awareness.statesMessage();
        if (states) conn.send(states);
      },
      () => conn.close(CloseCode.storageBusy, 'storage busy'),
    );
  }

  private leave(conn: Connection): void {
    if (!this.connections.delete(conn)) return;
    this.awareness.forget(conn);
    this.scheduleUnload();
  }

  /** Unloads the room once it has had no connection for a while (P5). */
  private scheduleUnload(): void {
    if (this.connections.size > 0 || this.closed || this.idleTimer) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.connections.size === 0) {
        // Leave one compacted snapshot behind, so the next open loads and answers fast (P3).
        void this.settled()
          .then(() => this.maybeCompact(1))
          // A command may have arrived meanwhile (a scan, an index read, a decision): stay loaded for it.
          .then(() => this.connections.size === 0 && !this.draining && this.queue.length === 0 && this.onIdle(this));
      }
    }, LIMITS.roomIdleUnloadMs);
    this.idleTimer.unref();
  }

  private enqueue(conn: Connection, data: Uint8Array): void {
    this.schedule({ kind: 'message', conn, data });
  }

  /**
   * Runs a server command (a decision, a restore) on the document, in order with every
   * client's messages. `run` sees only committed state; what it changes passes the write
   * gate (schema, size, block ids) and is appended in one store transaction with every row
   * `run` writes on the database meanwhile (U1: a decision and its record commit together,
   * or neither does); only then is it broadcast (D1). Resolves with `run`'s result; rejects
   * with what `run` threw, CommandRefused, or StoreBusyError, and then nothing is stored.
   */
  command<T>(author: EditAuthor | null, run: Command<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.schedule({ kind: 'command', author, run, resolve: resolve as (value: unknown) => void, reject });
    });
  }

  private schedule(task: Task): void {
    this.queue.push(task);
    this.startDrain();
  }

  private startDrain(): void {
    if (this.draining) return;
    // The drain starts after the current event-loop turn, so every message read in this turn
    // (from any socket) joins one batch: one commit and one socket write per peer (P1: the
    // fan-out's writes are most of a broadcast's cost), for well under a millisecond of delay.
    this.draining = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.drain())
      .finally(() => {
        this.draining = null;
        // A task queued after the drain's last look at the queue, but before this runs, saw a
        // drain still going and did not start one: start it now, or the task would wait forever.
        if (this.queue.length) this.startDrain();
      });
  }

  /** Resolves when the queue is empty and everything received is committed. */
  async settled(): Promise<void> {
    await this.loaded.catch(() => undefined);
    while (this.draining) await this.draining;
  }

  /** Drains the queue: each pass takes every queued message and commits them together (group commit). */
  private async drain(): Promise<void> {
    try {
      await this.loaded;
    } catch (error) {
      for (const task of this.queue.splice(0)) {
        if (task.kind === 'message') task.conn.close(CloseCode.storageBusy, 'storage busy');
        else task.reject(error);
      }
      return;
    }
    while (this.queue.length) {
      const batch = this.queue.splice(0);
      let pending: Pending[] = [];
      const handled = new Set<Connection>();
      for (const task of batch) {
        if (task.kind === 'command') {
          await this.commit(pending);
          pending = [];
          await this.runCommand(task);
          continue;
        }
        const { conn, data } = task;
        if (conn.refused) continue;
        try {
          const frame = readFrame(data);
          const answer = await this.handleFrame(conn, frame, pending);
          if (answer === 'flush-first') {
            // A sync request must see only committed state: commit what this batch applied so far.
            await this.commit(pending);
            pending = [];
            await this.handleFrame(conn, frame, pending);
          }
        } catch (error) {
          if (error instanceof MalformedMessage) conn.close(CloseCode.malformed, error.message);
          else throw error;
        }
        handled.add(conn);
        if (!this.groupCommit && pending.length) {
          await this.commit(pending);
          pending = [];
        }
      }
      await this.commit(pending);
      for (const conn of handled) if (!conn.refused) conn.sendExtra(encodeCommitted(conn.writesHandled));
      await this.maybeCompact();
    }
  }

  /**
   * Handles one decoded frame. Writes append to `pending`; a sync step 1 arriving while the
   * batch holds uncommitted writes answers 'flush-first'.
   */
  private async handleFrame(conn: Connection, frame: Frame, pending: Pending[]): Promise<'done' | 'flush-first'> {
    switch (frame.kind) {
      case 'sync-step1': {
        if (pending.length) return 'flush-first';
        const pristine = this.roomDoc.pristineSnapshot;
        if (frame.emptyState && pristine) {
          conn.send(encodeSyncStep2FromUpdate(pristine));
          this.roomDoc.buildSoon();
        } else {
          conn.send(encodeSyncStep2(this.doc, frame.stateVector));
        }
        return 'done';
      }
      case 'sync-step2': {
        // Updates held back until this step 2 (see WriteGate.check): now checked like any other.
        const held = conn.synced();
        await this.processWrite(conn, frame.update, pending);
        for (const update of held) if (!conn.refused) await this.processWrite(conn, update, pending);
        return 'done';
      }
      case 'update':
        await this.processWrite(conn, frame.update, pending);
        return 'done';
      case 'awareness':
        this.awareness.receive(conn, frame.payload);
        return 'done';
    }
  }

  /** Handles one write (sync step 2 or update) of a connection: applied into `pending`, held, ignored or refused. */
  private async processWrite(conn: Connection, payload: Uint8Array, pending: Pending[]): Promise<void> {
    const result = this.gate.check(conn, payload);
    if (result.kind === 'held') {
      conn.hold(payload);
      return;
    }
    conn.writesHandled += 1;
    if (result.kind === 'applied') pending.push(...result.entries);
    if (result.kind === 'refused') {
      conn.close(result.code, result.message);
      if (result.dirty) {
        // The refused update reached the room's document: commit what came before it, then reload.
        await this.commit(pending.splice(0));
        await this.reload();
      }
    }
  }

  private async runCommand(task: CommandTask): Promise<void> {
    const changesBefore = this.roomDoc.changes;
    let result: unknown;
    let applied: Pending[] = [];
    try {
      this.lastSeq = await this.store.transaction(this.docName, (tx) => {
        const checked = this.gate.applyCommand(() => {
          result = task.run(this.doc, tx);
        });
        if (checked.kind === 'refused') throw new CommandRefused(checked.message, checked.code);
        if (checked.kind !== 'applied') return this.lastSeq;
        applied = checked.entries;
        return tx.append(applied.map(({ update }) => ({ update, author: task.author })));
      });
    } catch (error) {
      // The change (if any) reached the document but not the store: go back to the store.
      if (this.roomDoc.changes !== changesBefore) await this.reload().catch((reloadError: unknown) => this.logger.error({ err: reloadError }, 'reload failed'));
      if (!(error instanceof StoreBusyError) && !(error instanceof CommandRefused)) this.logger.warn({ err: error, doc: this.docName }, 'command rolled back');
      task.reject(error);
      return;
    }
    if (applied.length) {
      this.tail += applied.length;
      this.hooks.committed(this.docName);
      this.broadcast(applied);
    }
    this.scheduleUnload();
    task.resolve(result);
  }

  /** Commits pending updates, then broadcasts them; on a busy store, undoes them (4200). */
  private async commit(pending: Pending[]): Promise<boolean> {
    if (!pending.length) return true;
    const entries: AppendEntry[] = pending.map(({ update, conn }) => ({
      update,
      author: conn ? { userId: conn.identity.userId, organisationId: conn.identity.organisation.id } : null,
    }));
    try {
      this.lastSeq = await this.store.append(this.docName, entries);
    } catch (error) {
      if (!(error instanceof StoreBusyError)) this.logger.error({ err: error, doc: this.docName }, 'commit failed');
      await this.reload().catch((reloadError: unknown) => this.logger.error({ err: reloadError }, 'reload failed'));
      for (const { conn } of pending) conn?.close(CloseCode.storageBusy, 'the server is busy; your changes will be sent again');
      return false;
    }
    this.tail += entries.length;
    this.hooks.committed(this.docName);
    this.broadcast(pending);
    return true;
  }

  /**
   * Sends committed updates to every connection but their author's. One write per
   * connection for the whole batch (the socket is corked around it): with hundreds of
   * peers, the syscall per frame is most of a broadcast's cost.
   */
  private broadcast(pending: readonly Pending[]): void {
    const messages = pending.map(({ update, conn }) => ({ message: encodeSyncUpdate(update), author: conn }));
    for (const conn of this.connections) {
      conn.sendBatch(messages.length === 1 ? (messages[0].author === conn ? [] : [messages[0].message]) : messages.filter((m) => m.author !== conn).map((m) => m.message));
    }
  }

  /** Re-encodes the log into one snapshot once its tail is long (D4: same content, same state vector). */
  private async maybeCompact(threshold: number = LIMITS.compactAfterUpdates): Promise<void> {
    if (this.tail < threshold) return;
    // Called only when everything applied is committed (end of a drain, or an idle room).
    const snapshot = Y.encodeStateAsUpdate(this.doc);
    const stateVector = Y.encodeStateVector(this.doc);
    const changes = this.roomDoc.changes;
    const tail = this.tail;
    try {
      await this.store.compact(this.docName, snapshot, this.lastSeq, stateVector);
      this.tail -= tail;
      this.gate.measured(snapshot.byteLength);
      this.roomDoc.compacted(snapshot, stateVector, changes);
    } catch (error) {
      this.logger.warn({ err: error, doc: this.docName }, 'compaction postponed');
    }
  }


  /** Stops the room: closes its connections with `code` and waits for pending commits. */
  async close(code: number = CloseCode.serverShuttingDown, message = 'server shutting down'): Promise<void> {
    this.closed = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    await this.settled();
    for (const conn of [...this.connections]) conn.close(code, message);
  }

  /** Frees the room's memory. */
  destroy(): void {
    this.closed = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.awareness.destroy();
    this.roomDoc.destroy();
  }
}

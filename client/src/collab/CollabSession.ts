/**
 * One open section draft in one language: the Y.Doc, its IndexedDB copy and the stock
 * y-websocket provider, plus what the app needs on top of the stock client — the
 * `committed` acknowledgements (message 100) that drive "Saved", the `refusal` reasons
 * (message 101) and the close codes of CONTRACT.md.
 */
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import type * as encoding from 'lib0/encoding';
import { WebsocketProvider } from 'y-websocket';
import { IndexeddbPersistence } from 'y-indexeddb';
import { ACK_QUERY_PARAM, CloseCode, EDITOR_VERSION, MessageType, SyncMessageType } from '../../../shared/protocol.js';
import { announceReconnected } from './useReconnected.js';

/** A refusal the server explained just before closing (message 101). */
export interface Refusal {
  code: string;
  message: string;
}

/** A close of the socket by the server, with the refusal sent before it, if any. */
export interface CloseInfo {
  code: number;
  refusal: Refusal | null;
}

/** Everything the status line needs, as one immutable value. */
export interface CollabSnapshot {
  /** State of the websocket right now. */
  connection: 'connecting' | 'connected' | 'disconnected';
  /** The server answered our sync step 1 on this connection. */
  synced: boolean;
  /** Messages carrying document data (sync step 2 and updates) sent on this connection. */
  sent: number;
  /** How many of them the server says it has committed (message 100). */
  committed: number;
  /** A connection opened at least once. */
  everConnected: boolean;
  /** Closed connections since the last successful sync. */
  failedAttempts: number;
  /** The server's last close on a live connection (any code), until the next sync. */
  lastClose: CloseInfo | null;
  /** A close the stock client does not reconnect after (4400–4499). */
  terminal: CloseInfo | null;
  /** After 4429, when the session reconnects by itself (epoch ms). */
  pausedUntil: number | null;
  /** The IndexedDB copy has been loaded into the document. */
  localLoaded: boolean;
}

/** Pause after "too many updates" (4429) before reconnecting. */
const TOO_MANY_UPDATES_PAUSE_MS = 15_000;

/** Whether an outgoing frame carries document data: a sync step 2 or a sync update. */
function isDocumentMessage(data: unknown): boolean {
  let bytes: Uint8Array | null = null;
  if (data instanceof Uint8Array) bytes = data;
  else if (data instanceof ArrayBuffer) bytes = new Uint8Array(data);
  if (!bytes || bytes.length < 2) return false;
  // Both numbers are varUints below 128, i.e. one byte each.
  return bytes[0] === MessageType.sync && (bytes[1] === SyncMessageType.step2 || bytes[1] === SyncMessageType.update);
}

/** The collaboration server's websocket base URL for this page. */
export function collabServerUrl(): string {
  return `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/collab`;
}

/** IndexedDB database name of a document's local copy. */
export function localCopyName(docName: string): string {
  return `atelier:${docName}`;
}

type Listener = () => void;

/** Events the session reports besides its snapshot. */
export interface CollabSessionEvents {
  /** The server closed with 4100: the connection's capability changed; refresh the role. */
  onCapabilityChanged?: () => void;
}

/**
 * A live document session. Create it, subscribe to `getSnapshot` changes, and `destroy`
 * it (or `discardLocalCopy` it) when done.
 */
export class CollabSession {
  readonly docName: string;
  readonly ydoc: Y.Doc;
  readonly provider: WebsocketProvider;
  readonly persistence: IndexeddbPersistence;

  private snapshot: CollabSnapshot = {
    connection: 'connecting',
    synced: false,
    sent: 0,
    committed: 0,
    everConnected: false,
    failedAttempts: 0,
    lastClose: null,
    terminal: null,
    pausedUntil: null,
    localLoaded: false,
  };
  private listeners = new Set<Listener>();
  private pendingRefusal: Refusal | null = null;
  private pauseTimer: ReturnType<typeof setTimeout> | null = null;
  private destroyed = false;
  private events: CollabSessionEvents;

  constructor(docName: string, events: CollabSessionEvents = {}) {
    this.docName = docName;
    this.events = events;
    this.ydoc = new Y.Doc();
    this.persistence = new IndexeddbPersistence(localCopyName(docName), this.ydoc);
    this.persistence.on('synced', () => this.update({ localLoaded: true }));

    // The stock provider sends through `ws.send`; counting there sees every step 2 and
    // update, whichever code path sends it (reply to the server's step 1, or a live edit).
    const onDocumentMessage = () => this.update({ sent: this.snapshot.sent + 1 });
    class CountingWebSocket extends WebSocket {
      override send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
        if (isDocumentMessage(data)) onDocumentMessage();
        super.send(data);
      }
    }

    this.provider = new WebsocketProvider(collabServerUrl(), docName, this.ydoc, {
      connect: false,
      disableBc: true, // STACK.md: the BroadcastChannel would share unsaved edits between tabs
      params: { [ACK_QUERY_PARAM]: '1', v: String(EDITOR_VERSION) },
      WebSocketPolyfill: CountingWebSocket as unknown as typeof WebSocket,
    });
    this.installMessageHandlers();
    this.provider.on('status', ({ status }) => {
      if (status === 'connecting') this.update({ connection: 'connecting', synced: false, sent: 0, committed: 0 });
      else if (status === 'connected') this.update({ connection: 'connected', everConnected: true, pausedUntil: null });
      else this.update({ connection: 'disconnected', synced: false });
    });
    this.provider.on('sync', (synced: boolean) => {
      // Synced again after a lost connection: panels that failed meanwhile load again.
      if (synced && this.getSnapshot().lastClose) announceReconnected();
      if (synced) this.update({ synced: true, failedAttempts: 0, lastClose: null });
      else this.update({ synced: false });
    });
    this.provider.on('connection-close', (event: CloseEvent | null) => this.handleClose(event));
    this.provider.on('closed', () => {
      // Terminal close (4400–4499): handled in handleClose, which saw the code first.
    });
    this.provider.connect();
  }

  /** Replaces the event handlers (a session opened early gets its page's handlers when the page claims it). */
  setEvents(events: CollabSessionEvents): void {
    this.events = events;
  }

  /** Current state (a new object after every change, for useSyncExternalStore). */
  getSnapshot = (): CollabSnapshot => this.snapshot;

  /** Calls `listener` after every change of the snapshot. */
  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Connects again after a stop (the person asked, or a pause ended). */
  reconnect(): void {
    if (this.destroyed) return;
    this.update({ terminal: null, pausedUntil: null });
    this.provider.connect();
  }

  /** Closes the connection and stops listening; the IndexedDB copy stays. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    if (this.pauseTimer) clearTimeout(this.pauseTimer);
    this.listeners.clear();
    this.provider.destroy();
    void this.persistence.destroy();
    this.ydoc.destroy();
  }

  /**
   * Throws away this device's copy of the document (memory and IndexedDB), after the
   * server refused it (4422) or could not read it (4400). The caller opens a fresh session.
   */
  async discardLocalCopy(): Promise<void> {
    if (this.pauseTimer) clearTimeout(this.pauseTimer);
    this.destroyed = true;
    this.listeners.clear();
    this.provider.destroy();
    await this.persistence.clearData();
    this.ydoc.destroy();
  }

  private installMessageHandlers(): void {
    // Received document data (sync step 2 and updates): Yjs would encode what it applied once
    // more for the document's 'update' listeners (IndexedDB, the provider, the review panel),
    // about half the cost of applying a large document (P3). They get the received bytes
    // instead: the same update, with the provider as origin, which the provider ignores. Only
    // that transaction's encoding is skipped: the listeners are set aside just before it
    // (afterTransactionCleanup) and back before the next transaction's, so local changes made
    // while it is applied (block ids, say) are still sent and stored.
    let received: Uint8Array | null = null;
    let setAside: Set<(...args: unknown[]) => void> | null = null;
    const observers = this.ydoc._observers;
    const restore = () => {
      if (!setAside) return;
      const listeners = setAside;
      setAside = null;
      observers.set('update', listeners);
      const update = received!;
      received = null;
      for (const listener of [...listeners]) listener(update, this.provider, this.ydoc);
    };
    this.ydoc.on('afterTransactionCleanup', (transaction) => {
      if (!received || transaction.origin !== this.provider || !observers.has('update')) return;
      setAside = observers.get('update')!;
      observers.delete('update');
    });
    this.ydoc.on('beforeObserverCalls', restore);
    this.ydoc.on('afterAllTransactions', restore);
    const readSync = this.provider.messageHandlers[MessageType.sync];
    this.provider.messageHandlers[MessageType.sync] = (encoder, decoder, provider, emitSynced, messageType) => {
      const peek = decoding.clone(decoder);
      const kind = decoding.readVarUint(peek);
      if (kind === SyncMessageType.step2 || kind === SyncMessageType.update) received = decoding.readVarUint8Array(peek);
      try {
        readSync(encoder, decoder, provider, emitSynced, messageType);
      } finally {
        restore();
        received = null;
      }
    };
    // Handlers get (encoder, decoder, provider, emitSynced, messageType); whatever they write
    // to `encoder` is sent back, so these two write nothing.
    this.provider.messageHandlers[MessageType.committed] = (_encoder: encoding.Encoder, decoder: decoding.Decoder) => {
      const committed = decoding.readVarUint(decoder);
      if (committed > this.snapshot.committed) this.update({ committed });
    };
    this.provider.messageHandlers[MessageType.refusal] = (_encoder: encoding.Encoder, decoder: decoding.Decoder) => {
      const text = decoding.readVarString(decoder);
      try {
        const parsed = JSON.parse(text) as Partial<Refusal>;
        this.pendingRefusal = { code: String(parsed.code ?? ''), message: String(parsed.message ?? '') };
      } catch {
        this.pendingRefusal = { code: '', message: text };
      }
    };
  }

  private handleClose(event: CloseEvent | null): void {
    const refusal = this.pendingRefusal;
    this.pendingRefusal = null;
    const failedAttempts = this.snapshot.failedAttempts + 1;
    if (!event) {
      // Closed by us (destroy, or the provider's 30 s silence watchdog): it reconnects.
      this.update({ connection: 'disconnected', synced: false, failedAttempts });
      return;
    }
    const close: CloseInfo = { code: event.code, refusal };
    const terminal = !this.provider.shouldReconnect(event, this.provider);
    if (event.code === CloseCode.capabilityChanged) this.events.onCapabilityChanged?.();
    if (terminal && event.code === CloseCode.tooManyUpdates) {
      const pausedUntil = Date.now() + TOO_MANY_UPDATES_PAUSE_MS;
      this.pauseTimer = setTimeout(() => {
        this.pauseTimer = null;
        this.reconnect();
      }, TOO_MANY_UPDATES_PAUSE_MS);
      this.update({ connection: 'disconnected', synced: false, failedAttempts, lastClose: close, pausedUntil });
      return;
    }
    this.update({
      connection: 'disconnected',
      synced: false,
      failedAttempts,
      // 1005/1006 are a lost network, not the server speaking.
      lastClose: event.code >= 4000 ? close : this.snapshot.lastClose,
      terminal: terminal ? close : null,
    });
  }

  private update(patch: Partial<CollabSnapshot>): void {
    if (this.destroyed) return;
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener();
  }
}

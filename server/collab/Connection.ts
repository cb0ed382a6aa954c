/**
 * One websocket connection to one section draft: its identity, its capability, its rate
 * limit and what it has sent. Rooms decide; a connection only carries state and sends.
 */
import type { WebSocket } from 'ws';
import type { Capability } from '../../shared/permissions.js';
import { CloseCode } from '../../shared/protocol.js';
import { LIMITS } from '../../shared/limits.js';
import type { CollabIdentity } from './access.js';
import { encodeRefusal } from './messages.js';

export interface ConnectionOptions {
  ws: WebSocket;
  docName: string;
  identity: CollabIdentity;
  capability: Capability;
  wantsAck: boolean;
}

/**
 * Where a connection is in its life: waiting for the client's first sync step 2 (its answer
 * to the server's step 1, which brings what it wrote offline), synced, or stopped (the
 * server refused something or closed it as busy: later messages are ignored).
 */
export type ConnectionPhase = 'awaiting-sync' | 'synced' | 'stopped';

/** Updates a connection may send before its first sync step 2 whose dependencies are still to come in it. */
const MAX_HELD_UPDATES = 200;

/** A token bucket: `updateBurst` messages at once, `updatesPerSecond` sustained. */
class RateLimit {
  private tokens: number = LIMITS.updateBurst;
  private last = Date.now();
  /** When the connection started running over its rate without recovering, or null. */
  throttledSince: number | null = null;

  /** Takes one token; returns how long the reader should pause (0 for no pause). */
  take(now = Date.now()): number {
    this.tokens = Math.min(LIMITS.updateBurst, this.tokens + ((now - this.last) / 1000) * LIMITS.updatesPerSecond);
    this.last = now;
    this.tokens -= 1;
    if (this.tokens >= 0) {
      if (this.tokens >= LIMITS.updateBurst / 2) this.throttledSince = null;
      return 0;
    }
    this.throttledSince ??= now;
    return Math.ceil((-this.tokens / LIMITS.updatesPerSecond) * 1000);
  }
}

/** A live collaboration connection. */
export class Connection {
  readonly ws: WebSocket;
  readonly docName: string;
  readonly identity: CollabIdentity;
  readonly wantsAck: boolean;
  capability: Capability;
  /** Sync step 2 and update messages received and fully handled (committed or no-op). */
  writesHandled = 0;
  /** Awareness client ids this connection speaks for. */
  readonly awarenessClients = new Set<number>();
  private phaseValue: ConnectionPhase = 'awaiting-sync';
  /** Updates received before the first sync step 2 that depend on what it will bring (WriteGate.check). */
  private held: Uint8Array[] = [];
  private readonly rate = new RateLimit();
  private resumeTimer: NodeJS.Timeout | null = null;

  constructor(options: ConnectionOptions) {
    this.ws = options.ws;
    this.docName = options.docName;
    this.identity = options.identity;
    this.capability = options.capability;
    this.wantsAck = options.wantsAck;
  }

  get phase(): ConnectionPhase {
    return this.phaseValue;
  }

  /** Whether later messages are ignored (a refusal or a busy close). */
  get refused(): boolean {
    return this.phaseValue === 'stopped';
  }

  /** Whether an update whose dependencies are missing may wait for the first sync step 2. */
  get mayHold(): boolean {
    return this.phaseValue === 'awaiting-sync' && this.held.length < MAX_HELD_UPDATES;
  }

  /** Keeps an update until the first sync step 2 (only while `mayHold`). */
  hold(update: Uint8Array): void {
    if (!this.mayHold) throw new Error('this connection cannot hold updates any more');
    this.held.push(update);
  }

  /**
   * The client's sync step 2 arrived: answers what was held back (to be checked now) the
   * first time, nothing afterwards.
   */
  synced(): Uint8Array[] {
    if (this.phaseValue !== 'awaiting-sync') return [];
    this.phaseValue = 'synced';
    const held = this.held;
    this.held = [];
    return held;
  }

  get open(): boolean {
    return this.ws.readyState === this.ws.OPEN;
  }

  send(message: Uint8Array): void {
    if (this.open) this.ws.send(message);
  }

  /** Sends several messages in one socket write (corked), in order. */
  sendBatch(messages: readonly Uint8Array[]): void {
    if (!messages.length || !this.open) return;
    if (messages.length === 1) return this.ws.send(messages[0]);
    // `ws` keeps its net.Socket private; corking it makes the frames leave in one writev.
    const socket = (this.ws as unknown as { _socket?: { cork(): void; uncork(): void } })._socket;
    socket?.cork();
    for (const message of messages) this.ws.send(message);
    socket?.uncork();
  }

  /** Sends Atelier-only messages to clients that asked for them. */
  sendExtra(message: Uint8Array): void {
    if (this.wantsAck) this.send(message);
  }

  /** Closes with a code; for refusals the reason is also sent as a message first. */
  close(code: number, message: string): void {
    if (code >= 4400) {
      this.phaseValue = 'stopped';
      this.sendExtra(encodeRefusal(code, message));
    }
    // Busy: what it sent after the failed commit is not handled either; it resends on reconnect.
    if (code === CloseCode.storageBusy) this.phaseValue = 'stopped';
    if (this.resumeTimer) clearTimeout(this.resumeTimer);
    if (this.ws.readyState === this.ws.OPEN || this.ws.readyState === this.ws.CONNECTING) {
      // Close reasons are limited to 123 bytes by the websocket protocol.
      this.ws.close(code, Buffer.from(message).subarray(0, 120).toString());
    }
  }

  /**
   * Applies backpressure: past the burst, stop reading the socket until the rate allows
   * more. Returns false (and closes with 4429) only when abuse outlasts the grace period.
   */
  admit(): boolean {
    const pause = this.rate.take();
    if (pause === 0) return true;
    if (this.rate.throttledSince !== null && Date.now() - this.rate.throttledSince > LIMITS.abuseGraceMs) {
      this.close(CloseCode.tooManyUpdates, 'too many updates');
      return false;
    }
    if (!this.resumeTimer) {
      this.ws.pause();
      this.resumeTimer = setTimeout(() => {
        this.resumeTimer = null;
        if (this.open) this.ws.resume();
      }, pause);
    }
    return true;
  }
}

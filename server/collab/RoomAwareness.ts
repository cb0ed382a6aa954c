/**
 * A room's awareness (carets, names, who is here), and its policy: a connection may only
 * speak for the client ids it introduced (at most MAX_AWARENESS_CLIENTS_PER_CONNECTION), and
 * the identity fields of every state are overwritten with the session's (A3). Changes go out
 * batched (AWARENESS_BATCH_MS). Awareness lives on a Y.Doc of its own, so the room's content
 * document can be reloaded under it.
 */
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { Connection } from './Connection.js';
import { MalformedMessage } from './frames.js';
import { encodeAwarenessMessage } from './messages.js';

/** Largest awareness state a client may publish (JSON characters). */
const MAX_AWARENESS_STATE_CHARS = 8 * 1024;
/** Client ids one connection may speak for (the stock client has one per document). */
const MAX_AWARENESS_CLIENTS_PER_CONNECTION = 16;
/**
 * Entries in one awareness message. The stock client sends back every change it hears, so
 * a newcomer to a busy room returns everyone's state at once: this bounds the room, not a
 * client's own states.
 */
const MAX_AWARENESS_ENTRIES = 10_000;

/**
 * Awareness changes (carets, arrivals, departures, and every client's renewal each 15 s) are
 * sent to the room's connections at most this often, all changes since the last sending in
 * one message. Sent one by one, 250 clients renewing at about the same moment cost 62,500
 * socket writes in a burst, which held edits back by up to 300 ms (P1's p99).
 */
const AWARENESS_BATCH_MS = 50;

/** The awareness of one room. */
export class RoomAwareness {
  private readonly awareness = new awarenessProtocol.Awareness(new Y.Doc());
  private readonly owners = new Map<number, Connection>();
  /** Who spoke for each client id that left (user id), so that client can come back. */
  private readonly departedUsers = new Map<number, string>();
  /** Client ids whose awareness changed since the last sending. */
  private readonly changed = new Set<number>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly connections: () => Iterable<Connection>) {
    this.awareness.setLocalState(null);
    this.awareness.on('update', ({ added, updated, removed }: Record<'added' | 'updated' | 'removed', number[]>) => {
      for (const clientId of added.concat(updated, removed)) this.changed.add(clientId);
      this.timer ??= setTimeout(() => this.sendChanges(), AWARENESS_BATCH_MS);
    });
  }

  /** Every known state, for a connection that just joined (null when nobody is here). */
  statesMessage(): Uint8Array | null {
    const states = [...this.awareness.getStates().keys()];
    return states.length ? encodeAwarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, states)) : null;
  }

  /** A connection left: its clients' states go, remembered as its person's. */
  forget(conn: Connection): void {
    const ids = [...conn.awarenessClients].filter((id) => this.owners.get(id) === conn);
    for (const id of ids) {
      this.owners.delete(id);
      this.departedUsers.set(id, conn.identity.userId);
    }
    if (ids.length) awarenessProtocol.removeAwarenessStates(this.awareness, ids, 'left');
  }

  /**
   * One awareness message from `conn`. The stock client sends back every awareness change it
   * hears, its peers' states included: those entries (owned by another connection, or no
   * newer than what the room knows, like a departed client's) are skipped unread.
   *
   * One exception: a client that reconnects sends its unchanged state with its old clock,
   * which the room's departure notice (one tick newer) has passed, so peers would not see it
   * again until it moved. When that state is the first thing a new connection of the same
   * person says, it is taken as the client coming back, and sent on one tick past the room's.
   * Throws MalformedMessage.
   */
  receive(conn: Connection, payload: Uint8Array): void {
    const decoder = decoding.createDecoder(payload);
    const encoder = encoding.createEncoder();
    const entries: { clientId: number; clock: number; state: unknown }[] = [];
    try {
      const count = decoding.readVarUint(decoder);
      if (count > MAX_AWARENESS_ENTRIES) throw new Error('too many states');
      for (let i = 0; i < count; i++) {
        const clientId = decoding.readVarUint(decoder);
        const clock = decoding.readVarUint(decoder);
        const owner = this.owners.get(clientId);
        const known = this.awareness.meta.get(clientId);
        const returning = i === 0 && !owner && conn.awarenessClients.size === 0 && this.departedUsers.get(clientId) === conn.identity.userId;
        if ((owner && owner !== conn) || (!owner && known && clock <= known.clock && !returning)) {
          decoding.readVarUint8Array(decoder); // a peer's state, heard and sent back
          continue;
        }
        const text = decoding.readVarString(decoder);
        if (text.length > MAX_AWARENESS_STATE_CHARS) throw new Error('state too large');
        entries.push({ clientId, clock: known && clock <= known.clock ? known.clock + 1 : clock, state: JSON.parse(text) });
      }
    } catch {
      throw new MalformedMessage('awareness message could not be decoded');
    }
    if (decoder.pos !== payload.length) throw new MalformedMessage('bytes left over after the awareness message');
    // A client id nobody owns, with no state: nothing to remove, nothing to claim.
    const own = entries.filter(({ clientId, state }) => this.owners.has(clientId) || state !== null);
    for (const { clientId } of own) {
      if (this.owners.has(clientId)) continue;
      if (conn.awarenessClients.size >= MAX_AWARENESS_CLIENTS_PER_CONNECTION) throw new MalformedMessage('awareness for too many clients');
      this.owners.set(clientId, conn);
      this.departedUsers.delete(clientId);
      conn.awarenessClients.add(clientId);
    }
    encoding.writeVarUint(encoder, own.length);
    for (const { clientId, clock, state } of own) {
      const stamped = state === null || typeof state !== 'object' || Array.isArray(state) ? null : stamp(conn, state as Record<string, unknown>);
      encoding.writeVarUint(encoder, clientId);
      encoding.writeVarUint(encoder, clock);
      encoding.writeVarString(encoder, JSON.stringify(stamped));
    }
    if (own.length) awarenessProtocol.applyAwarenessUpdate(this.awareness, encoding.toUint8Array(encoder), conn);
  }

  /** One message with every awareness change since the last, to every connection. */
  private sendChanges(): void {
    this.timer = null;
    const changed = [...this.changed];
    this.changed.clear();
    const connections = [...this.connections()];
    if (changed.length === 0 || connections.length === 0) return;
    const message = encodeAwarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed));
    for (const conn of connections) conn.send(message);
  }

  destroy(): void {
    if (this.timer) clearTimeout(this.timer);
    this.awareness.destroy();
  }
}

/** A state as peers see it: the identity fields are the session's, whatever the client wrote (A3). */
function stamp(conn: Connection, state: Record<string, unknown>): Record<string, unknown> {
  const { identity } = conn;
  const user = typeof state.user === 'object' && state.user !== null ? (state.user as Record<string, unknown>) : {};
  return {
    ...state,
    user: {
      ...user,
      id: identity.userId,
      name: identity.name,
      organisation: identity.organisation,
      color: identity.colour,
      capability: conn.capability,
    },
  };
}

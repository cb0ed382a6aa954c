/**
 * The collaboration server: the websocket endpoint `/collab/<docName>` speaking the
 * y-websocket protocol, with authentication and Origin checks before the upgrade
 * completes (A1), a capability per connection (A2), and rooms loaded on demand.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Schema } from '@tiptap/pm/model';
import { ACK_QUERY_PARAM, CloseCode, DOC_NAME_PATTERN, MIN_EDITOR_VERSION } from '../../shared/protocol.js';
import { LIMITS } from '../../shared/limits.js';
import { getEditorSchema } from '../../shared/editor/extensions.js';
import type { Logger } from '../logger.js';
import type { DocStore, EditAuthor } from '../db/docStore.js';
import { isSameOriginRequest } from '../http/origin.js';
import type { CollabAccess } from './access.js';
import { Connection } from './Connection.js';
import { Room, type Command } from './Room.js';
import { NO_HOOKS, type CollabHooks } from './hooks.js';

export interface CollabServerOptions {
  store: DocStore;
  access: CollabAccess;
  logger: Logger;
  publicUrl: string | null;
  schema?: Schema;
  hooks?: CollabHooks;
  /** Commit every message queued in a room in one transaction (default); false commits one at a time (benchmarks). */
  groupCommit?: boolean;
}

export interface CollabStats {
  rooms: number;
  connections: number;
}

function refuseHttp(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** Websocket sync server for section drafts. */
export class CollabServer {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: LIMITS.maxFrameBytes, perMessageDeflate: false });
  private readonly rooms = new Map<string, Room>();
  private readonly connections = new Set<Connection>();
  private readonly store: DocStore;
  private readonly access: CollabAccess;
  private readonly logger: Logger;
  private readonly publicUrl: string | null;
  private readonly schema: Schema;
  private readonly hooks: CollabHooks;
  private readonly groupCommit: boolean;
  private closing = false;

  constructor(options: CollabServerOptions) {
    this.store = options.store;
    this.access = options.access;
    this.logger = options.logger;
    this.publicUrl = options.publicUrl;
    this.schema = options.schema ?? getEditorSchema();
    this.hooks = options.hooks ?? NO_HOOKS;
    this.groupCommit = options.groupCommit ?? true;
  }

  /** Handles an HTTP upgrade request; anything not under /collab/ is refused. */
  async handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith('/collab/')) return refuseHttp(socket, '404 Not Found');
    if (this.closing) return refuseHttp(socket, '503 Service Unavailable');
    if (!isSameOriginRequest(req, this.publicUrl)) return refuseHttp(socket, '403 Forbidden');

    let docName = '';
    try {
      docName = decodeURIComponent(url.pathname.slice('/collab/'.length));
    } catch {
      docName = '';
    }
    const identity = await this.access.authenticate(req).catch(() => null);
    const capability = identity && DOC_NAME_PATTERN.test(docName) ? await this.access.capability(identity, docName).catch(() => null) : null;
    const version = url.searchParams.get('v');

    this.wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      // Refusals close at once, before reading any message or sending any document data.
      if (!identity) return ws.close(CloseCode.sessionEnded, 'sign in again');
      if (!capability) return ws.close(CloseCode.accessRemoved, 'no access to this document');
      if (version !== null && !(Number(version) >= MIN_EDITOR_VERSION)) return ws.close(CloseCode.clientTooOld, 'please reload the app');
      if (this.closing) return ws.close(CloseCode.serverShuttingDown, 'server shutting down');
      const conn = new Connection({ ws, docName, identity, capability, wantsAck: url.searchParams.get(ACK_QUERY_PARAM) === '1' });
      this.connections.add(conn);
      ws.on('close', () => this.connections.delete(conn));
      ws.on('error', (error) => this.logger.debug({ err: error, doc: docName }, 'websocket error'));
      this.roomFor(docName).join(conn);
    });
  }

  /** The loaded room of a document, loading it once however many connections ask. */
  private roomFor(docName: string): Room {
    let room = this.rooms.get(docName);
    if (!room || room.closed) {
      room = new Room({
        docName,
        store: this.store,
        schema: this.schema,
        logger: this.logger,
        hooks: this.hooks,
        groupCommit: this.groupCommit,
        onIdle: (idle) => {
          if (this.rooms.get(docName) === idle && idle.connections.size === 0) {
            this.rooms.delete(docName);
            idle.destroy();
          }
        },
      });
      const loading = room;
      room.loaded.catch((error: unknown) => {
        this.logger.warn({ err: error, doc: docName }, 'room failed to load');
        if (this.rooms.get(docName) === loading) this.rooms.delete(docName);
        loading.destroy();
      });
      this.rooms.set(docName, room);
    }
    return room;
  }

  /**
   * Runs a server command on a document (loading it if needed), serialised with every
   * client's updates; its changes are committed and broadcast like an update.
   */
  async command<T>(docName: string, author: EditAuthor | null, run: Command<T>): Promise<T> {
    // A room can be unloaded while this waits for it to load: then take the next one.
    for (;;) {
      const room = this.roomFor(docName);
      await room.loaded;
      if (!room.closed) return room.command(author, run);
    }
  }

  /** Re-checks a person's live connections after a role change or removal (A4). */
  async refreshUser(userId: string): Promise<void> {
    const conns = [...this.connections].filter((conn) => conn.identity.userId === userId);
    await Promise.all(
      conns.map(async (conn) => {
        if (!(await this.access.sessionValid(conn.identity.sessionId))) return conn.close(CloseCode.sessionEnded, 'session ended');
        const capability = await this.access.capability(conn.identity, conn.docName);
        if (!capability) conn.close(CloseCode.accessRemoved, 'access removed');
        else if (capability !== conn.capability) conn.close(CloseCode.capabilityChanged, 'your permissions changed');
      }),
    );
  }

  /** Closes every connection of a session that ended (sign-out, expiry). */
  endSession(sessionId: string): void {
    for (const conn of this.connections) if (conn.identity.sessionId === sessionId) conn.close(CloseCode.sessionEnded, 'session ended');
  }

  /** Follows a session to its new id (rotated on a role change) so live connections stay valid. */
  renameSession(from: string, to: string): void {
    for (const conn of this.connections) if (conn.identity.sessionId === from) conn.identity.sessionId = to;
  }

  /** Loaded rooms and open connections. */
  stats(): CollabStats {
    return { rooms: this.rooms.size, connections: this.connections.size };
  }

  /** Resolves once everything received for a document is handled and committed. */
  async settled(docName: string): Promise<void> {
    await this.rooms.get(docName)?.settled();
  }

  /** Whether a document is loaded in memory (for tests and diagnostics). */
  isLoaded(docName: string): boolean {
    return this.rooms.has(docName);
  }

  /** Commits everything received, closes every connection with 1001, and unloads rooms. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all([...this.rooms.values()].map((room) => room.close()));
    for (const room of this.rooms.values()) room.destroy();
    this.rooms.clear();
    this.wss.close();
  }
}

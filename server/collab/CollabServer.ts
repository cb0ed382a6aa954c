/**
 * The collaboration endpoint: the websocket `/collab/<docName>` speaking the y-websocket
 * protocol, with authentication and the Origin check before the upgrade completes (A1) and
 * a capability per connection (A2). Accepted connections join their document's room
 * (RoomRegistry); this class keeps only the connections, to close or re-check them when a
 * session or a role changes.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { ACK_QUERY_PARAM, CloseCode, DOC_NAME_PATTERN, MIN_EDITOR_VERSION } from '../../shared/protocol.js';
import { LIMITS } from '../../shared/limits.js';
import type { Logger } from '../logger.js';
import type { CollabAccess } from './access.js';
import { Connection } from './Connection.js';
import type { RoomRegistry } from './RoomRegistry.js';

export interface CollabServerOptions {
  rooms: RoomRegistry;
  access: CollabAccess;
  logger: Logger;
  /** Whether an upgrade request comes from the app's own origin (A1); the HTTP layer knows how to tell. */
  isAllowedOrigin: (req: IncomingMessage) => boolean;
}

export interface CollabStats {
  rooms: number;
  connections: number;
}

function refuseHttp(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** Websocket endpoint for section drafts. */
export class CollabServer {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: LIMITS.maxFrameBytes, perMessageDeflate: false });
  private readonly connections = new Set<Connection>();
  private readonly rooms: RoomRegistry;
  private readonly access: CollabAccess;
  private readonly logger: Logger;
  private readonly isAllowedOrigin: (req: IncomingMessage) => boolean;
  private closing = false;

  constructor(options: CollabServerOptions) {
    this.rooms = options.rooms;
    this.access = options.access;
    this.logger = options.logger;
    this.isAllowedOrigin = options.isAllowedOrigin;
  }

  /** Handles an HTTP upgrade request; anything not under /collab/ is refused. */
  async handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith('/collab/')) return refuseHttp(socket, '404 Not Found');
    if (this.closing) return refuseHttp(socket, '503 Service Unavailable');
    if (!this.isAllowedOrigin(req)) return refuseHttp(socket, '403 Forbidden');

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
      this.rooms.join(conn);
    });
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

  /** Commits everything received, closes every connection with 1001, and unloads rooms. */
  async close(): Promise<void> {
    this.closing = true;
    await this.rooms.close();
    this.wss.close();
  }
}

/**
 * What the collaboration server asks of the rest of the server: who a websocket request
 * belongs to, and what that person may do with a document. Implemented by the accounts
 * and workspace services (server/services/collabAccess.ts).
 */
import type { IncomingMessage } from 'node:http';
import type { Capability } from '../../shared/permissions.js';

/** The identity stamped on awareness states and edit-log rows (A3). */
export interface CollabIdentity {
  userId: string;
  sessionId: string;
  name: string;
  organisation: { id: string; name: string };
  /** Caret colour, `#rrggbb`. */
  colour: string;
}

export interface CollabAccess {
  /** The session's identity, or null when there is no valid session. */
  authenticate(req: IncomingMessage): Promise<CollabIdentity | null>;
  /** The capability on a document, or null when it is unknown or forbidden (same answer). */
  capability(identity: CollabIdentity, docName: string): Promise<Capability | null>;
  /** Whether the session is still valid (checked when access changes). */
  sessionValid(sessionId: string): Promise<boolean>;
}

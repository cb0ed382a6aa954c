/**
 * The collaboration server's view of accounts and workspaces (server/collab/access.ts):
 * sessions from the cookie, capabilities from the permission matrix, stamped identities.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../db/database.js';
import type { CollabAccess } from '../collab/access.js';
import { capabilityFor } from '../../shared/permissions.js';
import type { AccountService } from './accounts.js';
import type { SessionService } from './sessions.js';
import { readSessionToken } from './sessions.js';
import type { WorkspaceService } from './workspaces.js';

/** A deterministic, readable caret colour (`#rrggbb`) for a user id. */
export function colourForUser(userId: string): string {
  const digest = createHash('sha256').update(userId).digest();
  const hue = ((digest[0] << 8) | digest[1]) % 360;
  const saturation = 0.65;
  const lightness = 0.42;
  // HSL → RGB (CSS Color 4's formula).
  const channel = (n: number) => {
    const k = (n + hue / 30) % 12;
    const a = saturation * Math.min(lightness, 1 - lightness);
    const value = lightness - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(value * 255)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${channel(0)}${channel(8)}${channel(4)}`;
}

/** Creates the CollabAccess implementation. */
export function createCollabAccess(
  db: Db,
  deps: { accounts: AccountService; sessions: SessionService; workspaces: WorkspaceService },
): CollabAccess {
  const docWorkspace = db.prepare('SELECT workspace_id FROM docs WHERE name = ?');
  return {
    async authenticate(req) {
      const session = deps.sessions.resolve(readSessionToken(req.headers.cookie));
      if (!session) return null;
      const user = deps.accounts.findById(session.userId);
      if (!user || user.disabled) return null;
      return {
        userId: user.id,
        sessionId: session.id,
        name: user.name,
        organisation: { id: user.organisationId, name: user.organisationName },
        colour: colourForUser(user.id),
      };
    },
    async capability(identity, docName) {
      const row = docWorkspace.get(docName) as { workspace_id: string } | undefined;
      if (!row) return null;
      const workspace = deps.workspaces.findById(row.workspace_id);
      const role = workspace ? deps.workspaces.roleOf(identity.userId, workspace.id) : null;
      if (!workspace || !role) return null;
      return capabilityFor(role, deps.workspaces.policyOf(workspace));
    },
    async sessionValid(sessionId) {
      return deps.sessions.isValid(sessionId);
    },
  };
}

/**
 * The collaboration server's view of accounts and workspaces (server/collab/access.ts):
 * sessions from the cookie, capabilities from the permission matrix, stamped identities.
 */
import type { Db } from '../db/database.js';
import type { CollabAccess } from '../collab/access.js';
import { capabilityFor } from '../../shared/permissions.js';
import { colourForUser } from '../../shared/colours.js';

import type { AccountService } from './accounts.js';
import type { SessionService } from './sessions.js';
import { readSessionToken } from './sessions.js';
import type { WorkspaceService } from './workspaces.js';

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

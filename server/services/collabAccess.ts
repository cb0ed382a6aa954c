/**
 * The collaboration server's view of accounts and workspaces (server/collab/access.ts):
 * sessions from the cookie, capabilities from the permission matrix, stamped identities.
 */
import type { DocDirectory } from '../db/docs.js';
import type { CollabAccess } from '../collab/access.js';
import { capabilityFor } from '../../shared/permissions.js';
import { colourForUser } from '../../shared/colours.js';

import type { AccountService } from './accounts.js';
import type { SessionService } from './sessions.js';
import { readSessionToken } from './sessions.js';
import type { WorkspaceService } from './workspaces.js';

/** Creates the CollabAccess implementation. */
export function createCollabAccess(deps: { docs: DocDirectory; accounts: AccountService; sessions: SessionService; workspaces: WorkspaceService }): CollabAccess {
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
      const doc = deps.docs.resolve(docName);
      const workspace = doc ? deps.workspaces.findById(doc.workspaceId) : null;
      const role = workspace ? deps.workspaces.roleOf(identity.userId, workspace.id) : null;
      if (!workspace || !role) return null;
      return capabilityFor(role, deps.workspaces.policyOf(workspace));
    },
    async sessionValid(sessionId) {
      return deps.sessions.isValid(sessionId);
    },
  };
}

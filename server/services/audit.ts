/** The audit log: sign-ins, failures, workspace and section changes. */
import type { Db } from '../db/database.js';

/** One audit entry to record. */
export interface AuditEntry {
  actorId: string | null;
  action: string;
  workspaceId?: string | null;
  target?: string | null;
  details?: Record<string, unknown>;
}

/** A stored audit entry. */
export interface AuditRecord extends Required<Omit<AuditEntry, 'details'>> {
  id: number;
  at: number;
  details: Record<string, unknown>;
}

export interface AuditService {
  /** Appends an entry. */
  record(entry: AuditEntry, at?: number): void;
  /** The newest entries first. */
  list(options?: { workspaceId?: string; limit?: number }): AuditRecord[];
  /**
   * A workspace's log, newest first: its own entries plus the account entries (sign-ins,
   * failures, password changes) of its current members. `action` matches exactly, or as a
   * prefix when it ends with a dot; `before` is an entry id (paging).
   */
  listForWorkspace(workspaceId: string, filter: { action?: string; actorId?: string; before?: number; limit: number }): AuditRecord[];
}

interface AuditRow {
  id: number;
  at: number;
  actor_id: string | null;
  action: string;
  workspace_id: string | null;
  target: string | null;
  details: string;
}

/** Creates the audit service over the database. */
export function createAuditService(db: Db): AuditService {
  const insert = db.prepare(
    'INSERT INTO audit_log (at, actor_id, action, workspace_id, target, details) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const listAll = db.prepare('SELECT * FROM audit_log ORDER BY id DESC LIMIT ?');
  const listWorkspace = db.prepare('SELECT * FROM audit_log WHERE workspace_id = ? ORDER BY id DESC LIMIT ?');
  const toRecord = (row: AuditRow): AuditRecord => ({
    id: row.id,
    at: row.at,
    actorId: row.actor_id,
    action: row.action,
    workspaceId: row.workspace_id,
    target: row.target,
    details: JSON.parse(row.details) as Record<string, unknown>,
  });
  // Every filter is a bound parameter; a missing one is NULL and matches everything.
  const forWorkspace = db.prepare(`SELECT * FROM audit_log
    WHERE (workspace_id = @ws
           OR (workspace_id IS NULL AND action LIKE 'auth.%'
               AND actor_id IN (SELECT user_id FROM memberships WHERE workspace_id = @ws)))
      AND (@action IS NULL OR action = @action OR (@prefix IS NOT NULL AND substr(action, 1, length(@prefix)) = @prefix))
      AND (@actor IS NULL OR actor_id = @actor)
      AND (@before IS NULL OR id < @before)
    ORDER BY id DESC LIMIT @limit`);
  return {
    listForWorkspace(workspaceId, filter) {
      const prefix = filter.action?.endsWith('.') ? filter.action : null;
      const rows = forWorkspace.all({
        ws: workspaceId,
        action: filter.action ?? null,
        prefix,
        actor: filter.actorId ?? null,
        before: filter.before ?? null,
        limit: filter.limit,
      }) as AuditRow[];
      return rows.map(toRecord);
    },
    record(entry, at = Date.now()) {
      insert.run(at, entry.actorId, entry.action, entry.workspaceId ?? null, entry.target ?? null, JSON.stringify(entry.details ?? {}));
    },
    list({ workspaceId, limit = 100 } = {}) {
      const rows = (workspaceId ? listWorkspace.all(workspaceId, limit) : listAll.all(limit)) as AuditRow[];
      return rows.map(toRecord);
    },
  };
}

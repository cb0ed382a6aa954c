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
  return {
    record(entry, at = Date.now()) {
      insert.run(at, entry.actorId, entry.action, entry.workspaceId ?? null, entry.target ?? null, JSON.stringify(entry.details ?? {}));
    },
    list({ workspaceId, limit = 100 } = {}) {
      const rows = (workspaceId ? listWorkspace.all(workspaceId, limit) : listAll.all(limit)) as AuditRow[];
      return rows.map((row) => ({
        id: row.id,
        at: row.at,
        actorId: row.actor_id,
        action: row.action,
        workspaceId: row.workspace_id,
        target: row.target,
        details: JSON.parse(row.details) as Record<string, unknown>,
      }));
    },
  };
}

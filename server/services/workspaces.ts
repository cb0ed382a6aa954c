/** Workspaces and memberships: who sees which workspace, in which role. */
import type { Db } from '../db/database.js';
import type { CreateWorkspaceRequest, Language, Workspace } from '../../shared/api.js';
import type { Role, WorkspacePolicy } from '../../shared/permissions.js';
import { createId } from './ids.js';
import { fail, succeed, type Result } from './result.js';
import type { AuditService } from './audit.js';
import type { ServiceEvents } from './events.js';
import type { SectionService } from './sections.js';

/** A stored workspace. */
export interface WorkspaceRecord {
  id: string;
  slug: string;
  name: string;
  /** The first is the default language. */
  languages: Language[];
  readersMayComment: boolean;
}

export interface WorkspaceService {
  /** Finds a workspace by slug. */
  findBySlug(slug: string): WorkspaceRecord | null;
  /** Finds a workspace by id. */
  findById(id: string): WorkspaceRecord | null;
  /** A person's role in a workspace, or null when not a member. */
  roleOf(userId: string, workspaceId: string): Role | null;
  /** The workspace's permission policy. */
  policyOf(workspace: WorkspaceRecord): WorkspacePolicy;
  /** The workspaces a person is a member of, with their outlines. */
  listForUser(userId: string, options?: { archived?: boolean }): Workspace[];
  /** One workspace as its member sees it. */
  present(workspace: WorkspaceRecord, role: Role, options?: { archived?: boolean }): Workspace;
  /** Creates a workspace; its creator becomes its admin. */
  create(actorId: string, input: CreateWorkspaceRequest): Result<WorkspaceRecord>;
  /** Adds a member or changes their role (announced as an access change). */
  setMember(workspaceId: string, userId: string, role: Role, actorId?: string | null): void;
  /** Removes a member (announced as an access change). */
  removeMember(workspaceId: string, userId: string, actorId?: string | null): void;
}

interface WorkspaceRow {
  id: string;
  slug: string;
  name: string;
  languages: string;
  readers_may_comment: number;
}

function toRecord(row: WorkspaceRow): WorkspaceRecord {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    languages: JSON.parse(row.languages) as Language[],
    readersMayComment: row.readers_may_comment === 1,
  };
}

/** Creates the workspace service. */
export function createWorkspaceService(
  db: Db,
  deps: { events: ServiceEvents; audit: AuditService; sections: () => SectionService },
): WorkspaceService {
  const bySlug = db.prepare('SELECT * FROM workspaces WHERE slug = ?');
  const byId = db.prepare('SELECT * FROM workspaces WHERE id = ?');
  const role = db.prepare('SELECT role FROM memberships WHERE workspace_id = ? AND user_id = ?');
  const forUser = db.prepare(
    'SELECT w.*, m.role FROM workspaces w JOIN memberships m ON m.workspace_id = w.id WHERE m.user_id = ? ORDER BY w.created_at, w.slug',
  );
  const insert = db.prepare('INSERT INTO workspaces (id, slug, name, languages, readers_may_comment, created_at) VALUES (?, ?, ?, ?, ?, ?)');
  const upsertMember = db.prepare(
    `INSERT INTO memberships (workspace_id, user_id, role, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (workspace_id, user_id) DO UPDATE SET role = excluded.role`,
  );
  const deleteMember = db.prepare('DELETE FROM memberships WHERE workspace_id = ? AND user_id = ?');

  const service: WorkspaceService = {
    findBySlug(slug) {
      const row = bySlug.get(slug) as WorkspaceRow | undefined;
      return row ? toRecord(row) : null;
    },
    findById(id) {
      const row = byId.get(id) as WorkspaceRow | undefined;
      return row ? toRecord(row) : null;
    },
    roleOf(userId, workspaceId) {
      const row = role.get(workspaceId, userId) as { role: Role } | undefined;
      return row?.role ?? null;
    },
    policyOf(workspace) {
      return { readersMayComment: workspace.readersMayComment };
    },
    listForUser(userId, options = {}) {
      const rows = forUser.all(userId) as (WorkspaceRow & { role: Role })[];
      return rows.map((row) => service.present(toRecord(row), row.role, options));
    },
    present(workspace, memberRole, options = {}) {
      return {
        id: workspace.id,
        slug: workspace.slug,
        name: workspace.name,
        languages: workspace.languages,
        role: memberRole,
        readersMayComment: workspace.readersMayComment,
        sections: deps.sections().listOutline(workspace, options),
      };
    },
    create(actorId, input) {
      if (service.findBySlug(input.slug)) return fail('conflict', 'A workspace with this slug exists', 'slug');
      const record: WorkspaceRecord = {
        id: createId(),
        slug: input.slug,
        name: input.name,
        languages: input.languages,
        readersMayComment: input.readersMayComment ?? false,
      };
      const now = Date.now();
      db.transaction(() => {
        insert.run(record.id, record.slug, record.name, JSON.stringify(record.languages), record.readersMayComment ? 1 : 0, now);
        upsertMember.run(record.id, actorId, 'admin', now);
        deps.audit.record({ actorId, action: 'workspace.create', workspaceId: record.id, target: record.slug, details: { ...input } }, now);
      })();
      deps.events.emit('access-changed', { userId: actorId });
      return succeed(record);
    },
    setMember(workspaceId, userId, memberRole, actorId = null) {
      db.transaction(() => {
        upsertMember.run(workspaceId, userId, memberRole, Date.now());
        deps.audit.record({ actorId, action: 'member.set', workspaceId, target: userId, details: { role: memberRole } });
      })();
      deps.events.emit('access-changed', { userId });
    },
    removeMember(workspaceId, userId, actorId = null) {
      db.transaction(() => {
        deleteMember.run(workspaceId, userId);
        deps.audit.record({ actorId, action: 'member.remove', workspaceId, target: userId });
      })();
      deps.events.emit('access-changed', { userId });
    },
  };
  return service;
}

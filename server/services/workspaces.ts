/**
 * Workspaces and memberships: who sees which workspace, in which role; the workspace's
 * languages (the first is the lead language, issue 20) and its name per language.
 */
import type { Db } from '../db/database.js';
import type { DocStore } from '../db/docStore.js';
import type { CreateWorkspaceRequest, Language, Member, UpdateWorkspaceRequest, Workspace } from '../../shared/api.js';
import { fourEyesByDefault, type Role, type WorkspacePolicy } from '../../shared/permissions.js';
import { createId } from './ids.js';
import { fail, succeed, type Result } from './result.js';
import type { AuditService } from './audit.js';
import type { ServiceEvents } from './events.js';
import type { SectionService } from './sections.js';
import type { SessionService } from './sessions.js';

/** A stored workspace. */
export interface WorkspaceRecord {
  id: string;
  slug: string;
  /** The lead language's name. */
  name: string;
  /** The name per language (only languages that have one). */
  names: Partial<Record<Language, string>>;
  /** The first is the lead language: the one the others are translated from. */
  languages: Language[];
  readersMayComment: boolean;
  /** Four eyes: an approval needs someone other than the person who asked for it (V2). */
  fourEyes: boolean;
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
  /**
   * Changes workspace settings (admins): the four-eyes rule, names per language, languages
   * (added ones get an empty draft of every section, in the same unit of work; none may be
   * removed) and the lead language.
   */
  updateSettings(actorId: string, workspace: WorkspaceRecord, settings: UpdateWorkspaceRequest): Promise<Result<WorkspaceRecord>>;
  /** Adds a member or changes their role (announced as an access change). */
  setMember(workspaceId: string, userId: string, role: Role, actorId?: string | null): void;
  /** Removes a member (announced as an access change). */
  removeMember(workspaceId: string, userId: string, actorId?: string | null): void;
  /** The members, by name, as "Name (Organisation)" with their role. */
  listMembers(workspaceId: string): Member[];
  /** One member, or null. */
  findMember(workspaceId: string, userId: string): Member | null;
  /**
   * An admin changes someone's role: not_found for a non-member, conflict when it would
   * leave the workspace without an admin. The person's sessions are marked for rotation.
   * Setting the role someone already has changes nothing.
   */
  changeRole(actorId: string, workspaceId: string, userId: string, role: Role): Result<Member>;
  /** An admin removes someone (same rules); what they wrote stays attributed to them. */
  remove(actorId: string, workspaceId: string, userId: string): Result<void>;
}

interface WorkspaceRow {
  id: string;
  slug: string;
  name: string;
  languages: string;
  names: string;
  readers_may_comment: number;
  four_eyes: number;
}

function toRecord(row: WorkspaceRow): WorkspaceRecord {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    names: JSON.parse(row.names || '{}') as Partial<Record<Language, string>>,
    languages: JSON.parse(row.languages) as Language[],
    readersMayComment: row.readers_may_comment === 1,
    fourEyes: row.four_eyes === 1,
  };
}

/** Creates the workspace service. */
export function createWorkspaceService(
  db: Db,
  deps: { events: ServiceEvents; audit: AuditService; sections: SectionService; sessions: SessionService; store: DocStore },
): WorkspaceService {
  type MemberRow = { role: Role; id: string; name: string; email: string; organisation_id: string; organisation_name: string };
  const toMember = (row: MemberRow): Member => ({
    user: { id: row.id, name: row.name, email: row.email, organisation: { id: row.organisation_id, name: row.organisation_name } },
    role: row.role,
  });
  /** Whether taking `current` away from this member would leave no admin. */
  const isLastAdmin = (workspaceId: string, current: Role) =>
    current === 'admin' && (adminCount.get(workspaceId) as { n: number }).n <= 1;

  const bySlug = db.prepare('SELECT * FROM workspaces WHERE slug = ?');
  const byId = db.prepare('SELECT * FROM workspaces WHERE id = ?');
  const role = db.prepare('SELECT role FROM memberships WHERE workspace_id = ? AND user_id = ?');
  const forUser = db.prepare(
    'SELECT w.*, m.role FROM workspaces w JOIN memberships m ON m.workspace_id = w.id WHERE m.user_id = ? ORDER BY w.created_at, w.slug',
  );
  const memberSelect = `SELECT m.role, u.id, u.name, u.email, o.id AS organisation_id, o.name AS organisation_name
     FROM memberships m JOIN users u ON u.id = m.user_id JOIN organisations o ON o.id = u.organisation_id`;
  const members = db.prepare(`${memberSelect} WHERE m.workspace_id = ? ORDER BY u.name COLLATE NOCASE, u.email`);
  const member = db.prepare(`${memberSelect} WHERE m.workspace_id = ? AND m.user_id = ?`);
  const adminCount = db.prepare("SELECT COUNT(*) AS n FROM memberships WHERE workspace_id = ? AND role = 'admin'");
  const insert = db.prepare('INSERT INTO workspaces (id, slug, name, names, languages, readers_may_comment, four_eyes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const setLanguages = db.prepare('UPDATE workspaces SET languages = ?, name = ?, names = ? WHERE id = ?');
  const upsertMember = db.prepare(
    `INSERT INTO memberships (workspace_id, user_id, role, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (workspace_id, user_id) DO UPDATE SET role = excluded.role`,
  );
  const setFourEyes = db.prepare('UPDATE workspaces SET four_eyes = ? WHERE id = ?');
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
        names: { ...workspace.names },
        languages: workspace.languages,
        leadLanguage: workspace.languages[0],
        role: memberRole,
        readersMayComment: workspace.readersMayComment,
        fourEyes: workspace.fourEyes,
        sections: deps.sections.listOutline(workspace, options),
      };
    },
    create(actorId, input) {
      if (service.findBySlug(input.slug)) return fail('conflict', 'A workspace with this slug exists', 'slug');
      const record: WorkspaceRecord = {
        id: createId(),
        slug: input.slug,
        name: input.name,
        names: { [input.languages[0]]: input.name },
        languages: input.languages,
        readersMayComment: input.readersMayComment ?? false,
        fourEyes: fourEyesByDefault(input.slug),
      };
      const now = Date.now();
      db.transaction(() => {
        insert.run(record.id, record.slug, record.name, JSON.stringify(record.names), JSON.stringify(record.languages), record.readersMayComment ? 1 : 0, record.fourEyes ? 1 : 0, now);
        upsertMember.run(record.id, actorId, 'admin', now);
        deps.audit.record({ actorId, action: 'workspace.create', workspaceId: record.id, target: record.slug, details: { ...input } }, now);
      })();
      deps.events.emit('access-changed', { userId: actorId });
      return succeed(record);
    },
    async updateSettings(actorId, workspace, settings) {
      const requested = settings.languages ?? workspace.languages;
      const removed = workspace.languages.filter((lang) => !requested.includes(lang));
      // A language's drafts hold translated text: removing it would delete it (T2).
      if (removed.length) return fail('conflict', `A language cannot be removed (${removed.join(', ')}): its drafts would be lost`, 'languages');
      const lead = settings.leadLanguage ?? workspace.languages[0];
      if (!requested.includes(lead)) return fail('validation_failed', 'The lead language must be one of the workspace languages', 'leadLanguage');
      // Stored lead first: everything that reads `languages[0]` reads the lead language.
      const languages = [lead, ...requested.filter((lang) => lang !== lead)];
      const added = languages.filter((lang) => !workspace.languages.includes(lang));
      const names: Partial<Record<Language, string>> = { ...workspace.names };
      for (const [lang, value] of Object.entries(settings.names ?? {}) as [Language, string][]) {
        if (!languages.includes(lang)) return fail('validation_failed', 'The workspace has no such language', `names.${lang}`);
        if (value) names[lang] = value;
        else if (lang === lead) return fail('validation_failed', 'The lead language\'s name cannot be empty', `names.${lang}`);
        else delete names[lang];
      }
      const name = names[lead] ?? workspace.name;
      const after: WorkspaceRecord = { ...workspace, languages, names, name };
      await deps.store.createDocuments((seed) => {
        if (settings.fourEyes !== undefined) setFourEyes.run(settings.fourEyes ? 1 : 0, workspace.id);
        setLanguages.run(JSON.stringify(languages), name, JSON.stringify(names), workspace.id);
        if (lead !== workspace.languages[0]) deps.sections.followLead(workspace.id, lead);
        for (const lang of added) for (const { docName, update } of deps.sections.insertLanguageDrafts(after, lang)) seed(docName, update);
        deps.audit.record({ actorId, action: 'workspace.settings', workspaceId: workspace.id, target: workspace.slug, details: { ...settings, added } });
      });
      return succeed(service.findById(workspace.id)!);
    },
    setMember(workspaceId, userId, memberRole, actorId = null) {
      db.transaction(() => {
        upsertMember.run(workspaceId, userId, memberRole, Date.now());
        deps.audit.record({ actorId, action: 'member.set', workspaceId, target: userId, details: { role: memberRole } });
      })();
      deps.events.emit('access-changed', { userId });
    },
    listMembers(workspaceId) {
      return (members.all(workspaceId) as MemberRow[]).map(toMember);
    },
    findMember(workspaceId, userId) {
      const row = member.get(workspaceId, userId) as MemberRow | undefined;
      return row ? toMember(row) : null;
    },
    changeRole(actorId, workspaceId, userId, newRole) {
      // better-sqlite3 is synchronous: nothing else runs between this check and the write.
      const current = service.findMember(workspaceId, userId);
      if (!current) return fail('not_found', 'No such member');
      if (current.role === newRole) return succeed(current);
      if (isLastAdmin(workspaceId, current.role)) return fail('conflict', 'A workspace needs at least one admin: make someone else admin first', 'role');
      db.transaction(() => {
        upsertMember.run(workspaceId, userId, newRole, Date.now());
        deps.audit.record({ actorId, action: 'member.role-change', workspaceId, target: userId, details: { from: current.role, to: newRole } });
        deps.sessions.rotateForUser(userId);
      })();
      deps.events.emit('access-changed', { userId });
      return succeed(service.findMember(workspaceId, userId)!);
    },
    remove(actorId, workspaceId, userId) {
      const current = service.findMember(workspaceId, userId);
      if (!current) return fail('not_found', 'No such member');
      if (isLastAdmin(workspaceId, current.role)) return fail('conflict', 'A workspace needs at least one admin: make someone else admin first');
      service.removeMember(workspaceId, userId, actorId);
      return succeed(undefined);
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

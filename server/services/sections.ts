/**
 * The outline of a workspace: sections in an ordered tree, each with one draft per
 * workspace language and a title per language (issue 20: `titles` holds every language's
 * title, the lead language's included; the `title` column stays the lead's, falling back to
 * another language's while the lead has none). Positions are indexes among siblings, kept
 * dense (0, 1, 2, …).
 */
import type { Db } from '../db/database.js';
import type { DocStore } from '../db/docStore.js';
import type { Logger } from '../logger.js';
import { buildSectionUrl, type CreateSectionRequest, type MoveSectionRequest, type Section, type TitlesRequest } from '../../shared/api.js';
import { buildDocName } from '../../shared/protocol.js';
import { createId } from './ids.js';
import { fail, succeed, type Result } from './result.js';
import { buildDocUpdate, buildEmptyDraft, withBlockIds, type PmNode } from './seedDoc.js';
import type { AuditService } from './audit.js';
import type { ServiceEvents } from './events.js';
import type { WorkspaceRecord } from './workspaces.js';

/** A stored section. */
export interface SectionRecord {
  id: string;
  workspaceId: string;
  slug: string;
  title: string;
  /** The title per language (only languages that have one). */
  titles: Record<string, string>;
  parentId: string | null;
  position: number;
  archivedAt: number | null;
}

/** A rename: the lead language's title and/or titles per language ('' clears one). */
export type SectionTitleChange = string | { title?: string; titles?: TitlesRequest };

/** Extras for a new section (server-side only, not part of the API request). */
export interface NewSectionOptions {
  /** Seed content of the drafts, per language (an empty paragraph otherwise). */
  drafts?: Partial<Record<string, PmNode>>;
  /** Translated titles, per language. */
  titles?: Partial<Record<string, string>>;
  /** Ready-built seed updates, per language (imports build them beforehand, with progress); win over `drafts`. */
  seeds?: Partial<Record<string, Uint8Array>>;
}

/** A section written to the database whose drafts still need seeding. */
export interface InsertedSection {
  sectionId: string;
  docs: { docName: string; update: Uint8Array }[];
}

export interface SectionService {
  /** The outline, flat and depth-first; archived sections (and their subtrees) only when asked. */
  listOutline(workspace: WorkspaceRecord, options?: { archived?: boolean }): Section[];
  /** Finds a section of a workspace. */
  find(workspaceId: string, sectionId: string): SectionRecord | null;
  /**
   * Writes a section and its docs rows (synchronously, so it can join a larger
   * transaction) and answers the draft seeds the caller must hand to the store.
   */
  insert(actorId: string | null, workspace: WorkspaceRecord, input: CreateSectionRequest, options?: NewSectionOptions): Result<InsertedSection>;
  /** Creates a section at the end of its siblings and seeds its drafts. */
  create(actorId: string | null, workspace: WorkspaceRecord, input: CreateSectionRequest, options?: NewSectionOptions): Promise<Result<Section>>;
  /** Renames a section in one or more languages (its slug stays, so links keep working). */
  rename(actorId: string, workspace: WorkspaceRecord, sectionId: string, change: SectionTitleChange): Result<Section>;
  /**
   * Gives every section of the workspace (archived ones too) an empty draft in a language
   * it has none in (synchronously, inside the caller's transaction); answers the seeds.
   */
  insertLanguageDrafts(workspace: WorkspaceRecord, lang: string): { docName: string; update: Uint8Array }[];
  /** Makes `title` the new lead language's title wherever that language has one (inside the caller's transaction). */
  followLead(workspaceId: string, lead: string): void;
  /** Moves a section under a new parent at an index among its siblings; refuses cycles. */
  move(actorId: string, workspace: WorkspaceRecord, sectionId: string, input: MoveSectionRequest): Result<Section>;
  /** Archives a section and its subtree. */
  archive(actorId: string, workspace: WorkspaceRecord, sectionId: string): Result<Section>;
  /** Brings back a section and the part of its subtree archived with it. */
  unarchive(actorId: string, workspace: WorkspaceRecord, sectionId: string): Result<Section>;
}

interface SectionRow {
  id: string;
  workspace_id: string;
  slug: string;
  title: string;
  titles: string;
  parent_id: string | null;
  position: number;
  archived_at: number | null;
}

function toRecord(row: SectionRow): SectionRecord {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    slug: row.slug,
    title: row.title,
    titles: parseTitles(row.titles),
    parentId: row.parent_id,
    position: row.position,
    archivedAt: row.archived_at,
  };
}

function parseTitles(json: string): Record<string, string> {
  try {
    const parsed = JSON.parse(json) as unknown;
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== ''));
  } catch {
    return {};
  }
}

/**
 * Merges a title change into a section's titles: '' clears a language, the lead's cannot be
 * cleared, and only the workspace's languages have titles. Answers the new titles and the
 * `title` column (the lead's, else the first language's that has one).
 */
export function mergeTitles(
  workspace: WorkspaceRecord,
  current: Record<string, string>,
  change: { title?: string; titles?: Partial<Record<string, string>> },
): Result<{ title: string; titles: Record<string, string> }> {
  const lead = workspace.languages[0];
  const titles = { ...current };
  for (const [lang, value] of Object.entries(change.titles ?? {})) {
    if (!(workspace.languages as readonly string[]).includes(lang)) return fail('validation_failed', 'The workspace has no such language', `titles.${lang}`);
    const text = (value ?? '').trim();
    if (text) titles[lang] = text;
    else if (lang === lead) return fail('validation_failed', 'The lead language\'s title cannot be empty', `titles.${lang}`);
    else delete titles[lang];
  }
  if (change.title !== undefined && change.titles?.[lead] === undefined) titles[lead] = change.title.trim();
  const title = titles[lead] ?? workspace.languages.map((lang) => titles[lang]).find(Boolean);
  if (!title) return fail('validation_failed', 'Required', 'title');
  return succeed({ title, titles });
}

/** A URL slug from a title: ASCII, lower case, dashes. */
export function slugifyTitle(title: string): string {
  const slug = title
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug || 'section';
}

/** Creates the section service. */
export function createSectionService(
  db: Db,
  deps: { store: DocStore; events: ServiceEvents; audit: AuditService; logger: Logger },
): SectionService {
  const all = db.prepare('SELECT * FROM sections WHERE workspace_id = ? ORDER BY position, created_at');
  const one = db.prepare('SELECT * FROM sections WHERE workspace_id = ? AND id = ?');
  const slugTaken = db.prepare('SELECT 1 FROM sections WHERE workspace_id = ? AND slug = ?');
  const siblings = db.prepare(
    'SELECT id FROM sections WHERE workspace_id = ? AND parent_id IS ? AND id != ? ORDER BY position, created_at',
  );
  const insert = db.prepare(
    'INSERT INTO sections (id, workspace_id, slug, title, titles, parent_id, position, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertDoc = db.prepare('INSERT INTO docs (name, workspace_id, section_id, lang) VALUES (?, ?, ?, ?)');
  const docsOf = db.prepare('SELECT section_id, lang, name FROM docs WHERE workspace_id = ?');
  const setTitle = db.prepare('UPDATE sections SET title = ?, titles = ? WHERE id = ?');
  const allOfWorkspace = db.prepare<[string], { id: string; title: string; titles: string }>('SELECT id, title, titles FROM sections WHERE workspace_id = ?');
  const hasDoc = db.prepare<[string, string], { name: string }>('SELECT name FROM docs WHERE section_id = ? AND lang = ?');
  const setPlace = db.prepare('UPDATE sections SET parent_id = ?, position = ? WHERE id = ?');
  const setPosition = db.prepare('UPDATE sections SET position = ? WHERE id = ?');
  const setArchived = db.prepare('UPDATE sections SET archived_at = ? WHERE id = ?');

  const load = (workspaceId: string) => (all.all(workspaceId) as SectionRow[]).map(toRecord);
  const find = (workspaceId: string, sectionId: string) => {
    const row = one.get(workspaceId, sectionId) as SectionRow | undefined;
    return row ? toRecord(row) : null;
  };
  const childrenOf = (records: SectionRecord[]) => {
    const map = new Map<string | null, SectionRecord[]>();
    for (const record of records) map.set(record.parentId, [...(map.get(record.parentId) ?? []), record]);
    return map;
  };
  const subtree = (records: SectionRecord[], rootId: string): SectionRecord[] => {
    const children = childrenOf(records);
    const out: SectionRecord[] = [];
    const visit = (id: string) => {
      for (const child of children.get(id) ?? []) {
        out.push(child);
        visit(child.id);
      }
    };
    visit(rootId);
    return out;
  };
  const uniqueSlug = (workspaceId: string, title: string) => {
    const base = slugifyTitle(title);
    for (let n = 1; ; n++) {
      const candidate = n === 1 ? base : `${base}-${n}`;
      if (!slugTaken.get(workspaceId, candidate)) return candidate;
    }
  };
  /** Writes dense positions for a sibling list. */
  const renumber = (ids: string[]) => ids.forEach((id, index) => setPosition.run(index, id));

  const service: SectionService = {
    listOutline(workspace, { archived = false } = {}) {
      const records = load(workspace.id);
      const docs = new Map<string, Record<string, string>>();
      for (const row of docsOf.all(workspace.id) as { section_id: string; lang: string; name: string }[]) {
        docs.set(row.section_id, { ...docs.get(row.section_id), [row.lang]: row.name });
      }
      const children = childrenOf(records);
      const out: Section[] = [];
      const visit = (parentId: string | null) => {
        for (const record of children.get(parentId) ?? []) {
          if (record.archivedAt !== null && !archived) continue;
          const section: Section = {
            id: record.id,
            slug: record.slug,
            title: record.title,
            titles: record.titles,
            parentId: record.parentId,
            position: record.position,
            docs: docs.get(record.id) ?? {},
            url: buildSectionUrl(workspace.slug, record.slug),
          };
          if (archived) section.archived = record.archivedAt !== null;
          out.push(section);
          visit(record.id);
        }
      };
      visit(null);
      return out;
    },
    find,
    insert(actorId, workspace, input, options = {}) {
      const parentId = input.parentId ?? null;
      if (parentId !== null) {
        const parent = find(workspace.id, parentId);
        if (!parent) return fail('validation_failed', 'No such parent section', 'parentId');
        if (parent.archivedAt !== null) return fail('validation_failed', 'The parent section is archived', 'parentId');
      }
      // Seed content is built before anything is written: a bad seed changes nothing.
      const named = mergeTitles(workspace, {}, { title: input.title, titles: { ...options.titles, ...input.titles } });
      if (!named.ok) return named;
      const { title, titles } = named.value;
      const drafts = options.drafts ?? {};
      const updates = workspace.languages.map((lang) => ({ lang, update: options.seeds?.[lang] ?? buildDocUpdate(withBlockIds(drafts[lang] ?? buildEmptyDraft())) }));
      const id = createId();
      const now = Date.now();
      const docs = db.transaction(() => {
        const slug = uniqueSlug(workspace.id, title);
        const position = siblings.all(workspace.id, parentId, id).length;
        insert.run(id, workspace.id, slug, title, JSON.stringify(titles), parentId, position, now);
        const names = updates.map(({ lang, update }) => {
          const name = buildDocName(workspace.id, id, lang);
          insertDoc.run(name, workspace.id, id, lang);
          return { docName: name, update };
        });
        deps.audit.record({ actorId, action: 'section.create', workspaceId: workspace.id, target: id, details: { title, titles, parentId } }, now);
        return names;
      })();
      return succeed({ sectionId: id, docs });
    },
    async create(actorId, workspace, input, options = {}) {
      const inserted = service.insert(actorId, workspace, input, options);
      if (!inserted.ok) return inserted;
      for (const { docName, update } of inserted.value.docs) await deps.store.seedIfEmpty(docName, update);
      deps.events.emit('outline-changed', { workspaceId: workspace.id });
      return succeed(present(workspace, inserted.value.sectionId));
    },
    rename(actorId, workspace, sectionId, change) {
      const section = find(workspace.id, sectionId);
      if (!section) return fail('not_found', 'No such section');
      const named = mergeTitles(workspace, section.titles, typeof change === 'string' ? { title: change } : change);
      if (!named.ok) return named;
      const { title, titles } = named.value;
      db.transaction(() => {
        setTitle.run(title, JSON.stringify(titles), sectionId);
        deps.audit.record({
          actorId,
          action: 'section.rename',
          workspaceId: workspace.id,
          target: sectionId,
          details: { from: section.title, to: title, fromTitles: section.titles, toTitles: titles },
        });
      })();
      deps.events.emit('outline-changed', { workspaceId: workspace.id });
      return succeed(present(workspace, sectionId));
    },
    insertLanguageDrafts(workspace, lang) {
      const out: { docName: string; update: Uint8Array }[] = [];
      for (const record of load(workspace.id)) {
        if (hasDoc.get(record.id, lang)) continue;
        const name = buildDocName(workspace.id, record.id, lang);
        insertDoc.run(name, workspace.id, record.id, lang);
        out.push({ docName: name, update: buildDocUpdate(buildEmptyDraft()) });
      }
      return out;
    },
    followLead(workspaceId, lead) {
      for (const row of allOfWorkspace.all(workspaceId)) {
        const titles = parseTitles(row.titles);
        if (titles[lead] && titles[lead] !== row.title) setTitle.run(titles[lead], row.titles, row.id);
      }
    },
    move(actorId, workspace, sectionId, input) {
      const records = load(workspace.id);
      const section = records.find((record) => record.id === sectionId);
      if (!section) return fail('not_found', 'No such section');
      if (input.parentId !== null) {
        const parent = records.find((record) => record.id === input.parentId);
        if (!parent) return fail('validation_failed', 'No such parent section', 'parentId');
        if (parent.id === sectionId || subtree(records, sectionId).some((record) => record.id === parent.id)) {
          return fail('conflict', 'A section cannot move inside itself', 'parentId');
        }
      }
      db.transaction(() => {
        const oldSiblings = (siblings.all(workspace.id, section.parentId, sectionId) as { id: string }[]).map((row) => row.id);
        const newSiblings =
          section.parentId === input.parentId
            ? oldSiblings
            : (siblings.all(workspace.id, input.parentId, sectionId) as { id: string }[]).map((row) => row.id);
        const index = Math.min(input.position, newSiblings.length);
        setPlace.run(input.parentId, index, sectionId);
        renumber(oldSiblings);
        renumber([...newSiblings.slice(0, index), sectionId, ...newSiblings.slice(index)]);
        deps.audit.record({
          actorId,
          action: 'section.move',
          workspaceId: workspace.id,
          target: sectionId,
          details: { from: { parentId: section.parentId, position: section.position }, to: { parentId: input.parentId, position: index } },
        });
      })();
      deps.events.emit('outline-changed', { workspaceId: workspace.id });
      return succeed(present(workspace, sectionId));
    },
    archive(actorId, workspace, sectionId) {
      const records = load(workspace.id);
      const section = records.find((record) => record.id === sectionId);
      if (!section) return fail('not_found', 'No such section');
      if (section.archivedAt !== null) return fail('conflict', 'The section is already archived');
      const now = Date.now();
      db.transaction(() => {
        for (const record of [section, ...subtree(records, sectionId)]) {
          if (record.archivedAt === null) setArchived.run(now, record.id);
        }
        deps.audit.record({ actorId, action: 'section.archive', workspaceId: workspace.id, target: sectionId }, now);
      })();
      deps.events.emit('outline-changed', { workspaceId: workspace.id });
      return succeed(present(workspace, sectionId));
    },
    unarchive(actorId, workspace, sectionId) {
      const records = load(workspace.id);
      const section = records.find((record) => record.id === sectionId);
      if (!section) return fail('not_found', 'No such section');
      if (section.archivedAt === null) return fail('conflict', 'The section is not archived');
      const parent = section.parentId ? records.find((record) => record.id === section.parentId) : null;
      if (parent && parent.archivedAt !== null) return fail('conflict', 'Its parent section is archived: bring that back first');
      db.transaction(() => {
        for (const record of [section, ...subtree(records, sectionId)]) {
          // Only what was archived together with it: older archivings stay.
          if (record.archivedAt === section.archivedAt) setArchived.run(null, record.id);
        }
        deps.audit.record({ actorId, action: 'section.unarchive', workspaceId: workspace.id, target: sectionId });
      })();
      deps.events.emit('outline-changed', { workspaceId: workspace.id });
      return succeed(present(workspace, sectionId));
    },
  };

  function present(workspace: WorkspaceRecord, sectionId: string): Section {
    const section = service.listOutline(workspace, { archived: true }).find((item) => item.id === sectionId);
    if (!section) throw new Error(`section ${sectionId} vanished`);
    return section;
  }

  return service;
}

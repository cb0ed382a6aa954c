/**
 * The activity view (issue 21): what happened in a workspace or a section, newest first, as
 * entries the client says in sentences. Two sources, merged by time:
 * - `edit_words` (the activity record's word counts, services/editWords.ts): one person's
 *   edits of one draft close together (no pause over 10 minutes) are one entry, "edited" or
 *   "suggested", with the words added and removed;
 * - the audit log, for the decisions on suggestions, comment threads, review requests and
 *   approvals, restores, releases, the outline and the members — only the actions below,
 *   never the account entries (sign-ins, addresses), and only the details a sentence needs.
 * Who may read it is the route's (staff and admins; a partner sees only their own entries).
 */
import { type ActivityActor, type ActivityEntry, type ActivityKind } from '../../shared/activity.js';
import type { Db } from '../db/database.js';

/** Edits by one person of one draft with no pause longer than this are one entry. */
const SESSION_GAP_MS = 10 * 60_000;

/** Audit actions the activity view shows, and their kind. */
export const ACTIVITY_ACTIONS: Record<string, ActivityKind> = {
  'suggestion.accept': 'decision',
  'suggestion.reject': 'decision',
  'suggestion.withdraw': 'decision',
  'thread.create': 'comment',
  'thread.resolve': 'comment',
  'thread.reopen': 'comment',
  'thread.reattach': 'comment',
  'revision.request': 'review',
  'revision.approve': 'review',
  'revision.changes': 'review',
  'revision.restore': 'review',
  'translation.start': 'translation',
  'translation.reorder': 'translation',
  'translation.orphan': 'translation',
  'translation.confirm': 'translation',
  'translation.minor': 'translation',
  'release.publish': 'release',
  'release.feedback': 'release',
  'release.feedback.accept': 'release',
  'section.create': 'outline',
  'section.rename': 'outline',
  'section.move': 'outline',
  'section.archive': 'outline',
  'section.unarchive': 'outline',
  'section.import': 'outline',
  'member.role-change': 'members',
  'member.remove': 'members',
  'invitation.accept': 'members',
};

export interface ActivityFilter {
  sectionId?: string;
  personId?: string;
  organisationId?: string;
  kind?: ActivityKind;
  from?: number;
  to?: number;
  before?: number;
  limit: number;
}

/** What a sentence needs of one audit entry: its section and details. */
export interface Described {
  section: ActivityEntry['section'];
  details: ActivityEntry['details'];
}

export interface ActivityService {
  /** The section and sentence details of one audit entry of a workspace (the audit log says its entries the same way). */
  describe(workspaceId: string, record: { actorId: string | null; action: string; target: string | null; details: Record<string, unknown> }): Described;
  /** A page of a workspace's activity, newest first. */
  list(workspaceId: string, filter: ActivityFilter): { entries: ActivityEntry[]; nextBefore: number | null };
}

interface WordRow {
  id: number;
  doc: string;
  user_id: string;
  organisation_id: string | null;
  at: number;
  added: number;
  removed: number;
  suggested: number;
}

interface AuditRow {
  id: number;
  at: number;
  actor_id: string | null;
  action: string;
  target: string | null;
  details: string;
}

const str = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);
const int = (value: unknown): number | undefined => (typeof value === 'number' && Number.isInteger(value) ? value : undefined);

/** Creates the activity service over the database. */
export function createActivityService(db: Db): ActivityService {
  const wordRows = db.prepare<Record<string, unknown>, WordRow>(`SELECT w.* FROM edit_words w JOIN docs d ON d.name = w.doc
    WHERE d.workspace_id = @ws
      AND (@section IS NULL OR d.section_id = @section)
      AND (@person IS NULL OR w.user_id = @person)
      AND (@organisation IS NULL OR w.organisation_id = @organisation)
      AND (@suggested IS NULL OR w.suggested = @suggested)
      AND w.at >= @from AND w.at < @to
    ORDER BY w.at DESC, w.id DESC LIMIT @rows`);
  const auditRows = db.prepare<Record<string, unknown>, AuditRow>(`SELECT a.id, a.at, a.actor_id, a.action, a.target, a.details FROM audit_log a
    LEFT JOIN users u ON u.id = a.actor_id
    WHERE a.workspace_id = @ws
      AND a.action IN (SELECT value FROM json_each(@actions))
      AND (@section IS NULL OR a.target = @section OR a.target IN (SELECT name FROM docs WHERE section_id = @section))
      AND (@person IS NULL OR a.actor_id = @person)
      AND (@organisation IS NULL OR u.organisation_id = @organisation)
      AND a.at >= @from AND a.at < @to
    ORDER BY a.at DESC, a.id DESC LIMIT @limit`);
  const person = db.prepare<[string], { id: string; name: string; organisation_id: string; organisation: string }>(
    'SELECT u.id, u.name, u.organisation_id, o.name AS organisation FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE u.id = ?',
  );
  const userByEmail = db.prepare<[string], { name: string }>('SELECT name FROM users WHERE email = ?');
  const docRow = db.prepare<[string], { section_id: string; lang: string }>('SELECT section_id, lang FROM docs WHERE name = ?');
  const sectionRow = db.prepare<[string, string], { id: string; slug: string; title: string; titles: string }>(
    'SELECT id, slug, title, titles FROM sections WHERE id = ? AND workspace_id = ?',
  );
  const decisionAuthors = db.prepare<[string, string], { author_id: string | null }>(
    'SELECT DISTINCT author_id FROM suggestion_decisions WHERE doc = ? AND suggestion_id IN (SELECT value FROM json_each(?))',
  );

  /** Names, sections and the sentence details of audit entries, for one workspace (people looked up once per call). */
  const describer = (workspaceId: string) => {
    const people = new Map<string, ActivityActor | null>();
    const actorOf = (id: string | null): ActivityActor | null => {
      if (!id) return null;
      if (!people.has(id)) {
        const row = person.get(id);
        people.set(id, row ? { id, name: row.name, organisation: row.organisation, organisationId: row.organisation_id } : null);
      }
      return people.get(id)!;
    };
    const sectionOf = (sectionId: string, lang: string | null): ActivityEntry['section'] => {
      const row = sectionRow.get(sectionId, workspaceId);
      if (!row) return null;
      let title = row.title;
      try {
        const titles = JSON.parse(row.titles) as Record<string, unknown>;
        if (lang && typeof titles[lang] === 'string' && titles[lang]) title = titles[lang];
      } catch {
        // an unreadable titles column: the lead language's title
      }
      return { id: row.id, slug: row.slug, title, lang };
    };
    const sectionOfDoc = (docName: string | null): ActivityEntry['section'] => {
      const doc = docName ? docRow.get(docName) : undefined;
      return doc ? sectionOf(doc.section_id, doc.lang) : null;
    };

    const describe = (record: { actorId: string | null; action: string; target: string | null; details: Record<string, unknown> }): Described => {
      const { details, target: rowTarget } = record;
      const row = { target: rowTarget, action: record.action, actor_id: record.actorId };
      const out: ActivityEntry['details'] = {};
      let section: ActivityEntry['section'] = null;
      switch (row.action.split('.')[0]) {
        case 'suggestion': {
          const ids = Array.isArray(details.ids) ? details.ids.filter((id): id is string => typeof id === 'string') : [];
          out.count = ids.length;
          out.authors = decisionAuthors
            .all(row.target ?? '', JSON.stringify(ids))
            .map(({ author_id }) => actorOf(author_id)?.name)
            .filter((name): name is string => !!name);
          out.note = str(details.reason);
          section = sectionOfDoc(row.target);
          break;
        }
        case 'translation': {
          const blocks = Array.isArray(details.blockIds) ? details.blockIds.length : int(details.blocks);
          out.count = blocks;
          out.number = int(details.revision) ?? int(details.sourceRevision);
          section = sectionOfDoc(row.target);
          break;
        }
        case 'thread':
        case 'revision':
          out.number = int(details.number);
          out.note = str(details.summary) ?? str(details.comment);
          section = sectionOfDoc(row.target);
          break;
        case 'release':
          out.version = str(row.target);
          break;
        case 'section':
          if (row.action === 'section.import') {
            out.count = int(details.sections);
          } else {
            section = row.target ? sectionOf(row.target, null) : null;
            out.before = str(details.from);
            out.after = str(details.to);
          }
          break;
        case 'member':
          out.person = (row.target ? actorOf(row.target)?.name : undefined) ?? undefined;
          out.before = str(details.from);
          out.after = str(details.to) ?? str(details.role);
          break;
        case 'invitation':
          // An invitation names the address it went to; an accepted one, who accepted.
          out.person = row.action === 'invitation.create' ? (str(row.target) ?? undefined) : (actorOf(row.actor_id)?.name ?? (row.target ? userByEmail.get(row.target)?.name : undefined));
          out.after = str(details.role);
          break;
        case 'organisation':
          out.before = str(details.from);
          out.after = str(details.to) ?? str(details.name);
          break;
      }
      for (const key of Object.keys(out) as (keyof typeof out)[]) if (out[key] === undefined) delete out[key];
      return { section, details: out };
    };
    return { actorOf, sectionOf, sectionOfDoc, describe };
  };

  return {
    describe: (workspaceId, record) => describer(workspaceId).describe(record),
    list(workspaceId, filter) {
      const { actorOf, sectionOfDoc, describe } = describer(workspaceId);
      const to = Math.min(filter.to ?? Number.MAX_SAFE_INTEGER, filter.before ?? Number.MAX_SAFE_INTEGER);
      const common = {
        ws: workspaceId,
        section: filter.sectionId ?? null,
        person: filter.personId ?? null,
        organisation: filter.organisationId ?? null,
        from: filter.from ?? 0,
        to,
      };
      const entries: ActivityEntry[] = [];

      if (!filter.kind || filter.kind === 'edit' || filter.kind === 'suggest') {
        // Sessions: rows newest first; a row joins the open session of its person, draft and
        // mode while the gap to it is short.
        const rows = wordRows.all({ ...common, suggested: filter.kind ? (filter.kind === 'suggest' ? 1 : 0) : null, rows: filter.limit * 40 });
        const open = new Map<string, ActivityEntry>();
        for (const row of rows) {
          const key = `${row.user_id}\u0000${row.doc}\u0000${row.suggested}`;
          const current = open.get(key);
          if (current && current.details.from! - row.at <= SESSION_GAP_MS) {
            current.details.from = row.at;
            current.details.added! += row.added;
            current.details.removed! += row.removed;
            current.id = `w${row.id}`;
            continue;
          }
          const entry: ActivityEntry = {
            id: `w${row.id}`,
            at: row.at,
            kind: row.suggested ? 'suggest' : 'edit',
            action: row.suggested ? 'suggest' : 'edit',
            actor: actorOf(row.user_id),
            section: sectionOfDoc(row.doc),
            details: { added: row.added, removed: row.removed, from: row.at },
          };
          open.set(key, entry);
          entries.push(entry);
        }
      }

      const actions = Object.entries(ACTIVITY_ACTIONS)
        .filter(([, kind]) => !filter.kind || kind === filter.kind)
        .map(([action]) => action);
      if (actions.length) {
        for (const row of auditRows.all({ ...common, actions: JSON.stringify(actions), limit: filter.limit + 1 })) {
          let details: Record<string, unknown> = {};
          try {
            details = JSON.parse(row.details) as Record<string, unknown>;
          } catch {
            // details are optional for a sentence
          }
          const described = describe({ actorId: row.actor_id, action: row.action, target: row.target, details });
          const entry: ActivityEntry = {
            id: `a${row.id}`,
            at: row.at,
            kind: ACTIVITY_ACTIONS[row.action]!,
            action: row.action,
            actor: actorOf(row.actor_id),
            section: described.section,
            details: described.details,
          };
          entries.push(entry);
        }
      }

      entries.sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1));
      const page = entries.slice(0, filter.limit);
      const last = page.at(-1);
      // An edit entry spans from → at: the next page starts before its oldest edit, so none is counted twice.
      return { entries: page, nextBefore: entries.length > filter.limit && last ? (last.details.from ?? last.at) : null };
    },
  };
}


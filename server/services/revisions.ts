/**
 * Section revisions (flows 4–5): approval requests, approvals that create revision N,
 * history, diffs and restore.
 *
 * - A request names the content it is about: the SHA-256 of the draft without its pending
 *   suggestions (shared/revisions/content.ts). Approving compares that hash with the draft
 *   now; a change to the content makes the request stale (409), a new pending suggestion
 *   does not (V2). With four eyes on, nobody approves their own request.
 * - A revision stores that content as ProseMirror JSON with its HTML and plain text, and is
 *   never updated or deleted (V1; SQLite triggers refuse both).
 * - Restoring is a server command through the room's queue (like a suggestion decision): it
 *   edits the live document forward, never replaces stored Yjs state, and is recorded in the
 *   edit log (as the restorer's edit) and the audit log. It is refused while suggestions are
 *   pending: they were written against the current text and would be lost or misplaced.
 */
import * as Y from 'yjs';
import { updateYFragment } from '@tiptap/y-tiptap';
import type { Db } from '../db/database.js';
import type { DocStore, EditAuthor, StoredDoc } from '../db/docStore.js';
import type {
  ApprovalRequest,
  PersonRef,
  ReviewInfo,
  ReviewQueueItem,
  Revision,
  RevisionSummary,
  Section,
} from '../../shared/api.js';
import { getEditorSchema } from '../../shared/editor/extensions.js';
import type { PmJson } from '../../shared/editor/json.js';
import { fragmentToBlocks } from '../../shared/editor/yjsJson.js';
import { CONTENT_FIELD } from '../../shared/protocol.js';
import { approvableBlocks, contentHash, reviewStateOf, type ReviewState } from '../../shared/revisions/content.js';
import { diffBlocks, type DocDiff } from '../../shared/revisions/diff.js';
import { findSuggestions } from '../../shared/suggestions/resolve.js';
import { renderBlocksHtml, renderBlocksText } from '../render/renderHtml.js';
import type { UserRecord } from './accounts.js';
import type { AuditService } from './audit.js';
import type { ServiceEvents } from './events.js';
import { createId } from './ids.js';
import { fail, succeed, type Result } from './result.js';
import type { DocumentCommands } from '../collab/RoomRegistry.js';
import type { WorkspaceRecord, WorkspaceService } from './workspaces.js';
import type { TranslationService } from './translations.js';

export interface RevisionService {
  /** The draft's review state, latest revision and open (or last answered) request. */
  review(docName: string): Promise<ReviewInfo>;
  /** Asks for approval of the draft as it is now (without pending suggestions); supersedes an open request. */
  requestApproval(actor: UserRecord, workspace: WorkspaceRecord, docName: string, summary: string): Promise<Result<ApprovalRequest>>;
  /**
   * Approves an open request: creates the next revision from the draft, unless the content
   * changed since. `minorBlocks` (lead language): their translations stay up to date (issue 20).
   */
  approve(actor: UserRecord, workspace: WorkspaceRecord, docName: string, input: { requestId: string; comment?: string; minorBlocks?: string[] }): Promise<Result<RevisionSummary>>;
  /** Answers an open request with "changes asked" and a comment. */
  askChanges(actor: UserRecord, workspace: WorkspaceRecord, docName: string, input: { requestId: string; comment: string }): Result<ApprovalRequest>;
  /** A draft's revisions, newest first. */
  list(docName: string): RevisionSummary[];
  /** One revision with its content, or null. */
  get(docName: string, number: number): Revision | null;
  /** The difference between two revisions, or a revision and the draft (without pending suggestions). */
  diff(docName: string, from: number, to: number | 'draft'): Promise<Result<DocDiff>>;
  /** Turns a revision into the draft again, as a forward edit through the room. */
  restore(actor: UserRecord, workspace: WorkspaceRecord, docName: string, number: number): Promise<Result<{ restored: number }>>;
  /** The open requests of a workspace, oldest first. */
  queue(workspace: WorkspaceRecord, outline: readonly Section[]): Promise<ReviewQueueItem[]>;
  /** The outline with each section's review state per language. */
  annotateOutline(workspace: WorkspaceRecord, outline: Section[]): Promise<Section[]>;
  /** Records an approved revision of a freshly seeded draft (the demo seed). */
  seedRevision(docName: string, input: { summary: string; approverId: string }): Promise<RevisionSummary>;
}

interface RequestRow {
  id: string;
  doc: string;
  workspace_id: string;
  section_id: string;
  lang: string;
  summary: string;
  content_hash: string;
  requested_by: string;
  requested_at: number;
  status: ApprovalRequest['status'];
  reviewed_by: string | null;
  reviewed_at: number | null;
  comment: string | null;
  revision: number | null;
}

interface RevisionRow {
  doc: string;
  number: number;
  workspace_id: string;
  section_id: string;
  lang: string;
  content: string;
  content_hash: string;
  html: string;
  plain_text: string;
  summary: string;
  request_id: string | null;
  requested_by: string | null;
  approvers: string;
  contributors: string;
  approved_at: number;
}

interface DocRow {
  workspace_id: string;
  section_id: string;
  lang: string;
}

/** What the draft says now: its blocks and the hash of its approvable content. */
interface Draft {
  blocks: PmJson[];
  hash: string;
}

/** Creates the revision service. */
export function createRevisionService(
  db: Db,
  deps: {
    store: DocStore;
    commands: DocumentCommands;
    events: ServiceEvents;
    audit: AuditService;
    workspaces: WorkspaceService;
    /** Carries "minor change" translations over to the new revision, inside the approval's transaction (issue 20). */
    translations?: Pick<TranslationService, 'checkMinor' | 'carryMinor'>;
  },
): RevisionService {
  const docRow = db.prepare<[string], DocRow>('SELECT workspace_id, section_id, lang FROM docs WHERE name = ?');
  const person = db.prepare<[string], { id: string; name: string; org_id: string; org_name: string }>(
    'SELECT u.id, u.name, o.id AS org_id, o.name AS org_name FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE u.id = ?',
  );
  const organisation = db.prepare<[string], { id: string; name: string }>('SELECT id, name FROM organisations WHERE id = ?');
  const requestById = db.prepare<[string, string], RequestRow>('SELECT * FROM approval_requests WHERE id = ? AND doc = ?');
  const latestRequest = db.prepare<[string], RequestRow>('SELECT * FROM approval_requests WHERE doc = ? ORDER BY rowid DESC LIMIT 1');
  const latestRequests = db.prepare<[string], RequestRow>(
    'SELECT * FROM approval_requests WHERE rowid IN (SELECT MAX(rowid) FROM approval_requests WHERE workspace_id = ? GROUP BY doc)',
  );
  const openRequests = db.prepare<[string], RequestRow>("SELECT * FROM approval_requests WHERE workspace_id = ? AND status = 'open' ORDER BY requested_at, rowid");
  const supersede = db.prepare("UPDATE approval_requests SET status = 'superseded' WHERE doc = ? AND status = 'open'");
  const insertRequest = db.prepare(
    `INSERT INTO approval_requests (id, doc, workspace_id, section_id, lang, summary, content_hash, requested_by, requested_at, status)
     VALUES (@id, @doc, @workspaceId, @sectionId, @lang, @summary, @hash, @requestedBy, @at, 'open')`,
  );
  const closeRequest = db.prepare(
    "UPDATE approval_requests SET status = @status, reviewed_by = @reviewer, reviewed_at = @at, comment = @comment, revision = @revision WHERE id = @id AND status = 'open'",
  );
  const revisionsOf = db.prepare<[string], RevisionRow>('SELECT * FROM revisions WHERE doc = ? ORDER BY number DESC');
  const revision = db.prepare<[string, number], RevisionRow>('SELECT * FROM revisions WHERE doc = ? AND number = ?');
  const latestRevision = db.prepare<[string], RevisionRow>('SELECT * FROM revisions WHERE doc = ? ORDER BY number DESC LIMIT 1');
  const latestHashes = db.prepare<[string], { doc: string; content_hash: string }>(
    'SELECT r.doc, r.content_hash FROM revisions r WHERE r.workspace_id = ? AND r.number = (SELECT MAX(number) FROM revisions WHERE doc = r.doc)',
  );
  const insertRevision = db.prepare(
    `INSERT INTO revisions (doc, number, workspace_id, section_id, lang, content, content_hash, html, plain_text, summary, request_id, requested_by, approvers, contributors, approved_at)
     VALUES (@doc, @number, @workspaceId, @sectionId, @lang, @content, @hash, @html, @text, @summary, @requestId, @requestedBy, @approvers, @contributors, @at)`,
  );
  const editors = db.prepare<[string, number], { user_id: string; organisation_id: string | null }>(
    'SELECT DISTINCT user_id, organisation_id FROM edit_log WHERE doc = ? AND at > ? AND user_id IS NOT NULL',
  );
  const acceptedAuthors = db.prepare<[string, number], { author_id: string }>(
    "SELECT DISTINCT author_id FROM suggestion_decisions WHERE doc = ? AND at > ? AND action = 'accept' AND author_id IS NOT NULL",
  );

  const presentPerson = (id: string | null): PersonRef | null => {
    if (!id) return null;
    const row = person.get(id);
    return row ? { id: row.id, name: row.name, organisation: { id: row.org_id, name: row.org_name } } : null;
  };

  /** The draft's hash per stored version (the last sequence number): an unchanged draft is not decoded again. */
  const hashCache = new Map<string, { lastSeq: number; hash: string }>();

  /** Decodes a stored draft: its blocks and the hash of its approvable content. */
  function decode(docName: string, stored: StoredDoc): Draft {
    const doc = new Y.Doc();
    try {
      if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
      for (const update of stored.updates) Y.applyUpdate(doc, update);
      const blocks = fragmentToBlocks(doc.getXmlFragment(CONTENT_FIELD));
      const hash = contentHash(approvableBlocks(blocks));
      hashCache.set(docName, { lastSeq: stored.lastSeq, hash });
      return { blocks, hash };
    } finally {
      doc.destroy();
    }
  }

  /** Reads the committed draft from the store (what every client has been sent, D1). */
  async function readDraft(docName: string): Promise<Draft> {
    return decode(docName, await deps.store.load(docName));
  }

  async function draftHashOf(docName: string): Promise<string> {
    // The store's last sequence number moves with every commit: an unchanged draft is not decoded again.
    const stored = await deps.store.load(docName);
    const cached = hashCache.get(docName);
    if (cached && cached.lastSeq === stored.lastSeq) return cached.hash;
    return decode(docName, stored).hash;
  }

  const presentRequest = (row: RequestRow, stale: boolean): ApprovalRequest => ({
    id: row.id,
    docName: row.doc,
    sectionId: row.section_id,
    lang: row.lang,
    summary: row.summary,
    contentHash: row.content_hash,
    requestedBy: presentPerson(row.requested_by) ?? { id: row.requested_by, name: '?', organisation: { id: '', name: '' } },
    requestedAt: row.requested_at,
    status: row.status,
    reviewedBy: presentPerson(row.reviewed_by),
    reviewedAt: row.reviewed_at,
    comment: row.comment,
    revision: row.revision,
    stale: row.status === 'open' && stale,
  });

  const approvalComment = db.prepare<[string], { comment: string | null }>('SELECT comment FROM approval_requests WHERE id = ?');
  const presentSummary = (row: RevisionRow): RevisionSummary => {
    const contributors = JSON.parse(row.contributors) as { people: string[]; organisations: string[] };
    return {
      number: row.number,
      docName: row.doc,
      summary: row.summary,
      contentHash: row.content_hash,
      requestedBy: presentPerson(row.requested_by),
      approvers: (JSON.parse(row.approvers) as string[]).map(presentPerson).filter((p): p is PersonRef => p !== null),
      approvedAt: row.approved_at,
      approvalComment: row.request_id ? (approvalComment.get(row.request_id)?.comment ?? null) : null,
      contributors: {
        people: contributors.people.map(presentPerson).filter((p): p is PersonRef => p !== null),
        organisations: contributors.organisations.map((id) => organisation.get(id)).filter((o): o is { id: string; name: string } => o !== undefined),
      },
    };
  };

  /**
   * Who contributed since the previous revision: people who edited the draft directly (the
   * edit log, minus people whose role only lets them suggest or read: their typing is
   * suggestions) and the authors of suggestions accepted since.
   */
  function contributorsSince(docName: string, workspaceId: string, since: number): { people: string[]; organisations: string[] } {
    const people = new Set<string>();
    const organisations = new Set<string>();
    for (const row of editors.all(docName, since)) {
      const role = deps.workspaces.roleOf(row.user_id, workspaceId);
      if (role === 'partner' || role === 'reader') continue;
      people.add(row.user_id);
      if (row.organisation_id) organisations.add(row.organisation_id);
    }
    for (const row of acceptedAuthors.all(docName, since)) {
      const found = person.get(row.author_id);
      if (!found) continue;
      people.add(found.id);
      organisations.add(found.org_id);
    }
    return { people: [...people], organisations: [...organisations] };
  }

  /** Writes revision N+1 (synchronous: call inside a transaction). */
  function writeRevision(docName: string, doc: DocRow, blocks: PmJson[], input: { summary: string; requestId: string | null; requestedBy: string | null; approvers: string[]; at: number }): RevisionRow {
    const previous = latestRevision.get(docName);
    const content = approvableBlocks(blocks);
    const row: RevisionRow = {
      doc: docName,
      number: (previous?.number ?? 0) + 1,
      workspace_id: doc.workspace_id,
      section_id: doc.section_id,
      lang: doc.lang,
      content: JSON.stringify(content),
      content_hash: contentHash(content),
      html: renderBlocksHtml(content),
      plain_text: renderBlocksText(content),
      summary: input.summary,
      request_id: input.requestId,
      requested_by: input.requestedBy,
      approvers: JSON.stringify(input.approvers),
      contributors: JSON.stringify(contributorsSince(docName, doc.workspace_id, previous?.approved_at ?? 0)),
      approved_at: input.at,
    };
    insertRevision.run({
      doc: row.doc,
      number: row.number,
      workspaceId: row.workspace_id,
      sectionId: row.section_id,
      lang: row.lang,
      content: row.content,
      hash: row.content_hash,
      html: row.html,
      text: row.plain_text,
      summary: row.summary,
      requestId: row.request_id,
      requestedBy: row.requested_by,
      approvers: row.approvers,
      contributors: row.contributors,
      at: row.approved_at,
    });
    return row;
  }

  const docOf = (docName: string): DocRow => {
    const row = docRow.get(docName);
    if (!row) throw new Error(`no such draft ${docName}`);
    return row;
  };

  const service: RevisionService = {
    async review(docName) {
      const draft = await draftHashOf(docName);
      const latest = latestRevision.get(docName) ?? null;
      const request = latestRequest.get(docName) ?? null;
      const workspace = deps.workspaces.findById(docOf(docName).workspace_id);
      const shown = request && (request.status === 'open' || request.status === 'changes-requested') ? request : null;
      return {
        docName,
        state: reviewStateOf({
          approvedHash: latest?.content_hash ?? null,
          requestOpen: request?.status === 'open',
          changesAsked: request?.status === 'changes-requested',
          draftHash: draft,
        }),
        fourEyes: workspace?.fourEyes ?? false,
        draftHash: draft,
        latest: latest ? presentSummary(latest) : null,
        request: shown ? presentRequest(shown, shown.content_hash !== draft) : null,
      };
    },

    async requestApproval(actor, workspace, docName, summary) {
      const doc = docOf(docName);
      const { hash } = await readDraft(docName);
      const latest = latestRevision.get(docName);
      if (latest && latest.content_hash === hash) return fail('conflict', `Nothing to approve: the draft is revision ${latest.number}.`);
      const id = createId();
      const at = Date.now();
      db.transaction(() => {
        supersede.run(docName);
        insertRequest.run({ id, doc: docName, workspaceId: doc.workspace_id, sectionId: doc.section_id, lang: doc.lang, summary, hash, requestedBy: actor.id, at });
        deps.audit.record({ actorId: actor.id, action: 'revision.request', workspaceId: workspace.id, target: docName, details: { requestId: id, summary, contentHash: hash } }, at);
      })();
      deps.events.emit('revision-requested', { workspaceId: workspace.id, sectionId: doc.section_id, lang: doc.lang, requestId: id, requestedBy: actor.id });
      deps.events.emit('outline-changed', { workspaceId: workspace.id });
      return succeed(presentRequest(requestById.get(id, docName)!, false));
    },

    async approve(actor, workspace, docName, { requestId, comment, minorBlocks }) {
      const request = requestById.get(requestId, docName);
      if (!request || request.status !== 'open') return fail('conflict', 'This request is no longer open.', 'requestId');
      if (workspace.fourEyes && request.requested_by === actor.id) {
        return fail('forbidden', 'Four eyes: someone other than the person who asked must approve.');
      }
      const draft = await readDraft(docName);
      if (draft.hash !== request.content_hash) {
        return fail('conflict', 'Stale: the text changed after approval was requested. Ask for approval again.', 'requestId');
      }
      const doc = docOf(docName);
      if (minorBlocks?.length) {
        const checked = deps.translations?.checkMinor(workspace, docName, approvableBlocks(draft.blocks), minorBlocks) ?? fail('validation_failed', 'Not available', 'minorBlocks');
        if (!checked.ok) return checked;
      }
      const at = Date.now();
      const written = db.transaction(() => {
        const previous = latestRevision.get(docName);
        // Re-checked inside the transaction: a concurrent review may have closed it meanwhile.
        const row = writeRevision(docName, doc, draft.blocks, { summary: request.summary, requestId, requestedBy: request.requested_by, approvers: [actor.id], at });
        if (minorBlocks?.length && previous) {
          deps.translations?.carryMinor(actor.id, workspace, docName, JSON.parse(previous.content) as PmJson[], JSON.parse(row.content) as PmJson[], row.number, minorBlocks, at);
        }
        const closed = closeRequest.run({ id: requestId, status: 'approved', reviewer: actor.id, at, comment: comment || null, revision: row.number });
        if (closed.changes !== 1) throw new RequestClosed();
        deps.audit.record({ actorId: actor.id, action: 'revision.approve', workspaceId: workspace.id, target: docName, details: { requestId, number: row.number, contentHash: row.content_hash } }, at);
        return row;
      });
      let row: RevisionRow;
      try {
        row = written();
      } catch (error) {
        if (error instanceof RequestClosed) return fail('conflict', 'This request is no longer open.', 'requestId');
        throw error;
      }
      deps.events.emit('revision-reviewed', { workspaceId: workspace.id, sectionId: doc.section_id, lang: doc.lang, requestId, reviewedBy: actor.id, outcome: 'approved' });
      deps.events.emit('outline-changed', { workspaceId: workspace.id });
      return succeed(presentSummary(row));
    },

    askChanges(actor, workspace, docName, { requestId, comment }) {
      const request = requestById.get(requestId, docName);
      if (!request || request.status !== 'open') return fail('conflict', 'This request is no longer open.', 'requestId');
      if (workspace.fourEyes && request.requested_by === actor.id) {
        return fail('forbidden', 'Four eyes: someone other than the person who asked must review.');
      }
      const doc = docOf(docName);
      const at = Date.now();
      db.transaction(() => {
        closeRequest.run({ id: requestId, status: 'changes-requested', reviewer: actor.id, at, comment, revision: null });
        deps.audit.record({ actorId: actor.id, action: 'revision.changes', workspaceId: workspace.id, target: docName, details: { requestId, comment } }, at);
      })();
      deps.events.emit('revision-reviewed', { workspaceId: workspace.id, sectionId: doc.section_id, lang: doc.lang, requestId, reviewedBy: actor.id, outcome: 'changes-requested' });
      deps.events.emit('outline-changed', { workspaceId: workspace.id });
      return succeed(presentRequest(requestById.get(requestId, docName)!, false));
    },

    list(docName) {
      return revisionsOf.all(docName).map(presentSummary);
    },

    get(docName, number) {
      const row = revision.get(docName, number);
      if (!row) return null;
      return { ...presentSummary(row), content: JSON.parse(row.content) as Record<string, unknown>[], html: row.html, text: row.plain_text };
    },

    async diff(docName, from, to) {
      const before = revision.get(docName, from);
      if (!before) return fail('not_found', `No revision ${from}`);
      let after: PmJson[];
      if (to === 'draft') {
        after = approvableBlocks((await readDraft(docName)).blocks);
      } else {
        const row = revision.get(docName, to);
        if (!row) return fail('not_found', `No revision ${to}`);
        after = JSON.parse(row.content) as PmJson[];
      }
      return succeed(diffBlocks(JSON.parse(before.content) as PmJson[], after));
    },

    async restore(actor, workspace, docName, number) {
      const row = revision.get(docName, number);
      if (!row) return fail('not_found', `No revision ${number}`);
      const content = JSON.parse(row.content) as PmJson[];
      const schema = getEditorSchema();
      const node = schema.nodeFromJSON({ type: 'doc', content: content.length ? content : [{ type: 'paragraph' }] });
      const author: EditAuthor = { userId: actor.id, organisationId: actor.organisationId };
      const outcome = await deps.commands.command(docName, author, (doc): Result<{ restored: number }> => {
        const fragment = doc.getXmlFragment(CONTENT_FIELD);
        const pending = findSuggestions(fragmentToBlocks(fragment));
        if (pending.length) {
          return fail('conflict', `Settle the ${pending.length} pending suggestion(s) first: restoring replaces the text they were made on.`);
        }
        updateYFragment(doc, fragment, node, { mapping: new Map(), isOMark: new Map() });
        // The audit entry is part of the restore's unit of work (U1).
        deps.audit.record({ actorId: actor.id, action: 'revision.restore', workspaceId: workspace.id, target: docName, details: { number, contentHash: row.content_hash } });
        return succeed({ restored: number });
      });
      if (outcome.ok) deps.events.emit('outline-changed', { workspaceId: workspace.id });
      return outcome;
    },

    async queue(workspace, outline) {
      const sections = new Map(outline.map((section) => [section.id, section]));
      const items: ReviewQueueItem[] = [];
      for (const row of openRequests.all(workspace.id)) {
        const section = sections.get(row.section_id);
        if (!section) continue;
        const hash = await draftHashOf(row.doc);
        items.push({ ...presentRequest(row, hash !== row.content_hash), section: { id: section.id, title: section.title, url: section.url } });
      }
      return items;
    },

    async annotateOutline(workspace, outline) {
      const approved = new Map(latestHashes.all(workspace.id).map((row) => [row.doc, row.content_hash]));
      const requests = new Map(latestRequests.all(workspace.id).map((row) => [row.doc, row.status]));
      const out: Section[] = [];
      for (const section of outline) {
        const review: Record<string, ReviewState> = {};
        for (const [lang, docName] of Object.entries(section.docs)) {
          const status = requests.get(docName);
          const approvedHash = approved.get(docName) ?? null;
          const facts = { approvedHash, requestOpen: status === 'open', changesAsked: status === 'changes-requested' };
          // The draft is read only when the answer depends on it.
          const needsDraft = approvedHash !== null && !facts.requestOpen && !facts.changesAsked;
          try {
            review[lang] = reviewStateOf({ ...facts, draftHash: needsDraft ? await draftHashOf(docName) : '' });
          } catch {
            // A draft that cannot be read right now (storage busy) has no state to show; the outline still answers.
          }
        }
        out.push({ ...section, review });
      }
      return out;
    },

    async seedRevision(docName, { summary, approverId }) {
      const doc = docOf(docName);
      const draft = await readDraft(docName);
      const row = db.transaction(() => writeRevision(docName, doc, draft.blocks, { summary, requestId: null, requestedBy: null, approvers: [approverId], at: Date.now() }))();
      return presentSummary(row);
    },
  };
  return service;
}

/** Thrown inside an approval's transaction when the request was closed meanwhile. */
class RequestClosed extends Error {}

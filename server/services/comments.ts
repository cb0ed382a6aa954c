/**
 * Comment threads (flow 3, rule C1). A thread row holds the quoted text, its context and
 * its status; its messages are plain text with mentions. The anchor itself is a `comment`
 * mark in the draft (shared/comments/model.ts), written by the commenter's editor; the
 * collaboration server lets comment- and suggest-only connections add and remove only the
 * anchors of their own threads (`threadOwner`).
 *
 * After commits, the draft is scanned (debounced, through the room's queue, never on the
 * message path) for the threads still anchored in it: a thread whose text is gone becomes
 * *detached* and keeps its quote; it is attached again when its mark reappears (staff
 * re-attach it to new text, or an undo brings the text back).
 */
import * as Y from 'yjs';
import type { Db } from '../db/database.js';
import type { Logger } from '../logger.js';
import { can, type Role } from '../../shared/permissions.js';
import { buildSectionUrl } from '../../shared/api.js';
import { CONTENT_FIELD } from '../../shared/protocol.js';
import type { CreateThreadRequestSchema, Mention, Message, PostMessageRequestSchema, ResolveThreadRequest, Thread, ThreadQuery } from '../../shared/comments/api.js';
import type { z } from 'zod';
import { anchoredThreads } from '../collab/commentAnchors.js';
import type { DocumentCommands } from '../collab/RoomRegistry.js';
import type { UserRecord } from './accounts.js';
import type { AuditService } from './audit.js';
import type { ServiceEvents } from './events.js';
import type { InboxService } from './inbox.js';
import type { WorkspaceRecord, WorkspaceService } from './workspaces.js';
import { createId } from './ids.js';
import { fail, succeed, type Result } from './result.js';

type CreateThreadInput = z.output<typeof CreateThreadRequestSchema>;
type PostMessageInput = z.output<typeof PostMessageRequestSchema>;

/** How long after the last commit a draft's anchors are scanned. */
const SCAN_DELAY_MS = 300;
/**
 * A new thread's mark arrives a moment after the thread row (the editor writes it once the
 * server answered): until a scan has seen it, and within this grace, a missing mark is not
 * yet a detachment.
 */
const NEW_THREAD_GRACE_MS = 10_000;

export interface CommentService {
  /** The threads of one section draft, oldest first, with their messages. */
  listForDoc(docName: string): Thread[];
  /** A workspace's threads, newest activity first, filtered. */
  listForWorkspace(workspace: WorkspaceRecord, viewer: UserRecord, query: Required<Pick<ThreadQuery, 'status'>> & Omit<ThreadQuery, 'status'>): Thread[];
  find(threadId: string): Thread | null;
  /**
   * Starts a thread; `fromRelease` marks one that came from feedback on a published release.
   * With `visitor`, the first message is that visitor's (public feedback), and `actor` is the
   * member who accepted it into the draft. Runs inside the caller's transaction when there is one.
   */
  create(actor: UserRecord, workspace: WorkspaceRecord, docName: string, input: CreateThreadInput, options?: { fromRelease?: string; visitor?: { name: string } }): Result<Thread>;
  reply(actor: UserRecord, workspace: WorkspaceRecord, docName: string, threadId: string, input: PostMessageInput): Result<Thread>;
  editMessage(actor: UserRecord, docName: string, threadId: string, messageId: string, input: PostMessageInput): Result<Thread>;
  deleteMessage(actor: UserRecord, role: Role, docName: string, threadId: string, messageId: string): Result<Thread>;
  setStatus(actor: UserRecord, workspace: WorkspaceRecord, docName: string, threadId: string, status: 'open' | 'resolved', settledBy?: ResolveThreadRequest['settledBy']): Result<Thread>;
  /** Staff give a detached thread new text; their editor then marks it. */
  reattach(actor: UserRecord, docName: string, threadId: string, input: { quote: string; blockId?: string }): Result<Thread>;
  /** Resolves the open threads on settled suggestions, pointing to the decision. */
  settleSuggestionThreads(docName: string, settled: { suggestionId: string; decisionId: number }[], actorId: string): void;
  /** Scans a draft's anchors now (tests; otherwise debounced after commits). */
  scanAnchors(docName: string): Promise<void>;
  close(): void;
}

interface ThreadRow {
  id: string;
  workspace_id: string;
  doc: string;
  author_id: string;
  status: 'open' | 'resolved';
  detached: number;
  anchored_at: number | null;
  quote: string;
  context_before: string;
  context_after: string;
  block_id: string | null;
  suggestion_id: string | null;
  created_at: number;
  updated_at: number;
  resolved_at: number | null;
  resolved_by: string | null;
  settled_kind: 'decision' | 'revision' | null;
  settled_ref: string | null;
  from_release: string | null;
}

interface MessageRow {
  id: string;
  thread_id: string;
  /** Null for a visitor's message (then visitor_name is set). */
  author_id: string | null;
  visitor_name: string | null;
  visitor_release: string | null;
  accepted_by: string | null;
  body: string;
  mentions: string;
  created_at: number;
  edited_at: number | null;
  deleted_at: number | null;
}

interface DocInfo {
  workspace_id: string;
  section_id: string;
  lang: string;
  slug: string;
  title: string;
  workspace_slug: string;
}

export interface CommentDeps {
  /** The rooms' command path, for anchor scans. */
  commands: DocumentCommands;
  workspaces: WorkspaceService;
  audit: AuditService;
  events: ServiceEvents;
  inbox: InboxService;
  logger: Logger;
}

/** Creates the comment service. */
export function createCommentService(db: Db, deps: CommentDeps): CommentService {
  const docInfo = db.prepare<[string], DocInfo>(
    `SELECT d.workspace_id, d.section_id, d.lang, s.slug, s.title, w.slug AS workspace_slug
       FROM docs d JOIN sections s ON s.id = d.section_id JOIN workspaces w ON w.id = d.workspace_id WHERE d.name = ?`,
  );
  const threadById = db.prepare<[string], ThreadRow>('SELECT * FROM threads WHERE id = ?');
  const threadsOfDoc = db.prepare<[string], ThreadRow>('SELECT * FROM threads WHERE doc = ? ORDER BY created_at, id');
  const anchoredThreadsOfDoc = db.prepare<[string], ThreadRow>('SELECT * FROM threads WHERE doc = ? AND suggestion_id IS NULL');
  const hasThreads = db.prepare<[string], { n: number }>('SELECT 1 AS n FROM threads WHERE doc = ? AND suggestion_id IS NULL LIMIT 1');
  const messagesOf = db.prepare<[string], MessageRow>('SELECT * FROM thread_messages WHERE thread_id = ? ORDER BY created_at, rowid');
  const messageById = db.prepare<[string, string], MessageRow>('SELECT * FROM thread_messages WHERE id = ? AND thread_id = ?');
  const insertThread = db.prepare(
    `INSERT INTO threads (id, workspace_id, doc, author_id, quote, context_before, context_after, block_id, suggestion_id, from_release, created_at, updated_at)
     VALUES (@id, @workspaceId, @doc, @authorId, @quote, @before, @after, @blockId, @suggestionId, @fromRelease, @now, @now)`,
  );
  const insertMessage = db.prepare(
    'INSERT INTO thread_messages (id, thread_id, author_id, body, mentions, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const insertVisitorMessage = db.prepare(
    'INSERT INTO thread_messages (id, thread_id, author_id, body, mentions, created_at, visitor_name, visitor_release, accepted_by) VALUES (?, ?, NULL, ?, \'[]\', ?, ?, ?, ?)',
  );
  const touchThread = db.prepare('UPDATE threads SET updated_at = ? WHERE id = ?');
  const userRow = db.prepare<[string], { id: string; name: string; org_id: string; org_name: string }>(
    'SELECT u.id, u.name, o.id AS org_id, o.name AS org_name FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE u.id = ?',
  );
  const orgRow = db.prepare<[string], { id: string; name: string }>('SELECT id, name FROM organisations WHERE id = ?');
  const orgMembers = db.prepare<[string, string], { user_id: string }>(
    'SELECT m.user_id FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.workspace_id = ? AND u.organisation_id = ?',
  );

  const { commands } = deps;
  let closed = false;
  const scanTimers = new Map<string, NodeJS.Timeout>();

  const actor = (userId: string) => {
    const row = userRow.get(userId);
    return row ? { id: row.id, name: row.name, organisation: { id: row.org_id, name: row.org_name } } : { id: userId, name: '?', organisation: { id: '', name: '' } };
  };

  /** A visitor has no account: their name as given, no id, no organisation. */
  const visitorActor = (name: string) => ({ id: '', name, organisation: { id: '', name: '' } });

  const presentMessage = (row: MessageRow): Message => {
    const deleted = row.deleted_at !== null;
    const mentions = deleted ? [] : (JSON.parse(row.mentions) as Mention[]).map((m) => ({ ...m, name: mentionName(m) }));
    const visitor = row.visitor_name !== null ? { name: row.visitor_name, release: row.visitor_release ?? '' } : null;
    return {
      id: row.id,
      author: row.author_id !== null ? actor(row.author_id) : visitorActor(row.visitor_name ?? '?'),
      visitor,
      acceptedBy: row.accepted_by ? actor(row.accepted_by) : null,
      body: deleted ? '' : row.body,
      mentions,
      createdAt: row.created_at,
      editedAt: row.edited_at,
      deleted,
    };
  };

  const mentionName = (mention: Mention): string => (mention.kind === 'user' ? (userRow.get(mention.id)?.name ?? '?') : (orgRow.get(mention.id)?.name ?? '?'));

  const present = (row: ThreadRow): Thread => {
    const info = docInfo.get(row.doc);
    const messages = messagesOf.all(row.id).map(presentMessage);
    // A visitor's remark is their thread: shown as theirs, whoever let it into the draft.
    const opening = messages[0];
    return {
      id: row.id,
      docName: row.doc,
      section: { id: info?.section_id ?? '', slug: info?.slug ?? '', title: info?.title ?? '' },
      lang: info?.lang ?? '',
      author: opening?.visitor ? opening.author : actor(row.author_id),
      status: row.status,
      detached: row.detached === 1,
      quote: row.quote,
      context: { before: row.context_before, after: row.context_after },
      blockId: row.block_id,
      suggestionId: row.suggestion_id,
      createdAt: row.created_at,
      resolvedAt: row.resolved_at,
      resolvedBy: row.resolved_by ? actor(row.resolved_by) : null,
      settledBy: row.settled_kind && row.settled_ref ? { kind: row.settled_kind, id: row.settled_ref } : null,
      fromRelease: row.from_release,
      messages,
    };
  };

  /** The thread, if it belongs to this draft. */
  const threadIn = (docName: string, threadId: string): ThreadRow | null => {
    const row = threadById.get(threadId);
    return row && row.doc === docName ? row : null;
  };

  /** Mentions must name members of the workspace or organisations that have members in it. */
  const checkMentions = (workspaceId: string, mentions: readonly Mention[]): Result<Mention[]> => {
    const unique = [...new Map(mentions.map((m) => [`${m.kind}:${m.id}`, m])).values()];
    for (const mention of unique) {
      const known = mention.kind === 'user' ? deps.workspaces.roleOf(mention.id, workspaceId) !== null : orgMembers.all(workspaceId, mention.id).length > 0;
      if (!known) return fail('validation_failed', 'You can only mention people and organisations of this workspace.', 'mentions');
    }
    return succeed(unique);
  };

  const changed = (workspaceId: string, docName: string, threadId: string) => deps.events.emit('threads-changed', { workspaceId, docName, threadId });

  /** Who hears of a new message: mentioned people (and members of mentioned organisations), and the thread's participants. */
  const notifyMessage = (row: ThreadRow, author: UserRecord, body: string, mentions: readonly Mention[], isReply: boolean) => {
    const info = docInfo.get(row.doc);
    if (!info) return;
    const url = `${buildSectionUrl(info.workspace_slug, info.slug)}?lang=${info.lang}&thread=${row.id}`;
    const mentioned = new Set<string>();
    for (const mention of mentions) {
      if (mention.kind === 'user') mentioned.add(mention.id);
      else for (const member of orgMembers.all(info.workspace_id, mention.id)) mentioned.add(member.user_id);
    }
    mentioned.delete(author.id);
    const base = { workspaceId: info.workspace_id, sectionId: info.section_id, threadId: row.id, actorId: author.id, text: body.slice(0, 280), url };
    deps.inbox.notify([...mentioned], { ...base, kind: 'mention' });
    if (!isReply) return;
    // Visitors (no account) hear nothing: only members' ids.
    const participants = new Set([row.author_id, ...messagesOf.all(row.id).flatMap((m) => (m.author_id ? [m.author_id] : []))]);
    participants.delete(author.id);
    for (const id of mentioned) participants.delete(id);
    deps.inbox.notify([...participants], { ...base, kind: 'reply' });
  };

  /** Reads which threads are anchored in a draft and updates their detached flag. */
  const scanAnchors = async (docName: string): Promise<void> => {
    if (closed || !hasThreads.get(docName)) return;
    const anchored = await commands.command(docName, null, (doc: Y.Doc) => anchoredThreads(doc.getXmlFragment(CONTENT_FIELD)));
    const now = Date.now();
    const flips: { id: string; detached: number }[] = [];
    const seen: string[] = [];
    for (const row of anchoredThreadsOfDoc.all(docName)) {
      const present = anchored.has(row.id);
      if (present && row.anchored_at === null) seen.push(row.id);
      if (present && row.detached === 1) flips.push({ id: row.id, detached: 0 });
      // A mark not seen yet may still be on its way (a new thread, a re-attachment) for a while.
      const expected = row.anchored_at !== null || now - row.updated_at > NEW_THREAD_GRACE_MS;
      if (!present && row.detached === 0 && expected) flips.push({ id: row.id, detached: 1 });
    }
    if (seen.length) {
      const markSeen = db.prepare('UPDATE threads SET anchored_at = ? WHERE id = ?');
      db.transaction(() => seen.forEach((id) => markSeen.run(now, id)))();
    }
    if (!flips.length) return;
    const update = db.prepare('UPDATE threads SET detached = ?, updated_at = ? WHERE id = ?');
    db.transaction(() => flips.forEach((flip) => update.run(flip.detached, now, flip.id)))();
    const info = docInfo.get(docName);
    for (const flip of flips) if (info) changed(info.workspace_id, docName, flip.id);
  };

  const scheduleScan = (docName: string) => {
    if (closed || scanTimers.has(docName)) return;
    scanTimers.set(
      docName,
      setTimeout(() => {
        scanTimers.delete(docName);
        scanAnchors(docName).catch((error: unknown) => deps.logger.warn({ err: error, doc: docName }, 'comment anchor scan failed'));
      }, SCAN_DELAY_MS),
    );
  };
  deps.events.on('draft-committed', ({ docName }) => scheduleScan(docName));

  return {
    listForDoc(docName) {
      return threadsOfDoc.all(docName).map(present);
    },

    listForWorkspace(workspace, viewer, query) {
      const where = ['t.workspace_id = @workspaceId'];
      if (query.status !== 'all') where.push('t.status = @status');
      if (query.section) where.push('d.section_id = @section');
      if (query.person) where.push('(t.author_id = @person OR EXISTS (SELECT 1 FROM thread_messages m WHERE m.thread_id = t.id AND m.author_id = @person))');
      if (query.organisation) {
        where.push(`(EXISTS (SELECT 1 FROM users u WHERE u.id = t.author_id AND u.organisation_id = @organisation)
          OR EXISTS (SELECT 1 FROM thread_messages m JOIN users u ON u.id = m.author_id WHERE m.thread_id = t.id AND u.organisation_id = @organisation))`);
      }
      if (query.mentionsMe === '1') {
        // json_each over the mentions of live messages: the viewer, or the viewer's organisation.
        where.push(`EXISTS (SELECT 1 FROM thread_messages m, json_each(m.mentions) j WHERE m.thread_id = t.id AND m.deleted_at IS NULL
          AND ((json_extract(j.value, '$.kind') = 'user' AND json_extract(j.value, '$.id') = @viewer)
            OR (json_extract(j.value, '$.kind') = 'organisation' AND json_extract(j.value, '$.id') = @viewerOrg)))`);
      }
      const rows = db
        .prepare(`SELECT t.* FROM threads t JOIN docs d ON d.name = t.doc WHERE ${where.join(' AND ')} ORDER BY t.updated_at DESC LIMIT 500`)
        .all({ workspaceId: workspace.id, status: query.status, section: query.section, person: query.person, organisation: query.organisation, viewer: viewer.id, viewerOrg: viewer.organisationId }) as ThreadRow[];
      return rows.map(present);
    },

    find(threadId) {
      const row = threadById.get(threadId);
      return row ? present(row) : null;
    },

    create(author, workspace, docName, input, options = {}) {
      const info = docInfo.get(docName);
      if (!info) return fail('not_found', 'No such section');
      const mentions = checkMentions(workspace.id, input.mentions);
      if (!mentions.ok) return mentions;
      if (!input.suggestionId && !input.quote.trim()) return fail('validation_failed', 'Select the text the comment is about.', 'quote');
      const id = createId();
      const now = Date.now();
      db.transaction(() => {
        insertThread.run({
          id,
          workspaceId: workspace.id,
          doc: docName,
          authorId: author.id,
          quote: input.quote,
          before: input.context?.before ?? '',
          after: input.context?.after ?? '',
          blockId: input.blockId ?? null,
          suggestionId: input.suggestionId ?? null,
          fromRelease: options.fromRelease ?? null,
          now,
        });
        if (options.visitor) insertVisitorMessage.run(createId(), id, input.body, now, options.visitor.name, options.fromRelease ?? '', author.id);
        else insertMessage.run(createId(), id, author.id, input.body, JSON.stringify(mentions.value), now);
        deps.audit.record({ actorId: author.id, action: 'thread.create', workspaceId: workspace.id, target: docName, details: { thread: id } }, now);
      })();
      const row = threadById.get(id)!;
      notifyMessage(row, author, input.body, mentions.value, false);
      changed(workspace.id, docName, id);
      return succeed(present(row));
    },

    reply(author, workspace, docName, threadId, input) {
      const row = threadIn(docName, threadId);
      if (!row) return fail('not_found', 'No such thread');
      const mentions = checkMentions(workspace.id, input.mentions);
      if (!mentions.ok) return mentions;
      const now = Date.now();
      db.transaction(() => {
        insertMessage.run(createId(), threadId, author.id, input.body, JSON.stringify(mentions.value), now);
        touchThread.run(now, threadId);
      })();
      notifyMessage(row, author, input.body, mentions.value, true);
      changed(workspace.id, docName, threadId);
      return succeed(present(threadById.get(threadId)!));
    },

    editMessage(author, docName, threadId, messageId, input) {
      const row = threadIn(docName, threadId);
      const message = row && messageById.get(messageId, threadId);
      if (!row || !message || message.deleted_at !== null) return fail('not_found', 'No such message');
      if (message.author_id === null) return fail('forbidden', 'These are a visitor’s words: they stay as they were written.');
      if (message.author_id !== author.id) return fail('forbidden', 'You can only edit your own messages.');
      const mentions = checkMentions(row.workspace_id, input.mentions);
      if (!mentions.ok) return mentions;
      const now = Date.now();
      db.prepare('UPDATE thread_messages SET body = ?, mentions = ?, edited_at = ? WHERE id = ?').run(input.body, JSON.stringify(mentions.value), now, messageId);
      touchThread.run(now, threadId);
      // Only people newly mentioned by the edit hear of it.
      const before = new Set((JSON.parse(message.mentions) as Mention[]).map((m) => `${m.kind}:${m.id}`));
      const added = mentions.value.filter((m) => !before.has(`${m.kind}:${m.id}`));
      if (added.length) notifyMessage(row, author, input.body, added, false);
      changed(row.workspace_id, docName, threadId);
      return succeed(present(threadById.get(threadId)!));
    },

    deleteMessage(author, role, docName, threadId, messageId) {
      const row = threadIn(docName, threadId);
      const message = row && messageById.get(messageId, threadId);
      if (!row || !message || message.deleted_at !== null) return fail('not_found', 'No such message');
      // Not even a moderator removes a visitor's words as if they were a member's message; the thread can be resolved.
      if (message.author_id === null) return fail('forbidden', 'These are a visitor’s words: they stay as they were written. Resolve the thread instead.');
      if (message.author_id !== author.id && !can(role, 'comment.moderate')) return fail('forbidden', 'You can only delete your own messages.');
      const now = Date.now();
      // A tombstone: the row stays so replies keep their place; the text is gone.
      db.prepare("UPDATE thread_messages SET body = '', mentions = '[]', deleted_at = ? WHERE id = ?").run(now, messageId);
      touchThread.run(now, threadId);
      deps.audit.record({ actorId: author.id, action: 'thread.message.delete', workspaceId: row.workspace_id, target: docName, details: { thread: threadId, message: messageId } }, now);
      changed(row.workspace_id, docName, threadId);
      return succeed(present(threadById.get(threadId)!));
    },

    setStatus(author, workspace, docName, threadId, status, settledBy) {
      const row = threadIn(docName, threadId);
      if (!row) return fail('not_found', 'No such thread');
      if (row.status === status) return succeed(present(row));
      if (settledBy?.kind === 'decision') {
        const decision = db.prepare('SELECT 1 FROM suggestion_decisions WHERE id = ? AND doc = ?').get(Number(settledBy.id), docName);
        if (!decision) return fail('validation_failed', 'That decision is not one of this section’s.', 'settledBy');
      }
      if (settledBy?.kind === 'revision' && !revisionExists(db, docName, settledBy.id)) {
        return fail('validation_failed', 'That revision is not one of this section’s.', 'settledBy');
      }
      const now = Date.now();
      if (status === 'resolved') {
        db.prepare('UPDATE threads SET status = ?, resolved_at = ?, resolved_by = ?, settled_kind = ?, settled_ref = ?, updated_at = ? WHERE id = ?').run(
          status,
          now,
          author.id,
          settledBy?.kind ?? null,
          settledBy?.id ?? null,
          now,
          threadId,
        );
      } else {
        db.prepare('UPDATE threads SET status = ?, resolved_at = NULL, resolved_by = NULL, settled_kind = NULL, settled_ref = NULL, updated_at = ? WHERE id = ?').run(status, now, threadId);
      }
      deps.audit.record({ actorId: author.id, action: status === 'resolved' ? 'thread.resolve' : 'thread.reopen', workspaceId: workspace.id, target: docName, details: { thread: threadId, settledBy: settledBy ?? null } }, now);
      changed(workspace.id, docName, threadId);
      return succeed(present(threadById.get(threadId)!));
    },

    reattach(author, docName, threadId, input) {
      const row = threadIn(docName, threadId);
      if (!row) return fail('not_found', 'No such thread');
      if (row.suggestion_id) return fail('validation_failed', 'A thread on a suggestion follows the suggestion.');
      const now = Date.now();
      // Still detached until a scan finds the new mark; updated_at restarts the grace period.
      db.prepare('UPDATE threads SET quote = ?, block_id = ?, anchored_at = NULL, updated_at = ? WHERE id = ?').run(input.quote, input.blockId ?? null, now, threadId);
      deps.audit.record({ actorId: author.id, action: 'thread.reattach', workspaceId: row.workspace_id, target: docName, details: { thread: threadId } }, now);
      changed(row.workspace_id, docName, threadId);
      return succeed(present(threadById.get(threadId)!));
    },

    settleSuggestionThreads(docName, settled, actorId) {
      const now = Date.now();
      const settle = db.prepare(
        "UPDATE threads SET status = 'resolved', resolved_at = ?, resolved_by = ?, settled_kind = 'decision', settled_ref = ?, updated_at = ? WHERE doc = ? AND suggestion_id = ? AND status = 'open' RETURNING id, workspace_id",
      );
      for (const { suggestionId, decisionId } of settled) {
        for (const row of settle.all(now, actorId, String(decisionId), now, docName, suggestionId) as { id: string; workspace_id: string }[]) {
          changed(row.workspace_id, docName, row.id);
        }
      }
    },

    scanAnchors,

    close() {
      for (const timer of scanTimers.values()) clearTimeout(timer);
      scanTimers.clear();
      closed = true;
    },
  };
}

/** Whether this draft has a revision with that number. */
function revisionExists(db: Db, docName: string, revision: string): boolean {
  return /^[1-9][0-9]{0,8}$/.test(revision) && Boolean(db.prepare('SELECT 1 FROM revisions WHERE doc = ? AND number = ?').get(docName, Number(revision)));
}

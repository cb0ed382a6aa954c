/**
 * Who hears of what, beyond comment messages (which the comment service notifies itself):
 * suggestion decisions reach their authors (and settle the threads on those suggestions),
 * approval requests reach the workspace's reviewers, reviews reach the requester.
 */
import type { Db } from '../db/database.js';
import { buildSectionUrl } from '../../shared/api.js';
import type { CommentService } from './comments.js';
import type { ServiceEvents } from './events.js';
import type { InboxService } from './inbox.js';

interface DocInfo {
  section_id: string;
  slug: string;
  workspace_slug: string;
  lang: string;
}

/** Subscribes the inbox to the services' events. */
export function wireNotifications({ db, events, inbox, comments }: { db: Db; events: ServiceEvents; inbox: InboxService; comments: CommentService }): void {
  const docInfo = db.prepare<[string], DocInfo>(
    'SELECT d.section_id, d.lang, s.slug, w.slug AS workspace_slug FROM docs d JOIN sections s ON s.id = d.section_id JOIN workspaces w ON w.id = d.workspace_id WHERE d.name = ?',
  );
  const sectionDoc = db.prepare<[string, string], { name: string }>('SELECT name FROM docs WHERE section_id = ? AND lang = ?');
  const reviewers = db.prepare<[string], { user_id: string }>("SELECT user_id FROM memberships WHERE workspace_id = ? AND role IN ('admin', 'staff')");
  const sectionUrl = (docName: string) => {
    const info = docInfo.get(docName);
    return info ? { info, url: `${buildSectionUrl(info.workspace_slug, info.slug)}?lang=${info.lang}` } : null;
  };

  events.on('suggestion-decided', ({ workspaceId, docName, actorId, decisions }) => {
    comments.settleSuggestionThreads(
      docName,
      decisions.map((d) => ({ suggestionId: d.suggestionId, decisionId: d.decisionId })),
      actorId,
    );
    const where = sectionUrl(docName);
    if (!where) return;
    const byAuthor = new Map<string, string[]>();
    for (const decision of decisions) {
      if (decision.authorId === actorId) continue;
      byAuthor.set(decision.authorId, [...(byAuthor.get(decision.authorId) ?? []), decision.action]);
    }
    for (const [authorId, actions] of byAuthor) {
      inbox.notify([authorId], { kind: 'decision', workspaceId, sectionId: where.info.section_id, actorId, text: actions.join(', '), url: where.url });
    }
  });

  events.on('revision-requested', ({ workspaceId, sectionId, lang, requestedBy }) => {
    const doc = sectionDoc.get(sectionId, lang);
    const where = doc && sectionUrl(doc.name);
    if (!where) return;
    const staff = reviewers.all(workspaceId).map((r) => r.user_id).filter((id) => id !== requestedBy);
    inbox.notify(staff, { kind: 'approval-request', workspaceId, sectionId, actorId: requestedBy, text: '', url: where.url });
  });

  const requester = db.prepare<[string], { requested_by: string; summary: string; comment: string | null }>('SELECT requested_by, summary, comment FROM approval_requests WHERE id = ?');
  events.on('revision-reviewed', ({ workspaceId, sectionId, lang, requestId, reviewedBy, outcome }) => {
    const request = requester.get(requestId);
    const doc = sectionDoc.get(sectionId, lang);
    const where = doc && sectionUrl(doc.name);
    if (!request || !where || request.requested_by === reviewedBy) return;
    // An approval says what was approved, and the reviewer's comment when there is one.
    const text = outcome === 'approved' ? [request.summary, request.comment].filter(Boolean).join(' — ') : (request.comment ?? '');
    inbox.notify([request.requested_by], { kind: 'approval-review', workspaceId, sectionId, actorId: reviewedBy, text, url: where.url });
  });
}

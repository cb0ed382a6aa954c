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
import type { DecidedSuggestion } from '../../shared/comments/api.js';

interface DocInfo {
  section_id: string;
  slug: string;
  workspace_slug: string;
  lang: string;
}

interface DecisionRow {
  kind: string;
  reason: string | null;
  before_text: string;
  after_text: string;
}

/** How long an excerpt in a notification may be (a cut one ends in "…"). */
const EXCERPT_CHARS = 60;

/** A short excerpt: whitespace squashed, cut at a word boundary when long. */
export function excerpt(text: string, max = EXCERPT_CHARS): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/**
 * What a decided suggestion added and removed, from its decision record's text before and
 * after (the text without and with the suggestion, over its block): what differs between the
 * two once their common start and end are set aside. Works for every kind of suggestion,
 * inline or structural, without knowing how each is carried.
 */
export function describeDecision(action: DecidedSuggestion['action'], row: DecisionRow | undefined): DecidedSuggestion {
  if (!row) return { action, kind: null, added: '', removed: '', context: '' };
  const before = row.before_text;
  const after = row.after_text;
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  let added = after.slice(start, after.length - end);
  let removed = before.slice(start, before.length - end);
  if (added && removed) {
    // A replacement is told in whole words ("werken" → "willen", not "erken" → "illen").
    while (start > 0 && /\S/.test(before[start - 1])) start--;
    while (end > 0 && /\S/.test(before[before.length - end])) end--;
    added = after.slice(start, after.length - end);
    removed = before.slice(start, before.length - end);
  } else if (added) added = slideToWord(after, start, after.length - end);
  else if (removed) removed = slideToWord(before, start, before.length - end);
  return { action, kind: row.kind, added: excerpt(added), removed: excerpt(removed), context: added.trim() || removed.trim() ? '' : excerpt(after || before) };
}

/**
 * An insertion or deletion can often sit at several places of the same text ("blijft voor
 * altijd van" less "voor altijd " or less "oor altijd v"): slide it left, over equal
 * characters, to where it starts a word.
 */
function slideToWord(text: string, start: number, stop: number): string {
  const startsWord = (at: number) => (at === 0 || /\s/.test(text[at - 1])) && /\S/.test(text[at] ?? '');
  if (startsWord(start)) return text.slice(start, stop);
  for (let from = start, to = stop; from > 0 && text[from - 1] === text[to - 1]; ) {
    from--;
    to--;
    if (startsWord(from)) return text.slice(from, to);
  }
  return text.slice(start, stop);
}


/** Subscribes the inbox to the services' events. */
export function wireNotifications({ db, events, inbox, comments }: { db: Db; events: ServiceEvents; inbox: InboxService; comments: CommentService }): void {
  const docInfo = db.prepare<[string], DocInfo>(
    'SELECT d.section_id, d.lang, s.slug, w.slug AS workspace_slug FROM docs d JOIN sections s ON s.id = d.section_id JOIN workspaces w ON w.id = d.workspace_id WHERE d.name = ?',
  );
  const sectionDoc = db.prepare<[string, string], { name: string }>('SELECT name FROM docs WHERE section_id = ? AND lang = ?');
  const reviewers = db.prepare<[string], { user_id: string }>("SELECT user_id FROM memberships WHERE workspace_id = ? AND role IN ('admin', 'staff')");
  // Read inside the decision's own transaction: the rows it just wrote.
  const decisionRow = db.prepare<[number], DecisionRow>('SELECT kind, reason, before_text, after_text FROM suggestion_decisions WHERE id = ?');
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
    // One notification per author, listing each of their suggestions decided: structured
    // (kind, excerpts, reason), so the inbox and the digest put it into the reader's words.
    const byAuthor = new Map<string, DecidedSuggestion[]>();
    let reason: string | null = null;
    for (const decision of decisions) {
      if (decision.authorId === actorId) continue;
      const row = decisionRow.get(decision.decisionId);
      reason = row?.reason || reason;
      byAuthor.set(decision.authorId, [...(byAuthor.get(decision.authorId) ?? []), describeDecision(decision.action, row)]);
    }
    for (const [authorId, suggestions] of byAuthor) {
      inbox.notify([authorId], { kind: 'decision', workspaceId, sectionId: where.info.section_id, actorId, text: '', url: where.url, decision: { reason, suggestions } });
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

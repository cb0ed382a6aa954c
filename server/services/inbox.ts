/**
 * The inbox: mentions, replies to one's threads, decisions on one's suggestions, approval
 * requests and reviews. Each notification is a row per person, live through
 * `inbox-changed`; unread ones also go out by e-mail as a digest, at most one per person
 * per the interval they chose (`users.digest`), through the outbox.
 */
import type { Db } from '../db/database.js';
import { DIGEST_INTERVAL_MS, DIGEST_INTERVALS, type DecisionDetails, type DigestInterval, type Inbox, type NotificationKind } from '../../shared/comments/api.js';
import type { Language } from '../../shared/api.js';
import type { ServiceEvents } from './events.js';
import type { OutboxService } from './outbox.js';
import { digestMail, mailLanguage } from './mailTexts.js';

export interface NewNotification {
  kind: NotificationKind;
  workspaceId: string;
  sectionId?: string | null;
  threadId?: string | null;
  actorId?: string | null;
  /** A short plain-text excerpt. */
  text: string;
  /** The app path to open. */
  url: string;
  /** A decision's suggestions (kind, excerpts, reason), put into words when read. */
  decision?: DecisionDetails;
}

const ACTIONS = ['accept', 'reject', 'withdraw'] as const;

/**
 * The details of a stored decision notification. Rows written before details were stored
 * held the actions as text ("accept, reject"): those become suggestions without excerpts,
 * so no internal code ever reaches a reader.
 */
export function decisionDetails(kind: string, details: string | null, text: string): DecisionDetails | null {
  if (kind !== 'decision') return null;
  if (details) return JSON.parse(details) as DecisionDetails;
  const actions = text.split(',').map((part) => part.trim()).filter((part): part is (typeof ACTIONS)[number] => (ACTIONS as readonly string[]).includes(part));
  return { reason: null, suggestions: actions.map((action) => ({ action, kind: null, added: '', removed: '', context: '' })) };
}

/** The excerpt of a row: a decision's old action codes are not text for people. */
function rowText(kind: string, details: string | null, text: string): string {
  return kind === 'decision' && !details ? '' : text;
}

export interface InboxService {
  /** Adds a notification for each person (duplicates removed). */
  notify(userIds: readonly string[], notification: NewNotification): void;
  /** The newest notifications and the unread count. */
  list(userId: string, options?: { limit?: number }): Inbox;
  unreadCount(userId: string): number;
  markRead(userId: string, request: { ids?: number[]; all?: boolean }): void;
  digestOf(userId: string): DigestInterval;
  setDigest(userId: string, digest: DigestInterval): void;
  /**
   * Writes a digest e-mail for everyone whose interval has passed since their last one and
   * who has unread notifications not yet mailed. Returns how many were written.
   */
  sendDigests(baseUrl: string, now?: number): number;
}

const INBOX_PAGE = 100;

/** Creates the inbox service. */
export function createInboxService(db: Db, deps: { events: ServiceEvents; outbox: OutboxService }): InboxService {
  const insert = db.prepare(
    `INSERT INTO notifications (user_id, kind, workspace_id, section_id, thread_id, actor_id, text, url, details, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const rows = db.prepare<[string, number], Record<string, unknown>>(
    `SELECT n.*, a.name AS actor_name, w.slug AS workspace_slug, w.name AS workspace_name, s.title AS section_title
       FROM notifications n
       JOIN workspaces w ON w.id = n.workspace_id
       LEFT JOIN users a ON a.id = n.actor_id
       LEFT JOIN sections s ON s.id = n.section_id
      WHERE n.user_id = ? ORDER BY n.id DESC LIMIT ?`,
  );
  const unread = db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM notifications WHERE user_id = ? AND read_at IS NULL');
  const digestRow = db.prepare<[string], { digest: string }>('SELECT digest FROM users WHERE id = ?');

  const inbox: InboxService = {
    notify(userIds, n) {
      const now = Date.now();
      const targets = [...new Set(userIds)];
      if (!targets.length) return;
      const details = n.decision ? JSON.stringify(n.decision) : null;
      db.transaction(() => {
        for (const userId of targets) insert.run(userId, n.kind, n.workspaceId, n.sectionId ?? null, n.threadId ?? null, n.actorId ?? null, n.text, n.url, details, now);
      })();
      for (const userId of targets) deps.events.emit('inbox-changed', { userId });
    },

    list(userId, options = {}) {
      const items = rows.all(userId, options.limit ?? INBOX_PAGE).map((row) => ({
        id: row.id as number,
        kind: row.kind as NotificationKind,
        actor: row.actor_id && row.actor_name ? { id: row.actor_id as string, name: row.actor_name as string } : null,
        workspace: { slug: row.workspace_slug as string, name: row.workspace_name as string },
        section: row.section_id && row.section_title ? { id: row.section_id as string, title: row.section_title as string } : null,
        threadId: (row.thread_id as string | null) ?? null,
        text: rowText(row.kind as string, row.details as string | null, row.text as string),
        url: row.url as string,
        decision: decisionDetails(row.kind as string, row.details as string | null, row.text as string),
        createdAt: row.created_at as number,
        read: row.read_at !== null,
      }));
      return { unread: inbox.unreadCount(userId), items };
    },

    unreadCount(userId) {
      return unread.get(userId)?.n ?? 0;
    },

    markRead(userId, request) {
      const now = Date.now();
      if (request.all) db.prepare('UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL').run(now, userId);
      else {
        const mark = db.prepare('UPDATE notifications SET read_at = ? WHERE user_id = ? AND id = ? AND read_at IS NULL');
        db.transaction(() => (request.ids ?? []).forEach((id) => mark.run(now, userId, id)))();
      }
      deps.events.emit('inbox-changed', { userId });
    },

    digestOf(userId) {
      const value = digestRow.get(userId)?.digest;
      return (DIGEST_INTERVALS as readonly string[]).includes(value ?? '') ? (value as DigestInterval) : 'hourly';
    },

    setDigest(userId, digest) {
      db.prepare('UPDATE users SET digest = ? WHERE id = ?').run(digest, userId);
    },

    sendDigests(baseUrl, now = Date.now()) {
      const due = db
        .prepare<[], { id: string; email: string; locale: string | null; digest: string; last_digest_at: number | null }>(
          `SELECT DISTINCT u.id, u.email, u.locale, u.digest, u.last_digest_at FROM users u
             JOIN notifications n ON n.user_id = u.id AND n.read_at IS NULL AND n.mailed_at IS NULL
            WHERE u.disabled_at IS NULL AND u.digest != 'off'`,
        )
        .all()
        .filter((user) => user.last_digest_at === null || now - user.last_digest_at >= DIGEST_INTERVAL_MS[user.digest as DigestInterval]);
      let written = 0;
      for (const user of due) {
        db.transaction(() => {
          const items = db
            .prepare<[string], { id: number; kind: NotificationKind; text: string; url: string; details: string | null; actor_name: string | null; section_title: string | null }>(
              `SELECT n.id, n.kind, n.text, n.url, n.details, a.name AS actor_name, s.title AS section_title FROM notifications n
                 LEFT JOIN users a ON a.id = n.actor_id LEFT JOIN sections s ON s.id = n.section_id
                WHERE n.user_id = ? AND n.read_at IS NULL AND n.mailed_at IS NULL ORDER BY n.id`,
            )
            .all(user.id);
          if (!items.length) return;
          const lang: Language = mailLanguage(user.locale);
          deps.outbox.enqueue(
            digestMail(lang, {
              to: user.email,
              items: items.map((item) => ({
                kind: item.kind,
                actor: item.actor_name,
                section: item.section_title,
                text: rowText(item.kind, item.details, item.text),
                decision: decisionDetails(item.kind, item.details, item.text),
                url: `${baseUrl}${item.url}`,
              })),
              inboxUrl: `${baseUrl}/inbox`,
            }),
            now,
          );
          const mark = db.prepare('UPDATE notifications SET mailed_at = ? WHERE id = ?');
          for (const item of items) mark.run(now, item.id);
          db.prepare('UPDATE users SET last_digest_at = ? WHERE id = ?').run(now, user.id);
          written += 1;
        })();
      }
      return written;
    },
  };
  return inbox;
}

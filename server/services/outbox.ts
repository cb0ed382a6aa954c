/**
 * The outbox: e-mails to send, written in the same database as the change that causes them.
 * Sending by SMTP, when configured, drains it (mailer.ts); without SMTP the rows are there for operators.
 */
import type { Db } from '../db/database.js';
import type { ServiceEvents } from './events.js';

/** One e-mail. */
export interface OutgoingMail {
  to: string;
  subject: string;
  body: string;
}

export interface OutboxService {
  /** Queues an e-mail. */
  enqueue(mail: OutgoingMail, now?: number): void;
}

/** Creates the outbox service; each queued e-mail emits `mail-queued` for the mailer. */
export function createOutboxService(db: Db, events: ServiceEvents): OutboxService {
  const insert = db.prepare('INSERT INTO outbox (at, to_email, subject, body) VALUES (?, ?, ?, ?)');
  return {
    enqueue(mail, now = Date.now()) {
      insert.run(now, mail.to, mail.subject, mail.body);
      events.emit('mail-queued');
    },
  };
}

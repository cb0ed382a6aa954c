/**
 * Sends the outbox by SMTP when `SMTP_URL` is set: every unsent row, oldest first, stamped
 * with `sent_at` once the server accepted it. A pass starts soon after a row is queued (never
 * on the request's own stack) and every `mailRetryMs` for what failed; a failure is logged
 * and the row stays unsent for the next pass, so no mail is lost. Delivery is at least once:
 * a message the server accepted just before a crash or shutdown may be sent again.
 */
import nodemailer from 'nodemailer';
import type { Db } from '../db/database.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';

/** The outbox sender. */
export interface Mailer {
  /** Whether SMTP is configured; when not, every method does nothing. */
  readonly enabled: boolean;
  /** Schedules a pass over the unsent rows (after the current transaction and request). */
  wake(): void;
  /** Runs a pass now (or joins the running one); resolves when it ends, never rejects. */
  flush(): Promise<void>;
  /** Stops the timer and the transport; a send in flight finishes but is not stamped. */
  close(): void;
}

interface OutboxRow {
  id: number;
  to_email: string;
  subject: string;
  body: string;
}

/** Failures that concern one message; any other (connection, auth, TLS) ends the pass. */
const MESSAGE_ERRORS = new Set(['EENVELOPE', 'EMESSAGE']);

/** Creates the mailer; without `config.smtpUrl` it is inert. */
export function createMailer({ db, config, logger }: { db: Db; config: Config; logger: Logger }): Mailer {
  if (!config.smtpUrl) return { enabled: false, wake() {}, flush: async () => {}, close() {} };

  const transport = nodemailer.createTransport({
    url: config.smtpUrl,
    // Fail fast on an unreachable server: the next pass retries anyway.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 60_000,
    // Bodies are plain text of our own; nothing in them should make nodemailer read files or URLs.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const unsent = db.prepare('SELECT id, to_email, subject, body FROM outbox WHERE sent_at IS NULL ORDER BY id');
  const markSent = db.prepare('UPDATE outbox SET sent_at = ? WHERE id = ? AND sent_at IS NULL');
  const log = logger.child({ component: 'mailer' });

  let closed = false;
  let running: Promise<void> | null = null;
  let again = false;
  let woken: NodeJS.Immediate | null = null;

  /** One pass; a connection-level failure ends it early, as every later row would fail the same way. */
  async function sendUnsent(): Promise<void> {
    const rows = unsent.all() as OutboxRow[];
    for (const row of rows) {
      if (closed) return;
      try {
        await transport.sendMail({ from: config.mailFrom, to: row.to_email, subject: row.subject, text: row.body });
      } catch (error) {
        const code = (error as { code?: string }).code;
        log.warn({ err: error, outboxId: row.id }, 'sending mail failed; it stays in the outbox and is retried');
        if (code && MESSAGE_ERRORS.has(code)) continue;
        return;
      }
      // The database closes right after close(): the row stays unsent and goes again next start.
      if (closed) return;
      markSent.run(Date.now(), row.id);
    }
  }

  function flush(): Promise<void> {
    if (closed) return Promise.resolve();
    if (running) {
      // A row queued during a pass may have been read too late: go round once more.
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await sendUnsent();
        } while (again && !closed);
      } catch (error) {
        log.error({ err: error }, 'mail pass failed');
      } finally {
        running = null;
      }
    })();
    return running;
  }

  const timer = setInterval(() => void flush(), config.mailRetryMs);
  timer.unref();
  // Rows left unsent by an earlier run go out at start.
  setImmediate(() => void flush());

  return {
    enabled: true,
    wake() {
      woken ??= setImmediate(() => {
        woken = null;
        void flush();
      });
    },
    flush,
    close() {
      closed = true;
      clearInterval(timer);
      if (woken) clearImmediate(woken);
      transport.close();
    },
  };
}

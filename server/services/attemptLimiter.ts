/**
 * Counts attempts per key (an account, an address) in a sliding window, in the
 * `login_failures` table: sign-in failures, wrong current passwords, reset requests.
 */
import type { Db } from '../db/database.js';

export interface AttemptLimiter {
  /** Whether any of the keys has reached `max` attempts within the window. */
  isLimited(keys: readonly string[], now?: number): boolean;
  /** Records one attempt for each key (and forgets attempts older than the window). */
  record(keys: readonly string[], now?: number): void;
}

/** Creates a limiter allowing `max` attempts per key within `windowMs`. */
export function createAttemptLimiter(db: Db, { max, windowMs }: { max: number; windowMs: number }): AttemptLimiter {
  const count = db.prepare('SELECT COUNT(*) AS n FROM login_failures WHERE key = ? AND at > ?');
  const insert = db.prepare('INSERT INTO login_failures (key, at) VALUES (?, ?)');
  const prune = db.prepare('DELETE FROM login_failures WHERE at <= ?');
  return {
    isLimited(keys, now = Date.now()) {
      return keys.some((key) => (count.get(key, now - windowMs) as { n: number }).n >= max);
    },
    record(keys, now = Date.now()) {
      db.transaction(() => {
        prune.run(now - windowMs);
        for (const key of keys) insert.run(key, now);
      })();
    },
  };
}

/**
 * Self-service password reset: a single-use link valid for an hour, written to the outbox.
 * Asking answers the same for every e-mail (known or not) and is limited per account and
 * per address like sign-in; using the link ends every session of the account.
 */
import type { Db } from '../db/database.js';
import { LIMITS } from '../../shared/limits.js';
import type { AccountService } from './accounts.js';
import { SIGN_IN_MAX_FAILURES, SIGN_IN_WINDOW_MS } from './accounts.js';
import { createAttemptLimiter } from './attemptLimiter.js';
import type { AuditService } from './audit.js';
import { createToken, hashToken, isTokenShaped } from './ids.js';
import { mailLanguage, passwordResetMail } from './mailTexts.js';
import type { OutboxService } from './outbox.js';
import { fail, succeed, type Result } from './result.js';

/** The one answer for an unknown, used or expired reset link. */
export const RESET_GONE = 'This reset link is not valid: it was already used, it expired, or it is incomplete. Ask for a new one.';

export interface PasswordResetService {
  /** Asks for a reset link: ok for any e-mail, rate_limited when asked too often. */
  request(input: { email: string; address: string; baseUrl: string }): Result<void>;
  /** Uses a link: sets the password and ends every session of the account. */
  complete(input: { token: string; newPassword: string }): Promise<Result<void>>;
}

/** Creates the password-reset service. */
export function createPasswordResetService(
  db: Db,
  deps: { accounts: AccountService; outbox: OutboxService; audit: AuditService },
): PasswordResetService {
  const limiter = createAttemptLimiter(db, { max: SIGN_IN_MAX_FAILURES, windowMs: SIGN_IN_WINDOW_MS });
  const insert = db.prepare('INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)');
  const live = db.prepare('SELECT user_id FROM password_resets WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?');
  // Using one link spends every other link of the account too.
  const consumeAll = db.prepare('UPDATE password_resets SET used_at = ? WHERE user_id = ? AND used_at IS NULL');

  return {
    request({ email, address, baseUrl }) {
      const now = Date.now();
      const keys = [`reset-account:${email.trim().toLowerCase()}`, `reset-address:${address}`];
      if (limiter.isLimited(keys, now)) return fail('rate_limited', 'Too many reset requests. Try again in 15 minutes.');
      const user = deps.accounts.findByEmail(email);
      db.transaction(() => {
        limiter.record(keys, now);
        if (!user || user.disabled) return;
        const token = createToken();
        insert.run(hashToken(token), user.id, now, now + LIMITS.passwordResetTtlMs);
        deps.outbox.enqueue(passwordResetMail(mailLanguage(user.locale), { to: user.email, url: `${baseUrl}/reset/${token}` }), now);
        deps.audit.record({ actorId: user.id, action: 'auth.password-reset-request', target: user.id, details: { address } }, now);
      })();
      return succeed(undefined);
    },
    async complete({ token, newPassword }) {
      if (!isTokenShaped(token)) return fail('not_found', RESET_GONE);
      const now = Date.now();
      const userId = db.transaction(() => {
        const row = live.get(hashToken(token), now) as { user_id: string } | undefined;
        if (!row) return null;
        consumeAll.run(now, row.user_id);
        return row.user_id;
      })();
      if (!userId) return fail('not_found', RESET_GONE);
      await deps.accounts.setPassword(userId, newPassword, { actorId: userId, action: 'auth.password-reset' });
      return succeed(undefined);
    },
  };
}

/**
 * Accounts and organisations: creating people, signing them in (with the sign-in limit of
 * CONTRACT.md) and presenting them.
 */
import type { Db } from '../db/database.js';
import type { Language, User } from '../../shared/api.js';
import { LIMITS } from '../../shared/limits.js';
import { createAttemptLimiter } from './attemptLimiter.js';
import { createId } from './ids.js';
import { getDummyHash, hashPassword, verifyPassword } from './passwords.js';
import { fail, succeed, type Result } from './result.js';
import type { AuditService } from './audit.js';
import type { NewSession, SessionService } from './sessions.js';

/** Failed sign-ins allowed per account and per address within the window. */
export const SIGN_IN_MAX_FAILURES = 10;
/** The window failed sign-ins are counted in. */
export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;

/** A stored account, without its password hash. */
export interface UserRecord {
  id: string;
  email: string;
  name: string;
  organisationId: string;
  organisationName: string;
  isSiteAdmin: boolean;
  locale: string | null;
  disabled: boolean;
}

/** What creating an account needs. */
export interface NewUser {
  email: string;
  name: string;
  password: string;
  /** The organisation, by name; created (as a partner, unless told) when new. */
  organisation: string;
  organisationKind?: 'trust' | 'partner';
  /** An existing organisation, by id (takes precedence over `organisation`). */
  organisationId?: string;
  isSiteAdmin?: boolean;
}

export interface AccountService {
  /** Finds an account by id. */
  findById(userId: string): UserRecord | null;
  /** Finds an account by e-mail (case-insensitive). */
  findByEmail(email: string): UserRecord | null;
  /** Every account, by e-mail. */
  list(): UserRecord[];
  /** Creates an account (conflict when the e-mail is taken). */
  create(input: NewUser): Promise<Result<UserRecord>>;
  /** Creates an account whose password is already hashed (synchronous: joins a transaction). */
  createWithHash(input: NewUser, passwordHash: string): Result<UserRecord>;
  /** Sets a new password and ends the account's sessions. */
  resetPassword(email: string, password: string): Promise<Result<UserRecord>>;
  /** Sets a new password (already checked) and ends every session of the account. */
  setPassword(userId: string, password: string, audit: { actorId: string | null; action: string }): Promise<void>;
  /** Changes the person's name and interface language. */
  updateProfile(userId: string, changes: { name?: string; locale?: Language }): UserRecord | null;
  /**
   * Changes a password after checking the current one (a wrong one counts like a failed
   * sign-in); the session `keepSessionId` survives, every other one ends.
   */
  changePassword(input: { userId: string; currentPassword: string; newPassword: string; address: string; keepSessionId: string }): Promise<Result<UserRecord>>;
  /** Finds or creates an organisation by name; answers its id. */
  ensureOrganisation(name: string, kind: 'trust' | 'partner'): string;
  /**
   * Signs in: limited per account and per address, identical answer for an unknown e-mail
   * and a wrong password, a new session on success.
   */
  signIn(input: { email: string; password: string; address: string }): Promise<Result<{ user: UserRecord } & NewSession>>;
  /** The API shape of an account. */
  present(user: UserRecord): User;
}

interface UserRow {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  organisation_id: string;
  organisation_name: string;
  is_site_admin: number;
  locale: string | null;
  disabled_at: number | null;
}

function toRecord(row: UserRow): UserRecord {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    organisationId: row.organisation_id,
    organisationName: row.organisation_name,
    isSiteAdmin: row.is_site_admin === 1,
    locale: row.locale,
    disabled: row.disabled_at !== null,
  };
}

function checkNewUser(input: NewUser): Result<never> | null {
  if (!/^[^\s@]+@[^\s@]+$/.test(input.email.trim())) return fail('validation_failed', 'Not an e-mail address', 'email');
  if (!input.name.trim()) return fail('validation_failed', 'Required', 'name');
  if (!input.organisationId && !input.organisation.trim()) return fail('validation_failed', 'Required', 'organisation');
  if (input.password.length < LIMITS.minPasswordChars) return fail('validation_failed', `Use at least ${LIMITS.minPasswordChars} characters`, 'password');
  return null;
}

/** Creates the account service. */
export function createAccountService(db: Db, sessions: SessionService, audit: AuditService): AccountService {
  const selectUser = `SELECT u.*, o.name AS organisation_name FROM users u JOIN organisations o ON o.id = u.organisation_id`;
  const byId = db.prepare(`${selectUser} WHERE u.id = ?`);
  const byEmail = db.prepare(`${selectUser} WHERE u.email = ?`);
  const all = db.prepare(`${selectUser} ORDER BY u.email`);
  const insertUser = db.prepare(
    'INSERT INTO users (id, email, name, password_hash, organisation_id, is_site_admin, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const updatePassword = db.prepare('UPDATE users SET password_hash = ? WHERE id = ?');
  const orgByName = db.prepare('SELECT id FROM organisations WHERE name = ?');
  const insertOrg = db.prepare('INSERT INTO organisations (id, name, kind, created_at) VALUES (?, ?, ?, ?)');
  const updateName = db.prepare('UPDATE users SET name = ? WHERE id = ?');
  const updateLocale = db.prepare('UPDATE users SET locale = ? WHERE id = ?');
  const passwordHashOf = db.prepare('SELECT password_hash FROM users WHERE id = ?');
  const limiter = createAttemptLimiter(db, { max: SIGN_IN_MAX_FAILURES, windowMs: SIGN_IN_WINDOW_MS });

  const findByEmail = (email: string) => {
    const row = byEmail.get(email.trim()) as UserRow | undefined;
    return row ?? null;
  };

  const service: AccountService = {
    findById(userId) {
      const row = byId.get(userId) as UserRow | undefined;
      return row ? toRecord(row) : null;
    },
    findByEmail(email) {
      const row = findByEmail(email);
      return row ? toRecord(row) : null;
    },
    list() {
      return (all.all() as UserRow[]).map(toRecord);
    },
    ensureOrganisation(name, kind) {
      const existing = orgByName.get(name) as { id: string } | undefined;
      if (existing) return existing.id;
      const id = createId();
      insertOrg.run(id, name, kind, Date.now());
      return id;
    },
    async create(input) {
      const invalid = checkNewUser(input);
      if (invalid) return invalid;
      return service.createWithHash(input, await hashPassword(input.password));
    },
    createWithHash(input, passwordHash) {
      const invalid = checkNewUser(input);
      if (invalid) return invalid;
      const email = input.email.trim();
      if (findByEmail(email)) return fail('conflict', 'An account with this e-mail exists', 'email');
      const id = createId();
      db.transaction(() => {
        const organisationId = input.organisationId ?? service.ensureOrganisation(input.organisation.trim(), input.organisationKind ?? 'partner');
        insertUser.run(id, email, input.name.trim(), passwordHash, organisationId, input.isSiteAdmin ? 1 : 0, Date.now());
        audit.record({ actorId: null, action: 'user.create', target: id, details: { email, isSiteAdmin: !!input.isSiteAdmin } });
      })();
      return succeed(service.findById(id)!);
    },
    async resetPassword(email, password) {
      if (password.length < LIMITS.minPasswordChars) return fail('validation_failed', `Use at least ${LIMITS.minPasswordChars} characters`, 'password');
      const row = findByEmail(email);
      if (!row) return fail('not_found', 'No account with this e-mail', 'email');
      await service.setPassword(row.id, password, { actorId: null, action: 'user.reset-password' });
      return succeed(toRecord(row));
    },
    async setPassword(userId, password, entry) {
      const hash = await hashPassword(password);
      updatePassword.run(hash, userId);
      sessions.endAllForUser(userId);
      audit.record({ ...entry, target: userId });
    },
    updateProfile(userId, changes) {
      db.transaction(() => {
        if (changes.name !== undefined) updateName.run(changes.name.trim(), userId);
        if (changes.locale !== undefined) updateLocale.run(changes.locale, userId);
      })();
      return service.findById(userId);
    },
    async changePassword({ userId, currentPassword, newPassword, address, keepSessionId }) {
      const user = service.findById(userId);
      if (!user) return fail('not_found', 'No such account');
      const keys = [`account:${user.email.toLowerCase()}`, `address:${address}`];
      if (limiter.isLimited(keys)) return fail('rate_limited', 'Too many wrong passwords. Try again in 15 minutes.');
      const stored = (passwordHashOf.get(userId) as { password_hash: string }).password_hash;
      if (!(await verifyPassword(currentPassword, stored))) {
        db.transaction(() => {
          limiter.record(keys);
          audit.record({ actorId: userId, action: 'auth.password-change-failed', target: userId, details: { address } });
        })();
        return fail('validation_failed', 'The current password is wrong', 'currentPassword');
      }
      updatePassword.run(await hashPassword(newPassword), userId);
      sessions.endOthersForUser(userId, keepSessionId);
      audit.record({ actorId: userId, action: 'auth.password-change', target: userId, details: { address } });
      return succeed(service.findById(userId)!);
    },
    async signIn({ email, password, address }) {
      const now = Date.now();
      const accountKey = `account:${email.trim().toLowerCase()}`;
      const addressKey = `address:${address}`;
      // Checked before the password, and nothing is recorded: the window runs out on its own.
      if (limiter.isLimited([accountKey, addressKey], now)) {
        audit.record({ actorId: null, action: 'auth.rate-limited', details: { email, address } }, now);
        return fail('rate_limited', 'Too many failed sign-ins. Try again in 15 minutes.');
      }
      const row = findByEmail(email);
      // An unknown e-mail costs the same scrypt as a wrong password.
      const matches = await verifyPassword(password, row ? row.password_hash : await getDummyHash());
      if (!row || !matches || row.disabled_at !== null) {
        db.transaction(() => {
          limiter.record([accountKey, addressKey], now);
          audit.record({ actorId: row?.id ?? null, action: 'auth.sign-in-failed', details: { email, address } }, now);
        })();
        return fail('invalid_credentials', 'The e-mail address or the password is wrong.');
      }
      const created = sessions.create(row.id, now);
      audit.record({ actorId: row.id, action: 'auth.sign-in', details: { address } }, now);
      return succeed({ user: toRecord(row), ...created });
    },
    present(user) {
      return {
        id: user.id,
        name: user.name,
        email: user.email,
        organisation: { id: user.organisationId, name: user.organisationName },
        isSiteAdmin: user.isSiteAdmin,
        locale: user.locale,
      };
    },
  };
  return service;
}

/**
 * Sessions: a random 32-byte token lives in the `atelier_session` cookie; only its SHA-256
 * is stored (the session id). Sessions end after 7 idle days or 30 days in all; signing in
 * always makes a new one (no fixation). A role change marks the person's sessions for
 * rotation: the next HTTP request with such a session gets a new id (and cookie) and the
 * old row is deleted.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/database.js';
import type { ServiceEvents } from './events.js';

/** Name of the session cookie. */
export const SESSION_COOKIE = 'atelier_session';
/** A session unused this long ends. */
export const SESSION_IDLE_MS = 7 * 24 * 60 * 60 * 1000;
/** No session lives longer than this. */
export const SESSION_ABSOLUTE_MS = 30 * 24 * 60 * 60 * 1000;
/** last_seen_at is written at most this often (not on every request). */
const TOUCH_INTERVAL_MS = 60 * 1000;

/** A live session. */
export interface SessionRecord {
  id: string;
  userId: string;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
  /** Marked for rotation (a role change): the next HTTP request swaps it for a new one. */
  rotate: boolean;
}

/** A new session and the token to hand to the browser (never stored). */
export interface NewSession {
  token: string;
  session: SessionRecord;
}

export interface SessionService {
  /** Starts a session for a user. */
  create(userId: string, now?: number): NewSession;
  /** The live session a cookie token belongs to (and marks it used), or null. */
  resolve(token: string | null | undefined, now?: number): SessionRecord | null;
  /** Whether a session id is still live. */
  isValid(sessionId: string, now?: number): boolean;
  /** Ends one session and announces it. */
  end(sessionId: string): void;
  /** Ends every session of a user (password reset, account disabled). */
  endAllForUser(userId: string): void;
  /** Ends every session of a user but one (password change). */
  endOthersForUser(userId: string, keepSessionId: string): void;
  /** Marks every session of a user for rotation (role change). */
  rotateForUser(userId: string): void;
  /**
   * Replaces a session with a new one of the same person, keeping its absolute expiry;
   * the old row is deleted and 'session-rotated' announced (not 'session-ended': live
   * websockets of that browser may follow the new id).
   */
  rotate(sessionId: string, now?: number): NewSession | null;
  /** Deletes expired sessions. */
  prune(now?: number): number;
}

interface SessionRow {
  id: string;
  user_id: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  rotate: number;
}

/** The stored id of a token. */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Reads the session token from a Cookie header, or null. */
export function readSessionToken(cookieHeader: string | undefined): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(';')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    if (part.slice(0, index).trim() !== SESSION_COOKIE) continue;
    const value = part.slice(index + 1).trim();
    // Tokens are base64url: anything else is not ours.
    return /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : null;
  }
  return null;
}

function toRecord(row: SessionRow): SessionRecord {
  return { id: row.id, userId: row.user_id, createdAt: row.created_at, lastSeenAt: row.last_seen_at, expiresAt: row.expires_at, rotate: row.rotate === 1 };
}

function isLive(row: SessionRow, now: number): boolean {
  return row.expires_at > now && row.last_seen_at + SESSION_IDLE_MS > now;
}

/** Creates the session service. */
export function createSessionService(db: Db, events: ServiceEvents): SessionService {
  const insert = db.prepare('INSERT INTO sessions (id, user_id, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?)');
  const select = db.prepare('SELECT * FROM sessions WHERE id = ?');
  const touch = db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id = ?');
  const remove = db.prepare('DELETE FROM sessions WHERE id = ?');
  const selectForUser = db.prepare('SELECT id FROM sessions WHERE user_id = ?');
  const markRotate = db.prepare('UPDATE sessions SET rotate = 1 WHERE user_id = ?');
  const insertRotated = db.prepare('INSERT INTO sessions (id, user_id, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?)');
  const selectExpired = db.prepare('SELECT id FROM sessions WHERE expires_at <= ? OR last_seen_at <= ?');

  const service: SessionService = {
    create(userId, now = Date.now()) {
      const token = randomBytes(32).toString('base64url');
      const session = { id: hashSessionToken(token), userId, createdAt: now, lastSeenAt: now, expiresAt: now + SESSION_ABSOLUTE_MS, rotate: false };
      insert.run(session.id, userId, now, now, session.expiresAt);
      return { token, session };
    },
    resolve(token, now = Date.now()) {
      if (!token) return null;
      const row = select.get(hashSessionToken(token)) as SessionRow | undefined;
      if (!row) return null;
      if (!isLive(row, now)) {
        service.end(row.id);
        return null;
      }
      if (now - row.last_seen_at > TOUCH_INTERVAL_MS) {
        touch.run(now, row.id);
        row.last_seen_at = now;
      }
      return toRecord(row);
    },
    isValid(sessionId, now = Date.now()) {
      const row = select.get(sessionId) as SessionRow | undefined;
      return row !== undefined && isLive(row, now);
    },
    end(sessionId) {
      if (remove.run(sessionId).changes > 0) events.emit('session-ended', { sessionId });
    },
    endAllForUser(userId) {
      for (const { id } of selectForUser.all(userId) as { id: string }[]) service.end(id);
    },
    endOthersForUser(userId, keepSessionId) {
      for (const { id } of selectForUser.all(userId) as { id: string }[]) if (id !== keepSessionId) service.end(id);
    },
    rotateForUser(userId) {
      markRotate.run(userId);
    },
    rotate(sessionId, now = Date.now()) {
      const row = select.get(sessionId) as SessionRow | undefined;
      if (!row || !isLive(row, now)) return null;
      const token = randomBytes(32).toString('base64url');
      const session = { id: hashSessionToken(token), userId: row.user_id, createdAt: now, lastSeenAt: now, expiresAt: row.expires_at, rotate: false };
      db.transaction(() => {
        insertRotated.run(session.id, session.userId, now, now, session.expiresAt);
        remove.run(row.id);
      })();
      events.emit('session-rotated', { from: row.id, to: session.id, userId: row.user_id });
      return { token, session };
    },
    prune(now = Date.now()) {
      const expired = selectExpired.all(now, now - SESSION_IDLE_MS) as { id: string }[];
      for (const { id } of expired) service.end(id);
      return expired.length;
    },
  };
  return service;
}

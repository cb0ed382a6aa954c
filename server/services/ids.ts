/** Random identifiers: URL- and docName-safe (`[A-Za-z0-9_-]`, never a dot). */
import { createHash, randomBytes } from 'node:crypto';

/** Creates a new random id (12 characters, 72 bits). */
export function createId(): string {
  return randomBytes(9).toString('base64url');
}

/** A secret for a link or a cookie: 32 random bytes, base64url (43 characters). */
export function createToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The stored form of a secret token: its SHA-256 (hex); the token itself is never stored. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Whether a string has the shape of one of our tokens (anything else is unknown, not an error). */
export function isTokenShaped(value: string): boolean {
  return /^[A-Za-z0-9_-]{20,100}$/.test(value);
}

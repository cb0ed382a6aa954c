/** Random identifiers: URL- and docName-safe (`[A-Za-z0-9_-]`, never a dot). */
import { randomBytes } from 'node:crypto';

/** Creates a new random id (12 characters, 72 bits). */
export function createId(): string {
  return randomBytes(9).toString('base64url');
}

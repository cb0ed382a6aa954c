/**
 * Password hashing with scrypt (node:crypto) at OWASP's parameters: N=2^17, r=8, p=1.
 * Stored as `scrypt$<N>$<r>$<p>$<salt>$<hash>` (base64url) so parameters can change later.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * The test suite signs in hundreds of times on a slow CI core (N=2^17 costs over a second
 * there), so NODE_ENV=test together with ATELIER_FAST_HASH=1 lowers N for new hashes.
 * Nothing else can: production and development always hash at OWASP's cost.
 */
const FAST_FOR_TESTS = process.env.NODE_ENV === 'test' && process.env.ATELIER_FAST_HASH === '1';
const PARAMS = { N: FAST_FOR_TESTS ? 2 ** 10 : 2 ** 17, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

function deriveKey(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  // scrypt needs 128 * N * r bytes; leave headroom above that.
  const maxmem = 256 * (options.N ?? PARAMS.N) * (options.r ?? PARAMS.r) + 1024 * 1024;
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { ...options, maxmem }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** Hashes a password for storage. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await deriveKey(password, salt, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Whether `password` matches `stored` (constant-time comparison; false on a malformed hash). */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0)) return false;
  const expected = Buffer.from(parts[5], 'base64url');
  const actual = await deriveKey(password, Buffer.from(parts[4], 'base64url'), { N, r, p });
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

let dummyHash: Promise<string> | null = null;

/**
 * A hash of nothing in particular, checked against when the e-mail is unknown so that an
 * unknown account takes as long as a wrong password.
 */
export function getDummyHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  return dummyHash;
}

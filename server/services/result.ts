/**
 * Expected failures are values (STYLE.md): services answer a Result, and the HTTP layer
 * presents a failure as `{ error: { code, message, field? } }`.
 */
import type { ErrorCode } from '../../shared/api.js';

/** Why a service refused. */
export interface Failure {
  code: ErrorCode;
  message: string;
  field?: string;
  /** The LIMITS key that was exceeded, when a limit is why (issue 19). */
  limit?: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; failure: Failure };

/** Wraps a value as a success. */
export function succeed<T>(value: T): Result<T> {
  return { ok: true, value };
}

/** Builds a failure. */
export function fail<T = never>(code: ErrorCode, message: string, field?: string, limit?: string): Result<T> {
  const failure: Failure = field === undefined ? { code, message } : { code, message, field };
  if (limit !== undefined) failure.limit = limit;
  return { ok: false, failure };
}

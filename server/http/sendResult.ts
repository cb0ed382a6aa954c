/** Answers a service Result: its failure as an error answer, or its value. */
import type { Response } from 'express';
import type { Result } from '../services/result.js';
import { sendFailure } from './errors.js';

/**
 * Sends the failure of `result`, or `status` with `present(value)` as the JSON body; without
 * `present`, an empty body (204 and the like).
 */
export function sendResult<T>(res: Response, result: Result<T>, status: number, present?: (value: T) => unknown): void {
  if (!result.ok) return sendFailure(res, result.failure);
  if (present) res.status(status).json(present(result.value));
  else res.status(status).end();
}

/** Error answers: `{ error: { code, message, field? } }` with the code's status (CONTRACT.md). */
import type { ErrorRequestHandler, Response } from 'express';
import { ERROR_STATUS, type ErrorCode, type ErrorResponse } from '../../shared/api.js';
import type { Failure } from '../services/result.js';
import type { Logger } from '../logger.js';
import { StoreBusyError } from '../db/docStore.js';
import { CommandRefused } from '../collab/Room.js';
import { CloseCode } from '../../shared/protocol.js';

/** Sends an error answer. */
export function sendError(res: Response, code: ErrorCode, message: string, field?: string, limit?: string): void {
  const body: ErrorResponse = { error: field === undefined ? { code, message } : { code, message, field } };
  if (limit !== undefined) body.error.limit = limit;
  res.status(ERROR_STATUS[code]).json(body);
}

/** Sends a service failure. */
export function sendFailure(res: Response, failure: Failure): void {
  sendError(res, failure.code, failure.message, failure.field, failure.limit);
}

/**
 * The last middleware: body-parser's errors become 413 / 400 answers; a server command the
 * write gate refused is 413 (too large) or 409 (the result would break the document's
 * schema), a locked store 503; anything else is a bug, logged and answered 500 without
 * details. In every one of these cases nothing was stored (U1).
 */
export function createErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    const type = (error as { type?: unknown }).type;
    if (type === 'entity.too.large') return sendError(res, 'payload_too_large', 'The request body is too large');
    if (type === 'entity.parse.failed') return sendError(res, 'validation_failed', 'The request body is not valid JSON', 'body');
    if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
      return sendError(res, 'unsupported_media_type', 'Unsupported body encoding', 'content-type');
    }
    if (error instanceof StoreBusyError) return sendError(res, 'unavailable', 'The server is busy; nothing was changed. Try again in a moment.');
    if (error instanceof CommandRefused) {
      if (error.code === CloseCode.documentTooLarge) return sendError(res, 'payload_too_large', 'This would make the section too large; nothing was changed. Split it into several sections first.');
      return sendError(res, 'conflict', `This change does not fit the document and was not made (${error.message}).`);
    }
    logger.error({ err: error, method: req.method, url: req.originalUrl }, 'request failed');
    sendError(res, 'internal', 'Something went wrong on the server');
  };
}

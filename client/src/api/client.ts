/**
 * Typed fetch wrapper for the JSON API. Expected failures become `ApiError` values with the
 * server's error code (or `network` when the server could not be reached), so the UI can
 * turn them into translated messages with `describeError`.
 */

/** An error answer of the API (`{ error: { code, message, field? } }`) or a network failure. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field?: string;
  /** The LIMITS key the request exceeded (imports, issue 19). */
  readonly limit?: string;

  constructor(status: number, code: string, message: string, field?: string, limit?: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field;
    this.limit = limit;
  }
}

/** Listener called whenever any request answers 401: the session has ended. */
let onUnauthenticated: (() => void) | null = null;

/** Registers the app's reaction to an ended session (one listener, the session provider). */
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  onUnauthenticated = handler;
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** JSON body, serialised here. */
  json?: unknown;
  /** Raw body (uploads) with its content type. */
  body?: Blob;
  contentType?: string;
  /** Do not report a 401 as an ended session (the sign-in and "who am I" calls). */
  quiet401?: boolean;
  /**
   * A GET that index.html preloads (`<link rel="preload" as="fetch">`): asked for exactly as
   * the preload is, without an Accept header, so the browser hands over the preloaded answer.
   */
  preloaded?: boolean;
}

const CODE_BY_STATUS: Record<number, string> = {
  400: 'validation_failed',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  429: 'rate_limited',
};

/** Calls the API and resolves with the parsed JSON answer, or throws an `ApiError`. */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = options.preloaded ? {} : { Accept: 'application/json' };
  let body: BodyInit | undefined;
  if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.body) {
    headers['Content-Type'] = options.contentType ?? options.body.type;
    body = options.body;
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? (body ? 'POST' : 'GET'),
      headers,
      body,
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, 'network', 'The server could not be reached.');
  }
  const text = await response.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!response.ok) {
    const error = (data as { error?: { code?: string; message?: string; field?: string; limit?: string } } | null)?.error;
    const code = error?.code ?? CODE_BY_STATUS[response.status] ?? (response.status >= 500 ? 'server_error' : 'unknown');
    if (response.status === 401 && !options.quiet401) onUnauthenticated?.();
    throw new ApiError(response.status, code, error?.message ?? response.statusText, error?.field, error?.limit);
  }
  return data as T;
}

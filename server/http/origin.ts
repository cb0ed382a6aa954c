/**
 * The same-origin rule, shared by state-changing HTTP requests and websocket upgrades
 * (CONTRACT.md): a foreign Origin, or `Sec-Fetch-Site: cross-site`, is refused; a request
 * carrying neither header (a non-browser client) is judged by its session alone.
 */
import type { IncomingMessage } from 'node:http';

/** The origin this request is allowed to come from. */
export function allowedOrigin(req: IncomingMessage, publicUrl: string | null): string | null {
  if (publicUrl) return publicUrl;
  const host = req.headers.host;
  if (!host) return null;
  const encrypted = (req.socket as { encrypted?: boolean }).encrypted === true;
  return `${encrypted ? 'https' : 'http'}://${host}`;
}

/** Whether the request passes the same-origin rule. */
export function isSameOriginRequest(req: IncomingMessage, publicUrl: string | null): boolean {
  const origin = req.headers.origin;
  const fetchSite = req.headers['sec-fetch-site'];
  if (fetchSite === 'cross-site') return false;
  if (origin === undefined) return true;
  return origin === allowedOrigin(req, publicUrl);
}

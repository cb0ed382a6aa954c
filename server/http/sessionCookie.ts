/** The session cookie (HttpOnly, SameSite=Lax, Secure behind https) and the site's own origin. */
import type { Request, Response } from 'express';
import type { Config } from '../config.js';
import { SESSION_ABSOLUTE_MS, SESSION_COOKIE } from '../services/sessions.js';
import { allowedOrigin } from './origin.js';

/** Whether cookies must be Secure: the site is https, or this request came over TLS. */
function isSecure(req: Request, config: Config): boolean {
  return req.secure || (config.publicUrl?.startsWith('https:') ?? false);
}

/** Hands a session token to the browser. */
export function setSessionCookie(req: Request, res: Response, config: Config, token: string): void {
  res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: isSecure(req, config), path: '/', maxAge: SESSION_ABSOLUTE_MS });
}

/** Removes the session cookie. */
export function clearSessionCookie(req: Request, res: Response, config: Config): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: isSecure(req, config), path: '/' });
}

/** The origin links in e-mails point to: PUBLIC_URL, else this request's own origin. */
export function siteOrigin(req: Request, config: Config): string {
  return allowedOrigin(req, config.publicUrl) ?? 'http://localhost';
}

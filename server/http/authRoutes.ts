/** Sign-in, sign-out and "who am I" (CONTRACT.md, "HTTP"). */
import { LoginRequestSchema, OkResponseSchema, UserResponseSchema } from '../../shared/api.js';
import type { Config } from '../config.js';
import type { Services } from '../services/index.js';
import { clearSessionCookie, setSessionCookie } from './sessionCookie.js';
import { sendFailure } from './errors.js';
import { defineRoute, type ApiRoute } from './routeRegistry.js';

/** The /api/auth routes. */
export function buildAuthRoutes({ services, config }: { services: Services; config: Config }): ApiRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/auth/login',
      summary: 'Sign in with e-mail and password; sets the session cookie',
      tag: 'auth',
      access: { kind: 'public' },
      body: LoginRequestSchema,
      responses: {
        200: { description: 'Signed in', schema: UserResponseSchema },
        401: { description: 'Wrong e-mail or password (the same answer for both)' },
        429: { description: 'Too many failed sign-ins for this account or address' },
      },
      async handle({ req, res, body, session }) {
        const result = await services.accounts.signIn({ ...body, address: req.socket.remoteAddress ?? 'unknown' });
        if (!result.ok) return sendFailure(res, result.failure);
        // A new session id at every sign-in (no fixation); the old one ends.
        if (session) services.sessions.end(session.id);
        setSessionCookie(req, res, config, result.value.token);
        res.json({ user: services.accounts.present(result.value.user) });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/auth/logout',
      summary: 'Sign out: ends the session',
      tag: 'auth',
      access: { kind: 'session' },
      responses: { 200: { description: 'Signed out', schema: OkResponseSchema } },
      handle({ req, res, session }) {
        services.sessions.end(session.id);
        clearSessionCookie(req, res, config);
        res.json({ ok: true });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/auth/me',
      summary: 'The signed-in person',
      tag: 'auth',
      access: { kind: 'session' },
      responses: { 200: { description: 'The signed-in person', schema: UserResponseSchema } },
      handle({ res, user }) {
        res.json({ user: services.accounts.present(user) });
      },
    }),
  ];
}

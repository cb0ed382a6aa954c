import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, credentials, DEMO, signIn, startHttpServer, type TestHttpServer } from '../helpers/httpServer.js';
import { SIGN_IN_MAX_FAILURES } from '../../server/services/accounts.js';

describe('sign-in, sign-out, me', () => {
  let server: TestHttpServer;
  beforeAll(async () => {
    server = await startHttpServer();
  });
  afterAll(() => server.close());

  it('[CONTRACT] signs in with the user shape and an HttpOnly SameSite=Lax cookie, then me and logout', async () => {
    const login = await callApi(server, '/api/auth/login', { body: credentials(DEMO.staff) });
    expect(login.status).toBe(200);
    expect(login.body.user).toMatchObject({ email: DEMO.staff.email, name: expect.any(String), organisation: { id: expect.any(String), name: 'Community Land Trust Brussels' } });
    const setCookie = login.headers.getSetCookie().find((c) => c.startsWith('atelier_session='))!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).not.toMatch(/Secure/i);
    const cookie = setCookie.split(';')[0];

    const me = await callApi(server, '/api/auth/me', { cookie });
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe(DEMO.staff.email);

    const logout = await callApi(server, '/api/auth/logout', { method: 'POST', cookie });
    expect(logout.status).toBe(200);
    expect((await callApi(server, '/api/auth/me', { cookie })).status).toBe(401);
    // Logging out again without a session is 401 too.
    expect((await callApi(server, '/api/auth/logout', { method: 'POST', cookie })).status).toBe(401);
  });

  it('[CONTRACT] stores only the SHA-256 of the session token', async () => {
    const cookie = await signIn(server, DEMO.reader.email, DEMO.reader.password);
    const token = cookie.split('=')[1];
    const rows = server.db.prepare('SELECT id FROM sessions').all() as { id: string }[];
    expect(rows.some((row) => row.id === token)).toBe(false);
    const { createHash } = await import('node:crypto');
    expect(rows.some((row) => row.id === createHash('sha256').update(token).digest('hex'))).toBe(true);
  });

  it('[CONTRACT] gives a new session id at every sign-in and ends the old one (fixation)', async () => {
    const first = await signIn(server, DEMO.partner.email, DEMO.partner.password);
    const again = await callApi(server, '/api/auth/login', { body: credentials(DEMO.partner), cookie: first });
    const second = again.headers.getSetCookie()[0].split(';')[0];
    expect(second).not.toBe(first);
    expect((await callApi(server, '/api/auth/me', { cookie: first })).status).toBe(401);
    expect((await callApi(server, '/api/auth/me', { cookie: second })).status).toBe(200);
  });

  it('[CONTRACT] answers an unknown e-mail exactly like a wrong password', async () => {
    const wrong = await callApi(server, '/api/auth/login', { body: { email: DEMO.staff.email, password: 'not-it' } });
    const unknown = await callApi(server, '/api/auth/login', { body: { email: 'nobody@demo.atelier', password: 'not-it' } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.headers.getSetCookie()).toEqual([]);
  });

  it('[CONTRACT] validates the sign-in body with a field', async () => {
    const result = await callApi(server, '/api/auth/login', { body: { email: DEMO.staff.email } });
    expect(result.status).toBe(400);
    expect(result.body.error).toMatchObject({ code: 'validation_failed', field: 'password' });
  });

  it('[CONTRACT] emits session-ended on logout', async () => {
    const cookie = await signIn(server, DEMO.staff.email, DEMO.staff.password);
    const ended: string[] = [];
    server.services.events.on('session-ended', ({ sessionId }) => ended.push(sessionId));
    await callApi(server, '/api/auth/logout', { method: 'POST', cookie });
    expect(ended).toHaveLength(1);
  });
});

describe('sign-in limit', () => {
  let server: TestHttpServer;
  beforeAll(async () => {
    server = await startHttpServer();
  });
  afterAll(() => server.close());

  it('[CONTRACT] never limits correct sign-ins, however many', async () => {
    for (let i = 0; i < SIGN_IN_MAX_FAILURES + 3; i++) {
      const result = await callApi(server, '/api/auth/login', { body: credentials(DEMO.reader) });
      expect(result.status).toBe(200);
    }
  }, 60_000);

  it('[CONTRACT] answers 429 rate_limited after 10 failures, without checking the password', async () => {
    for (let i = 0; i < SIGN_IN_MAX_FAILURES; i++) {
      const result = await callApi(server, '/api/auth/login', { body: { email: DEMO.partner2.email, password: `wrong-${i}` } });
      expect(result.status).toBe(401);
    }
    const limited = await callApi(server, '/api/auth/login', { body: { email: DEMO.partner2.email, password: 'wrong-again' } });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    // The right password is not even checked now, for that account or from this address.
    const right = await callApi(server, '/api/auth/login', { body: credentials(DEMO.partner2) });
    expect(right.status).toBe(429);
    const otherAccount = await callApi(server, '/api/auth/login', { body: credentials(DEMO.staff) });
    expect(otherAccount.status).toBe(429);
    const failures = server.db.prepare("SELECT COUNT(*) AS n FROM login_failures WHERE key LIKE 'account:%'").get() as { n: number };
    expect(failures.n).toBe(SIGN_IN_MAX_FAILURES);
    const audit = server.services.audit.list().map((entry) => entry.action);
    expect(audit).toContain('auth.rate-limited');
    expect(audit).toContain('auth.sign-in-failed');
  }, 60_000);

  it('[CONTRACT] lifts the limit once the 15-minute window has passed', async () => {
    server.db.prepare('UPDATE login_failures SET at = at - ?').run(16 * 60 * 1000);
    const result = await callApi(server, '/api/auth/login', { body: credentials(DEMO.partner2) });
    expect(result.status).toBe(200);
  });
});

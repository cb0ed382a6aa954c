import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, credentials, DEMO, signIn, startHttpServer, type TestHttpServer } from '../helpers/httpServer.js';
import { outboxLink, POLLUTING_BODIES, prototypeIsClean, SQL_INJECTIONS } from '../helpers/hostile.js';
import { SIGN_IN_MAX_FAILURES } from '../../server/services/accounts.js';

const sessionCookieOf = (headers: Headers) => headers.getSetCookie().find((c) => c.startsWith('atelier_session='))?.split(';')[0];
const json = { 'content-type': 'application/json' };
const foreign = { origin: 'https://evil.example' };

describe('profile, password change and organisations', () => {
  let server: TestHttpServer;
  const cookies = {} as Record<keyof typeof DEMO, string>;
  beforeAll(async () => {
    server = await startHttpServer();
    for (const name of Object.keys(DEMO) as (keyof typeof DEMO)[]) cookies[name] = await signIn(server, DEMO[name].email, DEMO[name].password);
  }, 60_000);
  afterAll(() => server.close());

  it('[CONTRACT] changes the own name and interface language; refuses other languages, empty and polluting bodies', async () => {
    const result = await callApi(server, '/api/auth/me', { method: 'PATCH', cookie: cookies.reader, body: { name: 'Rita Reader', locale: 'fr' } });
    expect(result.status).toBe(200);
    expect(result.body.user).toMatchObject({ name: 'Rita Reader', locale: 'fr', email: DEMO.reader.email });
    expect((await callApi(server, '/api/auth/me', { cookie: cookies.reader })).body.user).toMatchObject({ name: 'Rita Reader', locale: 'fr' });
    const german = await callApi(server, '/api/auth/me', { method: 'PATCH', cookie: cookies.reader, body: { locale: 'de' } });
    expect(german.body.error).toMatchObject({ code: 'validation_failed', field: 'locale' });
    expect((await callApi(server, '/api/auth/me', { method: 'PATCH', cookie: cookies.reader, body: {} })).status).toBe(400);
    expect((await callApi(server, '/api/auth/me', { method: 'PATCH', cookie: cookies.reader, body: { name: '   ' } })).status).toBe(400);
    for (const raw of POLLUTING_BODIES) {
      expect((await callApi(server, '/api/auth/me', { method: 'PATCH', cookie: cookies.reader, rawBody: raw, headers: json })).status).toBe(400);
      expect((await callApi(server, '/api/auth/me', { method: 'PATCH', cookie: cookies.reader, rawBody: raw.replace(/^\{/, '{"locale":"nl",'), headers: json })).status).toBe(400);
    }
    for (const payload of SQL_INJECTIONS) {
      expect((await callApi(server, '/api/auth/me', { method: 'PATCH', cookie: cookies.reader, body: { locale: payload } })).status).toBe(400);
    }
    expect(prototypeIsClean()).toBe(true);
    const me = (await callApi(server, '/api/auth/me', { cookie: cookies.reader })).body.user;
    expect(me).toMatchObject({ name: 'Rita Reader', locale: 'fr', isSiteAdmin: false });
    expect((await callApi(server, '/api/auth/me', { method: 'PATCH', cookie: cookies.reader, body: { name: 'Evil' }, headers: foreign })).status).toBe(403);
    expect((await callApi(server, '/api/auth/me', { cookie: cookies.reader })).body.user.name).toBe('Rita Reader');
  });

  it('[CONTRACT] changes the password: this session gets a new id, every other session ends (session-ended)', async () => {
    const other = await signIn(server, DEMO.staff.email, DEMO.staff.password);
    const otherId = server.services.sessions.resolve(other.split('=')[1])!.id;
    const ended: string[] = [];
    const onEnded = ({ sessionId }: { sessionId: string }) => ended.push(sessionId);
    server.services.events.on('session-ended', onEnded);

    const wrong = await callApi(server, '/api/auth/password', { cookie: cookies.staff, body: { currentPassword: 'not-it-at-all', newPassword: 'a-brand-new-password' } });
    expect(wrong.body.error).toMatchObject({ code: 'validation_failed', field: 'currentPassword' });
    const short = await callApi(server, '/api/auth/password', { cookie: cookies.staff, body: { currentPassword: DEMO.staff.password, newPassword: 'short' } });
    expect(short.body.error).toMatchObject({ code: 'validation_failed', field: 'newPassword' });
    const csrf = await callApi(server, '/api/auth/password', { cookie: cookies.staff, body: { currentPassword: DEMO.staff.password, newPassword: 'evil-password-1' }, headers: foreign });
    expect(csrf.status).toBe(403);
    expect((await callApi(server, '/api/auth/me', { cookie: other })).status).toBe(200);

    const result = await callApi(server, '/api/auth/password', { cookie: cookies.staff, body: { currentPassword: DEMO.staff.password, newPassword: 'a-brand-new-password' } });
    expect(result.status).toBe(200);
    const renewed = sessionCookieOf(result.headers)!;
    expect(renewed).toBeDefined();
    expect((await callApi(server, '/api/auth/me', { cookie: renewed })).status).toBe(200);
    expect((await callApi(server, '/api/auth/me', { cookie: cookies.staff })).status).toBe(401);
    expect((await callApi(server, '/api/auth/me', { cookie: other })).status).toBe(401);
    expect(ended).toContain(otherId);
    server.services.events.off('session-ended', onEnded);

    expect((await callApi(server, '/api/auth/login', { body: credentials(DEMO.staff) })).status).toBe(401);
    expect((await callApi(server, '/api/auth/login', { body: { email: DEMO.staff.email, password: 'a-brand-new-password' } })).status).toBe(200);
    expect(server.services.audit.list({ limit: 10 }).map((entry) => entry.action)).toContain('auth.password-change');
    cookies.staff = renewed;
  });

  it('[CONTRACT] lists organisations to everyone signed in; only site administrators create and rename them', async () => {
    const list = await callApi(server, '/api/organisations', { cookie: cookies.partner });
    expect(list.status).toBe(200);
    expect(list.body.length).toBeGreaterThanOrEqual(3);
    expect(list.body[0]).toMatchObject({ id: expect.any(String), name: expect.any(String), kind: expect.stringMatching(/^(trust|partner)$/) });
    expect((await callApi(server, '/api/organisations')).status).toBe(401);
    for (const name of ['staff', 'partner', 'reader'] as const) {
      expect((await callApi(server, '/api/organisations', { cookie: cookies[name], body: { name: 'Nope', kind: 'partner' } })).status).toBe(403);
      expect((await callApi(server, `/api/organisations/${list.body[0].id}`, { method: 'PATCH', cookie: cookies[name], body: { name: 'Nope' } })).status).toBe(403);
    }
    const created = await callApi(server, '/api/organisations', { cookie: cookies.admin, body: { name: 'Buurthuis Noord', kind: 'partner' } });
    expect(created.status).toBe(201);
    expect(created.body.organisation).toMatchObject({ name: 'Buurthuis Noord', kind: 'partner' });
    expect((await callApi(server, '/api/organisations', { cookie: cookies.admin, body: { name: 'buurthuis noord', kind: 'partner' } })).status).toBe(409);
    const renamed = await callApi(server, `/api/organisations/${created.body.organisation.id}`, { method: 'PATCH', cookie: cookies.admin, body: { name: 'Maison de quartier Nord' } });
    expect(renamed.body.organisation.name).toBe('Maison de quartier Nord');
    expect((await callApi(server, '/api/organisations', { cookie: cookies.admin, body: { name: 'X', kind: 'government' } })).body.error.field).toBe('kind');

    const before = (await callApi(server, '/api/organisations', { cookie: cookies.admin })).body;
    for (const payload of SQL_INJECTIONS) {
      expect((await callApi(server, `/api/organisations/${encodeURIComponent(payload)}`, { method: 'PATCH', cookie: cookies.admin, body: { name: 'Hacked' } })).body.error).toMatchObject({ code: 'validation_failed', field: 'id' });
      expect((await callApi(server, '/api/organisations', { cookie: cookies.admin, body: { name: 'Y', kind: payload } })).status).toBe(400);
    }
    for (const raw of POLLUTING_BODIES) {
      expect((await callApi(server, '/api/organisations', { method: 'POST', cookie: cookies.admin, rawBody: raw, headers: json })).status).toBe(400);
      expect((await callApi(server, `/api/organisations/${created.body.organisation.id}`, { method: 'PATCH', cookie: cookies.admin, rawBody: raw, headers: json })).status).toBe(400);
    }
    expect((await callApi(server, '/api/organisations', { cookie: cookies.admin, body: { name: 'Evil', kind: 'partner' }, headers: foreign })).status).toBe(403);
    expect((await callApi(server, `/api/organisations/${created.body.organisation.id}`, { method: 'PATCH', cookie: cookies.admin, body: { name: 'Evil' }, headers: foreign })).status).toBe(403);
    expect(prototypeIsClean()).toBe(true);
    expect((await callApi(server, '/api/organisations', { cookie: cookies.admin })).body).toEqual(before);
  });
});

describe('password reset', () => {
  let server: TestHttpServer;
  const count = (table: string) => (server.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  beforeAll(async () => {
    server = await startHttpServer();
  }, 60_000);
  afterAll(() => server.close());

  it('[CONTRACT] answers 202 alike for known and unknown e-mails; only a known one gets a link in the outbox', async () => {
    const known = await callApi(server, '/api/auth/password-reset', { body: { email: DEMO.partner.email } });
    const unknown = await callApi(server, '/api/auth/password-reset', { body: { email: 'nobody@example.org' } });
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(unknown.body).toEqual(known.body);
    const mail = outboxLink(server.db, DEMO.partner.email, 'reset')!;
    expect(mail.body).toContain(`${server.origin}/reset/${mail.token}`);
    expect(outboxLink(server.db, 'nobody@example.org', 'reset')).toBeNull();
    expect(JSON.stringify(server.db.prepare('SELECT * FROM password_resets').all())).not.toContain(mail.token);
  });

  it('[CONTRACT] resets once: every session ends (session-ended), the new password works, reuse is 404', async () => {
    const cookie = await signIn(server, DEMO.partner.email, DEMO.partner.password);
    await callApi(server, '/api/auth/password-reset', { body: { email: DEMO.partner.email } });
    const { token } = outboxLink(server.db, DEMO.partner.email, 'reset')!;
    const ended: string[] = [];
    const onEnded = ({ sessionId }: { sessionId: string }) => ended.push(sessionId);
    server.services.events.on('session-ended', onEnded);

    expect((await callApi(server, `/api/auth/password-reset/${token}`, { body: { newPassword: 'short' } })).body.error).toMatchObject({ field: 'newPassword' });
    const csrf = await callApi(server, `/api/auth/password-reset/${token}`, { body: { newPassword: 'evil-password-1' }, headers: foreign });
    expect(csrf.status).toBe(403);
    const result = await callApi(server, `/api/auth/password-reset/${token}`, { body: { newPassword: 'partner-reset-pw' } });
    expect(result.status).toBe(204);
    expect(ended.length).toBeGreaterThanOrEqual(1);
    server.services.events.off('session-ended', onEnded);
    expect((await callApi(server, '/api/auth/me', { cookie })).status).toBe(401);
    expect((await callApi(server, '/api/auth/login', { body: credentials(DEMO.partner) })).status).toBe(401);
    expect((await callApi(server, '/api/auth/login', { body: { email: DEMO.partner.email, password: 'partner-reset-pw' } })).status).toBe(200);

    const reuse = await callApi(server, `/api/auth/password-reset/${token}`, { body: { newPassword: 'another-new-pw' } });
    expect(reuse.status).toBe(404);
    const unknown = await callApi(server, `/api/auth/password-reset/${'B'.repeat(43)}`, { body: { newPassword: 'another-new-pw' } });
    expect(unknown.body).toEqual(reuse.body);
    expect(server.services.audit.list({ limit: 10 }).map((entry) => entry.action)).toContain('auth.password-reset');
  });

  it('[CONTRACT] refuses an expired link (404) and changes nothing', async () => {
    await callApi(server, '/api/auth/password-reset', { body: { email: DEMO.reader.email } });
    const { token } = outboxLink(server.db, DEMO.reader.email, 'reset')!;
    server.db.prepare('UPDATE password_resets SET expires_at = ?').run(Date.now() - 1);
    expect((await callApi(server, `/api/auth/password-reset/${token}`, { body: { newPassword: 'reader-new-password' } })).status).toBe(404);
    expect((await callApi(server, '/api/auth/login', { body: credentials(DEMO.reader) })).status).toBe(200);
  });

  it('[CONTRACT] SQL-injection and prototype-pollution payloads change nothing; a cross-site request is 403', async () => {
    const outbox = count('outbox');
    for (const payload of SQL_INJECTIONS) {
      expect((await callApi(server, `/api/auth/password-reset/${encodeURIComponent(payload)}`, { body: { newPassword: 'long-enough-pw' } })).body.error).toMatchObject({ code: 'validation_failed', field: 'token' });
    }
    expect((await callApi(server, '/api/auth/password-reset', { body: { email: SQL_INJECTIONS[0] } })).status).toBe(202);
    for (const raw of POLLUTING_BODIES) {
      expect((await callApi(server, '/api/auth/password-reset', { method: 'POST', rawBody: raw, headers: json })).status).toBe(400);
      expect((await callApi(server, `/api/auth/password-reset/${'C'.repeat(43)}`, { method: 'POST', rawBody: raw, headers: json })).status).toBe(400);
    }
    expect((await callApi(server, '/api/auth/password-reset', { body: { email: DEMO.staff.email }, headers: foreign })).status).toBe(403);
    expect(count('outbox')).toBe(outbox);
    expect(prototypeIsClean()).toBe(true);
    expect((await callApi(server, '/api/auth/login', { body: credentials(DEMO.staff) })).status).toBe(200);
  });
});

describe('password reset limit', () => {
  let server: TestHttpServer;
  beforeAll(async () => {
    server = await startHttpServer();
  }, 60_000);
  afterAll(() => server.close());

  it('[CONTRACT] limits reset requests per account and address like sign-in (429), the same for unknown e-mails', async () => {
    for (let i = 0; i < SIGN_IN_MAX_FAILURES; i++) {
      expect((await callApi(server, '/api/auth/password-reset', { body: { email: i % 2 ? DEMO.admin.email : 'ghost@example.org' } })).status).toBe(202);
    }
    const limited = await callApi(server, '/api/auth/password-reset', { body: { email: 'ghost@example.org' } });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect((await callApi(server, '/api/auth/password-reset', { body: { email: DEMO.admin.email } })).status).toBe(429);
    // Sign-in is counted apart.
    expect((await callApi(server, '/api/auth/login', { body: credentials(DEMO.admin) })).status).toBe(200);
  });
});

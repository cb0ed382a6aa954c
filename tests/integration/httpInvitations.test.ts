import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, DEMO, signIn, startHttpServer, type TestHttpServer } from '../helpers/httpServer.js';
import { outboxLink, POLLUTING_BODIES, prototypeIsClean, SQL_INJECTIONS } from '../helpers/hostile.js';

describe('invitations', () => {
  let server: TestHttpServer;
  const cookies = {} as Record<keyof typeof DEMO, string>;
  let partnerOrgId = '';
  const sessionCookieOf = (headers: Headers) => headers.getSetCookie().find((c) => c.startsWith('atelier_session='))?.split(';')[0];
  const invite = (body: object, cookie = cookies.admin, workspace = 'toolbox') => callApi(server, `/api/workspaces/${workspace}/invitations`, { cookie, body });
  const count = (table: string) => (server.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

  beforeAll(async () => {
    server = await startHttpServer();
    for (const name of Object.keys(DEMO) as (keyof typeof DEMO)[]) cookies[name] = await signIn(server, DEMO[name].email, DEMO[name].password);
    partnerOrgId = server.services.organisations.list().find((org) => org.kind === 'partner')!.id;
  }, 60_000);
  afterAll(() => server.close());

  it('[A5] partners and readers cannot invite; an admin\'s link is shown, written to the outbox, and only its hash is stored', async () => {
    for (const name of ['partner', 'reader'] as const) {
      expect((await invite({ email: 'new@example.org', role: 'reader', organisationId: partnerOrgId }, cookies[name])).status).toBe(403);
    }
    expect(count('invitations')).toBe(0);
    const result = await invite({ email: 'new@example.org', role: 'partner', organisationId: partnerOrgId, name: 'Nieuwe Partner' });
    expect(result.status).toBe(201);
    expect(result.body.url).toMatch(new RegExp(`^${server.origin}/invite/[A-Za-z0-9_-]{43}$`));
    const expectedExpiry = Date.now() + 7 * 24 * 60 * 60 * 1000;
    expect(Math.abs(result.body.expiresAt - expectedExpiry)).toBeLessThan(60_000);
    const token = result.body.url.split('/invite/')[1];
    const mail = outboxLink(server.db, 'new@example.org', 'invite')!;
    expect(mail.token).toBe(token);
    expect(mail.subject).toContain('Toolbox');
    const stored = server.db.prepare('SELECT * FROM invitations').all() as Record<string, unknown>[];
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(JSON.stringify(server.db.prepare('SELECT * FROM audit_log').all())).not.toContain(token);
    expect(server.services.audit.list({ limit: 1 })[0]).toMatchObject({ action: 'invitation.create', target: 'new@example.org' });
  });

  it('[A5] staff invite partners and readers; a staff invitation to the staff or admin role is refused (403) and stores nothing', async () => {
    const before = count('invitations');
    const outboxBefore = count('outbox');
    for (const role of ['staff', 'admin'] as const) {
      const refused = await invite({ email: `colleague-${role}@example.org`, role, organisationId: partnerOrgId }, cookies.staff);
      expect(refused.status).toBe(403);
      expect(refused.body.error).toMatchObject({ code: 'forbidden', field: 'role' });
    }
    expect(count('invitations')).toBe(before);
    expect(count('outbox')).toBe(outboxBefore);
    for (const role of ['partner', 'reader'] as const) {
      const made = await invite({ email: `staff-invites-${role}@example.org`, role, organisationId: partnerOrgId }, cookies.staff);
      expect(made.status).toBe(201);
    }
    const roles = server.db.prepare("SELECT role FROM invitations WHERE email LIKE 'staff-invites-%' ORDER BY role").all() as { role: string }[];
    expect(roles.map((r) => r.role)).toEqual(['partner', 'reader']);
    // Admins still invite staff.
    expect((await invite({ email: 'new-staff@example.org', role: 'staff', organisationId: partnerOrgId })).status).toBe(201);
  });

  it('[A5] needs an existing organisation for a new account, and refuses to invite a member twice', async () => {
    const missing = await invite({ email: 'orgless@example.org', role: 'reader' });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: 'validation_failed', field: 'organisationId' });
    const unknown = await invite({ email: 'orgless@example.org', role: 'reader', organisationId: 'nope' });
    expect(unknown.body.error).toMatchObject({ code: 'validation_failed', field: 'organisationId' });
    const member = await invite({ email: DEMO.partner.email, role: 'reader' });
    expect(member.status).toBe(409);
  });

  it('[A5] accepts once: new account in the invitation organisation, membership, session, audit; reuse answers 404', async () => {
    const created = await invite({ email: 'accept@example.org', role: 'partner', organisationId: partnerOrgId });
    const token = created.body.url.split('/invite/')[1];
    const info = await callApi(server, `/api/auth/invitations/${token}`);
    expect(info.status).toBe(200);
    expect(info.body).toMatchObject({ workspace: { slug: 'toolbox', name: expect.any(String) }, email: 'accept@example.org', role: 'partner', organisation: { id: partnerOrgId }, needsAccount: true });

    const short = await callApi(server, `/api/auth/invitations/${token}/accept`, { body: { name: 'Anna', password: 'short' } });
    expect(short.body.error).toMatchObject({ code: 'validation_failed', field: 'password' });
    const noName = await callApi(server, `/api/auth/invitations/${token}/accept`, { body: { password: 'long-enough-pw' } });
    expect(noName.body.error).toMatchObject({ code: 'validation_failed', field: 'name' });

    const accepted = await callApi(server, `/api/auth/invitations/${token}/accept`, { body: { name: 'Anna Partner', password: 'long-enough-pw' } });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ user: { email: 'accept@example.org', name: 'Anna Partner', organisation: { id: partnerOrgId } }, workspace: { slug: 'toolbox' } });
    const cookie = sessionCookieOf(accepted.headers)!;
    const workspace = await callApi(server, '/api/workspaces/toolbox', { cookie });
    expect(workspace.status).toBe(200);
    expect(workspace.body.role).toBe('partner');
    expect((await callApi(server, '/api/auth/login', { body: { email: 'accept@example.org', password: 'long-enough-pw' } })).status).toBe(200);
    expect(server.services.audit.list({ limit: 5 }).map((entry) => entry.action)).toContain('invitation.accept');

    const again = await callApi(server, `/api/auth/invitations/${token}/accept`, { body: { name: 'Eve', password: 'long-enough-pw' } });
    expect(again.status).toBe(404);
    expect(again.body.error.message).toMatch(/already used, it expired/);
    const infoAgain = await callApi(server, `/api/auth/invitations/${token}`);
    expect(infoAgain.status).toBe(404);
    expect(infoAgain.body).toEqual(again.body);
  });

  it('[A5] lets only one of two simultaneous acceptances win', async () => {
    const created = await invite({ email: 'race@example.org', role: 'reader', organisationId: partnerOrgId });
    const token = created.body.url.split('/invite/')[1];
    const results = await Promise.all(
      [1, 2, 3].map((i) => callApi(server, `/api/auth/invitations/${token}/accept`, { body: { name: `Racer ${i}`, password: 'long-enough-pw' } })),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 200).length + results.filter((r) => r.status === 404 || r.status === 409).length).toBe(3);
    expect((server.db.prepare("SELECT COUNT(*) AS n FROM users WHERE email = 'race@example.org'").get() as { n: number }).n).toBe(1);
  });

  it('[A5] answers an expired link like an unknown one (404), for reading and accepting', async () => {
    const created = await invite({ email: 'late@example.org', role: 'reader', organisationId: partnerOrgId });
    const token = created.body.url.split('/invite/')[1];
    server.db.prepare("UPDATE invitations SET expires_at = ? WHERE email = 'late@example.org'").run(Date.now() - 1);
    const info = await callApi(server, `/api/auth/invitations/${token}`);
    const unknown = await callApi(server, `/api/auth/invitations/${'A'.repeat(43)}`);
    expect(info.status).toBe(404);
    expect(info.body).toEqual(unknown.body);
    expect((await callApi(server, `/api/auth/invitations/${token}/accept`, { body: { name: 'Late', password: 'long-enough-pw' } })).status).toBe(404);
    expect(server.services.accounts.findByEmail('late@example.org')).toBeNull();
  });

  it('[A5] for an existing account, accepting needs that person signed in; their session id rotates', async () => {
    expect((await callApi(server, '/api/workspaces', { cookie: cookies.admin, body: { name: 'Private', slug: 'private', languages: ['nl'] } })).status).toBe(201);
    const created = await invite({ email: DEMO.partner.email, role: 'reader' }, cookies.admin, 'private');
    expect(created.status).toBe(201);
    const token = created.body.url.split('/invite/')[1];
    expect((await callApi(server, `/api/auth/invitations/${token}`)).body).toMatchObject({ needsAccount: false, email: DEMO.partner.email, organisation: { name: expect.any(String) } });

    const anonymous = await callApi(server, `/api/auth/invitations/${token}/accept`, { body: {} });
    expect(anonymous.status).toBe(401);
    const otherPerson = await callApi(server, `/api/auth/invitations/${token}/accept`, { body: {}, cookie: cookies.staff });
    expect(otherPerson.status).toBe(403);
    expect((await callApi(server, '/api/workspaces/private', { cookie: cookies.partner })).status).toBe(404);

    const accepted = await callApi(server, `/api/auth/invitations/${token}/accept`, { body: {}, cookie: cookies.partner });
    expect(accepted.status).toBe(200);
    const fresh = sessionCookieOf(accepted.headers)!;
    expect(fresh).not.toBe(cookies.partner);
    expect((await callApi(server, '/api/auth/me', { cookie: cookies.partner })).status).toBe(401);
    const workspace = await callApi(server, '/api/workspaces/private', { cookie: fresh });
    expect(workspace.body.role).toBe('reader');
    cookies.partner = fresh;
  });

  it('[A5] SQL-injection and prototype-pollution payloads on every parameter and body change nothing (400/404)', async () => {
    const created = await invite({ email: 'target@example.org', role: 'reader', organisationId: partnerOrgId });
    const token = created.body.url.split('/invite/')[1];
    const users = count('users');
    const invitations = count('invitations');
    for (const payload of SQL_INJECTIONS) {
      const p = encodeURIComponent(payload);
      expect((await callApi(server, `/api/auth/invitations/${p}`)).body.error).toMatchObject({ code: 'validation_failed', field: 'token' });
      expect((await callApi(server, `/api/auth/invitations/${p}/accept`, { body: { name: 'X', password: 'long-enough-pw' } })).status).toBe(400);
      expect((await invite({ email: payload, role: 'reader', organisationId: partnerOrgId })).status).toBe(400);
      expect((await invite({ email: 'x@example.org', role: payload, organisationId: partnerOrgId })).status).toBe(400);
      expect((await invite({ email: 'x@example.org', role: 'reader', organisationId: payload })).status).toBe(400);
    }
    // A hostile name is only text: stored as typed, never interpreted.
    const named = await callApi(server, `/api/auth/invitations/${token}/accept`, { body: { name: SQL_INJECTIONS[0], password: `${SQL_INJECTIONS[1]}` } });
    expect(named.status).toBe(200);
    expect(server.services.accounts.findByEmail('target@example.org')!.name).toBe(SQL_INJECTIONS[0]);
    for (const raw of POLLUTING_BODIES) {
      const fresh = await invite({ email: `p${Math.random().toString(36).slice(2)}@example.org`, role: 'reader', organisationId: partnerOrgId });
      const freshToken = fresh.body.url.split('/invite/')[1];
      const polluted = await callApi(server, `/api/auth/invitations/${freshToken}/accept`, { method: 'POST', rawBody: raw, headers: { 'content-type': 'application/json' } });
      expect(polluted.status).toBe(400);
      const withFields = raw.replace(/^\{/, '{"name":"Eve","password":"long-enough-pw",');
      expect((await callApi(server, `/api/auth/invitations/${freshToken}/accept`, { method: 'POST', rawBody: withFields, headers: { 'content-type': 'application/json' } })).status).toBe(400);
      expect((await callApi(server, '/api/workspaces/toolbox/invitations', { method: 'POST', cookie: cookies.admin, rawBody: raw, headers: { 'content-type': 'application/json' } })).status).toBe(400);
    }
    expect(prototypeIsClean()).toBe(true);
    expect(count('users')).toBe(users + 1);
    expect(count('invitations')).toBe(invitations + POLLUTING_BODIES.length);
    expect((server.db.prepare('SELECT COUNT(*) AS n FROM users WHERE is_site_admin = 1').get() as { n: number }).n).toBe(1);
  });

  it('[CONTRACT] refuses a cross-site acceptance (403): the link stays usable, no account is made', async () => {
    const created = await invite({ email: 'csrf@example.org', role: 'reader', organisationId: partnerOrgId });
    const token = created.body.url.split('/invite/')[1];
    const foreign = await callApi(server, `/api/auth/invitations/${token}/accept`, { body: { name: 'X', password: 'long-enough-pw' }, headers: { origin: 'https://evil.example' } });
    expect(foreign.status).toBe(403);
    const crossSite = await callApi(server, `/api/auth/invitations/${token}/accept`, { body: { name: 'X', password: 'long-enough-pw' }, headers: { 'sec-fetch-site': 'cross-site' } });
    expect(crossSite.status).toBe(403);
    expect(server.services.accounts.findByEmail('csrf@example.org')).toBeNull();
    expect((await callApi(server, `/api/auth/invitations/${token}`)).status).toBe(200);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, DEMO, signIn, startHttpServer, type TestHttpServer } from '../helpers/httpServer.js';
import { POLLUTING_BODIES, prototypeIsClean, SQL_INJECTIONS } from '../helpers/hostile.js';

describe('workspace members', () => {
  let server: TestHttpServer;
  const cookies = {} as Record<keyof typeof DEMO, string>;
  const idOf = (name: keyof typeof DEMO) => server.services.accounts.findByEmail(DEMO[name].email)!.id;
  const members = async () => (await callApi(server, '/api/workspaces/toolbox/members', { cookie: cookies.admin })).body as { user: { id: string; name: string }; role: string }[];
  /** Makes one request with a cookie and answers the rotated cookie, if one came back. */
  const renew = async (cookie: string) => {
    const result = await callApi(server, '/api/auth/me', { cookie });
    expect(result.status).toBe(200);
    return result.headers.getSetCookie().find((c) => c.startsWith('atelier_session='))?.split(';')[0] ?? cookie;
  };
  const roleOf = async (name: keyof typeof DEMO) => (await members()).find((m) => m.user.id === idOf(name))?.role;

  beforeAll(async () => {
    server = await startHttpServer();
    for (const name of Object.keys(DEMO) as (keyof typeof DEMO)[]) cookies[name] = await signIn(server, DEMO[name].email, DEMO[name].password);
  }, 60_000);
  afterAll(() => server.close());

  it('[A5] lists members with "Name (Organisation)" and role to admins and staff; 403 to partners and readers', async () => {
    for (const name of ['admin', 'staff'] as const) {
      const result = await callApi(server, '/api/workspaces/toolbox/members', { cookie: cookies[name] });
      expect(result.status).toBe(200);
      expect(result.body).toHaveLength(5);
      expect(result.body.find((m: { user: { email: string } }) => m.user.email === DEMO.partner.email)).toMatchObject({
        user: { id: expect.any(String), name: expect.any(String), organisation: { id: expect.any(String), name: expect.any(String) } },
        role: 'partner',
      });
    }
    for (const name of ['partner', 'reader'] as const) {
      expect((await callApi(server, '/api/workspaces/toolbox/members', { cookie: cookies[name] })).status).toBe(403);
    }
  });

  it('[A4] changes a role through the workspace service: access-changed, audit row, staff and partners may not', async () => {
    const changed: string[] = [];
    const onChange = ({ userId }: { userId: string }) => changed.push(userId);
    server.services.events.on('access-changed', onChange);
    const denied = await callApi(server, `/api/workspaces/toolbox/members/${idOf('reader')}`, { method: 'PATCH', cookie: cookies.staff, body: { role: 'staff' } });
    expect(denied.status).toBe(403);
    expect(await roleOf('reader')).toBe('reader');

    const result = await callApi(server, `/api/workspaces/toolbox/members/${idOf('reader')}`, { method: 'PATCH', cookie: cookies.admin, body: { role: 'partner' } });
    expect(result.status).toBe(200);
    expect(result.body.member).toMatchObject({ user: { id: idOf('reader') }, role: 'partner' });
    expect(changed).toEqual([idOf('reader')]);
    const audit = server.services.audit.list({ limit: 1 })[0];
    expect(audit).toMatchObject({ action: 'member.role-change', target: idOf('reader'), details: { from: 'reader', to: 'partner' } });
    server.services.events.off('access-changed', onChange);
    // Back, for the other tests (this rotates the reader's session once more).
    await callApi(server, `/api/workspaces/toolbox/members/${idOf('reader')}`, { method: 'PATCH', cookie: cookies.admin, body: { role: 'reader' } });
    cookies.reader = await signIn(server, DEMO.reader.email, DEMO.reader.password);
  });

  it('[A4] rotates the session on a role change: the old cookie stops working, the new one works', async () => {
    const before = await signIn(server, DEMO.partner2.email, DEMO.partner2.password);
    const rotated: { from: string; to: string }[] = [];
    const onRotate = (event: { from: string; to: string }) => rotated.push(event);
    server.services.events.on('session-rotated', onRotate);
    expect((await callApi(server, `/api/workspaces/toolbox/members/${idOf('partner2')}`, { method: 'PATCH', cookie: cookies.admin, body: { role: 'reader' } })).status).toBe(200);

    const next = await callApi(server, '/api/workspaces/toolbox', { cookie: before });
    expect(next.status).toBe(200);
    expect(next.body.role).toBe('reader');
    const setCookie = next.headers.getSetCookie().find((c) => c.startsWith('atelier_session='))!;
    expect(setCookie).toMatch(/HttpOnly/i);
    const after = setCookie.split(';')[0];
    expect(after).not.toBe(before);
    expect(rotated).toHaveLength(1);

    expect((await callApi(server, '/api/auth/me', { cookie: before })).status).toBe(401);
    const me = await callApi(server, '/api/auth/me', { cookie: after });
    expect(me.status).toBe(200);
    expect(me.headers.getSetCookie()).toEqual([]);
    server.services.events.off('session-rotated', onRotate);

    // Setting the role someone already has rotates nothing.
    expect((await callApi(server, `/api/workspaces/toolbox/members/${idOf('partner2')}`, { method: 'PATCH', cookie: cookies.admin, body: { role: 'reader' } })).status).toBe(200);
    expect((await callApi(server, '/api/auth/me', { cookie: after })).headers.getSetCookie()).toEqual([]);
    await callApi(server, `/api/workspaces/toolbox/members/${idOf('partner2')}`, { method: 'PATCH', cookie: cookies.admin, body: { role: 'partner' } });
  });

  it('[A5] never demotes or removes the last admin (409); with a second admin it may', async () => {
    const adminId = idOf('admin');
    const demote = await callApi(server, `/api/workspaces/toolbox/members/${adminId}`, { method: 'PATCH', cookie: cookies.admin, body: { role: 'staff' } });
    expect(demote.status).toBe(409);
    expect(demote.body.error.code).toBe('conflict');
    const remove = await callApi(server, `/api/workspaces/toolbox/members/${adminId}`, { method: 'DELETE', cookie: cookies.admin });
    expect(remove.status).toBe(409);
    expect(await roleOf('admin')).toBe('admin');

    // In reglement: staff becomes admin, then the first admin may step down.
    const staffId = idOf('staff');
    expect((await callApi(server, `/api/workspaces/reglement/members/${staffId}`, { method: 'PATCH', cookie: cookies.admin, body: { role: 'admin' } })).status).toBe(200);
    const stepDown = await callApi(server, `/api/workspaces/reglement/members/${adminId}`, { method: 'PATCH', cookie: cookies.admin, body: { role: 'staff' } });
    expect(stepDown.status).toBe(200);
    // Both sessions were marked for rotation: the next request hands out new cookies.
    cookies.admin = await renew(cookies.admin);
    cookies.staff = await renew(cookies.staff);
    // Now staff@ is the last admin of reglement.
    expect((await callApi(server, `/api/workspaces/reglement/members/${staffId}`, { method: 'DELETE', cookie: cookies.staff })).status).toBe(409);
  });

  it('[A4] removes a member: access-changed, audit row, their workspace disappears; their work stays attributed', async () => {
    const account = await server.services.accounts.create({ email: 'leaving@example.org', name: 'Leaving', password: 'leaving-password', organisation: 'Community Land Trust Brussels' });
    if (!account.ok) throw new Error(account.failure.message);
    const workspaceId = server.services.workspaces.findBySlug('toolbox')!.id;
    server.services.workspaces.setMember(workspaceId, account.value.id, 'staff');
    const cookie = await signIn(server, 'leaving@example.org', 'leaving-password');
    const changed: string[] = [];
    const onChange = ({ userId }: { userId: string }) => changed.push(userId);
    server.services.events.on('access-changed', onChange);

    const result = await callApi(server, `/api/workspaces/toolbox/members/${account.value.id}`, { method: 'DELETE', cookie: cookies.admin });
    expect(result.status).toBe(204);
    expect(changed).toEqual([account.value.id]);
    expect(server.services.audit.list({ limit: 1 })[0]).toMatchObject({ action: 'member.remove', target: account.value.id, workspaceId });
    expect((await callApi(server, '/api/workspaces/toolbox', { cookie })).status).toBe(404);
    expect(server.services.accounts.findById(account.value.id)).not.toBeNull();
    expect((await callApi(server, `/api/workspaces/toolbox/members/${account.value.id}`, { method: 'DELETE', cookie: cookies.admin })).status).toBe(404);
    server.services.events.off('access-changed', onChange);
  });

  it('[A5] SQL-injection and prototype-pollution payloads on every parameter and body change nothing (400/404)', async () => {
    const before = await members();
    const auditBefore = server.services.audit.list({ limit: 1 })[0].id;
    for (const payload of SQL_INJECTIONS) {
      const id = encodeURIComponent(payload);
      expect((await callApi(server, `/api/workspaces/toolbox/members/${id}`, { method: 'PATCH', cookie: cookies.admin, body: { role: 'reader' } })).body.error).toMatchObject({ code: 'validation_failed', field: 'userId' });
      expect((await callApi(server, `/api/workspaces/toolbox/members/${id}`, { method: 'DELETE', cookie: cookies.admin })).status).toBe(400);
      expect((await callApi(server, `/api/workspaces/${id}/members`, { cookie: cookies.admin })).body.error).toMatchObject({ code: 'validation_failed', field: 'slug' });
      const badRole = await callApi(server, `/api/workspaces/toolbox/members/${idOf('reader')}`, { method: 'PATCH', cookie: cookies.admin, body: { role: payload } });
      expect(badRole.status).toBe(400);
      expect(badRole.body.error).toMatchObject({ code: 'validation_failed', field: 'role' });
      const audit = await callApi(server, `/api/workspaces/toolbox/audit?action=${id}&actor=${id}`, { cookie: cookies.admin });
      expect(audit.status).toBe(400);
      expect((await callApi(server, `/api/workspaces/toolbox/audit?before=${id}`, { cookie: cookies.admin })).status).toBe(400);
    }
    for (const raw of POLLUTING_BODIES) {
      const patched = await callApi(server, `/api/workspaces/toolbox/members/${idOf('reader')}`, { method: 'PATCH', cookie: cookies.admin, rawBody: raw, headers: { 'content-type': 'application/json' } });
      expect(patched.status).toBe(400);
      const invited = await callApi(server, '/api/workspaces/toolbox/invitations', { method: 'POST', cookie: cookies.admin, rawBody: raw, headers: { 'content-type': 'application/json' } });
      expect(invited.status).toBe(400);
    }
    expect((await callApi(server, '/api/workspaces/toolbox/audit?__proto__[isSiteAdmin]=1', { cookie: cookies.admin })).status).toBe(400);
    expect(prototypeIsClean()).toBe(true);
    expect(await members()).toEqual(before);
    expect(server.services.audit.list({ limit: 1 })[0].id).toBe(auditBefore);
    expect(server.services.accounts.findByEmail(DEMO.reader.email)!.isSiteAdmin).toBe(false);
  });

  it('[CONTRACT] refuses cross-site role changes, removals and invitations (403) and changes nothing', async () => {
    const before = await members();
    const outboxBefore = (server.db.prepare('SELECT COUNT(*) AS n FROM outbox').get() as { n: number }).n;
    const foreign = { origin: 'https://evil.example' };
    const attempts = [
      callApi(server, `/api/workspaces/toolbox/members/${idOf('reader')}`, { method: 'PATCH', cookie: cookies.admin, body: { role: 'admin' }, headers: foreign }),
      callApi(server, `/api/workspaces/toolbox/members/${idOf('reader')}`, { method: 'DELETE', cookie: cookies.admin, headers: foreign }),
      callApi(server, '/api/workspaces/toolbox/invitations', { cookie: cookies.admin, body: { email: 'evil@example.org', role: 'admin', organisationId: server.services.organisations.list()[0].id }, headers: { 'sec-fetch-site': 'cross-site' } }),
    ];
    for (const result of await Promise.all(attempts)) expect(result.status).toBe(403);
    expect(await members()).toEqual(before);
    expect((server.db.prepare('SELECT COUNT(*) AS n FROM outbox').get() as { n: number }).n).toBe(outboxBefore);
  });

  it('[A5] shows admins the audit log newest first, filtered by action, prefix, actor and page; others get 403', async () => {
    const all = await callApi(server, '/api/workspaces/toolbox/audit', { cookie: cookies.admin });
    expect(all.status).toBe(200);
    const ids = all.body.entries.map((entry: { id: number }) => entry.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const actions = new Set(all.body.entries.map((entry: { action: string }) => entry.action));
    expect(actions).toContain('member.role-change');
    expect(actions).toContain('member.remove');
    expect(actions).toContain('auth.sign-in');
    const signIn = all.body.entries.find((entry: { action: string }) => entry.action === 'auth.sign-in');
    expect(signIn.actor).toMatchObject({ id: expect.any(String), name: expect.any(String), organisation: expect.any(String) });

    const roleChanges = await callApi(server, '/api/workspaces/toolbox/audit?action=member.role-change', { cookie: cookies.admin });
    expect(roleChanges.body.entries.length).toBeGreaterThan(0);
    expect(roleChanges.body.entries.every((entry: { action: string }) => entry.action === 'member.role-change')).toBe(true);
    const memberPrefix = await callApi(server, '/api/workspaces/toolbox/audit?action=member.', { cookie: cookies.admin });
    expect(new Set(memberPrefix.body.entries.map((entry: { action: string }) => entry.action))).toEqual(new Set(['member.role-change', 'member.remove', 'member.set']));
    const byActor = await callApi(server, `/api/workspaces/toolbox/audit?actor=${idOf('partner')}`, { cookie: cookies.admin });
    expect(byActor.body.entries.every((entry: { actor: { id: string } }) => entry.actor.id === idOf('partner'))).toBe(true);
    const page = await callApi(server, '/api/workspaces/toolbox/audit?limit=2', { cookie: cookies.admin });
    expect(page.body.entries).toHaveLength(2);
    const older = await callApi(server, `/api/workspaces/toolbox/audit?limit=2&before=${page.body.nextBefore}`, { cookie: cookies.admin });
    expect(older.body.entries[0].id).toBeLessThan(page.body.entries[1].id);
    // Another workspace's private entries never show.
    expect(all.body.entries.some((entry: { details: { role?: string }; action: string; target: string }) => entry.action === 'member.role-change' && entry.target === idOf('admin'))).toBe(false);

    for (const name of ['staff', 'partner', 'reader'] as const) {
      expect((await callApi(server, '/api/workspaces/toolbox/audit', { cookie: cookies[name] })).status).toBe(403);
    }
  });
});

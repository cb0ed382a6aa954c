import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can, type Role } from '../../shared/permissions.js';
import { LIMITS } from '../../shared/limits.js';
import { toOpenApiPath } from '../../server/http/openapi.js';
import type { ApiRoute } from '../../server/http/routeRegistry.js';
import { callApi, DEMO, signIn, startHttpServer, type TestHttpServer } from '../helpers/httpServer.js';
import { callSample, SAMPLES, type Ids } from '../helpers/routeSamples.js';

const keyOf = (route: ApiRoute) => `${route.method.toUpperCase()} ${route.path}`;

describe('HTTP access rules', () => {
  let server: TestHttpServer;
  const cookies = {} as Record<keyof typeof DEMO, string>;
  let sectionId = '';
  let otherId = '';
  let docName = '';
  let n = 0;
  let memberId = '';
  let partner2Id = '';
  let orgId = '';
  let threadId = '';
  const ownMessages = {} as Record<keyof typeof DEMO, string>;
  const stagedFiles = {} as Record<keyof typeof DEMO, string>;
  let importJobId = '';
  const ids = (name?: keyof typeof DEMO): Ids => ({
    sectionId,
    otherId,
    docName,
    n: ++n,
    memberId,
    partner2Id,
    orgId,
    password: name ? DEMO[name].password : '',
    threadId,
    ownMessageId: name ? ownMessages[name] : 'none-000000',
    stagedFileId: (name && stagedFiles[name]) || 'none-000000',
    importJobId: importJobId || 'none-000000',
  });
  const outline = async () => (await callApi(server, '/api/workspaces/toolbox?archived=1', { cookie: cookies.admin })).body;

  beforeAll(async () => {
    server = await startHttpServer();
    for (const name of Object.keys(DEMO) as (keyof typeof DEMO)[]) cookies[name] = await signIn(server, DEMO[name].email, DEMO[name].password);
    const sections = (await outline()).sections as { id: string; parentId: string | null }[];
    sectionId = sections.find((s) => s.parentId !== null)!.id;
    otherId = sections.at(-1)!.id;
    docName = (sections[0] as unknown as { docs: Record<string, string> }).docs.nl;
    // A member only the admin's DELETE sample removes.
    const extra = await server.services.accounts.create({ email: 'leaving@example.org', name: 'Leaving Member', password: 'leaving-password', organisation: 'Community Land Trust Brussels' });
    if (!extra.ok) throw new Error(extra.failure.message);
    memberId = extra.value.id;
    server.services.workspaces.setMember(server.services.workspaces.findBySlug('toolbox')!.id, memberId, 'reader');
    partner2Id = server.services.accounts.findByEmail(DEMO.partner2.email)!.id;
    orgId = server.services.organisations.list()[0].id;
    // A thread with one message by each person, for the message samples.
    const toolbox = server.services.workspaces.findBySlug('toolbox')!;
    const thread = server.services.comments.create(server.services.accounts.findByEmail(DEMO.staff.email)!, toolbox, docName, { quote: 'Buurtwerk', body: 'Eerste', mentions: [] });
    if (!thread.ok) throw new Error(thread.failure.message);
    threadId = thread.value.id;
    for (const name of Object.keys(DEMO) as (keyof typeof DEMO)[]) {
      const reply = server.services.comments.reply(server.services.accounts.findByEmail(DEMO[name].email)!, toolbox, docName, threadId, { body: `Van ${name}`, mentions: [] });
      if (!reply.ok) throw new Error(reply.failure.message);
      ownMessages[name] = reply.value.messages.at(-1)!.id;
      const staged = await server.services.imports.stage(server.services.accounts.findByEmail(DEMO[name].email)!, toolbox, `staged-${name}.md`, Buffer.from(`# Staged ${name}\n`));
      if (!staged.ok) throw new Error(staged.failure.message);
      stagedFiles[name] = staged.value.id;
    }
    const job = server.services.imports.start(server.services.accounts.findByEmail(DEMO.staff.email)!, toolbox, { files: [stagedFiles.staff], splitLevel: 1, trackedChanges: 'accept' });
    if (!job.ok) throw new Error(job.failure.message);
    importJobId = job.value.id;
    // Staff's own staged file was used by that job: stage another for the sample.
    const again = await server.services.imports.stage(server.services.accounts.findByEmail(DEMO.staff.email)!, toolbox, 'staged-again.md', Buffer.from('# Again\n'));
    if (!again.ok) throw new Error(again.failure.message);
    stagedFiles.staff = again.value.id;
  }, 60_000);
  afterAll(() => server.close());

  it('[CONTRACT] has a sample request for every registered route', () => {
    expect(server.routes.map(keyOf).sort()).toEqual(Object.keys(SAMPLES).sort());
  });

  it('[CONTRACT] answers 401 to anonymous callers on every non-public /api route', async () => {
    const publicRoutes = server.routes.filter((route) => route.access.kind === 'public');
    expect(publicRoutes.every((route) => route.path.startsWith('/api/auth/') || route.path.startsWith('/api/public/') || route.path === '/api/openapi.json')).toBe(true);
    for (const route of server.routes.filter((r) => r.access.kind !== 'public')) {
      const result = await callSample(server, SAMPLES[keyOf(route)](ids()));
      expect(result.status, keyOf(route)).toBe(401);
    }
  });

  it('[CONTRACT] answers unknown /api routes with a JSON 404', async () => {
    const result = await callApi(server, '/api/nope', { cookie: cookies.staff });
    expect(result.status).toBe(404);
    expect(result.body.error.code).toBe('not_found');
  });

  it('[A5] applies the permission matrix to every route for every role; a denied request changes nothing', async () => {
    const workspaceRoutes = server.routes.filter((route) => route.access.kind !== 'public' && !route.path.endsWith('/logout'));
    for (const route of workspaceRoutes) {
      for (const name of ['admin', 'staff', 'partner', 'partner2', 'reader'] as const) {
        const role = DEMO[name].role as Role;
        const access = route.access;
        const allowed =
          access.kind === 'session' ||
          (access.kind === 'siteAdmin' && name === 'admin') ||
          ((access.kind === 'workspace' || access.kind === 'document') && can(role, access.action, { readersMayComment: true }));
        const before = await outline();
        const auditBefore = server.services.audit.list({ limit: 1 })[0]?.id;
        const sample = SAMPLES[keyOf(route)](ids(name));
        const result = await callSample(server, { ...sample, cookie: cookies[name] });
        // A rotated session (password change) comes back as a new cookie: keep using it.
        const renewed = (result as { headers?: Headers }).headers?.getSetCookie().find((c) => c.startsWith('atelier_session='));
        if (renewed) cookies[name] = renewed.split(';')[0];
        if (allowed) {
          expect([200, 201, 202, 204, 409], `${name} ${keyOf(route)}: ${JSON.stringify(result.body)}`).toContain(result.status);
        } else {
          expect(result.status, `${name} ${keyOf(route)}`).toBe(403);
          expect((result.body as { error: { code: string } }).error.code).toBe('forbidden');
          expect(await outline()).toEqual(before);
          expect(server.services.audit.list({ limit: 1 })[0]?.id).toBe(auditBefore);
        }
      }
    }
  }, 60_000);

  it('[A5] hides workspaces people are not members of (404, not 403)', async () => {
    const created = await callApi(server, '/api/workspaces', { cookie: cookies.admin, body: { name: 'Private', slug: 'private', languages: ['nl', 'en'] } });
    expect(created.status).toBe(201);
    expect(created.body.workspace).toMatchObject({ slug: 'private', role: 'admin', languages: ['nl', 'en'], sections: [] });
    for (const name of ['staff', 'partner', 'reader'] as const) {
      expect((await callApi(server, '/api/workspaces/private', { cookie: cookies[name] })).status).toBe(404);
      const write = await callApi(server, '/api/workspaces/private/sections', { cookie: cookies[name], body: { title: 'x' } });
      expect(write.status).toBe(404);
      const list = await callApi(server, '/api/workspaces', { cookie: cookies[name] });
      expect(list.body.map((w: { slug: string }) => w.slug)).not.toContain('private');
    }
    expect((await callApi(server, '/api/workspaces', { cookie: cookies.admin, body: { name: 'Again', slug: 'private', languages: ['nl'] } })).status).toBe(409);
  });

  it('[CONTRACT] refuses a foreign Origin and Sec-Fetch-Site cross-site with 403, changing nothing', async () => {
    const before = await outline();
    const foreign = await callApi(server, '/api/workspaces/toolbox/sections', { cookie: cookies.staff, body: { title: 'Evil' }, headers: { origin: 'https://evil.example' } });
    expect(foreign.status).toBe(403);
    const crossSite = await callApi(server, '/api/workspaces/toolbox/sections', { cookie: cookies.staff, body: { title: 'Evil' }, headers: { 'sec-fetch-site': 'cross-site' } });
    expect(crossSite.status).toBe(403);
    const login = await callApi(server, '/api/auth/login', { body: { email: DEMO.staff.email, password: DEMO.staff.password }, headers: { origin: 'https://evil.example' } });
    expect(login.status).toBe(403);
    expect(await outline()).toEqual(before);
    const sameOrigin = await callApi(server, '/api/workspaces/toolbox/sections', { cookie: cookies.staff, body: { title: 'Fine' }, headers: { origin: server.origin, 'sec-fetch-site': 'same-origin' } });
    expect(sameOrigin.status).toBe(201);
  });

  it('[CONTRACT] answers 413 payload_too_large for a JSON body over the limit', async () => {
    const result = await callApi(server, '/api/workspaces/toolbox/sections', { cookie: cookies.staff, body: { title: 'x'.repeat(LIMITS.maxJsonBodyBytes + 10) } });
    expect(result.status).toBe(413);
    expect(result.body.error.code).toBe('payload_too_large');
  });

  it('[CONTRACT] answers validation_failed with the field; unknown keys and __proto__ are refused', async () => {
    const missing = await callApi(server, '/api/workspaces/toolbox/sections', { cookie: cookies.staff, body: {} });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: 'validation_failed', field: 'title' });
    const move = await callApi(server, `/api/workspaces/toolbox/sections/${sectionId}/move`, { cookie: cookies.staff, body: { parentId: null, position: -1 } });
    expect(move.body.error).toMatchObject({ code: 'validation_failed', field: 'position' });
    const polluted = await callApi(server, '/api/workspaces/toolbox/sections', { cookie: cookies.staff, rawBody: '{"title":"x","__proto__":{"admin":true}}', headers: { 'content-type': 'application/json' }, method: 'POST' });
    expect(polluted.status).toBe(400);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    const badJson = await callApi(server, '/api/workspaces/toolbox/sections', { cookie: cookies.staff, rawBody: '{"title":', headers: { 'content-type': 'application/json' }, method: 'POST' });
    expect(badJson.body.error).toMatchObject({ code: 'validation_failed', field: 'body' });
    const workspace = await callApi(server, '/api/workspaces', { cookie: cookies.admin, body: { name: 'X', slug: 'x-y', languages: ['nl', 'de'] } });
    expect(workspace.body.error).toMatchObject({ code: 'validation_failed', field: 'languages.1' });
  });

  it('[CONTRACT] documents every registered route in the OpenAPI 3.1 document', async () => {
    const result = await callApi(server, '/api/openapi.json');
    expect(result.status).toBe(200);
    expect(result.body.openapi).toBe('3.1.0');
    for (const route of server.routes) {
      const operation = result.body.paths[toOpenApiPath(route.path)]?.[route.method];
      expect(operation, keyOf(route)).toBeDefined();
      if (route.body) expect(operation.requestBody.content['application/json'].schema.type).toBe('object');
      if (route.access.kind !== 'public') expect(operation.responses['401']).toBeDefined();
    }
    expect(result.body.paths['/api/workspaces/{slug}/sections'].post.requestBody.content['application/json'].schema.additionalProperties).toBe(false);
  });

  it('[CONTRACT] every path parameter of every route: a malformed value answers 400 naming it, before anything runs', async () => {
    // Well-formed stand-ins, so only the parameter under test is wrong.
    const fine: Record<string, string> = { slug: 'toolbox', id: 'abc123', userId: 'abc123', jobId: 'abc123', threadId: 'abc123', messageId: 'abc123', docName: 'nope.nl', number: '1', token: 'x'.repeat(43), version: '1' };
    const malformed = ['bad%20value', '%3Cscript%3E', 'x'.repeat(300)];
    let checked = 0;
    for (const route of server.routes) {
      const names = [...route.path.matchAll(/:([A-Za-z_]\w*)/g)].map((m) => m[1]);
      for (const name of names) {
        expect(fine[name], `a stand-in for :${name}`).toBeDefined();
        for (const bad of malformed) {
          const path = route.path.replace(/:([A-Za-z_]\w*)/g, (_, other: string) => (other === name ? bad : fine[other]));
          const result = await callApi(server, path, { cookie: cookies.admin, method: route.method.toUpperCase(), ...(route.body ? { body: {} } : {}) });
          expect(result.status, `${keyOf(route)} with :${name} = ${bad}`).toBe(400);
          expect(result.body.error, `${keyOf(route)} with :${name} = ${bad}`).toMatchObject({ code: 'validation_failed', field: name });
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
    // The OpenAPI document shows each parameter's real schema, not just "a string".
    const openapi = (await callApi(server, '/api/openapi.json')).body;
    const decide = openapi.paths['/api/docs/{docName}/suggestions/accept'].post.parameters.find((p: { name: string }) => p.name === 'docName');
    expect(decide.schema.pattern).toBeDefined();
    expect(decide.required).toBe(true);
  });

  it('[CONTRACT] serves /healthz and security headers', async () => {
    const result = await callApi(server, '/healthz');
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ ok: true });
    const csp = result.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain('connect-src');
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  });
});

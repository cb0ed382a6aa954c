import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can, type Role } from '../../shared/permissions.js';
import { LIMITS } from '../../shared/limits.js';
import { toOpenApiPath } from '../../server/http/openapi.js';
import type { ApiRoute } from '../../server/http/routeRegistry.js';
import { callApi, DEMO, signIn, startHttpServer, type CallOptions, type TestHttpServer } from '../helpers/httpServer.js';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a3a60000000049454e44ae426082', 'hex');

/** A valid request for each registered route, keyed `METHOD path`. */
type Ids = { sectionId: string; otherId: string; docName: string; n: number; memberId: string; partner2Id: string; orgId: string; password: string; threadId: string; ownMessageId: string; stagedFileId: string; importJobId: string };
type Sample = (ids: Ids) => { path: string } & CallOptions;
const SAMPLES: Record<string, Sample> = {
  'POST /api/auth/login': () => ({ path: '/api/auth/login', body: { email: DEMO.reader.email, password: DEMO.reader.password } }),
  'POST /api/auth/logout': () => ({ path: '/api/auth/logout', method: 'POST' }),
  'GET /api/auth/me': () => ({ path: '/api/auth/me' }),
  'PATCH /api/auth/me': () => ({ path: '/api/auth/me', method: 'PATCH', body: { locale: 'nl' } }),
  // The caller's own password, unchanged: allowed for everyone, rotates the session (the new cookie is kept).
  'POST /api/auth/password': ({ password }) => ({ path: '/api/auth/password', body: { currentPassword: password, newPassword: password } }),
  'POST /api/auth/password-reset': () => ({ path: '/api/auth/password-reset', body: { email: 'nobody@example.org' } }),
  'POST /api/auth/password-reset/:token': () => ({ path: `/api/auth/password-reset/${'x'.repeat(43)}`, body: { newPassword: 'a-new-password' } }),
  'GET /api/auth/invitations/:token': () => ({ path: `/api/auth/invitations/${'x'.repeat(43)}` }),
  'POST /api/auth/invitations/:token/accept': () => ({ path: `/api/auth/invitations/${'x'.repeat(43)}/accept`, body: {} }),
  'GET /api/organisations': () => ({ path: '/api/organisations' }),
  'POST /api/organisations': ({ n }) => ({ path: '/api/organisations', body: { name: `Vereniging ${n}`, kind: 'partner' } }),
  'PATCH /api/organisations/:id': ({ orgId, n }) => ({ path: `/api/organisations/${orgId}`, method: 'PATCH', body: { name: `Association ${n}` } }),
  'GET /api/workspaces/:slug/members': () => ({ path: '/api/workspaces/toolbox/members' }),
  // partner2 keeps the role they have: allowed for admins, and no session is rotated.
  'PATCH /api/workspaces/:slug/members/:userId': ({ partner2Id }) => ({ path: `/api/workspaces/toolbox/members/${partner2Id}`, method: 'PATCH', body: { role: 'partner' } }),
  'DELETE /api/workspaces/:slug/members/:userId': ({ memberId }) => ({ path: `/api/workspaces/toolbox/members/${memberId}`, method: 'DELETE' }),
  'POST /api/workspaces/:slug/invitations': ({ n, orgId }) => ({ path: '/api/workspaces/toolbox/invitations', body: { email: `invitee-${n}@example.org`, role: 'reader', organisationId: orgId } }),
  'GET /api/workspaces/:slug/audit': () => ({ path: '/api/workspaces/toolbox/audit?limit=5' }),
  'GET /api/openapi.json': () => ({ path: '/api/openapi.json' }),
  'GET /api/workspaces': () => ({ path: '/api/workspaces' }),
  'POST /api/workspaces': ({ n }) => ({ path: '/api/workspaces', body: { name: `Test ${n}`, slug: `test-${n}`, languages: ['fr'] } }),
  'GET /api/workspaces/:slug': () => ({ path: '/api/workspaces/toolbox' }),
  'GET /api/workspaces/:slug/events': () => ({ path: '/api/workspaces/toolbox/events' }),
  'POST /api/workspaces/:slug/sections': ({ n }) => ({ path: '/api/workspaces/toolbox/sections', body: { title: `Nieuw ${n}` } }),
  'PATCH /api/workspaces/:slug/sections/:id': ({ sectionId, n }) => ({ path: `/api/workspaces/toolbox/sections/${sectionId}`, method: 'PATCH', body: { title: `Titel ${n}` } }),
  'POST /api/workspaces/:slug/sections/:id/move': ({ sectionId }) => ({ path: `/api/workspaces/toolbox/sections/${sectionId}/move`, body: { parentId: null, position: 0 } }),
  'POST /api/workspaces/:slug/sections/:id/archive': ({ otherId }) => ({ path: `/api/workspaces/toolbox/sections/${otherId}/archive`, method: 'POST' }),
  'POST /api/workspaces/:slug/sections/:id/unarchive': ({ otherId }) => ({ path: `/api/workspaces/toolbox/sections/${otherId}/unarchive`, method: 'POST' }),
  'POST /api/workspaces/:slug/images': () => ({ path: '/api/workspaces/toolbox/images', rawBody: PNG, headers: { 'content-type': 'image/png' } }),
  // Decisions on suggestions that do not exist: allowed callers get 409, nothing changes.
  'POST /api/docs/:docName/suggestions/accept': ({ docName }) => ({ path: `/api/docs/${docName}/suggestions/accept`, body: { ids: ['nope'] } }),
  'POST /api/docs/:docName/suggestions/reject': ({ docName }) => ({ path: `/api/docs/${docName}/suggestions/reject`, body: { ids: ['nope'] } }),
  'POST /api/docs/:docName/suggestions/withdraw': ({ docName }) => ({ path: `/api/docs/${docName}/suggestions/withdraw`, body: { ids: ['nope'] } }),
  'GET /api/docs/:docName/decisions': ({ docName }) => ({ path: `/api/docs/${docName}/decisions` }),
  'GET /api/docs/:docName/threads': ({ docName }) => ({ path: `/api/docs/${docName}/threads` }),
  'POST /api/docs/:docName/threads': ({ docName, n }) => ({ path: `/api/docs/${docName}/threads`, body: { quote: 'Buurtwerk', body: `Opmerking ${n}` } }),
  'POST /api/docs/:docName/threads/:threadId/messages': ({ docName, threadId, n }) => ({ path: `/api/docs/${docName}/threads/${threadId}/messages`, body: { body: `Antwoord ${n}` } }),
  // Each person edits and then deletes a message of their own (made in beforeAll).
  'PATCH /api/docs/:docName/threads/:threadId/messages/:messageId': ({ docName, threadId, ownMessageId, n }) => ({
    path: `/api/docs/${docName}/threads/${threadId}/messages/${ownMessageId}`,
    method: 'PATCH',
    body: { body: `Bewerkt ${n}` },
  }),
  'DELETE /api/docs/:docName/threads/:threadId/messages/:messageId': ({ docName, threadId, ownMessageId }) => ({ path: `/api/docs/${docName}/threads/${threadId}/messages/${ownMessageId}`, method: 'DELETE' }),
  'POST /api/docs/:docName/threads/:threadId/resolve': ({ docName, threadId }) => ({ path: `/api/docs/${docName}/threads/${threadId}/resolve`, body: {} }),
  'POST /api/docs/:docName/threads/:threadId/reopen': ({ docName, threadId }) => ({ path: `/api/docs/${docName}/threads/${threadId}/reopen`, body: {} }),
  'POST /api/docs/:docName/threads/:threadId/reattach': ({ docName, threadId }) => ({ path: `/api/docs/${docName}/threads/${threadId}/reattach`, body: { quote: 'nieuwe tekst' } }),
  'GET /api/workspaces/:slug/threads': () => ({ path: '/api/workspaces/toolbox/threads?status=all' }),
  'GET /api/inbox': () => ({ path: '/api/inbox' }),
  'POST /api/inbox/read': () => ({ path: '/api/inbox/read', body: { all: true } }),
  'GET /api/inbox/settings': () => ({ path: '/api/inbox/settings' }),
  'PATCH /api/inbox/settings': () => ({ path: '/api/inbox/settings', method: 'PATCH', body: { digest: 'daily' } }),
  'GET /api/inbox/events': () => ({ path: '/api/inbox/events' }),
  // Revisions: the demo draft is its revision 1, so asking for approval answers 409 (nothing
  // to approve) and an unknown request 409 (not open); restoring revision 1 is a no-op edit.
  'PATCH /api/workspaces/:slug': () => ({ path: '/api/workspaces/toolbox', method: 'PATCH', body: { fourEyes: false } }),
  'GET /api/workspaces/:slug/reviews': () => ({ path: '/api/workspaces/toolbox/reviews' }),
  'GET /api/docs/:docName/review': ({ docName }) => ({ path: `/api/docs/${docName}/review` }),
  'POST /api/docs/:docName/review/request': ({ docName, n }) => ({ path: `/api/docs/${docName}/review/request`, body: { summary: `Versie ${n}` } }),
  'POST /api/docs/:docName/review/approve': ({ docName }) => ({ path: `/api/docs/${docName}/review/approve`, body: { requestId: 'nope' } }),
  'POST /api/docs/:docName/review/changes': ({ docName }) => ({ path: `/api/docs/${docName}/review/changes`, body: { requestId: 'nope', comment: 'Korter' } }),
  'GET /api/docs/:docName/revisions': ({ docName }) => ({ path: `/api/docs/${docName}/revisions` }),
  'GET /api/docs/:docName/revisions/:number': ({ docName }) => ({ path: `/api/docs/${docName}/revisions/1` }),
  'GET /api/docs/:docName/diff': ({ docName }) => ({ path: `/api/docs/${docName}/diff?from=1&to=draft` }),
  'POST /api/docs/:docName/revisions/:number/restore': ({ docName }) => ({ path: `/api/docs/${docName}/revisions/1/restore`, method: 'POST' }),
  // Imports (issue 9): each importer previews and imports a file staged for them in beforeAll.
  'POST /api/workspaces/:slug/imports/files': ({ n }) => ({ path: `/api/workspaces/toolbox/imports/files?name=import-${n}.md`, rawBody: `# Import ${n}\n\nTekst.\n`, headers: { 'content-type': 'text/markdown' } }),
  'POST /api/workspaces/:slug/imports/preview': ({ stagedFileId }) => ({ path: '/api/workspaces/toolbox/imports/preview', body: { files: [stagedFileId], splitLevel: 1, trackedChanges: 'suggest' } }),
  'POST /api/workspaces/:slug/imports': ({ stagedFileId }) => ({ path: '/api/workspaces/toolbox/imports', body: { files: [stagedFileId], splitLevel: 1, trackedChanges: 'accept' } }),
  'GET /api/workspaces/:slug/imports/:jobId': ({ importJobId }) => ({ path: `/api/workspaces/toolbox/imports/${importJobId}` }),
  'GET /api/workspaces/:slug/search': () => ({ path: '/api/workspaces/toolbox/search?q=buurtwerk&kind=draft' }),
  // Releases: the demo seed published release 1 of the toolbox. Publishing with a manifest hash
  // that is not the preview's answers 409 (nothing written); unknown feedback answers 409.
  'GET /api/workspaces/:slug/releases': () => ({ path: '/api/workspaces/toolbox/releases' }),
  'POST /api/workspaces/:slug/releases/preview': ({ n }) => ({ path: '/api/workspaces/toolbox/releases/preview', body: { version: `2.${n}`, date: '2026-12-01', notes: '' } }),
  'POST /api/workspaces/:slug/releases': ({ n }) => ({ path: '/api/workspaces/toolbox/releases', body: { version: `2.${n}`, date: '2026-12-01', notes: '', manifestHash: 'nope' } }),
  'GET /api/workspaces/:slug/releases/:version': () => ({ path: '/api/workspaces/toolbox/releases/1' }),
  'GET /api/workspaces/:slug/releases/:version/diff': () => ({ path: '/api/workspaces/toolbox/releases/1/diff?from=1' }),
  'PATCH /api/workspaces/:slug/releases/:version/feedback': () => ({ path: '/api/workspaces/toolbox/releases/1/feedback', method: 'PATCH', body: { mode: 'off' } }),
  'GET /api/workspaces/:slug/feedback': () => ({ path: '/api/workspaces/toolbox/feedback' }),
  'POST /api/workspaces/:slug/feedback/:id/accept': () => ({ path: '/api/workspaces/toolbox/feedback/nope/accept', method: 'POST' }),
  'POST /api/workspaces/:slug/feedback/:id/reject': () => ({ path: '/api/workspaces/toolbox/feedback/nope/reject', method: 'POST' }),
  'GET /api/docs/:docName/release-feedback': ({ docName }) => ({ path: `/api/docs/${docName}/release-feedback` }),
  'GET /api/public/releases/:slug/:version': () => ({ path: '/api/public/releases/toolbox/1' }),
  'POST /api/public/releases/:slug/:version/feedback': () => ({ path: '/api/public/releases/toolbox/1/feedback', body: { lang: 'nl', blockId: 'nope', quote: 'x', body: 'y', name: 'z' } }),
};
const keyOf = (route: ApiRoute) => `${route.method.toUpperCase()} ${route.path}`;

/** Calls a sample; event streams are closed as soon as their headers arrive. */
async function callSample(server: TestHttpServer, sample: { path: string } & CallOptions) {
  if (sample.path.endsWith('/events')) {
    const controller = new AbortController();
    const response = await fetch(server.url + sample.path, { headers: sample.cookie ? { cookie: sample.cookie } : {}, signal: controller.signal });
    const status = response.status;
    controller.abort();
    return { status, body: null };
  }
  return callApi(server, sample.path, sample);
}

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

/**
 * [A5] An independent permission table for HTTP (issue 22). Who may call each route is
 * written out here by hand from DESIGN.md's "People and roles" (and CONTRACT.md), not read
 * from the route registry or shared/permissions.ts, so a route that declares the wrong
 * action fails this test. The routes come from the served OpenAPI document: a route it
 * lists that this table does not is a failure (add a row when adding a route).
 *
 * Each route is called with a valid request (tests/helpers/routeSamples.ts) as anonymous,
 * a member of another workspace only, reader, partner, staff and admin of the demo
 * toolbox (readers may comment there). Allowed: 2xx or 409 (the sample's target may be
 * settled already). Denied: 401 anonymous, 404 outside the workspace, 403 `forbidden` for
 * a member — and nothing changed (outline and audit log compared).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, DEMO, signIn, startHttpServer, type TestHttpServer } from '../helpers/httpServer.js';
import { callSample, SAMPLES, type Ids } from '../helpers/routeSamples.js';

type Caller = 'anonymous' | 'outsider' | 'reader' | 'partner' | 'staff' | 'admin';
const CALLERS: readonly Caller[] = ['anonymous', 'outsider', 'reader', 'partner', 'staff', 'admin'];
type Person = Exclude<Caller, 'anonymous'>;

/** Who may call a route. */
type Rule =
  /** Anyone, signed in or not. */
  | { kind: 'public' }
  /** Anyone signed in, whatever their workspaces. */
  | { kind: 'signedIn' }
  /** Site administrators only (admin@ is one). */
  | { kind: 'siteAdmin' }
  /** Members of the route's workspace with one of these roles. */
  | { kind: 'roles'; roles: readonly ('admin' | 'staff' | 'partner' | 'reader')[] };

const PUBLIC: Rule = { kind: 'public' };
const SIGNED_IN: Rule = { kind: 'signedIn' };
const SITE_ADMIN: Rule = { kind: 'siteAdmin' };
/** Every member reads drafts and releases (DESIGN: partner "read drafts", reader "read drafts and releases"). */
const MEMBERS: Rule = { kind: 'roles', roles: ['admin', 'staff', 'partner', 'reader'] };
/** Commenting: partners, and readers where the workspace allows it (the demo toolbox does). */
const COMMENTERS: Rule = MEMBERS;
/** Suggesting (and withdrawing one's own): partners, and staff who may do everything partners may. */
const SUGGESTERS: Rule = { kind: 'roles', roles: ['admin', 'staff', 'partner'] };
/** Trust staff: edit drafts, shape the outline, decide, approve, publish, import, upload images. */
const STAFF: Rule = { kind: 'roles', roles: ['admin', 'staff'] };
/** Workspace admins: members, roles, settings, the audit log. */
const ADMIN: Rule = { kind: 'roles', roles: ['admin'] };

/** The table, keyed like the OpenAPI document: `METHOD /api/path/{param}`. */
const TABLE: Record<string, Rule> = {
  'POST /api/auth/login': PUBLIC,
  'POST /api/auth/logout': SIGNED_IN,
  'GET /api/auth/me': SIGNED_IN,
  'PATCH /api/auth/me': SIGNED_IN,
  'POST /api/auth/password': SIGNED_IN,
  'POST /api/auth/password-reset': PUBLIC,
  'POST /api/auth/password-reset/{token}': PUBLIC,
  'GET /api/auth/invitations/{token}': PUBLIC,
  'POST /api/auth/invitations/{token}/accept': PUBLIC,
  'GET /api/openapi.json': PUBLIC,
  'GET /api/public/releases/{slug}/{version}': PUBLIC,
  // Public feedback on a release where staff opened it to the public (set before the call).
  'POST /api/public/releases/{slug}/{version}/feedback': PUBLIC,
  // Organisations: everyone sees names ("Name (Organisation)"); site administrators manage them.
  'GET /api/organisations': SIGNED_IN,
  'POST /api/organisations': SITE_ADMIN,
  'PATCH /api/organisations/{id}': SITE_ADMIN,
  // Workspaces: site administrators create them; members see theirs; admins change settings.
  'GET /api/workspaces': SIGNED_IN,
  'POST /api/workspaces': SITE_ADMIN,
  'GET /api/workspaces/{slug}': MEMBERS,
  'PATCH /api/workspaces/{slug}': ADMIN,
  'GET /api/workspaces/{slug}/events': MEMBERS,
  // Members: staff see who is in the workspace; admins manage members and roles and read the audit log.
  'GET /api/workspaces/{slug}/members': STAFF,
  'PATCH /api/workspaces/{slug}/members/{userId}': ADMIN,
  'DELETE /api/workspaces/{slug}/members/{userId}': ADMIN,
  // CONTRACT: staff may invite partners and readers (the sample invites a reader) — built by
  // issue 21, still open: make this row STAFF when it lands.
  'POST /api/workspaces/{slug}/invitations': STAFF, // staff invite partners and readers (CONTRACT.md, Invitations); staff roles stay with admins
  'GET /api/workspaces/{slug}/audit': ADMIN,
  // The activity view (issue 21): staff and admins see everyone's, partners their own (narrowed by the route).
  'GET /api/workspaces/{slug}/activity': SUGGESTERS,
  // The outline and images (the A5 mutations of issue 22): staff only.
  'POST /api/workspaces/{slug}/sections': STAFF,
  'PATCH /api/workspaces/{slug}/sections/{id}': STAFF,
  'POST /api/workspaces/{slug}/sections/{id}/move': STAFF,
  'POST /api/workspaces/{slug}/sections/{id}/archive': STAFF,
  'POST /api/workspaces/{slug}/sections/{id}/unarchive': STAFF,
  'POST /api/workspaces/{slug}/images': STAFF,
  // Suggestions: staff accept and reject; partners withdraw their own.
  'POST /api/docs/{docName}/suggestions/accept': STAFF,
  'POST /api/docs/{docName}/suggestions/reject': STAFF,
  'POST /api/docs/{docName}/suggestions/withdraw': SUGGESTERS,
  'GET /api/docs/{docName}/decisions': MEMBERS,
  // Comments: commenters start, reply, edit and delete their own, resolve and reopen; staff re-attach anyone's.
  'GET /api/docs/{docName}/threads': MEMBERS,
  'POST /api/docs/{docName}/threads': COMMENTERS,
  'POST /api/docs/{docName}/threads/{threadId}/messages': COMMENTERS,
  'PATCH /api/docs/{docName}/threads/{threadId}/messages/{messageId}': COMMENTERS,
  'DELETE /api/docs/{docName}/threads/{threadId}/messages/{messageId}': COMMENTERS,
  'POST /api/docs/{docName}/threads/{threadId}/resolve': COMMENTERS,
  'POST /api/docs/{docName}/threads/{threadId}/reopen': COMMENTERS,
  'POST /api/docs/{docName}/threads/{threadId}/reattach': STAFF,
  'GET /api/workspaces/{slug}/threads': MEMBERS,
  // One's own inbox.
  'GET /api/inbox': SIGNED_IN,
  'POST /api/inbox/read': SIGNED_IN,
  'GET /api/inbox/settings': SIGNED_IN,
  'PATCH /api/inbox/settings': SIGNED_IN,
  'GET /api/inbox/events': SIGNED_IN,
  // Revisions: everyone reads history; staff request, approve and restore.
  'GET /api/workspaces/{slug}/reviews': STAFF,
  'GET /api/docs/{docName}/review': MEMBERS,
  'POST /api/docs/{docName}/review/request': STAFF,
  'POST /api/docs/{docName}/review/approve': STAFF,
  'POST /api/docs/{docName}/review/changes': STAFF,
  'GET /api/docs/{docName}/revisions': MEMBERS,
  'GET /api/docs/{docName}/revisions/{number}': MEMBERS,
  'GET /api/docs/{docName}/diff': MEMBERS,
  'POST /api/docs/{docName}/revisions/{number}/restore': STAFF,
  // Linked languages (issue 20): every member sees a translation's status; starting,
  // confirming, reordering and settling orphans are staff decisions (translation.manage).
  'GET /api/docs/{docName}/translation': MEMBERS,
  'POST /api/docs/{docName}/translation/start': STAFF,
  'POST /api/docs/{docName}/translation/confirm': STAFF,
  'POST /api/docs/{docName}/translation/reorder': STAFF,
  'POST /api/docs/{docName}/translation/orphans': STAFF,
  // Imports make sections: staff.
  'POST /api/workspaces/{slug}/imports/files': STAFF,
  'POST /api/workspaces/{slug}/imports/preview': STAFF,
  'POST /api/workspaces/{slug}/imports': STAFF,
  'GET /api/workspaces/{slug}/imports/{jobId}': STAFF,
  'GET /api/workspaces/{slug}/search': MEMBERS,
  // Releases: everyone reads them; staff compose, publish and moderate feedback.
  'GET /api/workspaces/{slug}/releases': MEMBERS,
  'POST /api/workspaces/{slug}/releases/preview': STAFF,
  'POST /api/workspaces/{slug}/releases': STAFF,
  'GET /api/workspaces/{slug}/releases/{version}': MEMBERS,
  'GET /api/workspaces/{slug}/releases/{version}/diff': MEMBERS,
  'PATCH /api/workspaces/{slug}/releases/{version}/feedback': STAFF,
  // Legal texts (issue 24): adopting is publishing's kin (staff); numbers are read like drafts; settings are the admins'.
  'POST /api/workspaces/{slug}/releases/{version}/adopt': STAFF,
  'GET /api/workspaces/{slug}/adoptions': MEMBERS,
  'GET /api/workspaces/{slug}/articles': MEMBERS,
  'PATCH /api/workspaces/{slug}/legal': ADMIN,
  'GET /api/workspaces/{slug}/feedback': STAFF,
  'POST /api/workspaces/{slug}/feedback/{id}/accept': STAFF,
  'POST /api/workspaces/{slug}/feedback/{id}/reject': STAFF,
  'GET /api/docs/{docName}/release-feedback': MEMBERS,
};

/** What a caller should get from a route under a rule. */
function expected(rule: Rule, caller: Caller): 'allowed' | 401 | 403 | 404 {
  if (rule.kind === 'public') return 'allowed';
  if (caller === 'anonymous') return 401;
  if (rule.kind === 'signedIn') return 'allowed';
  if (rule.kind === 'siteAdmin') return caller === 'admin' ? 'allowed' : 403;
  if (caller === 'outsider') return 404;
  return rule.roles.includes(caller) ? 'allowed' : 403;
}

/** The registry's `:param` key of an OpenAPI `{param}` key (the samples use the registry's form). */
const sampleKey = (key: string) => key.replace(/\{(\w+)\}/g, ':$1');

describe('[A5] the independent HTTP permission table', () => {
  let server: TestHttpServer;
  let openapiKeys: string[] = [];
  const cookies = {} as Record<Person, string>;
  const passwords = {} as Record<Person, string>;
  const emails = {} as Record<Person, string>;
  const fixture = { sectionId: '', otherId: '', docName: '', memberId: '', partner2Id: '', orgId: '', threadId: '', importJobId: '' };
  const ownMessages = {} as Record<Person, string>;
  const stagedFiles = {} as Record<Person, string>;
  let n = 0;
  const ids = (caller: Caller): Ids => ({
    ...fixture,
    n: ++n,
    password: caller === 'anonymous' ? '' : passwords[caller],
    ownMessageId: caller === 'anonymous' ? 'none-000000' : ownMessages[caller],
    stagedFileId: (caller !== 'anonymous' && stagedFiles[caller]) || 'none-000000',
    importJobId: fixture.importJobId || 'none-000000',
  });
  const outline = async () => (await callApi(server, '/api/workspaces/toolbox?archived=1', { cookie: cookies.admin })).body;

  // A fixture that cannot be built is a failing test, not skipped ones (a mutant that breaks
  // the setup must fail something).
  let setupError: unknown = null;
  beforeAll(async () => {
    try {
      await buildFixture();
    } catch (error) {
      setupError = error;
    }
  }, 60_000);
  afterAll(() => server?.close());

  it('[A5] the fixture was built', () => {
    if (setupError) throw setupError;
  });

  async function buildFixture(): Promise<void> {
    server = await startHttpServer();
    const { services } = server;
    for (const name of ['reader', 'partner', 'staff', 'admin'] as const) {
      emails[name] = DEMO[name].email;
      passwords[name] = DEMO[name].password;
    }
    // Staff of another workspace only: the demo toolbox must look like it does not exist to them.
    const outsider = await services.accounts.create({ email: 'outsider@example.org', name: 'Oscar Outside', password: 'outsider-password', organisation: 'Community Land Trust Brussels' });
    if (!outsider.ok) throw new Error(outsider.failure.message);
    const elsewhere = services.workspaces.create(services.accounts.findByEmail(DEMO.admin.email)!.id, { name: 'Elsewhere', slug: 'elsewhere', languages: ['nl'] } as never);
    if (!elsewhere.ok) throw new Error(elsewhere.failure.message);
    services.workspaces.setMember(elsewhere.value.id, outsider.value.id, 'staff');
    emails.outsider = 'outsider@example.org';
    passwords.outsider = 'outsider-password';
    for (const name of Object.keys(emails) as Person[]) cookies[name] = await signIn(server, emails[name], passwords[name]);

    const toolbox = services.workspaces.findBySlug('toolbox')!;
    const sections = (await outline()).sections as { id: string; parentId: string | null; docs: Record<string, string> }[];
    fixture.sectionId = sections.find((s) => s.parentId !== null)!.id;
    fixture.otherId = sections.at(-1)!.id;
    fixture.docName = sections[0].docs.nl;
    // A member only the admin's DELETE sample removes.
    const leaving = await services.accounts.create({ email: 'leaving@example.org', name: 'Leaving Member', password: 'leaving-password', organisation: 'Community Land Trust Brussels' });
    if (!leaving.ok) throw new Error(leaving.failure.message);
    fixture.memberId = leaving.value.id;
    services.workspaces.setMember(toolbox.id, fixture.memberId, 'reader');
    fixture.partner2Id = services.accounts.findByEmail(DEMO.partner2.email)!.id;
    fixture.orgId = services.organisations.list()[0].id;
    // A staff thread with one message by each member, and a staged import file for each.
    const staffUser = services.accounts.findByEmail(DEMO.staff.email)!;
    const thread = services.comments.create(staffUser, toolbox, fixture.docName, { quote: 'Buurtwerk', body: 'Eerste', mentions: [] });
    if (!thread.ok) throw new Error(thread.failure.message);
    fixture.threadId = thread.value.id;
    for (const name of ['reader', 'partner', 'staff', 'admin'] as const) {
      const user = services.accounts.findByEmail(emails[name])!;
      const reply = services.comments.reply(user, toolbox, fixture.docName, fixture.threadId, { body: `Van ${name}`, mentions: [] });
      if (!reply.ok) throw new Error(reply.failure.message);
      ownMessages[name] = reply.value.messages.at(-1)!.id;
      const staged = await services.imports.stage(user, toolbox, `staged-${name}.md`, Buffer.from(`# Staged ${name}\n`));
      if (!staged.ok) throw new Error(staged.failure.message);
      stagedFiles[name] = staged.value.id;
    }
    ownMessages.outsider = 'none-000000';
    const job = services.imports.start(staffUser, toolbox, { files: [stagedFiles.staff], splitLevel: 1, trackedChanges: 'accept' });
    if (!job.ok) throw new Error(job.failure.message);
    fixture.importJobId = job.value.id;
    const again = await services.imports.stage(staffUser, toolbox, 'staged-again.md', Buffer.from('# Again\n'));
    if (!again.ok) throw new Error(again.failure.message);
    stagedFiles.staff = again.value.id;

    const openapi = await callApi(server, '/api/openapi.json');
    expect(openapi.status).toBe(200);
    const methods = ['get', 'post', 'put', 'patch', 'delete'];
    for (const [path, operations] of Object.entries(openapi.body.paths as Record<string, Record<string, unknown>>)) {
      for (const method of Object.keys(operations)) if (methods.includes(method)) openapiKeys.push(`${method.toUpperCase()} ${path}`);
    }
    // In the document's order (the registry's), so a message is edited before it is deleted.
    openapiKeys = openapiKeys.filter((key) => key.split(' ')[1].startsWith('/api/'));
  }

  it('[A5] every route of the OpenAPI document has a row in the table (and every row a route)', () => {
    expect(openapiKeys.length).toBeGreaterThan(50);
    expect(openapiKeys.filter((key) => !(key in TABLE)), 'routes missing from the hand-written table').toEqual([]);
    expect(Object.keys(TABLE).filter((key) => !openapiKeys.includes(key)), 'rows without a route').toEqual([]);
    expect(openapiKeys.filter((key) => !SAMPLES[sampleKey(key)]), 'routes without a sample request').toEqual([]);
  });

  it('[A5] each route answers each caller as the table says; a denied request changes nothing', async () => {
    const differences: string[] = [];
    for (const key of openapiKeys) {
      const rule = TABLE[key];
      if (!rule) continue;
      if (key === 'POST /api/public/releases/{slug}/{version}/feedback') {
        const open = await callApi(server, '/api/workspaces/toolbox/releases/1/feedback', { cookie: cookies.staff, method: 'PATCH', body: { mode: 'public' } });
        expect(open.status).toBe(200);
      }
      for (const caller of CALLERS) {
        const want = expected(rule, caller);
        // Signing in or out replaces or ends the session: use a fresh one for those calls.
        const isLogout = key === 'POST /api/auth/logout' || key === 'POST /api/auth/login';
        const cookie = caller === 'anonymous' ? null : isLogout ? await signIn(server, emails[caller], passwords[caller]) : cookies[caller];
        const before = want === 'allowed' ? null : await outline();
        const auditBefore = server.services.audit.list({ limit: 1 })[0]?.id;
        const result = await callSample(server, { ...SAMPLES[sampleKey(key)](ids(caller)), cookie });
        const renewed = (result as { headers?: Headers }).headers?.getSetCookie().find((c) => c.startsWith('atelier_session='));
        if (renewed && caller !== 'anonymous' && !isLogout) cookies[caller] = renewed.split(';')[0];
        const code = (result.body as { error?: { code?: string } } | null)?.error?.code;
        let ok: boolean;
        if (want === 'allowed') ok = rule.kind === 'public' ? result.status !== 401 && result.status !== 403 : [200, 201, 202, 204, 409].includes(result.status);
        else ok = result.status === want && (want !== 403 || code === 'forbidden');
        if (!ok) differences.push(`${caller} ${key}: expected ${want}, got ${result.status} ${code ?? ''}`);
        if (want !== 'allowed') {
          const after = await outline();
          if (JSON.stringify(after) !== JSON.stringify(before)) differences.push(`${caller} ${key}: a denied request changed the outline`);
          if (server.services.audit.list({ limit: 1 })[0]?.id !== auditBefore) differences.push(`${caller} ${key}: a denied request wrote the audit log`);
        }
      }
    }
    expect(differences).toEqual([]);
  }, 120_000);
});

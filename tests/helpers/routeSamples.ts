/**
 * One valid request for every /api route, keyed `METHOD path` (the registry's `:param`
 * form), and the call helper that closes event streams once their headers arrive. Shared
 * by the registry-driven access test (httpAccess) and the hand-written permission table
 * (permissionTable.http), so both exercise the same requests.
 */
import { callApi, DEMO, type CallOptions, type TestHttpServer } from './httpServer.js';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a3a60000000049454e44ae426082', 'hex');

/** A valid request for each registered route, keyed `METHOD path`. */
export type Ids = { sectionId: string; otherId: string; docName: string; n: number; memberId: string; partner2Id: string; orgId: string; password: string; threadId: string; ownMessageId: string; stagedFileId: string; importJobId: string };
export type Sample = (ids: Ids) => { path: string } & CallOptions;
export const SAMPLES: Record<string, Sample> = {
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
  'GET /api/workspaces/:slug/activity': () => ({ path: '/api/workspaces/toolbox/activity?limit=5' }),
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
  // Translations (issue 20): the sample draft is the lead language's, so each answers 409 (nothing to translate from).
  'GET /api/docs/:docName/translation': ({ docName }) => ({ path: `/api/docs/${docName}/translation` }),
  'POST /api/docs/:docName/translation/start': ({ docName }) => ({ path: `/api/docs/${docName}/translation/start`, method: 'POST' }),
  'POST /api/docs/:docName/translation/confirm': ({ docName }) => ({ path: `/api/docs/${docName}/translation/confirm`, body: { blockIds: ['nope'] } }),
  'POST /api/docs/:docName/translation/reorder': ({ docName }) => ({ path: `/api/docs/${docName}/translation/reorder`, method: 'POST' }),
  'POST /api/docs/:docName/translation/orphans': ({ docName }) => ({ path: `/api/docs/${docName}/translation/orphans`, body: { blockId: 'nope', action: 'delete' } }),
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
  // Legal texts (issue 24).
  'POST /api/workspaces/:slug/releases/:version/adopt': () => ({ path: '/api/workspaces/toolbox/releases/1/adopt', body: { inForceFrom: '2027-01-01' } }),
  'GET /api/workspaces/:slug/adoptions': () => ({ path: '/api/workspaces/toolbox/adoptions' }),
  'GET /api/workspaces/:slug/articles': () => ({ path: '/api/workspaces/toolbox/articles' }),
  'PATCH /api/workspaces/:slug/legal': () => ({ path: '/api/workspaces/toolbox/legal', method: 'PATCH', body: { numberStyle: 'latin' } }),
  'GET /api/workspaces/:slug/feedback': () => ({ path: '/api/workspaces/toolbox/feedback' }),
  'POST /api/workspaces/:slug/feedback/:id/accept': () => ({ path: '/api/workspaces/toolbox/feedback/nope/accept', method: 'POST' }),
  'POST /api/workspaces/:slug/feedback/:id/reject': () => ({ path: '/api/workspaces/toolbox/feedback/nope/reject', method: 'POST' }),
  'GET /api/docs/:docName/release-feedback': ({ docName }) => ({ path: `/api/docs/${docName}/release-feedback` }),
  'GET /api/public/releases/:slug/:version': () => ({ path: '/api/public/releases/toolbox/1' }),
  'POST /api/public/releases/:slug/:version/feedback': () => ({ path: '/api/public/releases/toolbox/1/feedback', body: { lang: 'nl', blockId: 'nope', quote: 'x', body: 'y', name: 'z' } }),
};

/** Calls a sample; event streams are closed as soon as their headers arrive. */
export async function callSample(server: TestHttpServer, sample: { path: string } & CallOptions) {
  if (sample.path.endsWith('/events')) {
    const controller = new AbortController();
    const response = await fetch(server.url + sample.path, { headers: sample.cookie ? { cookie: sample.cookie } : {}, signal: controller.signal });
    const status = response.status;
    controller.abort();
    return { status, body: null };
  }
  return callApi(server, sample.path, sample);
}

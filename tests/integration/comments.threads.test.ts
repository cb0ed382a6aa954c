/**
 * Threads, messages, mentions, the inbox and e-mail digests (flow 3), over HTTP on a real
 * server with a real SQLite file and a real SMTP server on loopback.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { callApi } from '../helpers/httpServer.js';
import { firstDocName, signIn } from '../helpers/clients.js';
import { tryEdit } from '../helpers/rawEdit.js';
import { paragraph } from '../helpers/docs.js';
import { createTestSmtp } from '../helpers/smtp.js';
import type { Inbox, Thread } from '../../shared/comments/api.js';
import * as Y from 'yjs';

const smtp = createTestSmtp();
let server: TestServer;
let docName: string;
const people = ['admin', 'staff', 'partner', 'partner2', 'reader'] as const;
type Person = (typeof people)[number];
const cookies = {} as Record<Person, string>;
const ids = {} as Record<Person, string>;
let orgB = '';

const as = (who: Person) => ({
  get: <T = unknown>(path: string) => callApi<T>(server, path, { cookie: cookies[who] }),
  post: <T = unknown>(path: string, body: unknown) => callApi<T>(server, path, { cookie: cookies[who], body }),
  patch: <T = unknown>(path: string, body: unknown) => callApi<T>(server, path, { cookie: cookies[who], body, method: 'PATCH' }),
  delete: <T = unknown>(path: string) => callApi<T>(server, path, { cookie: cookies[who], method: 'DELETE' }),
});
const threads = () => `/api/docs/${docName}/threads`;
const inboxOf = async (who: Person) => (await as(who).get<Inbox>('/api/inbox')).body;
const start = async (who: Person, body: string, mentions: { kind: 'user' | 'organisation'; id: string }[] = []) => {
  const res = await as(who).post<{ thread: Thread }>(threads(), { quote: 'betaalbaar wonen', body, mentions });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.thread;
};

beforeAll(async () => {
  await smtp.start();
  server = await startTestServer({ smtpUrl: smtp.url(), mailFrom: 'Atelier <atelier@test.example>', mailRetryMs: 300 });
  for (const who of people) {
    cookies[who] = await signIn(server.url, who);
    ids[who] = ((await callApi<{ user: { id: string } }>(server, '/api/auth/me', { cookie: cookies[who] })).body).user.id;
  }
  docName = await firstDocName(server.url, cookies.staff);
  orgB = server.services.accounts.findById(ids.partner2)!.organisationId;
}, 60_000);
afterAll(async () => {
  await server?.stop();
  await smtp.stop();
});

describe('threads and messages', () => {
  it('[C1] a partner starts a thread; staff reply mentioning them; the partner’s inbox shows it, unread, live', async () => {
    const thread = await start('partner', 'Is dit ook zo voor huurders?');
    expect(thread).toMatchObject({ status: 'open', detached: false, quote: 'betaalbaar wonen', author: { id: ids.partner, organisation: { name: 'Buurtwerk Noordwijk' } } });

    // The partner listens to their inbox stream.
    const controller = new AbortController();
    const stream = await fetch(`${server.url}/api/inbox/events`, { headers: { cookie: cookies.partner }, signal: controller.signal });
    const reader = stream.body!.getReader();
    let seen = '';
    const readUntil = async (pattern: RegExp) => {
      while (!pattern.test(seen)) seen += new TextDecoder().decode((await reader.read()).value);
    };
    await readUntil(/event: inbox\ndata: \{"unread":\d+\}/);
    const before = (await inboxOf('partner')).unread;

    const reply = await as('staff').post<{ thread: Thread }>(`${threads()}/${thread.id}/messages`, { body: '@Lotte Janssens ja, ook voor huurders.', mentions: [{ kind: 'user', id: ids.partner }] });
    expect(reply.status).toBe(200);
    expect(reply.body.thread.messages.map((m) => m.body)).toEqual(['Is dit ook zo voor huurders?', '@Lotte Janssens ja, ook voor huurders.']);
    expect(reply.body.thread.messages[1].mentions).toEqual([{ kind: 'user', id: ids.partner, name: 'Lotte Janssens' }]);

    await readUntil(new RegExp(`"unread":${before + 1}`));
    controller.abort();
    const inbox = await inboxOf('partner');
    expect(inbox.unread).toBe(before + 1);
    // A mention, not also a "reply": one notification per message and person.
    expect(inbox.items[0]).toMatchObject({ kind: 'mention', actor: { name: 'Thomas Peeters' }, threadId: thread.id, read: false });
    expect(inbox.items[0].url).toMatch(new RegExp(`/w/toolbox/s/.+\\?lang=nl&thread=${thread.id}$`));

    // The partner answers: staff hear of the reply.
    const staffBefore = (await inboxOf('staff')).unread;
    await as('partner').post(`${threads()}/${thread.id}/messages`, { body: 'Dank je!' });
    expect((await inboxOf('staff')).items[0]).toMatchObject({ kind: 'reply', actor: { name: 'Lotte Janssens' }, text: 'Dank je!' });
    expect((await inboxOf('staff')).unread).toBe(staffBefore + 1);

    // Reading clears the count.
    await as('partner').post('/api/inbox/read', { ids: [inbox.items[0].id] });
    expect((await inboxOf('partner')).unread).toBe(before);
  });

  it('[C1] mentioning an organisation reaches its members in the workspace', async () => {
    const before = { partner2: (await inboxOf('partner2')).unread, reader: (await inboxOf('reader')).unread, partner: (await inboxOf('partner')).unread };
    await start('staff', '@Maison de quartier Helmet wat denken jullie?', [{ kind: 'organisation', id: orgB }]);
    expect((await inboxOf('partner2')).unread).toBe(before.partner2 + 1);
    expect((await inboxOf('reader')).unread).toBe(before.reader + 1);
    expect((await inboxOf('partner')).unread).toBe(before.partner);
  });

  it('[A5] mentions of people outside the workspace, empty, oversized or control-character bodies are refused, and nothing is stored', async () => {
    const outsider = await server.services.accounts.create({ email: 'outsider@example.org', name: 'Buiten Staander', password: 'outsider-password', organisation: 'Elders vzw' });
    if (!outsider.ok) throw new Error(outsider.failure.message);
    const count = () => (server.db.prepare('SELECT COUNT(*) AS n FROM thread_messages').get() as { n: number }).n;
    const before = count();
    const bad = [
      { quote: 'x', body: 'hallo', mentions: [{ kind: 'user', id: outsider.value.id }] },
      { quote: 'x', body: '   ' },
      { quote: 'x', body: 'x'.repeat(5001) },
      { quote: 'x', body: 'bel\u0007' },
      { quote: 'x', body: 'ok', html: '<b>x</b>' },
    ];
    for (const body of bad) {
      const res = await as('partner').post(threads(), body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((res.body as { error: { code: string } }).error.code).toBe('validation_failed');
    }
    expect(count()).toBe(before);
  });

  it('[X1] a body with markup is kept as plain text, exactly as written', async () => {
    const payload = '<img src=x onerror="window.__xss=1"><script>alert(1)</script> & “quotes”';
    const thread = await start('partner', payload);
    const res = await callApi<Thread[]>(server, threads(), { cookie: cookies.reader });
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.body.find((t) => t.id === thread.id)!.messages[0].body).toBe(payload);
  });

  it('[A5] people edit and delete only their own messages; a deleted message leaves a tombstone in its place; staff moderate', async () => {
    const thread = await start('partner', 'Eerste versie');
    await as('partner2').post(`${threads()}/${thread.id}/messages`, { body: 'Antwoord van B' });
    await as('partner').post(`${threads()}/${thread.id}/messages`, { body: 'Nog iets' });
    const [first, second, third] = (await as('partner').get<Thread[]>(threads())).body.find((t) => t.id === thread.id)!.messages;
    const message = (m: { id: string }) => `${threads()}/${thread.id}/messages/${m.id}`;

    expect((await as('partner2').patch(message(first), { body: 'Gekaapt' })).status).toBe(403);
    expect((await as('partner2').delete(message(first))).status).toBe(403);
    const edited = await as('partner').patch<{ thread: Thread }>(message(first), { body: 'Tweede versie' });
    expect(edited.body.thread.messages[0]).toMatchObject({ body: 'Tweede versie', editedAt: expect.any(Number) });

    const deleted = await as('partner2').delete<{ thread: Thread }>(message(second));
    expect(deleted.status).toBe(200);
    expect(deleted.body.thread.messages.map((m) => [m.id, m.deleted, m.body])).toEqual([
      [first.id, false, 'Tweede versie'],
      [second.id, true, ''],
      [third.id, false, 'Nog iets'],
    ]);
    expect((await as('partner2').patch(message(second), { body: 'terug' })).status).toBe(404);
    // Staff may remove anyone's message.
    expect((await as('staff').delete(message(third))).status).toBe(200);
  });

  it('[C1] resolve and reopen; a thread can name the revision or decision that settled it, but only one of its own section', async () => {
    const thread = await start('partner', 'Afgehandeld?');
    const path = `${threads()}/${thread.id}`;
    const wrong = await as('staff').post(`${path}/resolve`, { settledBy: { kind: 'decision', id: '999999' } });
    expect(wrong.status).toBe(400);
    const resolved = await as('staff').post<{ thread: Thread }>(`${path}/resolve`, {});
    expect(resolved.body.thread).toMatchObject({ status: 'resolved', resolvedBy: { name: 'Thomas Peeters' }, settledBy: null });
    const reopened = await as('partner').post<{ thread: Thread }>(`${path}/reopen`, {});
    expect(reopened.body.thread).toMatchObject({ status: 'open', resolvedBy: null });
  });

  it('[S2] a thread on a suggestion is resolved by the decision on it, pointing to that decision; the author hears of the decision', async () => {
    const suggestionId = `sgthr${Date.now().toString(36)}`;
    // Staff text, then a partner's suggested insertion in it.
    const staffEdit = await tryEdit(server, docName, cookies.staff, (_block, fragment) => fragment.insert(0, [paragraph('De trust beheert de grond.', 'thrsugg001')]));
    expect(staffEdit.refused).toBe(false);
    const suggested = await tryEdit(server, docName, cookies.partner, (block) =>
      (block.get(0) as Y.XmlText).insert(10, 'samen ', { insertion: { id: suggestionId, author: ids.partner } }),
    );
    expect(suggested.refused, suggested.why).toBe(false);
    const res = await as('staff').post<{ thread: Thread }>(threads(), { suggestionId, quote: 'samen ', body: 'Waarom “samen”?' });
    expect(res.status).toBe(201);
    const partnerBefore = (await inboxOf('partner')).unread;

    expect((await as('staff').post(`/api/docs/${docName}/suggestions/accept`, { ids: [suggestionId] })).status).toBe(200);
    const decision = server.db.prepare('SELECT id FROM suggestion_decisions WHERE suggestion_id = ?').get(suggestionId) as { id: number };
    const thread = (await as('partner').get<Thread[]>(threads())).body.find((t) => t.id === res.body.thread.id)!;
    expect(thread).toMatchObject({ status: 'resolved', settledBy: { kind: 'decision', id: String(decision.id) }, suggestionId });
    const inbox = await inboxOf('partner');
    expect(inbox.unread).toBe(partnerBefore + 1);
    expect(inbox.items[0]).toMatchObject({ kind: 'decision', actor: { name: 'Thomas Peeters' }, text: '', decision: { reason: null, suggestions: [{ action: 'accept', kind: 'insertion', added: 'samen', removed: '' }] } });
  });

  it('[C1] the workspace list filters by status, section, person, organisation and mentions of me', async () => {
    const list = async (who: Person, query: string) => (await as(who).get<Thread[]>(`/api/workspaces/toolbox/threads?${query}`)).body;
    const all = await list('staff', 'status=all');
    expect(all.length).toBeGreaterThanOrEqual(6);
    expect((await list('staff', 'status=resolved')).every((t) => t.status === 'resolved')).toBe(true);
    expect((await list('staff', '')).every((t) => t.status === 'open')).toBe(true);
    const byPartner2 = await list('staff', `status=all&person=${ids.partner2}`);
    expect(byPartner2.length).toBeGreaterThan(0);
    expect(byPartner2.every((t) => t.author.id === ids.partner2 || t.messages.some((m) => m.author.id === ids.partner2))).toBe(true);
    const byOrgB = await list('staff', `status=all&organisation=${orgB}`);
    expect(byOrgB.map((t) => t.id).sort()).toEqual(byPartner2.map((t) => t.id).sort());
    const mine = await list('reader', 'status=all&mentionsMe=1');
    expect(mine.map((t) => t.messages[0].body)).toEqual(['@Maison de quartier Helmet wat denken jullie?']);
    const sectionId = all[0].section.id;
    expect((await list('staff', `status=all&section=${sectionId}`)).every((t) => t.section.id === sectionId)).toBe(true);
    expect((await list('staff', 'status=all&section=nope')).length).toBe(0);
  });
});

describe('inbox: approvals', () => {
  it('[V2] an approval request reaches the workspace’s other reviewers; asking for changes reaches the requester', async () => {
    const edit = await tryEdit(server, docName, cookies.staff, (_block, fragment) => fragment.insert(0, [paragraph('Nieuwe alinea ter goedkeuring.', 'inboxrev01')]));
    expect(edit.refused).toBe(false);
    const adminBefore = (await inboxOf('admin')).unread;
    const partnerBefore = (await inboxOf('partner')).unread;
    const requested = await as('staff').post<{ request: { id: string } }>(`/api/docs/${docName}/review/request`, { summary: 'Nieuwe alinea' });
    expect(requested.status, JSON.stringify(requested.body)).toBe(201);
    expect((await inboxOf('admin')).unread).toBe(adminBefore + 1);
    expect((await inboxOf('admin')).items[0]).toMatchObject({ kind: 'approval-request', actor: { name: 'Thomas Peeters' } });
    expect((await inboxOf('partner')).unread).toBe(partnerBefore);

    const staffBefore = (await inboxOf('staff')).unread;
    const changes = await as('admin').post(`/api/docs/${docName}/review/changes`, { requestId: requested.body.request.id, comment: 'Korter graag' });
    expect(changes.status, JSON.stringify(changes.body)).toBe(200);
    expect((await inboxOf('staff')).unread).toBe(staffBefore + 1);
    expect((await inboxOf('staff')).items[0]).toMatchObject({ kind: 'approval-review', actor: { name: 'Amira Benali' }, text: 'Korter graag' });
  });

  it('[V2] an approval may carry a comment: the requester reads it with the summary, and the review shows it', async () => {
    const edit = await tryEdit(server, docName, cookies.staff, (_block, fragment) => fragment.insert(0, [paragraph('Nog een alinea ter goedkeuring.', 'inboxrev02')]));
    expect(edit.refused).toBe(false);
    const requested = await as('staff').post<{ request: { id: string } }>(`/api/docs/${docName}/review/request`, { summary: 'Tweede alinea' });
    expect(requested.status, JSON.stringify(requested.body)).toBe(201);
    const staffBefore = (await inboxOf('staff')).unread;
    const approved = await as('admin').post<{ revision: { approvalComment: string | null }; review: { latest: { approvalComment: string | null } } }>(`/api/docs/${docName}/review/approve`, {
      requestId: requested.body.request.id,
      comment: 'Mooi, dank je',
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(201);
    expect(approved.body.revision.approvalComment).toBe('Mooi, dank je');
    expect(approved.body.review.latest.approvalComment).toBe('Mooi, dank je');
    expect((await inboxOf('staff')).unread).toBe(staffBefore + 1);
    expect((await inboxOf('staff')).items[0]).toMatchObject({ kind: 'approval-review', actor: { name: 'Amira Benali' }, text: 'Tweede alinea — Mooi, dank je' });
  });
});

describe('e-mail digests', () => {
  it('[CONTRACT] unread notifications go out as one digest per person per chosen interval, through SMTP', async () => {
    const t0 = Date.now();
    // Everything so far goes out in one digest per person with unread notifications.
    const written = server.services.inbox.sendDigests(server.url, t0);
    expect(written).toBeGreaterThanOrEqual(3);
    await vi.waitFor(() => expect(smtp.received.filter((m) => m.to.includes('reader@demo.atelier'))).toHaveLength(1), { timeout: 10_000 });
    const digest = smtp.received.find((m) => m.to.includes('reader@demo.atelier'))!;
    expect(digest.headers).toMatch(/^subject: .*Atelier/im);
    expect(digest.text).toContain('Thomas Peeters');
    expect(digest.text).toContain(`${server.url}/w/toolbox/s/`);
    expect(digest.text).toContain(`${server.url}/inbox`);

    // Nothing new: nothing sent. Something new within the hour: still nothing. After the hour: one more.
    expect(server.services.inbox.sendDigests(server.url, t0 + 1000)).toBe(0);
    await start('staff', '@Sofia Haddad nog een vraag', [{ kind: 'user', id: ids.reader }]);
    expect(server.services.inbox.sendDigests(server.url, t0 + 30 * 60_000)).toBe(0);
    expect(server.services.inbox.sendDigests(server.url, t0 + 61 * 60_000)).toBe(1);
    await vi.waitFor(() => expect(smtp.received.filter((m) => m.to.includes('reader@demo.atelier'))).toHaveLength(2), { timeout: 10_000 });
    expect(smtp.received.filter((m) => m.to.includes('reader@demo.atelier'))[1].text).toContain('nog een vraag');

    // Digests off: nothing, however long.
    expect((await as('reader').patch('/api/inbox/settings', { digest: 'off' })).status).toBe(200);
    await start('staff', '@Sofia Haddad en nog een', [{ kind: 'user', id: ids.reader }]);
    expect(server.services.inbox.sendDigests(server.url, t0 + 48 * 60 * 60_000)).toBe(0);
    // Read notifications are never mailed.
    expect((await as('reader').patch('/api/inbox/settings', { digest: 'daily' })).status).toBe(200);
    await as('reader').post('/api/inbox/read', { all: true });
    expect(server.services.inbox.sendDigests(server.url, t0 + 96 * 60 * 60_000)).toBe(0);
  });
});

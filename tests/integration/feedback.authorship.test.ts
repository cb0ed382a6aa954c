/**
 * Feedback keeps its author (issue 17): a visitor's remark accepted into the draft is the
 * visitor's message (their name, public, the release it came from), with the moderator
 * recorded as the member who accepted it; nobody edits or deletes the visitor's words as if
 * they were theirs (403). Accepting is one unit of work (U1): the thread, its message, the
 * comment mark in the draft, the feedback record, its status and the audit entry commit
 * together, or nothing is stored and the remark stays pending. Real server, real SQLite, the
 * faults are triggers on the server's own database (as in unitOfWork.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, DEMO, signIn, startHttpServer, type TestHttpServer } from '../helpers/httpServer.js';
import { storedFingerprint } from '../helpers/docs.js';
import type { Thread } from '../../shared/comments/api.js';
import type { PmJson } from '../../shared/editor/json.js';
import Database from 'better-sqlite3';
import { migrate } from '../../server/db/database.js';
import { MIGRATIONS } from '../../server/db/migrations.js';

let server: TestHttpServer;
const cookies = {} as Record<'staff' | 'admin' | 'reader', string>;
let docName: string;
let blockId: string;
let quote: string;

const textOf = (node: PmJson): string => node.text ?? (node.content ?? []).map(textOf).join('');
const count = (sql: string, ...params: unknown[]) => (server.db.prepare(sql).get(...params) as { n: number }).n;

/** A visitor (no session) leaves a remark on release 1; answers its id, pending. */
async function visitorRemarks(name: string, body: string): Promise<string> {
  const res = await callApi(server, '/api/public/releases/toolbox/1/feedback', { body: { lang: 'nl', blockId, quote, context: '', name, body } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  expect(res.body.status).toBe('pending');
  return res.body.id as string;
}

const accept = (id: string, who: 'staff' | 'admin' = 'staff') => callApi(server, `/api/workspaces/toolbox/feedback/${id}/accept`, { cookie: cookies[who], body: {} });
const thread = async (threadId: string) => (await callApi<Thread[]>(server, `/api/docs/${docName}/threads`, { cookie: cookies.staff })).body.find((t) => t.id === threadId)!;
const statusOf = (id: string) => (server.db.prepare('SELECT status FROM release_feedback WHERE id = ?').get(id) as { status: string }).status;

/** A fault: every insert into `table` (matching `when`) fails, as a full disk or a constraint would. */
function failInserts(table: string, when = '1'): () => void {
  const name = `fault_${table}`;
  server.db.exec(`CREATE TRIGGER ${name} BEFORE INSERT ON ${table} WHEN ${when} BEGIN SELECT RAISE(ABORT, 'fault injected'); END`);
  return () => server.db.exec(`DROP TRIGGER ${name}`);
}

beforeAll(async () => {
  server = await startHttpServer();
  for (const who of ['staff', 'admin', 'reader'] as const) cookies[who] = await signIn(server, DEMO[who].email, DEMO[who].password);
  // The demo's release 1 is open to the public's feedback.
  const release = (await callApi(server, '/api/workspaces/toolbox/releases/1', { cookie: cookies.staff })).body;
  const section = release.manifest.sections.find((s: { revisions: Record<string, unknown> }) => s.revisions.nl);
  docName = section.revisions.nl.docName;
  const block = server.services.releases.content(docName, section.revisions.nl.number).find((b) => textOf(b).split(' ').length > 4)!;
  blockId = block.attrs!.id as string;
  quote = textOf(block).split(' ').slice(0, 3).join(' ');
}, 60_000);
afterAll(async () => {
  await server?.close();
});

describe('a visitor’s remark keeps its author', () => {
  let threadId: string;
  let messageId: string;

  it('accepted into the draft, it is shown as the visitor’s (name, public, release), with the moderator as the one who accepted it', async () => {
    const id = await visitorRemarks('Jan Visser', 'Graag een voorbeeld uit Anderlecht.');
    const accepted = await accept(id);
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    threadId = accepted.body.threadId;
    const shown = await thread(threadId);
    expect(shown).toMatchObject({ fromRelease: '1', quote, author: { id: '', name: 'Jan Visser', organisation: { id: '', name: '' } } });
    expect(shown.messages).toHaveLength(1);
    // The visitor's words as written — no moderator name, no "(1):" prefix in the body.
    expect(shown.messages[0]).toMatchObject({
      body: 'Graag een voorbeeld uit Anderlecht.',
      author: { id: '', name: 'Jan Visser' },
      visitor: { name: 'Jan Visser', release: '1' },
      acceptedBy: { name: 'Thomas Peeters', organisation: { name: expect.any(String) } },
    });
    messageId = shown.messages[0].id;
    // Stored the same way: no account as author, the moderator as accepted_by.
    const staffId = (await callApi(server, '/api/auth/me', { cookie: cookies.staff })).body.user.id;
    expect(server.db.prepare('SELECT author_id, visitor_name, visitor_release, accepted_by FROM thread_messages WHERE id = ?').get(messageId)).toEqual({
      author_id: null,
      visitor_name: 'Jan Visser',
      visitor_release: '1',
      accepted_by: staffId,
    });
  });

  it('nobody edits or deletes the visitor’s words: the moderator who accepted them, another admin (403); the words stay', async () => {
    const path = `/api/docs/${docName}/threads/${threadId}/messages/${messageId}`;
    const edit = await callApi(server, path, { method: 'PATCH', cookie: cookies.staff, body: { body: 'Thomas schreef dit.' } });
    expect(edit.status).toBe(403);
    expect(edit.body.error.code).toBe('forbidden');
    expect((await callApi(server, path, { method: 'DELETE', cookie: cookies.staff })).status).toBe(403);
    expect((await callApi(server, path, { method: 'DELETE', cookie: cookies.admin })).status).toBe(403);
    expect((await callApi(server, path, { method: 'PATCH', cookie: cookies.admin, body: { body: 'Nee.' } })).status).toBe(403);
    expect((await thread(threadId)).messages[0]).toMatchObject({ body: 'Graag een voorbeeld uit Anderlecht.', deleted: false, editedAt: null });
    // Replying is still everyone's to do, as their own message.
    const reply = await callApi<{ thread: Thread }>(server, `/api/docs/${docName}/threads/${threadId}/messages`, { cookie: cookies.staff, body: { body: 'Goed idee, we voegen er een toe.' } });
    expect(reply.status).toBe(200);
    expect(reply.body.thread.messages[1]).toMatchObject({ author: { name: 'Thomas Peeters' }, visitor: null, acceptedBy: null });
  });

  it('a member’s own remark is theirs, as a member: no visitor tag, nobody else accepted it', async () => {
    const res = await callApi(server, '/api/public/releases/toolbox/1/feedback', { cookie: cookies.reader, body: { lang: 'nl', blockId, quote, context: '', name: 'Sofia', body: 'Klopt dit nog?' } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.status).toBe('accepted');
    const item = (await callApi(server, '/api/workspaces/toolbox/feedback?status=accepted', { cookie: cookies.staff })).body.find((f: { id: string }) => f.id === res.body.id);
    const shown = await thread(item.threadId);
    expect(shown.author.name).toBe('Sofia Haddad');
    expect(shown.messages[0]).toMatchObject({ body: 'Klopt dit nog?', author: { name: 'Sofia Haddad' }, visitor: null, acceptedBy: null });
  });
});

describe('[U1] accepting a remark into the draft is one unit of work', () => {
  const fingerprint = async () => {
    await server.rooms.settled(docName);
    return storedFingerprint(server.store, docName);
  };
  const stored = (id: string) => ({
    threads: count("SELECT COUNT(*) AS n FROM threads WHERE doc = ? AND from_release = '1'", docName),
    messages: count('SELECT COUNT(*) AS n FROM thread_messages WHERE visitor_name IS NOT NULL'),
    records: count('SELECT COUNT(*) AS n FROM feedback_threads WHERE feedback_id = ?', id),
    audit: count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'release.feedback.accept' AND details LIKE ?", `%${id}%`),
  });

  for (const [table, when] of [
    ['audit_log', "NEW.action = 'release.feedback.accept'"],
    ['thread_messages', 'NEW.visitor_name IS NOT NULL'],
  ] as const) {
    it(`[U1] a fault inside (an insert into ${table} fails) leaves nothing stored, the draft unchanged, the remark pending; then it lands whole`, async () => {
      const id = await visitorRemarks('Noor', `Opmerking bij ${table}.`);
      const before = await fingerprint();
      const rows = stored(id);
      const heal = failInserts(table, when);
      try {
        const refused = await accept(id);
        expect(refused.status).toBe(500);
        expect(refused.body.error.code).toBe('internal');
      } finally {
        heal();
      }
      expect(await fingerprint()).toEqual(before);
      expect(stored(id)).toEqual(rows);
      expect(statusOf(id)).toBe('pending');
      expect((await callApi(server, '/api/workspaces/toolbox/feedback', { cookie: cookies.staff })).body.map((f: { id: string }) => f.id)).toContain(id);

      // Once the fault is gone, the same acceptance lands whole: thread, message, mark, record, status, audit.
      const accepted = await accept(id);
      expect(accepted.status).toBe(200);
      expect(statusOf(id)).toBe('accepted');
      expect(stored(id)).toEqual({ threads: rows.threads + 1, messages: rows.messages + 1, records: 1, audit: 1 });
      expect((await fingerprint()).content).toContain(accepted.body.threadId);
    });
  }

  it('[U1] two moderators accept the same remark at once: one thread, the other is told it is decided (409)', async () => {
    const id = await visitorRemarks('Lies', 'Twee keer aanvaard?');
    const rows = stored(id);
    const answers = await Promise.all([accept(id, 'staff'), accept(id, 'admin')]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(stored(id)).toEqual({ threads: rows.threads + 1, messages: rows.messages + 1, records: 1, audit: 1 });
  });
});

describe('remarks accepted before authors were kept', () => {
  it('upgrading (migrations 11–12) gives a visitor’s old remark back to its visitor (moderator as accepted_by) and drops the "<name> (<version>):" prefix; edited messages stay', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    // The database as migration 10 left it, with remarks accepted the old way.
    for (let version = 0; version < 10; version++) {
      db.exec(MIGRATIONS[version]);
      db.pragma(`user_version = ${version + 1}`);
    }
    db.exec(`
      INSERT INTO organisations VALUES ('org', 'CLTB', 'trust', 1);
      INSERT INTO users (id, email, name, password_hash, organisation_id, created_at) VALUES ('mod', 'm@x', 'Thomas', 'x', 'org', 1), ('sofia', 's@x', 'Sofia', 'x', 'org', 1);
      INSERT INTO workspaces (id, slug, name, languages, created_at) VALUES ('w', 'w', 'W', '["nl"]', 1);
      INSERT INTO sections (id, workspace_id, slug, title, position, created_at) VALUES ('s', 'w', 's', 'S', 0, 1);
      INSERT INTO docs VALUES ('w.s.nl', 'w', 's', 'nl');
      INSERT INTO releases (id, workspace_id, version, released_on, notes, manifest, manifest_hash, changelog, published_by, published_at)
        VALUES ('r', 'w', '2', '2026-01-01', '', '{}', 'h', '{}', 'mod', 1);
      INSERT INTO threads (id, workspace_id, doc, author_id, quote, created_at, updated_at, from_release) VALUES
        ('t1', 'w', 'w.s.nl', 'mod', 'q', 1, 1, '2'), ('t2', 'w', 'w.s.nl', 'sofia', 'q', 1, 1, '2'), ('t3', 'w', 'w.s.nl', 'mod', 'q', 1, 1, '2');
      INSERT INTO thread_messages (id, thread_id, author_id, body, created_at, edited_at) VALUES
        ('m1', 't1', 'mod', 'Jan (2): Graag een voorbeeld.', 1, NULL), ('m1b', 't1', 'mod', 'Komt eraan.', 2, NULL),
        ('m2', 't2', 'sofia', 'Sofia (2): Klopt dit?', 1, NULL),
        ('m3', 't3', 'mod', 'Anders, bewerkt', 1, 5);
      INSERT INTO release_feedback (id, release_id, workspace_id, section_id, lang, block_id, quote, context, body, name, user_id, status, created_at, decided_by, decided_at, thread_id) VALUES
        ('f1', 'r', 'w', 's', 'nl', 'b', 'q', '', 'Graag een voorbeeld.', 'Jan', NULL, 'accepted', 1, 'mod', 1, 't1'),
        ('f2', 'r', 'w', 's', 'nl', 'b', 'q', '', 'Klopt dit?', 'Sofia', 'sofia', 'accepted', 1, 'sofia', 1, 't2'),
        ('f3', 'r', 'w', 's', 'nl', 'b', 'q', '', 'Anders', 'Piet', NULL, 'accepted', 1, 'mod', 1, 't3');
    `);
    migrate(db);
    const rows = db.prepare('SELECT id, author_id, visitor_name, visitor_release, accepted_by, body FROM thread_messages ORDER BY id').all();
    expect(rows).toEqual([
      { id: 'm1', author_id: null, visitor_name: 'Jan', visitor_release: '2', accepted_by: 'mod', body: 'Graag een voorbeeld.' },
      { id: 'm1b', author_id: 'mod', visitor_name: null, visitor_release: null, accepted_by: null, body: 'Komt eraan.' },
      { id: 'm2', author_id: 'sofia', visitor_name: null, visitor_release: null, accepted_by: null, body: 'Klopt dit?' },
      { id: 'm3', author_id: 'mod', visitor_name: null, visitor_release: null, accepted_by: null, body: 'Anders, bewerkt' },
    ]);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });
});

/**
 * [V1] [V2] Section revisions: asking for approval names the draft's content without its
 * pending suggestions; approving creates an immutable revision of exactly that content;
 * a change to the content makes a request stale, a new pending suggestion does not; with
 * four eyes nobody approves their own request; restore is a recorded forward edit that live
 * clients see. Real server, real SQLite, stock y-websocket clients.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { connectClient, firstDocName, signIn, whenSynced, type TestClient } from '../helpers/clients.js';
import { loadStored, paragraph, storedFingerprint } from '../helpers/docs.js';
import { fragmentToBlocks } from '../../shared/editor/yjsJson.js';
import { draftHash } from '../../shared/revisions/content.js';
import { findSuggestions } from '../../shared/suggestions/resolve.js';

type Who = 'admin' | 'staff' | 'partner' | 'partner2' | 'reader';
let server: TestServer;
let docName: string;
let cookies: Record<Who, string>;
let ids: Record<Who, string>;
let staffView: TestClient;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read answers as loosely typed JSON
async function api(who: Who, path: string, body?: unknown, method?: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.url}${path}`, {
    method: method ?? (body === undefined ? 'GET' : 'POST'),
    headers: { cookie: cookies[who], 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}
const review = async (who: Who = 'staff') => (await api(who, `/api/docs/${docName}/review`)).body;
const requestApproval = (who: Who, summary: string) => api(who, `/api/docs/${docName}/review/request`, { summary });
const approve = (who: Who, requestId: string) => api(who, `/api/docs/${docName}/review/approve`, { requestId });

/** Waits until everything sent is committed and the stored draft satisfies `check`. */
async function stored(check: (text: string) => boolean): Promise<void> {
  await vi.waitFor(async () => {
    await server.rooms.settled(docName);
    expect(check((await storedFingerprint(server.store, docName)).content)).toBe(true);
  });
}

/** Staff type a new paragraph at the top of the draft. */
async function staffWrites(text: string, id: string): Promise<void> {
  staffView.fragment().insert(0, [paragraph(text, id)]);
  await stored((content) => content.includes(text));
}

let n = 0;
/** A partner suggests an insertion at the start of the first block; answers its id. */
async function partnerSuggests(text: string): Promise<string> {
  const id = `rev${Date.now().toString(36)}${n++}`;
  const client = connectClient(server.url, docName, cookies.partner);
  await whenSynced(client);
  const block = client.fragment().get(0) as Y.XmlElement;
  (block.get(0) as Y.XmlText).insert(0, text, { insertion: { id, author: ids.partner } });
  await stored((content) => content.includes(text));
  client.destroy();
  return id;
}

async function storedBlocks() {
  await server.rooms.settled(docName);
  const doc = await loadStored(server.store, docName);
  const blocks = fragmentToBlocks(doc.getXmlFragment('default'));
  doc.destroy();
  return blocks;
}

beforeAll(async () => {
  server = await startTestServer();
  const who: Who[] = ['admin', 'staff', 'partner', 'partner2', 'reader'];
  cookies = Object.fromEntries(await Promise.all(who.map(async (w) => [w, await signIn(server.url, w)]))) as Record<Who, string>;
  ids = Object.fromEntries(await Promise.all(who.map(async (w) => [w, (await api(w, '/api/auth/me')).body.user.id]))) as Record<Who, string>;
  docName = await firstDocName(server.url, cookies.staff);
  staffView = connectClient(server.url, docName, cookies.staff);
  await whenSynced(staffView);
});
afterAll(async () => {
  staffView.destroy();
  await server.stop();
});

describe('[V1] [V2] approving section revisions', () => {
  it('[V1] the demo seed holds an approved revision 1 of each section; the outline shows "approved"', async () => {
    const workspace = (await api('reader', '/api/workspaces/toolbox')).body;
    for (const section of workspace.sections) {
      for (const lang of workspace.languages) {
        expect(section.review[lang], section.slug).toBe('approved');
        const revisions = (await api('reader', `/api/docs/${section.docs[lang]}/revisions`)).body;
        expect(revisions.map((r: { number: number }) => r.number)).toEqual([1]);
      }
    }
    const info = await review('reader');
    expect(info).toMatchObject({ state: 'approved', latest: { number: 1, approvers: [{ name: expect.any(String) }] }, request: null });
  });

  it('[V2] a request names the content without pending suggestions; a new pending suggestion keeps it fresh; approval creates revision 2 without it [V1]', async () => {
    await staffWrites('De grond blijft van de trust.', 'revbase01');
    expect((await review()).state).toBe('draft-differs');

    const events: string[] = [];
    server.services.events.on('revision-requested', (e) => events.push(`requested ${e.requestedBy}`));
    server.services.events.on('revision-reviewed', (e) => events.push(`${e.outcome} ${e.reviewedBy}`));
    const asked = await requestApproval('staff', 'Grondbeginsel toegevoegd');
    expect(asked.status).toBe(201);
    const request = asked.body.request;
    expect(request).toMatchObject({ status: 'open', stale: false, summary: 'Grondbeginsel toegevoegd', requestedBy: { id: ids.staff } });
    expect(request.contentHash).toBe(draftHash(await storedBlocks()));
    expect(asked.body.review.state).toBe('approval-requested');

    const suggestion = await partnerSuggests('Altijd: ');
    const info = await review();
    expect(info.request).toMatchObject({ id: request.id, stale: false });

    const queue = (await api('admin', '/api/workspaces/toolbox/reviews')).body;
    expect(queue).toEqual([expect.objectContaining({ id: request.id, stale: false, section: expect.objectContaining({ title: expect.any(String) }) })]);

    const approved = await approve('admin', request.id);
    expect(approved.status).toBe(201);
    expect(approved.body.revision).toMatchObject({
      number: 2,
      summary: 'Grondbeginsel toegevoegd',
      approvers: [{ id: ids.admin }],
      requestedBy: { id: ids.staff },
    });
    expect(approved.body.revision.contributors.people.map((p: { id: string }) => p.id)).toContain(ids.staff);
    expect(approved.body.revision.contributors.people.map((p: { id: string }) => p.id)).not.toContain(ids.partner);
    expect(approved.body.revision.contributors.organisations.length).toBeGreaterThan(0);
    expect(approved.body.review.state).toBe('approved');
    expect(events).toEqual([`requested ${ids.staff}`, `approved ${ids.admin}`]);

    // [V1] The revision holds the text, never the pending suggestion; the suggestion stays pending in the draft.
    const revision = (await api('reader', `/api/docs/${docName}/revisions/2`)).body;
    expect(revision.text).toContain('De grond blijft van de trust.');
    expect(revision.text).not.toContain('Altijd');
    expect(revision.html).toContain('De grond blijft van de trust.');
    expect(revision.html).not.toContain('Altijd');
    expect(JSON.stringify(revision.content)).not.toContain('insertion');
    expect(findSuggestions(revision.content)).toEqual([]);
    expect(findSuggestions(await storedBlocks()).map((s) => s.id)).toEqual([suggestion]);
    expect((await review()).state).toBe('approved');

    // The approval is on the record and closed the queue.
    expect((await api('admin', '/api/workspaces/toolbox/reviews')).body).toEqual([]);
    expect(server.services.audit.list({ limit: 5 }).map((e) => e.action)).toContain('revision.approve');

    // Accepting the suggestion changes the approvable content: the draft now differs.
    expect((await api('staff', `/api/docs/${docName}/suggestions/accept`, { ids: [suggestion] })).status).toBe(200);
    await vi.waitFor(async () => expect((await review()).state).toBe('draft-differs'));
  });

  it('[V2] a change to the content after the request makes it stale: approval is refused with 409', async () => {
    const asked = await requestApproval('staff', 'Kleine correctie');
    expect(asked.status).toBe(201);
    await staffWrites('Een latere wijziging.', 'revlate01');
    const info = await review();
    expect(info).toMatchObject({ state: 'approval-requested', request: { id: asked.body.request.id, stale: true } });
    expect((await api('admin', '/api/workspaces/toolbox/reviews')).body[0]).toMatchObject({ id: asked.body.request.id, stale: true });
    const before = (await api('reader', `/api/docs/${docName}/revisions`)).body;
    const refused = await approve('admin', asked.body.request.id);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/stale/i);
    expect((await api('reader', `/api/docs/${docName}/revisions`)).body).toEqual(before);

    // Asking again names the new content, which can be approved.
    const again = await requestApproval('staff', 'Kleine correctie, opnieuw');
    expect((await review()).request.id).toBe(again.body.request.id);
    expect((await approve('admin', asked.body.request.id)).status).toBe(409);
    const third = await approve('admin', again.body.request.id);
    expect(third.status).toBe(201);
    // Since revision 2: staff typed, and a partner's suggestion was accepted — both organisations count.
    const people = third.body.revision.contributors.people.map((p: { id: string }) => p.id);
    expect(people).toEqual(expect.arrayContaining([ids.staff, ids.partner]));
    expect(third.body.revision.contributors.organisations.map((o: { name: string }) => o.name)).toEqual(expect.arrayContaining(['Buurtwerk Noordwijk']));
  });

  it('[V2] reviewers can ask for changes with a comment; the section shows it until asked again', async () => {
    await staffWrites('Nog een alinea.', 'revchg001');
    const asked = await requestApproval('staff', 'Alinea');
    const answered = await api('admin', `/api/docs/${docName}/review/changes`, { requestId: asked.body.request.id, comment: 'Graag korter.' });
    expect(answered.status).toBe(200);
    expect(answered.body.request).toMatchObject({ status: 'changes-requested', comment: 'Graag korter.', reviewedBy: { id: ids.admin } });
    const info = await review();
    expect(info).toMatchObject({ state: 'changes-requested', request: { comment: 'Graag korter.' } });
    const workspace = (await api('staff', '/api/workspaces/toolbox')).body;
    expect(workspace.sections.find((s: { docs: Record<string, string> }) => s.docs.nl === docName).review.nl).toBe('changes-requested');
    expect((await approve('admin', asked.body.request.id)).status).toBe(409);
  });

  it('[V2] with four eyes on, nobody approves (or rejects) their own request; someone else does', async () => {
    expect((await api('admin', '/api/workspaces/toolbox', { fourEyes: true }, 'PATCH')).body.workspace.fourEyes).toBe(true);
    const asked = await requestApproval('staff', 'Vier ogen');
    expect(asked.status).toBe(201);
    const own = await approve('staff', asked.body.request.id);
    expect(own.status).toBe(403);
    expect(own.body.error.code).toBe('forbidden');
    expect((await api('staff', `/api/docs/${docName}/review/changes`, { requestId: asked.body.request.id, comment: 'zelf' })).status).toBe(403);
    expect((await review()).state).toBe('approval-requested');
    expect((await approve('admin', asked.body.request.id)).status).toBe(201);

    // Without four eyes, one person may ask and approve.
    await api('admin', '/api/workspaces/toolbox', { fourEyes: false }, 'PATCH');
    await staffWrites('Zonder vier ogen.', 'revfour02');
    const mine = await requestApproval('staff', 'Alleen');
    expect((await approve('staff', mine.body.request.id)).status).toBe(201);
  });

  it('[V1] revisions never change: no route updates or deletes them, and the database refuses it', async () => {
    const routes = server.app.locals.apiRoutes as { method: string; path: string }[];
    const revisionWrites = routes.filter((r) => r.path.includes('/revisions') && r.method !== 'get');
    expect(revisionWrites.map((r) => `${r.method} ${r.path}`)).toEqual(['post /api/docs/:docName/revisions/:number/restore']);
    const before = (await api('reader', `/api/docs/${docName}/revisions/2`)).body;
    expect(() => server.db.prepare("UPDATE revisions SET summary = 'x' WHERE doc = ? AND number = 2").run(docName)).toThrow(/immutable/);
    expect(() => server.db.prepare('DELETE FROM revisions WHERE doc = ?').run(docName)).toThrow(/immutable/);
    expect((await api('reader', `/api/docs/${docName}/revisions/2`)).body).toEqual(before);
  });
});

describe('restoring a revision', () => {
  it('[V1] restores revision 1 as a forward edit: the draft equals it, it is recorded, live clients see it; revisions stay as they were', async () => {
    const revisionsBefore = (await api('reader', `/api/docs/${docName}/revisions`)).body;
    const rev1 = (await api('reader', `/api/docs/${docName}/revisions/1`)).body;
    const suggestion = await partnerSuggests('Wachtend: ');

    const refused = await api('staff', `/api/docs/${docName}/revisions/1/restore`, {});
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/pending suggestion/);
    expect((await api('staff', `/api/docs/${docName}/suggestions/reject`, { ids: [suggestion] })).status).toBe(200);

    const observer = connectClient(server.url, docName, cookies.reader);
    await whenSynced(observer);
    expect(observer.fragment().toString()).toContain('Zonder vier ogen.');
    const editsBefore = (await server.store.editLog(docName)).length;

    const restored = await api('staff', `/api/docs/${docName}/revisions/1/restore`, {});
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ restored: 1, review: { state: 'draft-differs' } });

    // Everyone sees it live; the stored draft's approvable content is revision 1's.
    await vi.waitFor(() => expect(observer.fragment().toString()).not.toContain('Zonder vier ogen.'));
    await vi.waitFor(() => expect(staffView.fragment().toString()).not.toContain('De grond blijft'));
    expect(draftHash(fragmentToBlocks(observer.fragment()))).toBe(rev1.contentHash);
    expect(draftHash(await storedBlocks())).toBe(rev1.contentHash);
    expect((await review()).draftHash).toBe(rev1.contentHash);

    // Recorded: in the edit log as the restorer's edit, and in the audit log.
    const edits = await server.store.editLog(docName);
    expect(edits.length).toBeGreaterThan(editsBefore);
    expect(edits.at(-1)).toMatchObject({ userId: ids.staff });
    expect(server.services.audit.list({ limit: 3 }).find((e) => e.action === 'revision.restore')).toMatchObject({ actorId: ids.staff, target: docName, details: { number: 1 } });

    // A forward edit: the history is untouched, and the restored text can be approved as a new revision.
    expect((await api('reader', `/api/docs/${docName}/revisions`)).body).toEqual(revisionsBefore);
    const diff = (await api('reader', `/api/docs/${docName}/diff?from=1&to=draft`)).body;
    expect(diff.summary).toMatchObject({ inserted: 0, deleted: 0, changed: 0, moved: 0 });
    const asked = await requestApproval('staff', 'Terug naar versie 1');
    expect((await approve('admin', asked.body.request.id)).status).toBe(201);
    expect((await api('reader', `/api/docs/${docName}/revisions/${revisionsBefore.length + 1}`)).body.contentHash).toBe(rev1.contentHash);
    observer.destroy();
  });

  it('shows the difference between two revisions with counts', async () => {
    const diff = await api('reader', `/api/docs/${docName}/diff?from=1&to=2`);
    expect(diff.status).toBe(200);
    expect(diff.body.summary.inserted).toBe(1);
    expect(diff.body.blocks.find((b: { kind: string }) => b.kind === 'inserted').block.content[0].text).toBe('De grond blijft van de trust.');
    expect((await api('reader', `/api/docs/${docName}/diff?from=1&to=999`)).status).toBe(404);
    expect((await api('reader', `/api/docs/${docName}/diff?from=x&to=2`)).status).toBe(400);
  });
});

describe('[A5] permission cells', () => {
  it('[A5] partners and readers cannot ask for approval, approve, ask for changes or restore; nothing changes', async () => {
    await staffWrites('Voor de rechten.', 'revperm01');
    const asked = await requestApproval('staff', 'Rechten');
    expect(asked.status).toBe(201);
    const before = { revisions: (await api('reader', `/api/docs/${docName}/revisions`)).body, review: await review(), draft: await storedFingerprint(server.store, docName) };
    for (const who of ['partner', 'partner2', 'reader'] as const) {
      const calls = [
        requestApproval(who, 'namens iemand'),
        approve(who, asked.body.request.id),
        api(who, `/api/docs/${docName}/review/changes`, { requestId: asked.body.request.id, comment: 'nee' }),
        api(who, `/api/docs/${docName}/revisions/1/restore`, {}),
        api(who, '/api/workspaces/toolbox/reviews'),
      ];
      for (const result of await Promise.all(calls)) {
        expect(result.status, who).toBe(403);
        expect(result.body.error.code).toBe('forbidden');
      }
    }
    await server.rooms.settled(docName);
    expect({ revisions: (await api('reader', `/api/docs/${docName}/revisions`)).body, review: await review(), draft: await storedFingerprint(server.store, docName) }).toEqual(before);
    // Partners and readers can read the history.
    expect((await api('partner', `/api/docs/${docName}/revisions/1`)).status).toBe(200);
    expect((await api('reader', `/api/docs/${docName}/diff?from=1&to=draft`)).status).toBe(200);
  });
});

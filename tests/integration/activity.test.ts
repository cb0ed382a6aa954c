/**
 * The activity view (issue 21): who changed what, built from the drafts' own transactions
 * (words added and removed per person), the decisions, the reviews and the audit log, with
 * its filters and its access rule (staff and admins see everyone's, a partner only their
 * own, a reader nothing). Real server, real SQLite, stock y-websocket clients.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import type { ActivityEntry } from '../../shared/activity.js';
import { connectClient, whenSynced } from '../helpers/clients.js';
import { paragraph, storedFingerprint } from '../helpers/docs.js';
import { callApi, DEMO, signIn, startHttpServer, type TestHttpServer } from '../helpers/httpServer.js';

let server: TestHttpServer;
let cookies: Record<'admin' | 'staff' | 'partner' | 'reader', string>;
let ids: Record<'staff' | 'partner', string>;
let names: Record<'staff' | 'partner', string>;
let docName: string;
let sectionId: string;

const meOf = async (cookie: string) => (await callApi<{ user: { id: string; name: string } }>(server, '/api/auth/me', { cookie })).body.user;
const activity = async (cookie: string, query = '') => {
  const result = await callApi<{ entries: ActivityEntry[]; nextBefore: number | null }>(server, `/api/workspaces/toolbox/activity?${query}`, { cookie });
  expect(result.status, JSON.stringify(result.body)).toBe(200);
  return result.body.entries;
};

async function stored(expected: string): Promise<void> {
  await vi.waitFor(async () => {
    await server.rooms.settled(docName);
    expect((await storedFingerprint(server.store, docName)).content).toContain(expected);
  });
}

beforeAll(async () => {
  server = await startHttpServer();
  cookies = {
    admin: await signIn(server, DEMO.admin.email, DEMO.admin.password),
    staff: await signIn(server, DEMO.staff.email, DEMO.staff.password),
    partner: await signIn(server, DEMO.partner.email, DEMO.partner.password),
    reader: await signIn(server, DEMO.reader.email, DEMO.reader.password),
  };
  const staff = await meOf(cookies.staff);
  const partner = await meOf(cookies.partner);
  ids = { staff: staff.id, partner: partner.id };
  names = { staff: staff.name, partner: partner.name };
  const section = (await callApi(server, '/api/workspaces/toolbox', { cookie: cookies.staff })).body.sections[0];
  docName = section.docs.nl as string;
  sectionId = section.id as string;
}, 60_000);
afterAll(() => server.close());

describe('activity: who changed what', () => {
  it('[issue 21] a staff edit is one entry with the words it added and removed, in its section', async () => {
    const client = connectClient(server.url, docName, cookies.staff);
    try {
      await whenSynced(client);
      client.fragment().insert(0, [paragraph('De trust beheert de grond.', 'actblock01')]);
      await stored('De trust beheert');
      await server.services.editWords.flush(docName);
      // Typing on: "De trust beheert samen de grond voor altijd." (+ samen, voor, altijd) then "grond" → "bodem" (+1 −1).
      const text = (client.fragment().get(0) as Y.XmlElement).get(0) as Y.XmlText;
      text.insert('De trust beheert '.length, 'samen ');
      text.insert(text.length - 1, ' voor altijd');
      await stored('voor altijd');
      const at = text.toString().indexOf('grond');
      text.delete(at, 'grond'.length);
      text.insert(at, 'bodem');
      await stored('bodem voor altijd');
      await server.services.editWords.flush(docName);
    } finally {
      client.destroy();
    }
    const edits = (await activity(cookies.staff, `section=${sectionId}&kind=edit`)).filter((e) => e.actor?.id === ids.staff);
    expect(edits).toHaveLength(1);
    expect(edits[0]).toMatchObject({ kind: 'edit', action: 'edit', section: { id: sectionId, lang: 'nl' }, details: { added: 5 + 4, removed: 1 } });
    expect(edits[0]!.actor).toMatchObject({ name: names.staff });
  });

  it('[issue 21] a partner\'s suggestion counts as suggested words; the decision on it names whose it was', async () => {
    const client = connectClient(server.url, docName, cookies.partner);
    const id = `act${Date.now().toString(36)}`;
    try {
      await whenSynced(client);
      const block = client.fragment().toArray().find((b) => (b as Y.XmlElement).getAttribute('id') === 'actblock01') as Y.XmlElement;
      (block.get(0) as Y.XmlText).insert(0, 'Drie nieuwe woorden ', { insertion: { id, author: ids.partner } });
      await stored('Drie nieuwe woorden');
      await server.services.editWords.flush(docName);
    } finally {
      client.destroy();
    }
    const accepted = await callApi(server, `/api/docs/${docName}/suggestions/accept`, { cookie: cookies.staff, body: { ids: [id] } });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    await server.services.editWords.flush(docName);

    const entries = await activity(cookies.staff, `section=${sectionId}`);
    const suggested = entries.find((e) => e.kind === 'suggest');
    expect(suggested).toMatchObject({ action: 'suggest', actor: { id: ids.partner }, details: { added: 3, removed: 0 } });
    const decision = entries.find((e) => e.action === 'suggestion.accept');
    expect(decision).toMatchObject({ kind: 'decision', actor: { id: ids.staff }, section: { id: sectionId }, details: { count: 1, authors: [names.partner] } });
    // Accepting is the server's change, nobody's typing: no edit entry for it.
    expect(entries.filter((e) => e.kind === 'edit' && e.actor?.id === ids.staff)).toHaveLength(1);
    expect(entries.indexOf(decision!)).toBeLessThan(entries.indexOf(suggested!));
  });

  it('[issue 21] a review request and its approval are entries with the revision number', async () => {
    const requested = await callApi(server, `/api/docs/${docName}/review/request`, { cookie: cookies.staff, body: { summary: 'De bodem' } });
    expect(requested.status, JSON.stringify(requested.body)).toBe(201);
    const approved = await callApi(server, `/api/docs/${docName}/review/approve`, { cookie: cookies.admin, body: { requestId: requested.body.request.id } });
    expect(approved.status, JSON.stringify(approved.body)).toBe(201);
    const reviews = await activity(cookies.staff, 'kind=review');
    expect(reviews.every((e) => e.kind === 'review')).toBe(true);
    expect(reviews[0]).toMatchObject({ action: 'revision.approve', details: { number: 2 }, section: { id: sectionId } });
    expect(reviews[1]).toMatchObject({ action: 'revision.request', details: { note: 'De bodem' }, actor: { id: ids.staff } });
  });

  it('[issue 21] filters by person, organisation and date', async () => {
    const mine = await activity(cookies.staff, `person=${ids.partner}`);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((e) => e.actor?.id === ids.partner)).toBe(true);
    const organisationId = mine[0]!.actor!.organisationId!;
    const byOrganisation = await activity(cookies.staff, `organisation=${organisationId}`);
    expect(byOrganisation.map((e) => e.id)).toEqual(mine.map((e) => e.id));
    expect(await activity(cookies.staff, `from=${Date.now() + 60_000}`)).toEqual([]);
    expect((await activity(cookies.staff, `to=1`)).length).toBe(0);
  });

  it('[A5][issue 21] a partner sees only their own entries, whoever they ask for; a reader is refused; bad filters are 400', async () => {
    const asPartner = await activity(cookies.partner, `person=${ids.staff}`);
    expect(asPartner.length).toBeGreaterThan(0);
    expect(asPartner.every((e) => e.actor?.id === ids.partner)).toBe(true);
    expect((await callApi(server, '/api/workspaces/toolbox/activity', { cookie: cookies.reader })).status).toBe(403);
    const bad = await callApi(server, '/api/workspaces/toolbox/activity?kind=everything', { cookie: cookies.staff });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('kind');
  });

  it('[issue 21] no account entries (sign-ins, addresses) reach the activity view', async () => {
    const entries = await activity(cookies.admin);
    expect(entries.some((e) => e.action.startsWith('auth.'))).toBe(false);
    expect(JSON.stringify(entries)).not.toMatch(/address|127\.0\.0\.1/);
  });
});

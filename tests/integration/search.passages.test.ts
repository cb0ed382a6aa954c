/**
 * Search answers one result per passage (issue 21): a block's draft, its approved revisions
 * and the releases that published it share a block id and come back as one result with
 * every copy listed, the newest text as snippet, however many releases exist; and passages
 * holding the query's words as written rank above those matching only by stem. Real server,
 * real SQLite FTS5, a stock y-websocket client, approvals and releases through the API.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type * as Y from 'yjs';
import { callApi, DEMO, signIn, startHttpServer, type TestHttpServer } from '../helpers/httpServer.js';
import { connectClient, whenSynced } from '../helpers/clients.js';
import { paragraph, storedFingerprint } from '../helpers/docs.js';
import type { SearchResult } from '../../shared/search/api.js';

let server: TestHttpServer;
let staff: string;
let admin: string;
let docName: string;

const search = async (query: string, slug = 'toolbox') => {
  const result = await callApi<{ results: SearchResult[] }>(server, `/api/workspaces/${slug}/search?${query}`, { cookie: staff });
  expect(result.status).toBe(200);
  return result.body.results;
};
const text = (result: SearchResult) => result.snippet.map((s) => s.text).join('');

/** Waits until the server has committed a draft holding `expected`. */
async function stored(expected: string): Promise<void> {
  await vi.waitFor(async () => {
    await server.rooms.settled(docName);
    expect((await storedFingerprint(server.store, docName)).content).toContain(expected);
  });
}

/** Once the draft holds `expected`, staff ask for its approval; the admin approves (four eyes may be on). */
async function approve(summary: string, expected: string): Promise<void> {
  await stored(expected);
  const requested = await callApi(server, `/api/docs/${docName}/review/request`, { cookie: staff, body: { summary } });
  expect(requested.status, JSON.stringify(requested.body)).toBe(201);
  const approved = await callApi(server, `/api/docs/${docName}/review/approve`, { cookie: admin, body: { requestId: requested.body.request.id } });
  expect(approved.status, JSON.stringify(approved.body)).toBe(201);
}

async function publish(version: string): Promise<void> {
  const body = { version, date: '2026-12-07', notes: '' };
  const preview = await callApi(server, '/api/workspaces/toolbox/releases/preview', { cookie: staff, body });
  expect(preview.status).toBe(200);
  const published = await callApi(server, '/api/workspaces/toolbox/releases', { cookie: staff, body: { ...body, manifestHash: preview.body.manifestHash } });
  expect(published.status, JSON.stringify(published.body)).toBe(201);
}

beforeAll(async () => {
  server = await startHttpServer();
  staff = await signIn(server, DEMO.staff.email, DEMO.staff.password);
  admin = await signIn(server, DEMO.admin.email, DEMO.admin.password);
  docName = (await callApi(server, '/api/workspaces/toolbox', { cookie: staff })).body.sections[0].docs.nl as string;
}, 60_000);
afterAll(() => server.close());

describe('search: one result per passage', () => {
  it('[issue 21] a block in the draft, two approved revisions and two releases is one result listing every copy, with the draft\'s text', async () => {
    const client = connectClient(server.url, docName, staff);
    try {
      await whenSynced(client);
      client.doc.transact(() => client.fragment().push([paragraph('De gemeenschappelijke moestuin wordt door de bewoners samen onderhouden.', 'tuinblok001')]));
      await approve('Een alinea over de moestuin', 'gemeenschappelijke moestuin');
      await publish('2');
      const block = client.fragment().toArray().find((b) => (b as Y.XmlElement).getAttribute('id') === 'tuinblok001') as Y.XmlElement;
      (block.get(0) as Y.XmlText).insert(0, 'Sinds 2026: ');
      await approve('De moestuin, gedateerd', 'Sinds 2026: ');
      await publish('3');
      (block.get(0) as Y.XmlText).insert(0, 'Nieuw: ');
      await stored('Nieuw: Sinds');
      await server.services.search.refreshDraft(docName);
      await vi.waitFor(async () => {
        const releases = (await search('q=moestuin&kind=release')).flatMap((r) => r.copies.map((c) => c.ref));
        expect(releases).toEqual(['2', '3']);
      }, { timeout: 5_000 });

      const results = await search('q=moestuin');
      const passage = results.filter((r) => r.blockId === 'tuinblok001');
      expect(passage).toHaveLength(1);
      expect(results).toHaveLength(1);
      const [result] = passage;
      expect(result).toMatchObject({ kind: 'draft', ref: docName, status: 'draft' });
      expect(text(result)).toMatch(/^Nieuw: Sinds 2026: De gemeenschappelijke moestuin/);
      const revisions = (await callApi(server, `/api/docs/${docName}/revisions`, { cookie: staff })).body as { number: number }[];
      const [r2, r3] = revisions.map((r) => r.number).sort((a, b) => a - b).slice(-2);
      expect(result.copies.map((c) => [c.kind, c.ref])).toEqual([
        ['draft', docName],
        ['revision', `${docName}#${r2}`],
        ['revision', `${docName}#${r3}`],
        ['release', '2'],
        ['release', '3'],
      ]);
      expect(result.copies.find((c) => c.ref === '3')?.url).toBe('/p/toolbox/3/?lang=nl#b-tuinblok001');
      expect(result.copies.find((c) => c.kind === 'revision')?.url).toMatch(new RegExp(`block=tuinblok001&revision=${r2}$`));

      // Filtered to revisions, the passage is still one result, now with the newest revision's text.
      const onlyRevisions = (await search('q=moestuin&kind=revision')).filter((r) => r.blockId === 'tuinblok001');
      expect(onlyRevisions).toHaveLength(1);
      expect(onlyRevisions[0]).toMatchObject({ kind: 'revision', ref: `${docName}#${r3}` });
      expect(text(onlyRevisions[0])).toMatch(/^Sinds 2026: De gemeenschappelijke/);
    } finally {
      client.destroy();
    }
  }, 60_000);

  it('[issue 21] the result limit counts passages, not copies: ten passages with five copies each give ten results', async () => {
    const client = connectClient(server.url, docName, staff);
    try {
      await whenSynced(client);
      const blocks = Array.from({ length: 10 }, (_, i) => paragraph(`Regenwaterput nummer ${i + 1} staat achter het huis.`, `putblok00${String(i).padStart(2, '0')}`));
      client.doc.transact(() => client.fragment().push(blocks));
      await approve('Regenwaterputten', 'Regenwaterput nummer 10');
      await publish('4');
      for (const block of client.fragment().toArray().slice(-10) as Y.XmlElement[]) (block.get(0) as Y.XmlText).insert(0, 'Ook: ');
      await approve('Regenwaterputten, opnieuw', 'Ook: Regenwaterput nummer 10');
      await publish('5');
      await server.services.search.refreshDraft(docName);
      await vi.waitFor(async () => expect((await search('q=regenwaterput&kind=release&limit=50')).length).toBe(10), { timeout: 5_000 });
      const results = await search('q=regenwaterput&limit=10');
      expect(results).toHaveLength(10);
      expect(new Set(results.map((r) => r.blockId)).size).toBe(10);
      for (const result of results) expect(result.copies.map((c) => c.kind)).toEqual(['draft', 'revision', 'revision', 'release', 'release']);
    } finally {
      client.destroy();
    }
  }, 60_000);
});

describe('search: exact word forms first', () => {
  it('[issue 21] "woningen" ranks the passage with "woningen" above short passages that only share its stem', async () => {
    const admin2 = admin;
    expect((await callApi(server, '/api/workspaces', { cookie: admin2, body: { name: 'Rang', slug: 'rang', languages: ['nl'] } })).status).toBe(201);
    const rang = server.services.workspaces.findBySlug('rang')!;
    server.services.workspaces.setMember(rang.id, server.services.accounts.findByEmail(DEMO.staff.email)!.id, 'staff');
    const markdown = '# Wonen\n\nWoning.\n\nDe woning.\n\nEen woning.\n\nWoning, woning.\n\nWij verhuren alle woningen van de coöperatie aan haar leden en hun gezinnen in Brussel en omgeving.\n';
    const staged = await callApi(server, '/api/workspaces/rang/imports/files?name=wonen.md', { method: 'POST', cookie: staff, rawBody: markdown });
    expect(staged.status).toBe(201);
    const run = await server.services.imports.run(server.services.accounts.findByEmail(DEMO.staff.email)!, rang, { files: [staged.body.id], splitLevel: 1, trackedChanges: 'accept', lang: 'nl' });
    expect(run.ok).toBe(true);

    const results = await search('q=woningen', 'rang');
    expect(results.length).toBe(5);
    expect(text(results[0])).toMatch(/alle woningen/);
    // The stemmed matches are still found, after it.
    expect(results.slice(1).map(text)).toEqual(expect.arrayContaining(['Woning.', 'De woning.']));
    // And the other way round: "woning" puts the passages with "woning" as written first.
    const singular = await search('q=woning%20', 'rang');
    expect(text(singular[singular.length - 1])).toMatch(/alle woningen/);
  });
});

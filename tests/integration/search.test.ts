/**
 * Search (issue 9) on a real server and SQLite FTS5: Dutch, French and English word forms
 * and accents, highlighted snippets, filters, members only, the index following live
 * edits from a stock y-websocket client, public search within one release, and the
 * `reindex` command.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { callApi, DEMO, signIn, startHttpServer, type TestHttpServer } from '../helpers/httpServer.js';
import { connectClient, whenSynced } from '../helpers/clients.js';
import { paragraph } from '../helpers/docs.js';
import { execFile } from 'node:child_process';
import type * as Y from 'yjs';
import { promisify } from 'node:util';
import type { SearchResult } from '../../shared/search/api.js';

let server: TestHttpServer;
let staff: string;
let admin: string;
let reader: string;

const search = async (query: string, cookie = staff, slug = 'zoek') => {
  const result = await callApi(server, `/api/workspaces/${slug}/search?${query.includes('=') ? query : `q=${encodeURIComponent(query)}`}`, { cookie });
  return result as { status: number; body: { results: SearchResult[] } };
};
const hits = (results: SearchResult[]) => results.map((r) => r.snippet.filter((s) => s.hit).map((s) => s.text).join('|'));

async function importText(name: string, text: string, lang: string) {
  const staged = await callApi(server, `/api/workspaces/zoek/imports/files?name=${name}`, { method: 'POST', cookie: staff, rawBody: text });
  expect(staged.status, JSON.stringify(staged.body)).toBe(201);
  const run = await server.services.imports.run(server.services.accounts.findByEmail(DEMO.staff.email)!, server.services.workspaces.findBySlug('zoek')!, { files: [staged.body.id], splitLevel: 1, trackedChanges: 'accept', lang });
  expect(run.ok).toBe(true);
}

beforeAll(async () => {
  server = await startHttpServer();
  staff = await signIn(server, DEMO.staff.email, DEMO.staff.password);
  admin = await signIn(server, DEMO.admin.email, DEMO.admin.password);
  reader = await signIn(server, DEMO.reader.email, DEMO.reader.password);
  expect((await callApi(server, '/api/workspaces', { cookie: admin, body: { name: 'Zoek', slug: 'zoek', languages: ['nl', 'fr', 'en'] } })).status).toBe(201);
  const zoek = server.services.workspaces.findBySlug('zoek')!;
  server.services.workspaces.setMember(zoek.id, server.services.accounts.findByEmail(DEMO.staff.email)!.id, 'staff');
  await importText('nl.md', '# Coöperatie\n\nDe coöperatie beheert betaalbare woningen voor haar leden.\n\nEen woning blijft altijd betaalbaar.\n', 'nl');
  await importText('fr.md', '# Coopérative\n\nLes coopératives gèrent des logements abordables.\n\nLe prix reste abordable pour les ménages.\n', 'fr');
  await importText('en.md', '# Housing\n\nThe trust owns the land and the houses stay affordable.\n', 'en');
}, 60_000);
afterAll(() => server.close());

describe('search', () => {
  it('[issue 9] Dutch word forms and accents: "cooperatie" finds "coöperatie", "woningen" finds "woning"', async () => {
    const coop = await search('cooperatie');
    expect(coop.status).toBe(200);
    expect(hits(coop.body.results).some((h) => /coöperatie/i.test(h))).toBe(true);
    const woningen = await search('woningen');
    const texts = woningen.body.results.map((r) => r.snippet.map((s) => s.text).join(''));
    expect(texts.some((t) => t.includes('Een woning blijft'))).toBe(true);
    expect(texts.some((t) => t.includes('betaalbare woningen'))).toBe(true);
  });

  it('[issue 9] French forms and accents: "cooperative" finds "coopératives", "menage" finds "ménages"', async () => {
    const coop = await search('cooperative');
    expect(hits(coop.body.results)).toContain('coopératives');
    const menage = await search('menage');
    expect(hits(menage.body.results)).toContain('ménages');
  });

  it('[issue 9] English stems, prefixes as one types, and the language filter', async () => {
    expect(hits((await search('house')).body.results)).toContain('houses');
    expect((await search('afford')).body.results.length).toBeGreaterThan(0);
    const onlyFr = await search(`q=abordable&lang=fr`);
    expect(onlyFr.body.results.every((r) => r.lang === 'fr')).toBe(true);
    expect(onlyFr.body.results.length).toBeGreaterThan(0);
    expect((await search(`q=abordable&lang=nl`)).body.results).toEqual([]);
  });

  it('[issue 9] results carry section, kind, status, block id and a url that opens the block; the kind filter narrows', async () => {
    const [first] = (await search('betaalbaar')).body.results;
    expect(first).toMatchObject({ kind: 'draft', status: 'draft', sectionTitle: 'Coöperatie', lang: 'nl' });
    expect(first.blockId).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(first.url).toBe(`/w/zoek/s/cooperatie?lang=nl&block=${first.blockId}`);
    expect((await search('q=betaalbaar&kind=comment')).body.results).toEqual([]);
    const section = (await search(`q=betaalbaar&section=${first.sectionId}`)).body.results;
    expect(section.every((r) => r.sectionId === first.sectionId)).toBe(true);
  });

  it('[issue 9][A5] only members search a workspace; results never come from another workspace', async () => {
    // The reader is not a member of "zoek".
    expect((await search('woning', reader)).status).toBe(404);
    const toolbox = await search('cooperatie', reader, 'toolbox');
    expect(toolbox.status).toBe(200);
    const zoekSections = new Set(server.db.prepare("SELECT id FROM sections WHERE workspace_id = (SELECT id FROM workspaces WHERE slug = 'zoek')").all().map((r) => (r as { id: string }).id));
    expect(toolbox.body.results.some((r) => r.sectionId && zoekSections.has(r.sectionId))).toBe(false);
  });

  it('[issue 9] search follows committed edits from a stock y-websocket client (debounced, off the pipeline), and comment threads', async () => {
    const docName = (await callApi(server, '/api/workspaces/zoek', { cookie: staff })).body.sections[0].docs.nl as string;
    const client = connectClient(server.url, docName, staff);
    try {
      await whenSynced(client);
      client.doc.transact(() => client.fragment().insert(0, [paragraph('Zonnepanelen op het dak van de gemeenschap.', 'zonblok0001')]));
      await vi.waitFor(async () => {
        const results = (await search('zonnepaneel')).body.results;
        expect(results.map((r) => r.blockId)).toContain('zonblok0001');
      }, { timeout: 5_000 });
      const thread = await callApi(server, `/api/docs/${docName}/threads`, { cookie: staff, body: { quote: 'Zonnepanelen', body: 'Wie betaalt de installatie?' } });
      expect(thread.status).toBe(201);
      await vi.waitFor(async () => {
        const results = (await search('q=installatie&kind=comment')).body.results;
        expect(results[0]).toMatchObject({ kind: 'comment', status: 'open', ref: thread.body.thread?.id ?? thread.body.id });
      }, { timeout: 5_000 });
    } finally {
      client.destroy();
    }
  });

  it('[issue 9][P2] an edit re-indexes only the blocks it touched; a reload of the draft rewrites nothing', async () => {
    const docName = (await callApi(server, '/api/workspaces/zoek', { cookie: staff })).body.sections[0].docs.nl as string;
    const rows = () =>
      new Map(
        (server.db.prepare('SELECT id, part, text FROM search_entries WHERE source = ?').all(docName) as { id: number; part: string; text: string }[]).map((row) => [row.part, row]),
      );
    const client = connectClient(server.url, docName, staff);
    try {
      await whenSynced(client);
      await server.services.search.refreshDraft(docName);
      const before = rows();
      const blocks = client.fragment().toArray() as Y.XmlElement[];
      expect(blocks.length).toBeGreaterThanOrEqual(3);
      const partOf = (block: Y.XmlElement) => `${block._item!.id.client}:${block._item!.id.clock}`;
      const [edited, removed] = [blocks[1], blocks[2]];
      expect([...before.keys()]).toEqual(expect.arrayContaining([partOf(edited), partOf(removed)]));
      client.doc.transact(() => {
        (edited.get(0) as Y.XmlText).insert(0, 'Windmolens en ');
        client.fragment().delete(2, 1);
        client.fragment().push([paragraph('Een nieuwe alinea over regenwater.', 'nieuwblok01')]);
      });
      await vi.waitFor(() => expect([...rows().values()].some((row) => row.text.includes('regenwater'))).toBe(true), { timeout: 5_000 });
      const after = rows();
      expect(after.get(partOf(edited))?.text).toMatch(/^Windmolens en /);
      expect(after.get(partOf(edited))?.id).not.toBe(before.get(partOf(edited))?.id);
      expect(after.has(partOf(removed))).toBe(false);
      // Every other block keeps its entry as it was: not re-analysed, not rewritten.
      const untouched = [...before.keys()].filter((part) => part !== partOf(edited) && part !== partOf(removed));
      expect(untouched.length).toBeGreaterThan(0);
      for (const part of untouched) expect(after.get(part)?.id).toBe(before.get(part)!.id);
      expect(hits((await search('regenwater')).body.results)).toContain('regenwater');
      expect((await search('windmolens')).body.results.map((r) => r.blockId)).toContain(edited.getAttribute('id'));
    } finally {
      client.destroy();
    }
    // The room unloads; the next reading compares every block with the index and writes nothing.
    await vi.waitFor(() => expect(server.rooms.isLoaded(docName)).toBe(false), { timeout: 15_000, interval: 250 });
    const settled = rows();
    await server.services.search.refreshDraft(docName);
    expect(rows()).toEqual(settled);
  }, 30_000);

  it('[issue 9] approved revisions are searchable with status approved', async () => {
    const toolbox = await search('q=buurtwerk&kind=revision', staff, 'toolbox');
    // The demo drafts have revision 1; any passage found in them is a revision hit.
    const anyRevision = await search('q=de&kind=revision', staff, 'toolbox');
    expect(anyRevision.body.results.length + toolbox.body.results.length).toBeGreaterThan(0);
    expect(anyRevision.body.results.every((r) => r.kind === 'revision' && r.status === 'approved')).toBe(true);
  });

  it('[issue 9] public search on a published site sees only that release', async () => {
    const zoek = server.services.workspaces.findBySlug('zoek')!;
    const sectionId = (await callApi(server, '/api/workspaces/zoek', { cookie: staff })).body.sections[0].id as string;
    await server.services.search.indexRelease({ workspaceId: zoek.id, version: '1', sections: [{ sectionId, lang: 'nl', blocks: [{ type: 'paragraph', attrs: { id: 'relblok0001' }, content: [{ type: 'text', text: 'Gepubliceerde woningen.' }] }] }] });
    const published = await server.services.search.searchRelease(zoek, '1', { q: 'woning' });
    expect(published.map((r) => [r.kind, r.ref, r.blockId])).toEqual([['release', '1', 'relblok0001']]);
    expect(published[0].url).toBe('/p/zoek/1/?lang=nl#b-relblok0001');
    expect(await server.services.search.searchRelease(zoek, '2', { q: 'woning' })).toEqual([]);
  });

  it('[issue 9] `reindex` rebuilds the index from scratch with the same answers', async () => {
    const before = (await search('cooperatie')).body.results.map((r) => r.blockId).sort();
    server.db.prepare('DELETE FROM search_fts').run();
    server.db.prepare('DELETE FROM search_entries').run();
    expect((await search('cooperatie')).body.results).toEqual([]);
    // The real command, as an operator runs it (`npm run cli -- reindex`), beside the running server.
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'reindex'], { env: { ...process.env, DATA_DIR: server.dataDir } });
    expect(stdout).toMatch(/search index rebuilt: \d+ passages/);
    expect((await search('cooperatie')).body.results.map((r) => r.blockId).sort()).toEqual(before);
  }, 90_000);
});

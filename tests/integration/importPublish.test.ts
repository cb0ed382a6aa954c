/**
 * Issue 9's round trip: a file imported into a workspace is approved, published in a
 * release, exported, and found by the published site's own search — which sees only that
 * release, never drafts. Real server, real SQLite, HTTP only.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { callApi, DEMO, signIn, startHttpServer, type TestHttpServer } from '../helpers/httpServer.js';

let server: TestHttpServer;
let staff: string;
let admin: string;

const MARKDOWN = `# Woonkosten

De erfpachtvergoeding blijft laag: zo blijven de woningen betaalbaar voor de volgende gezinnen.

# Coöperatie

Bewoners vormen samen een coöperatie die het gebouw beheert.
`;

beforeAll(async () => {
  server = await startHttpServer();
  staff = await signIn(server, DEMO.staff.email, DEMO.staff.password);
  admin = await signIn(server, DEMO.admin.email, DEMO.admin.password);
}, 60_000);
afterAll(() => server.close());

const page = async (path: string) => {
  const res = await fetch(server.url + path);
  return { status: res.status, html: await res.text(), csp: res.headers.get('content-security-policy') ?? '' };
};

describe('import → publish → export (issue 9)', () => {
  it('[R1] an imported handbook is approved, published and exported whole, and the published search finds it (only in that release)', async () => {
    // Import one Markdown file: two sections at heading level 1.
    const staged = await callApi(server, '/api/workspaces/toolbox/imports/files?name=woonkosten.md', { method: 'POST', cookie: staff, rawBody: MARKDOWN, headers: { 'content-type': 'application/octet-stream' } });
    expect(staged.status, JSON.stringify(staged.body)).toBe(201);
    const started = await callApi(server, '/api/workspaces/toolbox/imports', { cookie: staff, body: { files: [staged.body.id], splitLevel: 1, trackedChanges: 'suggest' } });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    await vi.waitFor(async () => expect((await callApi(server, `/api/workspaces/toolbox/imports/${started.body.id}`, { cookie: staff })).body.status).toBe('done'), { timeout: 10_000 });
    const sections = (await callApi(server, '/api/workspaces/toolbox', { cookie: staff })).body.sections as { title: string; slug: string; docs: Record<string, string> }[];
    const imported = ['Woonkosten', 'Coöperatie'].map((title) => sections.find((s) => s.title === title)!);
    expect(imported.every(Boolean)).toBe(true);

    // Approve each imported draft (staff ask, the admin approves).
    for (const section of imported) {
      const doc = section.docs.nl;
      const requested = await callApi(server, `/api/docs/${doc}/review/request`, { cookie: staff, body: { summary: 'Geïmporteerd' } });
      expect(requested.status, JSON.stringify(requested.body)).toBe(201);
      const approved = await callApi(server, `/api/docs/${doc}/review/approve`, { cookie: admin, body: { requestId: requested.body.request.id } });
      expect(approved.status, JSON.stringify(approved.body)).toBe(201);
    }
    // A draft-only word, written after approval, must never be published or found.
    const later = imported[0].docs.nl;
    await server.services.search.indexDraft(later, [{ type: 'paragraph', attrs: { id: 'draftonly01' }, content: [{ type: 'text', text: 'Kladwoordzonderversie' }] }]);

    // Compose and publish release 2.
    const preview = await callApi(server, '/api/workspaces/toolbox/releases/preview', { cookie: staff, body: { version: '2', date: '2026-12-01', notes: 'Met het geïmporteerde handboek.' } });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    const published = await callApi(server, '/api/workspaces/toolbox/releases', { cookie: staff, body: { version: '2', date: '2026-12-01', notes: 'Met het geïmporteerde handboek.', manifestHash: preview.body.manifestHash } });
    expect(published.status, JSON.stringify(published.body)).toBe(201);

    // The site and its Markdown export carry the imported text.
    const site = await page('/p/toolbox/2/');
    expect(site.html).toContain('De erfpachtvergoeding blijft laag');
    expect(site.html).toContain('<form class="release-search" role="search"');
    const zip = await fetch(`${server.url}/p/toolbox/2/_export/toolbox-2.zip`);
    const files = unzipSync(new Uint8Array(await zip.arrayBuffer()));
    const markdown = Object.entries(files)
      .filter(([name]) => name.startsWith('nl/'))
      .map(([, bytes]) => strFromU8(bytes))
      .join('\n');
    expect(markdown).toContain('De erfpachtvergoeding blijft laag');
    expect(markdown).toContain('Bewoners vormen samen een coöperatie');

    // The published search: word forms and accents, matches marked, links to the block; no script needed.
    await vi.waitFor(async () => expect((await page('/p/toolbox/2/_search/?q=cooperatie')).html).toContain('<mark>'), { timeout: 5_000 });
    const found = await page('/p/toolbox/2/_search/?q=cooperatie');
    expect(found.status).toBe(200);
    expect(found.csp).toContain("script-src 'self'");
    expect(found.html).toMatch(/<a href="\.\.\/(\?lang=nl)?#b-[A-Za-z0-9_-]+">Coöperatie<\/a>/);
    expect(found.html).toMatch(/<mark>coöperatie<\/mark>/i);
    // Only that release: the draft-only word is not there, and release 1 does not have the imported text.
    expect((await page('/p/toolbox/2/_search/?q=Kladwoordzonderversie')).html).toContain('Niets in deze versie komt overeen.');
    expect((await page('/p/toolbox/1/_search/?q=erfpachtvergoeding')).html).toContain('Niets in deze versie komt overeen.');
    // Markup in the query is shown as text.
    const hostile = await page('/p/toolbox/2/_search/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E');
    expect(hostile.html).not.toContain('<script>alert(1)</script>');
    expect(hostile.html).toContain('&lt;script&gt;');
  }, 60_000);
});

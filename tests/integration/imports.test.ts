/**
 * Imports (issue 9) over HTTP on a real server and SQLite: DOCX (headings, a list, a table,
 * an image, tracked changes), Markdown, HTML; preview writes nothing; corrupt and
 * oversized files get a clear error and leave nothing; an import lands whole or not at all.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { LIMITS } from '../../shared/limits.js';
import { fragmentToBlocks } from '../../shared/editor/yjsJson.js';
import { SUGGESTION_META_FIELD, type SuggestionMeta } from '../../shared/suggestions/model.js';
import type { PmJson } from '../../shared/editor/json.js';
import { callApi, DEMO, signIn, startHttpServer, type TestHttpServer } from '../helpers/httpServer.js';
import { buildDocx, buildHandbookDocx, w } from '../helpers/docxFixture.js';

let server: TestHttpServer;
let staff: string;

const upload = (name: string, data: Buffer | string, cookie = staff) =>
  callApi(server, `/api/workspaces/toolbox/imports/files?name=${encodeURIComponent(name)}`, { method: 'POST', cookie, rawBody: data, headers: { 'content-type': 'application/octet-stream' } });
const counts = () => ({
  sections: (server.db.prepare('SELECT COUNT(*) AS n FROM sections').get() as { n: number }).n,
  docs: (server.db.prepare('SELECT COUNT(*) AS n FROM docs').get() as { n: number }).n,
  // Documents with stored content (a room compacting its log on unload changes row counts, not this).
  storedDocs: (server.db.prepare('SELECT COUNT(*) AS n FROM (SELECT doc FROM doc_updates UNION SELECT doc FROM doc_snapshots)').get() as { n: number }).n,
  images: (server.db.prepare('SELECT COUNT(*) AS n FROM images').get() as { n: number }).n,
  media: fs.existsSync(path.join(server.dataDir, 'media')) ? fs.readdirSync(path.join(server.dataDir, 'media')).length : 0,
});
const outline = async () => (await callApi(server, '/api/workspaces/toolbox', { cookie: staff })).body.sections as { id: string; title: string; parentId: string | null; docs: Record<string, string> }[];
async function draft(docName: string) {
  const stored = await server.store.load(docName);
  const doc = new Y.Doc();
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
  stored.updates.forEach((update) => Y.applyUpdate(doc, update));
  return { blocks: fragmentToBlocks(doc.getXmlFragment('default')), meta: doc.getMap<SuggestionMeta>(SUGGESTION_META_FIELD).toJSON() as Record<string, SuggestionMeta> };
}
const textOf = (node: PmJson): string => node.text ?? (node.content ?? []).map(textOf).join('');
async function runImport(files: string[], options: Record<string, unknown> = {}) {
  const started = await callApi(server, '/api/workspaces/toolbox/imports', { cookie: staff, body: { files, splitLevel: 2, trackedChanges: 'suggest', ...options } });
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  let job = started.body;
  await vi.waitFor(async () => {
    job = (await callApi(server, `/api/workspaces/toolbox/imports/${started.body.id}`, { cookie: staff })).body;
    expect(job.status).not.toBe('running');
  }, { timeout: 10_000 });
  return job;
}

beforeAll(async () => {
  server = await startHttpServer();
  staff = await signIn(server, DEMO.staff.email, DEMO.staff.password);
});
afterAll(() => server.close());

describe('importing files', () => {
  it('[issue 9] a DOCX is split at the chosen heading level into sections and subsections, with its list, table and image', async () => {
    const staged = await upload('handbook.docx', await buildHandbookDocx());
    expect(staged.status, JSON.stringify(staged.body)).toBe(201);
    expect(staged.body).toMatchObject({ name: 'handbook.docx', kind: 'docx', trackedChanges: 2, images: 1 });

    const before = counts();
    const preview = await callApi(server, '/api/workspaces/toolbox/imports/preview', { cookie: staff, body: { files: [staged.body.id], splitLevel: 2, trackedChanges: 'suggest' } });
    expect(preview.status).toBe(200);
    expect(preview.body.sections.map((s: { title: string; depth: number }) => [s.title, s.depth])).toEqual([
      ['handbook', 0],
      ['Over de coöperatie', 0],
      ['Leden', 1],
      ['Grond en gebouwen', 0],
    ]);
    expect(preview.body.sections[2].text).toContain('Bewoners');
    expect(preview.body.sections[3]).toMatchObject({ images: 1 });
    // Level 1 keeps "Leden" inside its chapter.
    const shallow = await callApi(server, '/api/workspaces/toolbox/imports/preview', { cookie: staff, body: { files: [staged.body.id], splitLevel: 1, trackedChanges: 'suggest' } });
    expect(shallow.body.sections.map((s: { title: string }) => s.title)).toEqual(['handbook', 'Over de coöperatie', 'Grond en gebouwen']);
    expect(counts(), 'a preview writes nothing').toEqual(before);

    const job = await runImport([staged.body.id]);
    expect(job.status, JSON.stringify(job.error)).toBe('done');
    expect(job.files).toEqual([{ name: 'handbook.docx', progress: 1 }]);
    const sections = await outline();
    const chapter = sections.find((s) => s.title === 'Over de coöperatie')!;
    const leden = sections.find((s) => s.title === 'Leden')!;
    expect(leden.parentId).toBe(chapter.id);
    const grond = await draft(sections.find((s) => s.title === 'Grond en gebouwen')!.docs.nl);
    expect(grond.blocks.map((b) => b.type)).toEqual(['table', 'image', 'paragraph']);
    const src = grond.blocks[1].attrs!.src as string;
    expect(src).toMatch(/^\/media\/[A-Za-z0-9_-]+\.png$/);
    expect((await fetch(server.url + src, { headers: { cookie: staff } })).status).toBe(200);
    const ledenDraft = await draft(leden.docs.nl);
    expect(ledenDraft.blocks[0].type).toBe('bulletList');
    expect(ledenDraft.blocks.every((b) => typeof b.attrs?.id === 'string')).toBe(true);
    // The other language gets an empty draft.
    expect((await draft(leden.docs.fr)).blocks.map(textOf).join('')).toBe('');
  });

  it('[issue 9][S2] Word tracked changes become suggestions by their authors; a non-member author is the importer, named in the meta map', async () => {
    // The deletion's Word author has a member's name; the insertion's is nobody here.
    const partner = server.services.accounts.findByEmail(DEMO.partner.email)!;
    const staffUser = server.services.accounts.findByEmail(DEMO.staff.email)!;
    const file = await buildDocx([w.heading(1, 'Stemrecht'), w.para(w.run('Elk lid heeft '), w.ins(1, 'Jan Peeters', 'precies '), w.run('één stem'), w.del(2, partner.name, ' of meer'), w.run('.'))].join(''));
    const staged = await upload('stemrecht.docx', file);
    const job = await runImport([staged.body.id], { splitLevel: 1 });
    expect(job.status).toBe('done');
    const section = (await outline()).find((s) => s.title === 'Stemrecht')!;
    const { blocks, meta } = await draft(section.docs.nl);
    const marks = blocks[0].content!.flatMap((node) => (node.marks ?? []).map((mark) => ({ type: mark.type, text: node.text, ...mark.attrs }) as { type: string; text?: string; id?: string; author?: string }));
    const insertion = marks.find((m) => m.type === 'insertion')!;
    const deletion = marks.find((m) => m.type === 'deletion')!;
    expect(insertion).toMatchObject({ text: 'precies ', author: staffUser.id });
    expect(deletion).toMatchObject({ text: ' of meer', author: partner.id });
    expect(meta[insertion.id as string]).toMatchObject({ author: staffUser.id, name: 'Jan Peeters (Word)', at: Date.parse('2025-03-01T10:00:00Z') });
    expect(meta[deletion.id as string]).toMatchObject({ author: partner.id, name: partner.name });
    // They are real suggestions: staff can accept them.
    const accepted = await callApi(server, `/api/docs/${section.docs.nl}/suggestions/accept`, { cookie: staff, body: { ids: [insertion.id, deletion.id] } });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
  });

  it('[issue 9] tracked changes can be accepted or rejected on import instead', async () => {
    const file = () => buildDocx([w.heading(1, 'Keuze'), w.para(w.run('A'), w.ins(1, 'X', 'B'), w.del(2, 'Y', 'C'), w.run('D'))].join(''));
    for (const [choice, expected] of [['accept', 'ABD'], ['reject', 'ACD']] as const) {
      const staged = await upload(`keuze-${choice}.docx`, await file());
      const preview = await callApi(server, '/api/workspaces/toolbox/imports/preview', { cookie: staff, body: { files: [staged.body.id], splitLevel: 1, trackedChanges: choice } });
      expect(preview.body.sections[0]).toMatchObject({ text: expected, suggestions: 0 });
      const job = await runImport([staged.body.id], { splitLevel: 1, trackedChanges: choice });
      const sections = (await outline()).filter((s) => s.title.startsWith('Keuze'));
      const { blocks } = await draft(sections.at(-1)!.docs.nl);
      expect(job.status).toBe('done');
      expect(blocks.map(textOf).join('')).toBe(expected);
      expect(JSON.stringify(blocks)).not.toMatch(/insertion|deletion/);
    }
  });

  it('[issue 9] Markdown and HTML files import together; what cannot be converted is listed; HTML is sanitised', async () => {
    const md = await upload('gids.md', '# Gids\n\nLees **dit** eerst.\n\n## Stappen\n\n1. een\n2. twee\n\n![extern](https://example.org/x.png)\n');
    expect(md.status).toBe(201);
    expect(md.body.issues.map((i: { message: string }) => i.message).join()).toMatch(/images linked from elsewhere/);
    const html = await upload(
      'pagina.html',
      '<html><head><script>alert(1)</script></head><body><h1 data-id="evil">Pagina</h1><p onclick="x()">Tekst <a href="javascript:alert(1)">link</a> <a href="https://clt.be">ok</a><ins data-suggestion-id="fake" data-author="u">x</ins></p><iframe src="https://evil"></iframe><img src="data:image/svg+xml;base64,PHN2Zy8+"></body></html>',
    );
    expect(html.status).toBe(201);
    const messages = html.body.issues.map((i: { message: string }) => i.message).join('\n');
    expect(messages).toMatch(/<iframe>/);
    expect(messages).toMatch(/SVG/);
    expect(messages).toMatch(/links other than http/);
    const job = await runImport([md.body.id, html.body.id], { splitLevel: 1 });
    expect(job.status).toBe('done');
    expect(job.files.map((f: { name: string }) => f.name)).toEqual(['gids.md', 'pagina.html']);
    const sections = await outline();
    const pagina = await draft(sections.find((s) => s.title === 'Pagina')!.docs.nl);
    const json = JSON.stringify(pagina.blocks);
    expect(json).toContain('https://clt.be');
    expect(json).not.toMatch(/javascript:|fake|evil|insertion/);
    const gids = await draft(sections.find((s) => s.title === 'Gids')!.docs.nl);
    expect(gids.blocks.map((b) => b.type)).toEqual(['paragraph', 'heading', 'orderedList']);
  });

  it('[issue 9] a corrupt file, a wrong type and an oversized file get a clear error and nothing is written', async () => {
    const before = counts();
    const corrupt = await upload('kapot.docx', Buffer.from('PK\u0003\u0004 this is not really a zip file at all'));
    expect(corrupt.status).toBe(400);
    expect(corrupt.body.error.message).toMatch(/kapot\.docx is not a readable Word file/);
    const notWord = await upload('leeg.docx', await (async () => {
      const JSZip = (await import('jszip')).default;
      const zip = new JSZip();
      zip.file('hello.txt', 'hi');
      return zip.generateAsync({ type: 'nodebuffer' });
    })());
    expect(notWord.body.error.message).toMatch(/word\/document\.xml is missing/);
    const wrongType = await upload('foto.pdf', Buffer.from('%PDF-1.4'));
    expect(wrongType.status).toBe(415);
    const huge = await upload('groot.md', Buffer.alloc(LIMITS.maxImportFileBytes + 1, 'a'));
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('payload_too_large');
    expect(counts()).toEqual(before);
  });

  it('[issue 9] an import lands whole or not at all: a section too large for a draft fails the job and leaves nothing', async () => {
    const good = await upload('goed.md', '# Goed\n\nKleine tekst.\n');
    const big = await upload('te-groot.md', `# Te groot\n\n${Array.from({ length: 1200 }, (_, i) => `Alinea ${i} ${'lange tekst '.repeat(350)}`).join('\n\n')}\n`);
    expect(big.status, JSON.stringify(big.body)).toBe(201);
    const before = counts();
    const titles = (await outline()).map((s) => s.title);
    const job = await runImport([good.body.id, big.body.id], { splitLevel: 1 });
    expect(job.status).toBe('failed');
    expect(job.error.message).toMatch(/te-groot\.md: the section "Te groot" is larger than a section may be/);
    expect(counts()).toEqual(before);
    expect((await outline()).map((s) => s.title)).toEqual(titles);
  });

  it('[A5] partners and readers cannot import; nobody imports into a workspace they are not in', async () => {
    const partner = await signIn(server, DEMO.partner.email, DEMO.partner.password);
    expect((await upload('x.md', '# X', partner)).status).toBe(403);
    const created = await callApi(server, '/api/workspaces', { cookie: await signIn(server, DEMO.admin.email, DEMO.admin.password), body: { name: 'Elders', slug: 'elders', languages: ['nl'] } });
    expect(created.status).toBe(201);
    const outsider = await callApi(server, '/api/workspaces/elders/imports/files?name=x.md', { method: 'POST', cookie: staff, rawBody: '# X' });
    expect(outsider.status).toBe(404);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import * as Y from 'yjs';
import { yDocToProsemirrorJSON } from '@tiptap/y-tiptap';
import type { Section } from '../../shared/api.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LIMITS } from '../../shared/limits.js';
import { callApi, DEMO, signIn, startHttpServer, type TestHttpServer } from '../helpers/httpServer.js';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a3a60000000049454e44ae426082', 'hex');

type SectionDto = Section;

async function loadDraftJson(server: TestHttpServer, docName: string) {
  const stored = await server.store.load(docName);
  const doc = new Y.Doc();
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
  for (const update of stored.updates) Y.applyUpdate(doc, update);
  return yDocToProsemirrorJSON(doc, 'default') as { content: { type: string; attrs?: { id?: string } }[] };
}

describe('outline, events, images', () => {
  let server: TestHttpServer;
  let staff = '';
  let reader = '';
  const list = async (query = '') => (await callApi(server, `/api/workspaces/toolbox${query}`, { cookie: staff })).body.sections as SectionDto[];
  const create = async (title: string, parentId?: string) =>
    (await callApi(server, '/api/workspaces/toolbox/sections', { cookie: staff, body: parentId ? { title, parentId } : { title } })).body.section as SectionDto;

  beforeAll(async () => {
    server = await startHttpServer();
    staff = await signIn(server, DEMO.staff.email, DEMO.staff.password);
    reader = await signIn(server, DEMO.reader.email, DEMO.reader.password);
  }, 60_000);
  afterAll(() => server.close());

  it('[CONTRACT] lists workspaces with flat, depth-first sections, docs per language and app urls', async () => {
    const result = await callApi(server, '/api/workspaces', { cookie: reader });
    expect(result.body.map((w: { slug: string }) => w.slug)).toEqual(['toolbox', 'reglement']);
    const toolbox = result.body[0];
    expect(toolbox).toMatchObject({ languages: ['nl', 'fr'], role: 'reader', readersMayComment: true });
    const seen = new Set<string | null>([null]);
    for (const section of toolbox.sections as SectionDto[]) {
      expect(seen.has(section.parentId)).toBe(true); // parents come first
      seen.add(section.id);
      expect(section.docs).toEqual({ nl: `${toolbox.id}.${section.id}.nl`, fr: `${toolbox.id}.${section.id}.fr` });
      expect(section.url).toBe(`/w/toolbox/s/${section.slug}`);
      expect(section).not.toHaveProperty('archived');
    }
    expect(toolbox.sections.some((s: SectionDto) => s.parentId !== null)).toBe(true);
  });

  it('[CONTRACT] creates a section with one empty-but-valid draft per language', async () => {
    const section = await create('Financiering & subsidies');
    expect(section.slug).toBe('financiering-subsidies');
    expect(Object.keys(section.docs)).toEqual(['nl', 'fr']);
    for (const docName of Object.values(section.docs)) {
      const json = await loadDraftJson(server, docName);
      expect(json.content).toHaveLength(1);
      expect(json.content[0].type).toBe('paragraph');
      expect(json.content[0].attrs?.id).toMatch(/^[A-Za-z0-9_-]{8,}$/);
    }
    const again = await create('Financiering & subsidies');
    expect(again.slug).toBe('financiering-subsidies-2');
    expect(server.services.audit.list({ limit: 5 }).map((e) => e.action)).toContain('section.create');
  });

  it('[CONTRACT] renames a section and keeps its slug', async () => {
    const section = await create('Oude titel');
    const result = await callApi(server, `/api/workspaces/toolbox/sections/${section.id}`, { method: 'PATCH', cookie: staff, body: { title: 'Nieuwe titel' } });
    expect(result.status).toBe(200);
    expect(result.body.section).toMatchObject({ title: 'Nieuwe titel', slug: 'oude-titel' });
    const missing = await callApi(server, '/api/workspaces/toolbox/sections/nosuchsection', { method: 'PATCH', cookie: staff, body: { title: 'x' } });
    expect(missing.status).toBe(404);
  });

  it('[CONTRACT] moves sections (reorder and nest) and refuses a cycle with 409, changing nothing', async () => {
    const a = await create('Move A');
    const b = await create('Move B', a.id);
    const c = await create('Move C', a.id);
    // Put C first among A's children.
    let result = await callApi(server, `/api/workspaces/toolbox/sections/${c.id}/move`, { cookie: staff, body: { parentId: a.id, position: 0 } });
    expect(result.body.section).toMatchObject({ parentId: a.id, position: 0 });
    let sections = await list();
    expect(sections.filter((s) => s.parentId === a.id).map((s) => s.id)).toEqual([c.id, b.id]);
    expect(sections.filter((s) => s.parentId === a.id).map((s) => s.position)).toEqual([0, 1]);
    // A under its own child: refused.
    const before = await list();
    result = await callApi(server, `/api/workspaces/toolbox/sections/${a.id}/move`, { cookie: staff, body: { parentId: b.id, position: 0 } });
    expect(result.status).toBe(409);
    expect(result.body.error.code).toBe('conflict');
    result = await callApi(server, `/api/workspaces/toolbox/sections/${a.id}/move`, { cookie: staff, body: { parentId: a.id, position: 0 } });
    expect(result.status).toBe(409);
    expect(await list()).toEqual(before);
    // B to the top level, first; positions stay dense.
    result = await callApi(server, `/api/workspaces/toolbox/sections/${b.id}/move`, { cookie: staff, body: { parentId: null, position: 0 } });
    expect(result.status).toBe(200);
    sections = await list();
    const top = sections.filter((s) => s.parentId === null);
    expect(top[0].id).toBe(b.id);
    expect(top.map((s) => s.position)).toEqual(top.map((_, i) => i));
    expect(sections.filter((s) => s.parentId === a.id).map((s) => s.position)).toEqual([0]);
  });

  it('[CONTRACT] archives a subtree, lists it only with ?archived=1, and unarchives it', async () => {
    const parent = await create('Archief');
    const child = await create('Archief kind', parent.id);
    let result = await callApi(server, `/api/workspaces/toolbox/sections/${parent.id}/archive`, { method: 'POST', cookie: staff });
    expect(result.body.section.archived).toBe(true);
    expect((await list()).map((s) => s.id)).not.toContain(parent.id);
    expect((await list()).map((s) => s.id)).not.toContain(child.id);
    const all = await list('?archived=1');
    expect(all.find((s) => s.id === child.id)?.archived).toBe(true);
    expect(all.filter((s) => s.archived === false).length).toBeGreaterThan(0);
    result = await callApi(server, `/api/workspaces/toolbox/sections/${child.id}/unarchive`, { method: 'POST', cookie: staff });
    expect(result.status).toBe(409);
    result = await callApi(server, `/api/workspaces/toolbox/sections/${parent.id}/unarchive`, { method: 'POST', cookie: staff });
    expect(result.status).toBe(200);
    expect((await list()).map((s) => s.id)).toEqual(expect.arrayContaining([parent.id, child.id]));
  });

  it('[CONTRACT] streams `event: outline` to members when the outline changes', async () => {
    const controller = new AbortController();
    const response = await fetch(`${server.url}/api/workspaces/toolbox/events`, { headers: { cookie: reader }, signal: controller.signal });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader2 = response.body!.getReader();
    let received = '';
    const reading = (async () => {
      for (;;) {
        const { value, done } = await reader2.read();
        if (done) return;
        received += new TextDecoder().decode(value);
      }
    })().catch(() => undefined);
    await create('Live');
    await vi.waitFor(() => expect(received).toContain('event: outline'), { timeout: 5_000 });
    controller.abort();
    await reading;
  });

  it('[CONTRACT] ends the event stream when the session ends', async () => {
    const cookie = await signIn(server, DEMO.partner.email, DEMO.partner.password);
    const response = await fetch(`${server.url}/api/workspaces/toolbox/events`, { headers: { cookie } });
    const done = response.text();
    await callApi(server, '/api/auth/logout', { method: 'POST', cookie });
    await expect(done).resolves.toContain('retry:');
  });

  it('[CONTRACT] stores an image and serves it with its type, nosniff and a closed CSP', async () => {
    const upload = await callApi(server, '/api/workspaces/toolbox/images', { method: 'POST', cookie: staff, rawBody: PNG, headers: { 'content-type': 'image/png' } });
    expect(upload.status).toBe(201);
    expect(upload.body.src).toMatch(/^\/media\/[A-Za-z0-9_-]{8,64}\.png$/);
    expect(fs.existsSync(path.join(server.dataDir, 'media', upload.body.src.slice('/media/'.length)))).toBe(true);
    const served = await fetch(server.url + upload.body.src, { headers: { cookie: reader } });
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);
    expect((await fetch(server.url + upload.body.src)).status).toBe(401);
  });

  it('[CONTRACT] refuses SVG, mismatched magic bytes and oversized images, storing nothing', async () => {
    const count = () => (server.db.prepare('SELECT COUNT(*) AS n FROM images').get() as { n: number }).n;
    const before = count();
    const svg = await callApi(server, '/api/workspaces/toolbox/images', { method: 'POST', cookie: staff, rawBody: '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', headers: { 'content-type': 'image/svg+xml' } });
    expect(svg.status).toBe(415);
    const mismatch = await callApi(server, '/api/workspaces/toolbox/images', { method: 'POST', cookie: staff, rawBody: PNG, headers: { 'content-type': 'image/jpeg' } });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.error.code).toBe('validation_failed');
    const html = await callApi(server, '/api/workspaces/toolbox/images', { method: 'POST', cookie: staff, rawBody: '<html><script>x</script>', headers: { 'content-type': 'image/gif' } });
    expect(html.status).toBe(400);
    const big = Buffer.concat([PNG, Buffer.alloc(LIMITS.maxImageBytes)]);
    const tooBig = await callApi(server, '/api/workspaces/toolbox/images', { method: 'POST', cookie: staff, rawBody: big, headers: { 'content-type': 'image/png' } });
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error.code).toBe('payload_too_large');
    expect(count()).toBe(before);
  });
});

/**
 * Import into a workspace with articles (issue 24, L1) over HTTP on a real server and
 * SQLite: "Artikel N." paragraphs become article blocks, and the preview offers the links
 * for written references ("zie artikel 12"); a reference to an article not imported stays text.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { fragmentToBlocks } from '../../shared/editor/yjsJson.js';
import type { PmJson } from '../../shared/editor/json.js';
import { callApi, DEMO, signIn, startHttpServer, type TestHttpServer } from '../helpers/httpServer.js';

let server: TestHttpServer;
let staff: string;

const MD = ['# Toewijzing', '', 'Artikel 1. Doel', '', 'Dit reglement regelt de toewijzing.', '', 'Artikel 12. Voorrang', '', 'Zie artikel 1 en artikel 99 voor de rest.', '', 'Lees ook artikel 12.', ''].join('\n');

const upload = (ws: string, name: string, data: string) =>
  callApi(server, `/api/workspaces/${ws}/imports/files?name=${encodeURIComponent(name)}`, { method: 'POST', cookie: staff, rawBody: Buffer.from(data), headers: { 'content-type': 'application/octet-stream' } });
const find = (node: PmJson, type: string): PmJson[] => [...(node.type === type ? [node] : []), ...(node.content ?? []).flatMap((child) => find(child, type))];

beforeAll(async () => {
  server = await startHttpServer();
  staff = await signIn(server, DEMO.staff.email, DEMO.staff.password);
});
afterAll(() => server.close());

describe('importing a legal text', () => {
  it("[L1] import of 'zie artikel 12' offers a link to article 12", async () => {
    const staged = await upload('reglement', 'regels.md', MD);
    expect(staged.status, JSON.stringify(staged.body)).toBe(201);
    const options = { files: [staged.body.id], splitLevel: 1, trackedChanges: 'accept' };
    const preview = await callApi(server, '/api/workspaces/reglement/imports/preview', { cookie: staff, body: options });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body.articles).toEqual({ articles: 2, references: 2, unresolved: ['99'] });

    const started = await callApi(server, '/api/workspaces/reglement/imports', { cookie: staff, body: options });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    let job = started.body;
    await vi.waitFor(async () => {
      job = (await callApi(server, `/api/workspaces/reglement/imports/${started.body.id}`, { cookie: staff })).body;
      expect(job.status).not.toBe('running');
    }, { timeout: 10_000 });
    expect(job.status, JSON.stringify(job.error)).toBe('done');

    const sections = (await callApi(server, '/api/workspaces/reglement', { cookie: staff })).body.sections as { id: string; title: string; docs: Record<string, string> }[];
    const section = sections.find((s) => s.id === job.sectionIds[0])!;
    const stored = await server.store.load(Object.values(section.docs)[0]);
    const doc = new Y.Doc();
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
    stored.updates.forEach((update) => Y.applyUpdate(doc, update));
    const root: PmJson = { type: 'doc', content: fragmentToBlocks(doc.getXmlFragment('default')) };
    const articles = find(root, 'article');
    expect(articles).toHaveLength(2);
    const refs = find(root, 'articleRef').map((ref) => ref.attrs?.target);
    // "artikel 1" and "artikel 12" point at the imported articles' block ids; "artikel 99" stays text.
    expect(refs).toEqual([articles[0].attrs?.id, articles[1].attrs?.id]);
    expect(JSON.stringify(root)).toContain('en artikel 99 voor de rest');
  });

  it('[L1] with the links declined, references stay text; a workspace without articles keeps paragraphs', async () => {
    const staged = await upload('reglement', 'regels.md', MD);
    const declined = await callApi(server, '/api/workspaces/reglement/imports/preview', { cookie: staff, body: { files: [staged.body.id], splitLevel: 1, trackedChanges: 'accept', linkArticles: false } });
    expect(declined.body.articles).toMatchObject({ articles: 2, references: 2 });
    expect(JSON.stringify(declined.body.sections)).toContain('Zie artikel 1 en artikel 99');

    const plain = await upload('toolbox', 'regels.md', MD);
    const preview = await callApi(server, '/api/workspaces/toolbox/imports/preview', { cookie: staff, body: { files: [plain.body.id], splitLevel: 1, trackedChanges: 'accept' } });
    expect(preview.status).toBe(200);
    expect(preview.body.articles).toBeNull();
    expect(preview.body.sections[0].text).toContain('Artikel 1. Doel');
  });
});

/**
 * Issue 20, step 5: published bilingually. A release's pages name their other languages as
 * `hreflang` alternates; on a linked translation's page a passage the translation has no
 * block for falls back to the lead language's, marked `lang="nl"`, where it stands in the
 * lead text (R1: still only approved revision content). Real server, stock y-websocket clients.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { connectClient, signIn, whenSynced } from '../helpers/clients.js';
import { loadStored, paragraph } from '../helpers/docs.js';
import type { Section } from '../../shared/api.js';

type Who = 'admin' | 'staff';
let server: TestServer;
let cookies: Record<Who, string>;
let section: Section;
let previewTranslations: Record<string, Record<string, { outdated: string[]; missing: string[] }>>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read answers as loosely typed JSON
async function api(who: Who, path: string, body?: unknown, method?: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.url}${path}`, {
    method: method ?? (body === undefined ? 'GET' : 'POST'),
    headers: { cookie: cookies[who], 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}
const page = async (path: string) => (await fetch(`${server.url}${path}`)).text();

async function approve(docName: string, summary: string) {
  const asked = await api('staff', `/api/docs/${docName}/review/request`, { summary });
  expect(asked.status, JSON.stringify(asked.body)).toBe(201);
  expect((await api('admin', `/api/docs/${docName}/review/approve`, { requestId: asked.body.request.id })).status).toBe(201);
}
async function storedText(docName: string) {
  await server.rooms.settled(docName);
  const doc = await loadStored(server.store, docName);
  const text = doc.getXmlFragment('default').toString();
  doc.destroy();
  return text;
}

beforeAll(async () => {
  server = await startTestServer();
  cookies = { admin: await signIn(server.url, 'admin'), staff: await signIn(server.url, 'staff') };
  section = (await api('staff', '/api/workspaces/toolbox/sections', { titles: { nl: 'Tweetalig', fr: 'Bilingue' } })).body.section;
  const nl = connectClient(server.url, section.docs.nl, cookies.staff);
  await whenSynced(nl);
  nl.fragment().insert(nl.fragment().length, [paragraph('Eerste passage.', 'pb1'), paragraph('Tweede passage.', 'pb2'), paragraph('Derde passage.', 'pb3')]);
  await vi.waitFor(async () => expect(await storedText(section.docs.nl)).toContain('Derde passage.'));
  nl.destroy();
  await approve(section.docs.nl, 'Tekst');
  expect((await api('staff', `/api/docs/${section.docs.fr}/translation/start`, {})).status).toBe(201);
  // The translator translates two passages and leaves the second out for now.
  const fr = connectClient(server.url, section.docs.fr, cookies.staff);
  await whenSynced(fr);
  fr.doc.transact(() => {
    const blocks = fr.fragment().toArray() as Y.XmlElement[];
    const byId = (id: string) => blocks.find((b) => b.getAttribute('id') === id)!;
    for (const [id, text] of [['pb1', 'Premier passage.'], ['pb3', 'Troisième passage.']]) {
      const t = byId(id).get(0) as Y.XmlText;
      t.delete(0, t.length);
      t.insert(0, text);
    }
    fr.fragment().delete(blocks.indexOf(byId('pb2')), 1);
  });
  await vi.waitFor(async () => expect(await storedText(section.docs.fr)).not.toContain('Tweede'));
  fr.destroy();
  await approve(section.docs.fr, 'Traduction');
  expect((await api('staff', `/api/docs/${section.docs.fr}/translation/confirm`, { blockIds: ['pb1', 'pb3'] })).status).toBe(200);
  // The Dutch third passage changes and is approved: its French translation is outdated.
  const again = connectClient(server.url, section.docs.nl, cookies.staff);
  await whenSynced(again);
  const third = (again.fragment().toArray() as Y.XmlElement[]).find((b) => b.getAttribute('id') === 'pb3')!.get(0) as Y.XmlText;
  third.insert(third.length - 1, ', herzien');
  await vi.waitFor(async () => expect(await storedText(section.docs.nl)).toContain('herzien'));
  again.destroy();
  await approve(section.docs.nl, 'Herzien');
  const preview = await api('staff', '/api/workspaces/toolbox/releases/preview', { version: '2', date: '2026-12-01', notes: '' });
  expect(preview.status, JSON.stringify(preview.body)).toBe(200);
  previewTranslations = preview.body.translations;
  const published = await api('staff', '/api/workspaces/toolbox/releases', {
    version: '2',
    date: '2026-12-01',
    notes: 'Nieuw: een tweetalig hoofdstuk.',
    notesByLanguage: { fr: 'Nouveau : une section bilingue.', en: 'Not a language of this workspace.' },
    manifestHash: preview.body.manifestHash,
  });
  expect(published.status, JSON.stringify(published.body)).toBe(201);
}, 60_000);
afterAll(() => server.stop());

describe('[R1] published bilingually (issue 20)', () => {
  it('[R1] each page names the same page in the other languages as hreflang alternates', async () => {
    for (const path of ['/p/toolbox/2/', '/p/toolbox/2/?lang=fr', `/p/toolbox/2/${section.slug}/?lang=fr`]) {
      const html = await page(path);
      expect(html, path).toContain('<link rel="alternate" hreflang="nl" href="./">');
      expect(html, path).toContain('<link rel="alternate" hreflang="fr" href="?lang=fr">');
    }
  });

  it('[R1] a passage the translation lacks falls back to the lead language, in place, with lang="nl"; the others are the translation', async () => {
    const html = await page('/p/toolbox/2/?lang=fr');
    const part = html.slice(html.indexOf(`id="s-${section.slug}"`));
    const one = part.indexOf('id="b-pb1"');
    const two = part.indexOf('id="b-pb2"');
    const three = part.indexOf('id="b-pb3"');
    expect(one).toBeGreaterThan(0);
    expect(two).toBeGreaterThan(one);
    expect(three).toBeGreaterThan(two);
    expect(part).toMatch(/<div class="blk untranslated-block" lang="nl"><p id="b-pb2">Tweede passage\.<\/p>/);
    expect(part).toMatch(/<div class="blk"><p id="b-pb1">Premier passage\.<\/p>/);
    // An outdated passage carries a discreet note, no script needed.
    expect(part).toMatch(/<div class="blk outdated-block"><p id="b-pb3">Troisième passage\.<\/p><p class="outdated-note">Cette traduction n’est peut-être plus à jour\.<\/p>/);
    // The lead language's page has nothing to fall back to.
    const nl = await page('/p/toolbox/2/');
    expect(nl).not.toContain('untranslated-block');
    // Only this section's missing passage falls back (the demo's French is linked and complete).
    expect(html.split('untranslated-block').length - 1).toBe(1);
  });

  it('[R1] release notes exist per language: each language\'s page shows its own, the lead\'s stand in where one has none', async () => {
    const fr = await page('/p/toolbox/2/?lang=fr');
    expect(fr).toContain('Nouveau : une section bilingue.');
    expect(fr).not.toContain('Nieuw: een tweetalig hoofdstuk.');
    const nl = await page('/p/toolbox/2/');
    expect(nl).toContain('Nieuw: een tweetalig hoofdstuk.');
    expect(nl).not.toContain('Nouveau');
    expect(await page('/p/toolbox/2/_changes/?lang=fr')).toContain('Nouveau : une section bilingue.');
    expect(server.db.prepare("SELECT lang FROM release_notes n JOIN releases r ON r.id = n.release_id WHERE r.version = '2'").all()).toEqual([{ lang: 'fr' }]);
  });

  it('[R1] the preview lists outdated and missing translations per language; publishing anyway records them with the release', async () => {
    expect(previewTranslations[section.id]).toEqual({ fr: { outdated: ['pb3'], missing: ['pb2'] } });
    const recorded = server.db
      .prepare("SELECT t.section_id, t.lang, t.outdated, t.missing FROM release_translations t JOIN releases r ON r.id = t.release_id WHERE r.version = '2'")
      .all() as { section_id: string; lang: string; outdated: string; missing: string }[];
    const mine = recorded.find((row) => row.section_id === section.id)!;
    expect(mine).toMatchObject({ lang: 'fr', outdated: '["pb3"]', missing: '["pb2"]' });
    // The demo's one outdated passage is recorded too.
    expect(recorded.some((row) => row.section_id !== section.id && JSON.parse(row.outdated).length === 1)).toBe(true);
    expect(() => server.db.prepare('DELETE FROM release_translations').run()).toThrow(/immutable/);
  });
});

/**
 * Issue 20: the bilingual booklet export. A release with Dutch (lead) and French is exported
 * as `_export/<ws>-<version>-nl-fr.html` and `.docx`: one row per passage, the Dutch block
 * beside the French block of the same block id; a passage the translation lacks is an empty
 * cell with a "not translated" note in the reader's language; an outdated one carries the
 * "may be outdated" note. Hostile names, titles and text are shown as text and run nothing
 * (as tests/integration/exportEscaping.test.ts checks for the other exports). Real server,
 * stock y-websocket clients, Chromium for the script check.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { strFromU8, unzipSync } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { connectClient, signIn, whenSynced } from '../helpers/clients.js';
import { launchBrowser } from '../helpers/browser.js';
import { loadStored, paragraph } from '../helpers/docs.js';
import type { Section } from '../../shared/api.js';

type Who = 'admin' | 'staff';
let server: TestServer;
let cookies: Record<Who, string>;
let section: Section;
let browser: Browser;
let page: Page;

const PAYLOAD = `<script>__ran('text')</script><img src=x onerror="__ran('text-img')">`;
const TITLE_NL = `<script>__ran('title-nl')</script>Tweetalig`;
const TITLE_FR = `<img src=x onerror="__ran('title-fr')">Bilingue`;
const NAME = `<svg onload="__ran('name')"></svg>Gereedschapskist`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read answers as loosely typed JSON
async function api(who: Who, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { cookie: cookies[who], 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}
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
/** The two cells of the booklet row of a block id, as HTML. */
function cells(html: string, blockId: string): { lead: string; target: string; targetClass: string } {
  const row = html.match(new RegExp(`<tr id="r-${blockId}" data-block="${blockId}"><td lang="nl">([\\s\\S]*?)</td><td lang="fr" class="([a-z]+)">([\\s\\S]*?)</td></tr>`));
  expect(row, blockId).not.toBeNull();
  return { lead: row![1], targetClass: row![2], target: row![3] };
}

/** Opens HTML in Chromium with a counter of script runs (as exportEscaping.test.ts does); answers what ran and what active markup is left. */
async function runsIn(html: string): Promise<{ ran: string[]; active: string[] }> {
  await page.setContent(`<!doctype html><html><head><script>window.__runs = []; window.__ran = (what) => window.__runs.push(what);</script></head><body>${html}</body></html>`, { waitUntil: 'load' });
  await page.waitForTimeout(300);
  return page.evaluate(() => {
    const active: string[] = [];
    for (const element of Array.from(document.querySelectorAll('*'))) {
      for (const attr of Array.from(element.attributes)) if (attr.name.startsWith('on')) active.push(`${element.tagName} ${attr.name}`);
      if (element.tagName === 'SCRIPT' && !element.textContent?.includes('window.__runs = []')) active.push('SCRIPT');
      if (element.tagName === 'IFRAME') active.push('IFRAME');
      const href = element.getAttribute('href') ?? element.getAttribute('src') ?? '';
      if (/^\s*javascript:/i.test(href)) active.push(`${element.tagName} javascript:`);
    }
    return { ran: (window as unknown as { __runs: string[] }).__runs, active };
  });
}

beforeAll(async () => {
  server = await startTestServer();
  cookies = { admin: await signIn(server.url, 'admin'), staff: await signIn(server.url, 'staff') };
  browser = await launchBrowser();
  page = await browser.newPage();
  server.db.prepare('UPDATE workspaces SET name = ? WHERE slug = ?').run(NAME, 'toolbox');
  const created = await api('staff', '/api/workspaces/toolbox/sections', { titles: { nl: TITLE_NL, fr: TITLE_FR } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  section = created.body.section;
  const nl = connectClient(server.url, section.docs.nl, cookies.staff);
  await whenSynced(nl);
  nl.fragment().insert(nl.fragment().length, [paragraph('Eerste passage.', 'pb1'), paragraph('Tweede passage.', 'pb2'), paragraph('Derde passage.', 'pb3'), paragraph(`Vijandig: ${PAYLOAD}`, 'pb4')]);
  await vi.waitFor(async () => expect(await storedText(section.docs.nl)).toContain('Derde passage.'));
  nl.destroy();
  await approve(section.docs.nl, 'Tekst');
  expect((await api('staff', `/api/docs/${section.docs.fr}/translation/start`, {})).status).toBe(201);
  // The translator translates three passages and leaves the second out.
  const fr = connectClient(server.url, section.docs.fr, cookies.staff);
  await whenSynced(fr);
  fr.doc.transact(() => {
    const blocks = fr.fragment().toArray() as Y.XmlElement[];
    const byId = (id: string) => blocks.find((b) => b.getAttribute('id') === id)!;
    for (const [id, text] of [['pb1', 'Premier passage.'], ['pb3', 'Troisième passage.'], ['pb4', `Hostile : ${PAYLOAD}`]]) {
      const t = byId(id).get(0) as Y.XmlText;
      t.delete(0, t.length);
      t.insert(0, text);
    }
    fr.fragment().delete(blocks.indexOf(byId('pb2')), 1);
  });
  await vi.waitFor(async () => expect(await storedText(section.docs.fr)).not.toContain('Tweede'));
  fr.destroy();
  await approve(section.docs.fr, 'Traduction');
  expect((await api('staff', `/api/docs/${section.docs.fr}/translation/confirm`, { blockIds: ['pb1', 'pb3', 'pb4'] })).status).toBe(200);
  // The Dutch third passage changes and is approved: its French translation is outdated at publication.
  const again = connectClient(server.url, section.docs.nl, cookies.staff);
  await whenSynced(again);
  const third = (again.fragment().toArray() as Y.XmlElement[]).find((b) => b.getAttribute('id') === 'pb3')!.get(0) as Y.XmlText;
  third.insert(third.length - 1, ', herzien');
  await vi.waitFor(async () => expect(await storedText(section.docs.nl)).toContain('herzien'));
  again.destroy();
  await approve(section.docs.nl, 'Herzien');
  const preview = await api('staff', '/api/workspaces/toolbox/releases/preview', { version: '2', date: '2026-12-01', notes: '' });
  expect(preview.status, JSON.stringify(preview.body)).toBe(200);
  const published = await api('staff', '/api/workspaces/toolbox/releases', { version: '2', date: '2026-12-01', notes: '', manifestHash: preview.body.manifestHash });
  expect(published.status, JSON.stringify(published.body)).toBe(201);
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('[R1] the bilingual booklet (issue 20)', () => {
  it('[R1] rows pair the Dutch and French blocks of the same block id, in the Dutch order', async () => {
    const res = await fetch(`${server.url}/p/toolbox/2/_export/toolbox-2-nl-fr.html`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="toolbox-2-nl-fr.html"');
    const html = await res.text();
    const part = html.slice(html.indexOf(`id="s-${section.slug}"`));
    expect(part.indexOf('id="r-pb1"')).toBeGreaterThan(0);
    expect(part.indexOf('id="r-pb2"')).toBeGreaterThan(part.indexOf('id="r-pb1"'));
    expect(part.indexOf('id="r-pb3"')).toBeGreaterThan(part.indexOf('id="r-pb2"'));
    const one = cells(part, 'pb1');
    expect(one.lead).toBe('<div class="blk"><p id="b-pb1">Eerste passage.</p></div>');
    expect(one.target).toBe('<div class="blk"><p id="fr-b-pb1">Premier passage.</p></div>');
    expect(one.targetClass).toBe('translated');
    // Paired by id, not by position: the French has no second passage, yet the third and fourth rows pair up.
    expect(cells(part, 'pb3').target).toContain('Troisième passage.');
    expect(cells(part, 'pb4').lead).toContain('Vijandig:');
    expect(cells(part, 'pb4').target).toContain('Hostile :');
    // The demo's own linked sections pair too (every demo French passage but one is up to date).
    expect(html.split('class="translated"').length - 1).toBeGreaterThan(3);
  });

  it('[R1] a passage the translation lacks is an empty cell marked "not translated" in the reader\'s language; an outdated one is noted', async () => {
    const nl = await (await fetch(`${server.url}/p/toolbox/2/_export/toolbox-2-nl-fr.html`)).text();
    const two = cells(nl.slice(nl.indexOf(`id="s-${section.slug}"`)), 'pb2');
    expect(two.lead).toContain('Tweede passage.');
    expect(two.targetClass).toBe('missing');
    expect(two.target).toBe('<p class="not-translated" lang="nl">Niet vertaald</p>');
    const fr = await (await fetch(`${server.url}/p/toolbox/2/_export/toolbox-2-nl-fr.html?lang=fr`)).text();
    const part = fr.slice(fr.indexOf(`id="s-${section.slug}"`));
    expect(cells(part, 'pb2').target).toBe('<p class="not-translated" lang="fr">Non traduit</p>');
    const three = cells(part, 'pb3');
    expect(three.lead).toContain('Derde passage, herzien.');
    expect(three.targetClass).toBe('outdated');
    expect(three.target).toContain('Troisième passage.</p></div><p class="outdated-note" lang="fr">Cette traduction n’est peut-être plus à jour.</p>');
    expect(fr).toMatch(/<html lang="fr">/);
    // A table of contents with both titles, and the print stylesheet (A4, columns side by side).
    expect(fr).toMatch(/<nav class="toc"[\s\S]*?href="#s-[^"]+"/);
    expect(fr).toContain('@page { size: A4;');
    expect(fr).toContain('.booklet-rows');
  });

  it('[R1] the booklet has the HTML export\'s CSP and no script; hostile names, titles and text run nothing and show as text', async () => {
    const res = await fetch(`${server.url}/p/toolbox/2/_export/toolbox-2-nl-fr.html`);
    const single = await fetch(`${server.url}/p/toolbox/2/_export/toolbox-2.html`);
    expect(res.headers.get('content-security-policy')).toBe(single.headers.get('content-security-policy'));
    expect(res.headers.get('content-security-policy')).not.toContain('script-src');
    const html = await res.text();
    expect(html).not.toMatch(/<script/i);
    const rendered = await runsIn(html.replace(/^<!doctype html>/i, ''));
    expect(rendered).toEqual({ ran: [], active: [] });
    const text = await page.evaluate(() => document.body.innerText);
    for (const shown of [NAME, TITLE_NL, TITLE_FR, `Vijandig: ${PAYLOAD}`, `Hostile : ${PAYLOAD}`]) expect(text).toContain(shown);
    // The table of contents nests subsections under their section, one entry per section.
    const toc = await page.evaluate(() => ({ all: document.querySelectorAll('nav.toc li').length, nested: document.querySelectorAll('nav.toc ol ol li').length, sections: document.querySelectorAll('section.booklet-section').length }));
    expect(toc.all).toBe(toc.sections);
    expect(toc.nested).toBeGreaterThan(0);
  });

  it('[R1] the Word booklet has a two-column table per section, rows paired by block id, the markup as escaped text', async () => {
    const res = await fetch(`${server.url}/p/toolbox/2/_export/toolbox-2-nl-fr.docx`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const xml = strFromU8(unzipSync(new Uint8Array(await res.arrayBuffer()))['word/document.xml']);
    const rows = [...xml.matchAll(/<w:tr>[\s\S]*?<\/w:tr>|<w:tr [\s\S]*?<\/w:tr>/g)].map((m) => m[0]);
    const rowWith = (text: string) => rows.find((row) => row.includes(text));
    for (const [nl, fr] of [['Eerste passage.', 'Premier passage.'], ['Tweede passage.', 'Niet vertaald'], ['Derde passage, herzien.', 'Troisième passage.']]) {
      const row = rowWith(nl);
      expect(row, nl).toBeDefined();
      expect(row!.match(/<w:tc>/g)?.length, nl).toBe(2);
      expect(row!.indexOf(fr), nl).toBeGreaterThan(row!.indexOf(nl));
    }
    expect(rowWith('Troisième passage.')).toContain('Deze vertaling is mogelijk verouderd.');
    expect(xml).not.toMatch(/<(script|img|svg|iframe)[\s>]/i);
    expect(xml).toContain('&lt;script&gt;__ran(');
  });

  it('[R1] only the lead language beside another language of the release is a booklet; the release page links them', async () => {
    for (const file of ['toolbox-2-fr-nl.html', 'toolbox-2-nl-nl.html', 'toolbox-2-nl-de.docx', 'toolbox-2-nl.html', 'toolbox-2-nl-fr-en.html']) {
      expect((await fetch(`${server.url}/p/toolbox/2/_export/${file}`)).status, file).toBe(404);
    }
    const site = await (await fetch(`${server.url}/p/toolbox/2/?lang=fr`)).text();
    expect(site).toContain('<a href="/p/toolbox/2/_export/toolbox-2-nl-fr.html?lang=fr">Livret bilingue NL–FR (HTML, à imprimer)</a>');
    expect(site).toContain('<a href="/p/toolbox/2/_export/toolbox-2-nl-fr.docx?lang=fr">Livret bilingue NL–FR (Word)</a>');
  });
});

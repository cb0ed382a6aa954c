/**
 * [L1] The reglement as a legal text (issue 24), end to end on a real server: articles
 * written through stock y-websocket clients, approved, published, adopted; draft numbers
 * that follow insertions, frozen numbers after adoption (3bis, repealed in place),
 * references labelled in NL and FR and flagged in the release preview when their target is
 * gone, and the consolidated text on a date (R1: same CSP, sanitised).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { strFromU8, unzipSync } from 'fflate';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { connectClient, signIn, whenSynced, type TestClient } from '../helpers/clients.js';
import { storedFingerprint } from '../helpers/docs.js';
import { PUBLISHED_CSP } from '../../server/http/publishRoutes.js';

let server: TestServer;
let admin: string;
let docs: { nl: string; fr: string };
const clients: Partial<Record<'nl' | 'fr', TestClient>> = {};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read answers as loosely typed JSON
async function api(path: string, body?: unknown, method?: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.url}${path}`, {
    method: method ?? (body === undefined ? 'GET' : 'POST'),
    headers: { cookie: admin, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) };
  } catch {
    return { status: res.status, body: text };
  }
}
const page = async (path: string) => {
  const res = await fetch(`${server.url}${path}`, { redirect: 'manual' });
  return { status: res.status, html: await res.text(), headers: res.headers };
};

type Inline = string | { ref: string };
/** An article element as the TipTap binding stores it: heading line, then paragraphs. */
function article(id: string, title: string, ...paragraphs: Inline[][]): Y.XmlElement {
  const element = new Y.XmlElement('article');
  element.setAttribute('id', id);
  const heading = new Y.XmlElement('articleHeading');
  heading.insert(0, [new Y.XmlText(title)]);
  // Children go in at once: a type not yet in a document cannot be read (its length) by Yjs.
  const children: Y.XmlElement[] = [heading];
  for (const parts of paragraphs) {
    const para = new Y.XmlElement('paragraph');
    para.insert(
      0,
      parts.map((part) => {
        if (typeof part === 'string') return new Y.XmlText(part);
        const ref = new Y.XmlElement('articleRef');
        ref.setAttribute('target', part.ref);
        return ref;
      }),
    );
    children.push(para);
  }
  element.insert(0, children);
  return element;
}

const fragment = (lang: 'nl' | 'fr') => clients[lang]!.fragment();
const indexOfBlock = (lang: 'nl' | 'fr', id: string) => fragment(lang).toArray().findIndex((node) => node instanceof Y.XmlElement && node.getAttribute('id') === id);
async function settled(lang: 'nl' | 'fr', contains: string) {
  await vi.waitFor(async () => {
    await server.rooms.settled(docs[lang]);
    expect((await storedFingerprint(server.store, docs[lang])).content).toContain(contains);
  });
}
async function approveBoth(summary: string) {
  for (const lang of ['nl', 'fr'] as const) {
    await server.rooms.settled(docs[lang]);
    const asked = await api(`/api/docs/${docs[lang]}/review/request`, { summary });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    expect((await api(`/api/docs/${docs[lang]}/review/approve`, { requestId: asked.body.request.id })).status).toBe(201);
  }
}
async function publish(version: string) {
  const preview = await api('/api/workspaces/wetboek/releases/preview', { version, date: '2026-12-01', notes: '' });
  expect(preview.status).toBe(200);
  const published = await api('/api/workspaces/wetboek/releases', { version, date: '2026-12-01', notes: '', manifestHash: preview.body.manifestHash });
  expect(published.status, JSON.stringify(published.body)).toBe(201);
  return preview.body;
}
const numbers = async () => (await api('/api/workspaces/wetboek/articles')).body.articles.map((a: { blockId: string; number: string; repealed: boolean }) => `${a.blockId}=${a.number}${a.repealed ? '†' : ''}`);

beforeAll(async () => {
  server = await startTestServer();
  admin = await signIn(server.url, 'admin');
  expect((await api('/api/workspaces', { name: 'Wetboek', slug: 'wetboek', languages: ['nl', 'fr'] })).status).toBe(201);
  expect((await api('/api/workspaces/wetboek/legal', { articles: true }, 'PATCH')).body).toEqual({ articles: true, numberStyle: 'latin' });
  const created = await api('/api/workspaces/wetboek/sections', { title: 'Toewijzing' });
  expect(created.status).toBe(201);
  docs = created.body.section.docs;
  for (const lang of ['nl', 'fr'] as const) {
    clients[lang] = connectClient(server.url, docs[lang], admin);
    await whenSynced(clients[lang]!);
  }
  const words = { nl: ['Zie ', ' voor de wachtlijst.'], fr: ['Voir ', ' pour la liste d’attente.'] };
  for (const lang of ['nl', 'fr'] as const) {
    fragment(lang).insert(0, [
      article('art-a', 'Doel', [`Tekst a ${lang}.`]),
      article('art-b', 'Kandidaten', [`Tekst b ${lang}.`]),
      article('art-c', '', [`Tekst c ${lang}.`]),
      article('art-d', 'Wachtlijst', [`Tekst d ${lang}.`]),
      article('art-e', 'Slot', [words[lang][0], { ref: 'art-d' }, words[lang][1]], [words[lang][0], { ref: 'art-b' }, '.']),
    ]);
    await settled(lang, 'Tekst d');
  }
});
afterAll(async () => {
  for (const client of Object.values(clients)) client?.destroy();
  await server.stop();
});

describe('[L1] articles in a draft and after adoption', () => {
  it('[L1] draft renumbering: an article inserted between 3 and 4 renumbers the later ones and every reference label follows, in NL and FR', async () => {
    expect(await numbers()).toEqual(['art-a=1', 'art-b=2', 'art-c=3', 'art-d=4', 'art-e=5']);
    for (const lang of ['nl', 'fr'] as const) {
      fragment(lang).insert(indexOfBlock(lang, 'art-d'), [article('art-x', 'Voorrang', [`Tekst x ${lang}.`])]);
      await settled(lang, 'Tekst x');
    }
    expect(await numbers()).toEqual(['art-a=1', 'art-b=2', 'art-c=3', 'art-x=4', 'art-d=5', 'art-e=6']);
    await approveBoth('Eerste tekst');
    const preview = await publish('1');
    const [nl, fr] = [preview.html[Object.keys(preview.html)[0]].nl, preview.html[Object.keys(preview.html)[0]].fr];
    expect(nl).toContain('<a href="#b-art-d">artikel 5</a>');
    expect(fr).toContain('<a href="#b-art-d">article 5</a>');
    expect(nl).toContain('Artikel 4</span> <span class="article-title">Voorrang</span>');
    expect(preview.brokenReferences).toEqual([]);
    const published = await page('/p/wetboek/1/?lang=fr');
    expect(published.html).toContain('<a href="#b-art-b">article 2</a>');
    expect(published.html).toMatch(/<article class="article" id="b-art-c"><h3 class="article-heading"><span class="article-num">Article 3<\/span><\/h3>/);
  });

  it('[L1] adopting freezes the numbers: an insertion between 3 and 4 is 3bis, later numbers unchanged; a deleted article stays, repealed', async () => {
    const adopted = await api('/api/workspaces/wetboek/releases/1/adopt', { inForceFrom: '2026-01-01' });
    expect(adopted.status, JSON.stringify(adopted.body)).toBe(201);
    expect(adopted.body).toMatchObject({ version: '1', inForceFrom: '2026-01-01', articles: 6 });
    expect((await api('/api/workspaces/wetboek/releases/1/adopt', { inForceFrom: '2026-01-01' })).status).toBe(409);
    expect(server.services.audit.list({ limit: 5 }).find((entry) => entry.action === 'release.adopt')).toMatchObject({ target: '1' });

    for (const lang of ['nl', 'fr'] as const) {
      fragment(lang).insert(indexOfBlock(lang, 'art-x'), [article('art-y', 'Nieuw', [`Tekst y ${lang}.`])]);
      fragment(lang).delete(indexOfBlock(lang, 'art-b'), 1);
      await settled(lang, 'Tekst y');
    }
    expect(await numbers()).toEqual(['art-a=1', 'art-b=2†', 'art-c=3', 'art-y=3bis', 'art-x=4', 'art-d=5', 'art-e=6']);
    await approveBoth('Nieuw artikel, artikel 2 opgeheven');
    const preview = (await api('/api/workspaces/wetboek/releases/preview', { version: '2', date: '2026-12-02', notes: '' })).body;
    const html = preview.html[Object.keys(preview.html)[0]];
    expect(html.nl).toContain('Artikel 2 (opgeheven)');
    expect(html.fr).toContain('Article 2 (abrogé)');
    expect(html.nl).toContain('Artikel 3bis</span>');
    // The reference to the repealed article 2 is flagged, in the preview's list and its text.
    expect(preview.brokenReferences).toEqual([
      { sectionId: expect.any(String), lang: 'nl', blockId: 'art-e', target: 'art-b', number: '2' },
      { sectionId: expect.any(String), lang: 'fr', blockId: 'art-e', target: 'art-b', number: '2' },
    ]);
    expect(html.nl).toContain('<span class="article-ref-broken">artikel 2</span>');
    expect((await api('/api/workspaces/wetboek/releases/1/adopt', { inForceFrom: 'morgen' })).status).toBe(400);
  });
});

describe('[L1] the consolidated text on a date', () => {
  it('[L1] release 2 in force from 2027-01-01 changes article 5: /@2026-12-31/ shows release 1 and /@2027-01-01/ release 2, with its note; R1 holds', async () => {
    for (const lang of ['nl', 'fr'] as const) {
      const d = fragment(lang).get(indexOfBlock(lang, 'art-d')) as Y.XmlElement;
      const text = (d.get(1) as Y.XmlElement).get(0) as Y.XmlText;
      text.insert(text.length, ' <script>alert(1)</script> Gewijzigd.');
      await settled(lang, 'Gewijzigd.');
    }
    await approveBoth('Artikel 5 gewijzigd');
    await publish('2');
    expect((await api('/api/workspaces/wetboek/releases/2/adopt', { inForceFrom: '2027-01-01' })).status).toBe(201);

    // The changelog names articles by number.
    expect((await page('/p/wetboek/2/_changes/')).html).toContain('<p class="article-changes">Art. 5 gewijzigd, art. 3bis ingevoegd, art. 2 opgeheven.</p>');
    expect((await page('/p/wetboek/2/_changes/?lang=fr')).html).toContain('Art. 5 modifié(s), art. 3bis inséré(s), art. 2 abrogé(s).');

    const before = await page('/p/wetboek/@2026-12-31/');
    expect(before.status).toBe(200);
    expect(before.headers.get('content-security-policy')).toBe(PUBLISHED_CSP);
    expect(before.html).toContain('Tekst d nl.</p>');
    expect(before.html).not.toContain('Gewijzigd.');
    expect(before.html).toContain('Artikel 2</span>');
    expect(before.html).not.toContain('<script');

    const after = await page('/p/wetboek/@2027-01-01/');
    expect(after.status).toBe(200);
    expect(after.headers.get('content-security-policy')).toBe(PUBLISHED_CSP);
    expect(after.html).toContain('Gewijzigd.');
    expect(after.html).toContain('&lt;script&gt;');
    expect(after.html).not.toContain('<script');
    expect(after.html).toContain('Gewijzigd door release 2, van kracht sinds 1 januari 2027.');
    expect(after.html).toContain('href="../@2026-12-31/#b-art-d"');
    expect(after.html).toContain('Ingevoegd door release 2');
    expect(after.html).toContain('Artikel 2 (opgeheven)');
    const fr = await page('/p/wetboek/@2027-01-01/?lang=fr');
    expect(fr.html).toContain('Modifié par la version 2, en vigueur depuis le 1 janvier 2027.');
    expect(fr.html).toContain('Article 2 (abrogé)');

    const today = await page('/p/wetboek/@today/');
    expect(today.status).toBe(302);
    expect(today.headers.get('location')).toBe(`/p/wetboek/@${new Date().toISOString().slice(0, 10)}/`);
    expect((await page('/p/wetboek/@2027-02-30/')).status).toBe(400);
    expect((await page('/p/wetboek/@2025-12-31/')).status).toBe(404);
    expect((await page('/p/nope/@2027-01-01/')).status).toBe(404);
    expect((await page('/p/wetboek/@2027-01-01')).status).toBe(301);
  });
});

describe('[L1] the demo reglement', () => {
  it('[L1] is written as articles with references, in NL and FR, and has one adopted release in force today', async () => {
    const nl = await page('/p/reglement/1/');
    expect(nl.status).toBe(200);
    expect(nl.html).toContain('<span class="article-num">Artikel 1</span> <span class="article-title">Voorwerp</span>');
    expect(nl.html).toContain('voldoet aan de voorwaarden van <a href="#b-reg-art-conditions">artikel 4</a>');
    const fr = await page('/p/reglement/1/?lang=fr');
    expect(fr.html).toContain('<span class="article-num">Article 5</span> <span class="article-title">Revente</span>');
    expect(fr.html).toContain('selon l’<a href="#b-reg-art-allocation">article 3</a>');
    expect((await api('/api/workspaces/reglement/adoptions')).body).toEqual([expect.objectContaining({ version: '1', inForceFrom: `${new Date().getUTCFullYear()}-01-01`, articles: 5 })]);
    const today = await page('/p/reglement/@today/');
    expect(today.status).toBe(302);
    const consolidated = await page(today.headers.get('location')!);
    expect(consolidated.status).toBe(200);
    expect(consolidated.html).toContain('Artikel 4</span>');
    // Exports write the numbers and reference labels out (Markdown archive, Word).
    const zip = unzipSync(new Uint8Array(await (await fetch(`${server.url}/p/reglement/1/_export/reglement-1.zip`)).arrayBuffer()));
    const markdown = Object.entries(zip).filter(([name]) => name.startsWith('nl/')).map(([, bytes]) => strFromU8(bytes)).join('\n');
    expect(markdown).toContain('**Artikel 1** — Voorwerp');
    expect(markdown).toContain('voldoet aan de voorwaarden van artikel 4,');
    expect((await fetch(`${server.url}/p/reglement/1/_export/reglement-1.docx?lang=fr`)).status).toBe(200);
    const numbers = (await api('/api/workspaces/reglement/articles')).body;
    expect(numbers).toMatchObject({ enabled: true, numberStyle: 'latin', frozenBy: { version: '1' } });
    expect(numbers.articles.map((a: { number: string }) => a.number)).toEqual(['1', '2', '3', '4', '5']);
  });
});

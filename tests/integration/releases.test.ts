/**
 * [R1] Releases: composed from the latest approved revisions only, published by a recorded
 * command, immutable (SQLite triggers, and no route changes one), served as a sanitised
 * website under a strict CSP at the URLs of CONTRACT.md, with a changelog, a diff between
 * releases, exports, and feedback that reaches the draft (public feedback through
 * moderation, rate- and length-limited). Real server, real SQLite, stock y-websocket clients.
 */
import { anchoredThreads } from '../../server/collab/commentAnchors.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { strFromU8, unzipSync } from 'fflate';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { connectClient, signIn, whenSynced } from '../helpers/clients.js';
import { paragraph, storedFingerprint } from '../helpers/docs.js';
import { LIMITS } from '../../shared/limits.js';
import type { Manifest } from '../../shared/releases.js';

type Who = 'admin' | 'staff' | 'partner' | 'partner2' | 'reader';
let server: TestServer;
let cookies: Record<Who, string>;
let docName: string;
let sectionSlug: string;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read answers as loosely typed JSON
async function api(who: Who | null, path: string, body?: unknown, method?: string): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(`${server.url}${path}`, {
    method: method ?? (body === undefined ? 'GET' : 'POST'),
    headers: { ...(who ? { cookie: cookies[who] } : {}), 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // HTML or empty
  }
  return { status: res.status, body: parsed, headers: res.headers };
}
const page = async (path: string) => {
  const res = await fetch(`${server.url}${path}`);
  return { status: res.status, html: await res.text(), headers: res.headers, url: res.url };
};

/** Previews and publishes; answers the published release. */
async function publish(version: string, notes = '', who: Who = 'staff') {
  const preview = await api(who, '/api/workspaces/toolbox/releases/preview', { version, date: '2026-12-01', notes });
  expect(preview.status).toBe(200);
  const published = await api(who, '/api/workspaces/toolbox/releases', { version, date: '2026-12-01', notes, manifestHash: preview.body.manifestHash });
  expect(published.status, JSON.stringify(published.body)).toBe(201);
  return { preview: preview.body, release: published.body };
}

async function storedText(name: string): Promise<string> {
  await server.rooms.settled(name);
  return (await storedFingerprint(server.store, name)).content;
}

beforeAll(async () => {
  server = await startTestServer();
  const who: Who[] = ['admin', 'staff', 'partner', 'partner2', 'reader'];
  cookies = Object.fromEntries(await Promise.all(who.map(async (w) => [w, await signIn(server.url, w)]))) as Record<Who, string>;
  const workspace = (await api('staff', '/api/workspaces/toolbox')).body;
  const section = workspace.sections.find((s: { parentId: string | null }) => s.parentId !== null);
  docName = section.docs.nl;
  sectionSlug = section.slug;
});
afterAll(() => server.stop());

describe('[CONTRACT] the published site', () => {
  it('[CONTRACT] the demo seed holds a published release 1 of toolbox: nav, section ids, block ids, languages', async () => {
    const list = (await api('reader', '/api/workspaces/toolbox/releases')).body;
    expect(list.map((r: { version: string }) => r.version)).toEqual(['1']);
    const detail = (await api('reader', '/api/workspaces/toolbox/releases/1')).body;
    const manifest: Manifest = detail.manifest;
    expect(manifest.sections.length).toBeGreaterThan(3);
    expect(manifest.leftOut).toEqual([]);

    const nl = await page('/p/toolbox/1/');
    expect(nl.status).toBe(200);
    expect(nl.headers.get('content-type')).toMatch(/text\/html/);
    expect(nl.html).toMatch(/<html lang="nl">/);
    expect(nl.html).toMatch(/<nav class="toc"[^>]*>[\s\S]*<\/nav>/);
    expect(nl.html).toMatch(/<main id="content"/);
    for (const section of manifest.sections) {
      expect(nl.html).toContain(`<section id="s-${section.slug}"`);
      expect(nl.html).toContain(`href="#s-${section.slug}"`);
      const revision = section.revisions.nl;
      for (const block of server.services.releases.content(revision.docName, revision.number)) {
        expect(nl.html).toContain(`id="b-${block.attrs!.id as string}"`);
        expect(nl.html).toContain(`href="#b-${block.attrs!.id as string}"`);
      }
    }
    // One h1 first; headings never skip a level on the way down (accessibility).
    const levels = [...nl.html.matchAll(/<h([1-6])[ >]/g)].map((m) => Number(m[1]));
    expect(levels[0]).toBe(1);
    expect(levels.filter((l) => l === 1)).toHaveLength(1);
    levels.slice(1).forEach((level, i) => expect(level, `heading ${i + 1}`).toBeLessThanOrEqual(levels[i] + 1));

    const fr = await page('/p/toolbox/1/?lang=fr');
    expect(fr.html).toMatch(/<html lang="fr">/);
    const first = manifest.sections[0];
    expect(fr.html).toContain(first.titles.fr);
    expect(fr.html).toContain(`id="b-${server.services.releases.content(first.revisions.fr.docName, first.revisions.fr.number)[0].attrs!.id as string}"`);
    expect(nl.html).toContain('hreflang="fr"');

    const section = await page(`/p/toolbox/1/${sectionSlug}/`);
    expect(section.status).toBe(200);
    expect(section.html).toContain(`<section id="s-${sectionSlug}"`);
  });

  it('[CONTRACT] /latest/ is the newest release; unknown versions and bad labels are 404; cached pages answer 304', async () => {
    const latest = await page('/p/toolbox/latest/');
    expect(latest.status).toBe(200);
    expect(new URL(latest.url).pathname).toBe('/p/toolbox/1/');
    expect((await page('/p/toolbox/latest/?lang=fr')).html).toMatch(/<html lang="fr">/);
    expect(new URL((await page('/p/toolbox/')).url).pathname).toBe('/p/toolbox/1/');
    expect(new URL((await page('/p/toolbox/1')).url).pathname).toBe('/p/toolbox/1/');
    expect((await page('/p/toolbox/99/')).status).toBe(404);
    expect((await page('/p/toolbox/a%20b/')).status).toBe(404);
    expect((await page('/p/nope/1/')).status).toBe(404);
    const first = await page('/p/toolbox/1/');
    const etag = first.headers.get('etag')!;
    expect(etag).toBeTruthy();
    const again = await fetch(`${server.url}/p/toolbox/1/`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });

  it('[CONTRACT] version labels use only [0-9A-Za-z._-]; "latest" is reserved; a published label cannot be reused', async () => {
    for (const version of ['latest', 'LATEST', 'a b', 'v/1', '', '..', 'é']) {
      const result = await api('staff', '/api/workspaces/toolbox/releases/preview', { version, date: '2026-12-01', notes: '' });
      expect(result.status, version).toBe(400);
      expect(result.body.error).toMatchObject({ code: 'validation_failed', field: 'version' });
    }
    const ok = await api('staff', '/api/workspaces/toolbox/releases/preview', { version: '2026.1_rc-1', date: '2026-12-01', notes: '' });
    expect(ok.status).toBe(200);
    const taken = await api('staff', '/api/workspaces/toolbox/releases/preview', { version: '1', date: '2026-12-01', notes: '' });
    expect(taken.body.versionTaken).toBe(true);
    const again = await api('staff', '/api/workspaces/toolbox/releases', { version: '1', date: '2026-12-01', notes: '', manifestHash: taken.body.manifestHash });
    expect(again.status).toBe(409);
    expect(again.body.error.field).toBe('version');
  });

  it('[R1] every published answer carries a strict CSP: no inline script, scripts only from this origin', async () => {
    for (const path of ['/p/toolbox/1/', '/p/toolbox/1/_changes/', '/p/_assets/release.css', '/p/toolbox/99/']) {
      const csp = (await page(path)).headers.get('content-security-policy')!;
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).not.toContain('unsafe-inline');
      expect(csp, path).not.toContain('unsafe-eval');
      expect((await page(path)).headers.get('x-content-type-options'), path).toBe('nosniff');
    }
    const html = (await page('/p/toolbox/1/')).html;
    // The only script is the optional feedback file; no inline script, no inline handlers, no style attributes.
    expect(html.match(/<script[^>]*>/g)).toEqual(['<script src="/p/_assets/feedback.js" defer>']);
    expect(html).not.toMatch(/<script[^>]*>[^<]+<\/script>/);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect(html).not.toMatch(/\sstyle=/i);
  });
});

describe('[R1] composing and publishing', () => {
  const APPROVED = 'De grond blijft altijd van de trust.';
  const UNAPPROVED = 'Deze zin is nog niet goedgekeurd.';
  const PENDING = 'Voorgesteld door een partner: ';

  it('[R1] a release shows only approved revision content: never unapproved draft text or pending suggestions', async () => {
    const staff = connectClient(server.url, docName, cookies.staff);
    await whenSynced(staff);
    staff.fragment().insert(0, [paragraph(APPROVED, 'relappr01')]);
    await vi.waitFor(async () => expect(await storedText(docName)).toContain(APPROVED));
    // A partner's suggestion, accepted before approval (counted in the changelog), and one left pending.
    const partner = connectClient(server.url, docName, cookies.partner);
    await whenSynced(partner);
    const partnerId = (await api('partner', '/api/auth/me')).body.user.id;
    const block = partner.fragment().get(0) as Y.XmlElement;
    (block.get(0) as Y.XmlText).insert(0, 'Echt: ', { insertion: { id: 'relacc01', author: partnerId } });
    await vi.waitFor(async () => expect(await storedText(docName)).toContain('Echt: '));
    expect((await api('staff', `/api/docs/${docName}/suggestions/accept`, { ids: ['relacc01'] })).status).toBe(200);
    (block.get(0) as Y.XmlText).insert(0, PENDING, { insertion: { id: 'relpend01', author: partnerId } });
    await vi.waitFor(async () => expect(await storedText(docName)).toContain(PENDING));
    partner.destroy();

    const asked = await api('staff', `/api/docs/${docName}/review/request`, { summary: 'Grondbeginsel' });
    expect(asked.status).toBe(201);
    expect((await api('admin', `/api/docs/${docName}/review/approve`, { requestId: asked.body.request.id })).status).toBe(201);

    // Typed after the approval: in the draft, never in the release.
    staff.fragment().insert(1, [paragraph(UNAPPROVED, 'relunap01')]);
    await vi.waitFor(async () => expect(await storedText(docName)).toContain(UNAPPROVED));
    staff.destroy();

    const { preview, release } = await publish('2', 'Tweede versie.');
    expect(JSON.stringify(preview.html)).toContain(APPROVED);
    expect(JSON.stringify(preview.html)).not.toContain(UNAPPROVED);
    expect(release.manifest.sections.find((s: { slug: string }) => s.slug === sectionSlug).revisions.nl.number).toBe(2);

    const html = (await page('/p/toolbox/2/')).html;
    expect(html).toContain('Echt: ' + APPROVED);
    expect(html).not.toContain(UNAPPROVED);
    expect(html).not.toContain(PENDING);
    expect(server.services.audit.list({ limit: 10 }).find((e) => e.action === 'release.publish')).toMatchObject({ target: '2' });
    expect(new URL((await page('/p/toolbox/latest/')).url).pathname).toBe('/p/toolbox/2/');
  });

  it('[R1] publishing refuses a manifest that changed since the preview; sections never approved are left out and listed', async () => {
    const before = await api('staff', '/api/workspaces/toolbox/releases/preview', { version: '3', date: '2026-12-02', notes: '' });
    const created = await api('staff', '/api/workspaces/toolbox/sections', { title: 'Nog niet goedgekeurd' });
    expect(created.status).toBe(201);
    const after = await api('staff', '/api/workspaces/toolbox/releases/preview', { version: '3', date: '2026-12-02', notes: '' });
    // A new, never-approved section is left out of the manifest and listed.
    expect(after.body.manifest.leftOut).toEqual([expect.objectContaining({ title: 'Nog niet goedgekeurd', languages: ['nl', 'fr'] })]);
    expect(after.body.manifest.sections.map((s: { slug: string }) => s.slug)).not.toContain(created.body.section.slug);
    expect(after.body.manifestHash).toBe(before.body.manifestHash);
    // A new approval changes the manifest: the old preview's hash is refused.
    const staff = connectClient(server.url, docName, cookies.staff);
    await whenSynced(staff);
    staff.fragment().insert(0, [paragraph('Nog een goedgekeurde zin.', 'relappr02')]);
    await vi.waitFor(async () => expect(await storedText(docName)).toContain('Nog een goedgekeurde zin.'));
    staff.destroy();
    const asked = await api('staff', `/api/docs/${docName}/review/request`, { summary: 'Aanvulling' });
    expect((await api('admin', `/api/docs/${docName}/review/approve`, { requestId: asked.body.request.id })).status).toBe(201);
    const stale = await api('staff', '/api/workspaces/toolbox/releases', { version: '3', date: '2026-12-02', notes: '', manifestHash: before.body.manifestHash });
    expect(stale.status).toBe(409);
    expect(stale.body.error.field).toBe('manifestHash');
    expect((await api('staff', '/api/workspaces/toolbox/releases')).body.map((r: { version: string }) => r.version)).toEqual(['2', '1']);
  });

  it('[R1] a published release is immutable: SQLite refuses UPDATE and DELETE, and no route changes it', async () => {
    const snapshot = () => server.db.prepare('SELECT * FROM releases ORDER BY version').all();
    const before = snapshot();
    expect(() => server.db.prepare("UPDATE releases SET notes = 'changed' WHERE version = '1'").run()).toThrow(/immutable/);
    expect(() => server.db.prepare("DELETE FROM releases WHERE version = '1'").run()).toThrow(/immutable/);
    // Every route that names a release: none deletes it, the only change is the feedback setting (a separate row).
    const routes = (server.app.locals.apiRoutes as { method: string; path: string }[]).filter((r) => r.path.includes('/releases'));
    expect(routes.filter((r) => r.method === 'delete')).toEqual([]);
    expect(routes.filter((r) => r.method === 'patch').map((r) => r.path)).toEqual(['/api/workspaces/:slug/releases/:version/feedback']);
    await api('staff', '/api/workspaces/toolbox/releases/1/feedback', { mode: 'public' }, 'PATCH');
    await api('staff', '/api/workspaces/toolbox/releases/1/feedback', { mode: 'off' }, 'PATCH');
    await api('staff', '/api/workspaces/toolbox/releases', { version: '1', date: '2030-01-01', notes: 'overwrite', manifestHash: 'x' });
    await api('staff', '/api/workspaces/toolbox/releases/1', { notes: 'x' }, 'PATCH');
    await api('admin', '/api/workspaces/toolbox/releases/1', undefined, 'DELETE');
    expect(snapshot()).toEqual(before);
  });

  it('[R1] script in content, links, titles, notes and names is sanitised on the published page', async () => {
    const workspace = (await api('staff', '/api/workspaces/toolbox')).body;
    const target = workspace.sections[0];
    // A stored revision carrying hostile content (the renderer is the last line of defence, whatever got stored).
    const hostile = [
      { type: 'paragraph', attrs: { id: 'xss00001' }, content: [{ type: 'text', text: '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">' }] },
      { type: 'paragraph', attrs: { id: 'xss00002' }, content: [{ type: 'text', text: 'klik', marks: [{ type: 'link', attrs: { href: 'javascript:window.__xss=3' } }] }] },
      { type: 'paragraph', attrs: { id: '"><script>window.__xss=4</script>' }, content: [{ type: 'text', text: 'id' }] },
      { type: 'image', attrs: { id: 'xss00004', src: 'javascript:window.__xss=5', alt: '"><script>window.__xss=6</script>' } },
    ];
    server.db
      .prepare(
        `INSERT INTO revisions (doc, number, workspace_id, section_id, lang, content, content_hash, html, plain_text, summary, approvers, contributors, approved_at)
         VALUES (?, (SELECT MAX(number) + 1 FROM revisions WHERE doc = ?), ?, ?, 'nl', ?, 'x', '', '', '<b onmouseover=alert(1)>samenvatting</b>', '[]', '{"people":[],"organisations":[]}', ?)`,
      )
      .run(target.docs.nl, target.docs.nl, workspace.id, target.id, JSON.stringify(hostile), Date.now());
    expect((await api('staff', `/api/workspaces/toolbox/sections/${target.id}`, { title: '<script>window.__xss=7</script>Titel' }, 'PATCH')).status).toBe(200);
    await publish('xss', '<img src=x onerror=alert(1)> notities </p><script>window.__xss=8</script>');
    for (const path of ['/p/toolbox/xss/', '/p/toolbox/xss/_changes/', `/p/toolbox/xss/${target.slug}/`, '/p/toolbox/xss/_diff/?from=2', '/p/toolbox/xss/_export/toolbox-xss.html']) {
      const html = (await page(path)).html;
      expect(html, path).not.toMatch(/<script>/i);
      expect(html, path).not.toMatch(/<img[^>]*onerror/i);
      expect(html, path).not.toMatch(/<[^>]+\son[a-z]+=/i);
      expect(html, path).not.toMatch(/(href|src)="javascript:/i);
      expect(html, path).not.toContain('"><script');
    }
    const html = (await page('/p/toolbox/xss/')).html;
    expect(html).toContain('&lt;script&gt;window.__xss=7&lt;/script&gt;Titel');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; notities');
  });
});

describe('changelog, diff and exports', () => {
  it('[R1] the changelog lists changed sections, their revision summaries, accepted suggestions and contributing organisations', async () => {
    const release = (await api('reader', '/api/workspaces/toolbox/releases/2')).body;
    expect(release.changelog.previous).toBe('1');
    const entry = release.changelog.entries.find((e: { slug: string }) => e.slug === sectionSlug);
    expect(entry).toMatchObject({ change: 'changed', languages: ['nl'], summaries: [{ lang: 'nl', number: 2, summary: 'Grondbeginsel' }], suggestionsAccepted: 1 });
    expect(entry.organisations).toEqual(expect.arrayContaining(['Buurtwerk Noordwijk', 'Community Land Trust Brussels']));
    expect(release.changelog.entries).toHaveLength(1);
    expect(release.changelog.suggestionsAccepted).toBe(1);
    // Comment threads live on another branch: the count is null until they exist.
    // No thread was resolved by one of these revisions yet.
    expect(release.changelog.threadsAddressed).toBe(0);
    const first = (await api('reader', '/api/workspaces/toolbox/releases/1')).body.changelog;
    expect(first.previous).toBeNull();
    expect(first.entries.every((e: { change: string }) => e.change === 'added')).toBe(true);

    const html = (await page('/p/toolbox/2/_changes/')).html;
    expect(html).toContain('Tweede versie.');
    expect(html).toContain('Grondbeginsel');
    expect(html).toContain('Buurtwerk Noordwijk');
    expect(html).toContain('<option value="1">');
  });

  it('[R1] the diff between two releases shows sections changed with their inline difference', async () => {
    const diff = (await api('reader', '/api/workspaces/toolbox/releases/2/diff?from=1')).body;
    expect(diff).toMatchObject({ from: '1', to: '2' });
    expect(diff.sections).toHaveLength(1);
    const changed = diff.sections[0];
    expect(changed).toMatchObject({ slug: sectionSlug, lang: 'nl', change: 'changed', from: 1, to: 2 });
    expect(changed.diff.summary.inserted).toBe(1);
    expect(JSON.stringify(changed.diff.blocks.filter((b: { kind: string }) => b.kind === 'inserted'))).toContain('Echt: De grond blijft');
    expect(diff.unchanged).toBeGreaterThan(0);
    // Later → earlier shows it removed; an unknown release is 404.
    const back = (await api('reader', '/api/workspaces/toolbox/releases/1/diff?from=2')).body;
    expect(back.sections[0].diff.summary.deleted).toBe(1);
    expect((await api('reader', '/api/workspaces/toolbox/releases/2/diff?from=9')).status).toBe(404);

    const html = (await page('/p/toolbox/2/_diff/?from=1')).html;
    expect(html).toContain('<ins>Echt: De grond blijft altijd van de trust.</ins>');
    expect((await page('/p/toolbox/2/_diff/?from=nope')).status).toBe(404);
  });

  it('[R1] exports: one self-contained HTML file (inline CSS, images as data: URIs) and a Markdown archive that round-trips the text', async () => {
    // An approved image in a section, from an upload.
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a3a60000000049454e44ae426082', 'hex');
    const upload = await fetch(`${server.url}/api/workspaces/toolbox/images`, { method: 'POST', headers: { cookie: cookies.staff, 'content-type': 'image/png' }, body: png });
    const src = ((await upload.json()) as { src: string }).src;
    const staff = connectClient(server.url, docName, cookies.staff);
    await whenSynced(staff);
    const image = new Y.XmlElement('image');
    image.setAttribute('src', src);
    image.setAttribute('alt', 'Schema');
    image.setAttribute('id', 'relimg001');
    staff.fragment().insert(0, [image]);
    await vi.waitFor(async () => expect(await storedText(docName)).toContain('relimg001'));
    staff.destroy();
    const asked = await api('staff', `/api/docs/${docName}/review/request`, { summary: 'Schema' });
    expect((await api('admin', `/api/docs/${docName}/review/approve`, { requestId: asked.body.request.id })).status).toBe(201);
    const { release } = await publish('4');

    const site = (await page('/p/toolbox/4/')).html;
    const file = src.slice('/media/'.length);
    expect(site).toContain(`src="_media/${file}"`);
    const media = await fetch(`${server.url}/p/toolbox/4/_media/${file}`);
    expect(media.status).toBe(200);
    expect(Buffer.from(await media.arrayBuffer())).toEqual(png);
    expect((await fetch(`${server.url}/p/toolbox/1/_media/${file}`)).status).toBe(404);

    const exported = await page('/p/toolbox/4/_export/toolbox-4.html');
    expect(exported.headers.get('content-disposition')).toContain('attachment; filename="toolbox-4.html"');
    expect(exported.html).toContain('<style>');
    expect(exported.html).not.toContain('<link');
    expect(exported.html).not.toMatch(/<script/);
    expect(exported.html).toContain(`src="data:image/png;base64,${png.toString('base64')}"`);
    const manifest: Manifest = release.manifest;
    for (const section of manifest.sections) {
      expect(exported.html).toContain(`<section id="s-${section.slug}"`);
      for (const block of server.services.releases.content(section.revisions.nl.docName, section.revisions.nl.number)) {
        if (/^[A-Za-z0-9_-]+$/.test(String(block.attrs?.id))) expect(exported.html).toContain(`id="b-${String(block.attrs?.id)}"`);
      }
    }

    const zip = await fetch(`${server.url}/p/toolbox/4/_export/toolbox-4.zip`);
    expect(zip.headers.get('content-type')).toBe('application/zip');
    const files = unzipSync(new Uint8Array(await zip.arrayBuffer()));
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['index.md', 'nl/index.md', 'fr/index.md', `media/${file}`]));
    expect(Buffer.from(files[`media/${file}`])).toEqual(png);
    const index = strFromU8(files['nl/index.md']);
    manifest.sections.forEach((section, i) => {
      const name = Object.keys(files).find((f) => f.startsWith('nl/') && f.endsWith(`-${section.slug}.md`))!;
      expect(name, section.slug).toBeTruthy();
      expect(index).toContain(name.slice(3));
      const markdown = strFromU8(files[name]).replace(/\\(.)/g, '$1').replace(/\*\*/g, '');
      expect(markdown).toContain(`# ${section.titles.nl}`);
      // Every paragraph's text comes back.
      for (const block of server.services.releases.content(section.revisions.nl.docName, section.revisions.nl.number)) {
        if (block.type !== 'paragraph') continue;
        const text = (block.content ?? []).map((n) => n.text ?? '').join('');
        if (!text.includes('](')) expect(markdown, `${section.slug} #${i}`).toContain(text);
      }
    });
    expect(strFromU8(files[Object.keys(files).find((f) => f.startsWith('nl/') && f.endsWith(`-${sectionSlug}.md`))!])).toContain(`![Schema](../media/${file})`);

    // Word: the same sections, headings, text and image, with a table of contents field.
    const docx = await fetch(`${server.url}/p/toolbox/4/_export/toolbox-4.docx?lang=fr`);
    expect(docx.status).toBe(200);
    expect(docx.headers.get('content-disposition')).toContain('toolbox-4-fr.docx');
    const parts = unzipSync(new Uint8Array(await docx.arrayBuffer()));
    const xml = strFromU8(parts['word/document.xml']);
    expect(xml).toContain('TOC \\h \\o');
    // The image is in the Dutch text.
    const nlDocx = unzipSync(new Uint8Array(await (await fetch(`${server.url}/p/toolbox/4/_export/toolbox-4.docx`)).arrayBuffer()));
    expect(strFromU8(nlDocx['word/document.xml'])).toContain('<w:drawing>');
    expect(Object.keys(nlDocx).some((name) => name.startsWith('word/media/'))).toBe(true);
    for (const section of manifest.sections) {
      expect(xml).toContain(section.titles.fr.replace(/&/g, '&amp;').replace(/'/g, '&apos;').replace(/"/g, '&quot;'));
      const text = server.services.releases.content(section.revisions.fr.docName, section.revisions.fr.number).find((b) => b.type === 'paragraph' && b.content?.length === 1);
      if (text) expect(xml).toContain((text.content![0].text ?? '').replace(/&/g, '&amp;').replace(/'/g, '&apos;').replace(/"/g, '&quot;'));
    }
  });
});

describe('feedback on a release', () => {
  let blockId: string;
  let quote: string;
  const feedback = (who: Who | null, body: Record<string, unknown>) => api(who, '/api/public/releases/toolbox/2/feedback', { lang: 'nl', blockId, quote, context: '', name: 'Anoniem', body: 'Mooi zo.', ...body });

  beforeAll(async () => {
    const release = (await api('reader', '/api/workspaces/toolbox/releases/2')).body;
    const section = release.manifest.sections.find((s: { slug: string }) => s.slug === sectionSlug);
    const blocks = server.services.releases.content(section.revisions.nl.docName, section.revisions.nl.number);
    const block = blocks.find((b) => JSON.stringify(b).includes('De grond blijft'))!;
    blockId = block.attrs!.id as string;
    quote = 'De grond blijft altijd';
  });

  it('[R1] feedback is closed until staff open it; members or the public may then leave remarks', async () => {
    expect((await api(null, '/api/public/releases/toolbox/2')).body).toMatchObject({ feedback: 'off', mayLeaveFeedback: false });
    expect((await feedback(null, {})).status).toBe(403);
    expect((await feedback('reader', {})).status).toBe(403);
    expect((await api('staff', '/api/workspaces/toolbox/releases/2/feedback', { mode: 'members' }, 'PATCH')).body.feedback).toBe('members');
    expect((await api(null, '/api/public/releases/toolbox/2')).body.mayLeaveFeedback).toBe(false);
    expect((await api('reader', '/api/public/releases/toolbox/2')).body).toMatchObject({ mayLeaveFeedback: true, name: 'Sofia Haddad' });
    expect((await feedback(null, {})).status).toBe(403);
    expect((await api('partner', '/api/workspaces/toolbox/releases/2/feedback', { mode: 'public' }, 'PATCH')).status).toBe(403);
  });

  it("[R1] a signed-in reader's remark reaches the draft at once, anchored by block id and quote", async () => {
    const left = await feedback('reader', { name: 'Sofia', body: 'Is dat echt altijd zo?' });
    expect(left.status).toBe(201);
    expect(left.body.status).toBe('accepted');
    const row = server.db.prepare('SELECT * FROM feedback_threads WHERE feedback_id = ?').get(left.body.id) as Record<string, unknown>;
    expect(row).toMatchObject({ doc: docName, block_id: blockId, quote, body: 'Is dat echt altijd zo?', release_version: '2', anchor: 'found' });
    const accepted = (await api('staff', '/api/workspaces/toolbox/feedback?status=accepted')).body;
    expect(accepted).toEqual([expect.objectContaining({ id: left.body.id, signedIn: true, threadId: expect.any(String), version: '2' })]);
    // The remark is a comment thread by the reader, from release 2.
    expect(server.services.comments.find(accepted[0].threadId)).toMatchObject({ docName, fromRelease: '2', author: { name: 'Sofia Haddad' } });
    // Members see it beside the draft, with the release it came from.
    expect((await api('partner', `/api/docs/${docName}/release-feedback`)).body).toEqual([
      expect.objectContaining({ id: row.id, quote, body: 'Is dat echt altijd zo?', name: 'Sofia', version: '2', anchor: 'found' }),
    ]);
  });

  it('[R1] public feedback is length-limited, checked against the passage, moderated, and accepted into the draft by staff', async () => {
    expect((await api('staff', '/api/workspaces/toolbox/releases/2/feedback', { mode: 'public' }, 'PATCH')).status).toBe(200);
    const tooLong = await feedback(null, { body: 'x'.repeat(LIMITS.maxFeedbackChars + 1) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.field).toBe('body');
    expect((await feedback(null, { name: 'n'.repeat(LIMITS.maxNameChars + 1) })).body.error.field).toBe('name');
    expect((await feedback(null, { quote: 'staat hier niet' })).body.error.field).toBe('quote');
    expect((await feedback(null, { blockId: 'nope' })).body.error.field).toBe('blockId');

    const left = await feedback(null, { name: '<b>Jan</b>', body: 'Graag een voorbeeld.' });
    expect(left.status).toBe(201);
    expect(left.body.status).toBe('pending');
    const queue = (await api('staff', '/api/workspaces/toolbox/feedback')).body;
    expect(queue).toEqual([expect.objectContaining({ id: left.body.id, name: '<b>Jan</b>', quote, signedIn: false, status: 'pending' })]);
    expect(server.db.prepare('SELECT COUNT(*) AS n FROM feedback_threads WHERE feedback_id = ?').get(left.body.id)).toEqual({ n: 0 });
    expect((await api('partner', `/api/workspaces/toolbox/feedback/${left.body.id}/accept`, {})).status).toBe(403);
    expect((await api('reader', '/api/workspaces/toolbox/feedback')).status).toBe(403);

    const accepted = await api('staff', `/api/workspaces/toolbox/feedback/${left.body.id}/accept`, {});
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', threadId: expect.any(String) });
    expect(server.db.prepare('SELECT doc, anchor, author_name FROM feedback_threads WHERE feedback_id = ?').get(left.body.id)).toEqual({ doc: docName, anchor: 'found', author_name: '<b>Jan</b>' });
    // [C1] It is a comment thread in the draft, marked with its release, anchored by the server on the same passage.
    const thread = server.services.comments.find(accepted.body.threadId)!;
    // The visitor is its author (their words as written), the moderator who accepted it is recorded beside them.
    expect(thread).toMatchObject({ docName, fromRelease: '2', quote, detached: false, author: { id: '', name: '<b>Jan</b>' } });
    expect(thread.messages[0]).toMatchObject({ body: 'Graag een voorbeeld.', visitor: { name: '<b>Jan</b>', release: '2' }, acceptedBy: { name: 'Thomas Peeters' } });
    await server.services.comments.scanAnchors(docName);
    expect(await server.rooms.command(docName, null, (doc) => anchoredThreads(doc.getXmlFragment('default')).has(thread.id))).toBe(true);
    expect((await api('staff', `/api/workspaces/toolbox/feedback/${left.body.id}/accept`, {})).status).toBe(409);
    expect((await api('staff', '/api/workspaces/toolbox/feedback')).body).toEqual([]);
    expect(server.services.audit.list({ limit: 5 }).map((e) => e.action)).toContain('release.feedback.accept');

    const spam = await feedback(null, { body: 'Koop nu!' });
    const rejected = await api('staff', `/api/workspaces/toolbox/feedback/${spam.body.id}/reject`, {});
    expect(rejected.body.status).toBe('rejected');
    expect(server.db.prepare('SELECT COUNT(*) AS n FROM feedback_threads WHERE feedback_id = ?').get(spam.body.id)).toEqual({ n: 0 });
  });

  it('[R1] public feedback is rate-limited per address (429 rate_limited); signed-in members are not', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < LIMITS.publicFeedbackPerWindow + 2; i++) statuses.push((await feedback(null, { body: `Opmerking ${i}` })).status);
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s === 201).length).toBeLessThanOrEqual(LIMITS.publicFeedbackPerWindow);
    const limited = await feedback(null, { body: 'Nog een' });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect((await feedback('reader', { body: 'Als lid' })).status).toBe(201);
  });
});

describe('[A5] release permissions', () => {
  it('[A5] partners and readers cannot compose, publish or moderate; everyone signed in reads the list; the site is public', async () => {
    for (const who of ['partner', 'partner2', 'reader'] as const) {
      expect((await api(who, '/api/workspaces/toolbox/releases/preview', { version: '9', date: '2026-12-01', notes: '' })).status, who).toBe(403);
      expect((await api(who, '/api/workspaces/toolbox/releases', { version: '9', date: '2026-12-01', notes: '', manifestHash: 'x' })).status, who).toBe(403);
      expect((await api(who, '/api/workspaces/toolbox/feedback')).status, who).toBe(403);
      expect((await api(who, '/api/workspaces/toolbox/releases')).status, who).toBe(200);
    }
    expect((await api(null, '/api/workspaces/toolbox/releases')).status).toBe(401);
    expect((await api('admin', '/api/workspaces/toolbox/releases/preview', { version: '9', date: '2026-12-01', notes: '' })).status).toBe(200);
    expect((await page('/p/toolbox/1/')).status).toBe(200);
    expect((await api('staff', '/api/workspaces/toolbox/releases')).body.map((r: { version: string }) => r.version)).not.toContain('9');
  });
});

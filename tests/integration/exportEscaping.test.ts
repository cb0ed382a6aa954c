/**
 * Exports run nothing (issue 19). A release whose workspace name, section titles, notes and
 * text carry script in every shape we know is published and exported; each file of the
 * Markdown archive is rendered as most static-site tools render Markdown (markdown-it with
 * raw HTML allowed) and opened in Chromium, which counts the script that runs: none may.
 * The HTML export is opened the same way (without its CSP, so escaping alone is tested),
 * and the Word export's XML carries the markup as escaped text only. A control page proves
 * the harness sees script that does run.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import MarkdownIt from 'markdown-it';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser.js';
import { callApi, DEMO, signIn, startHttpServer, type TestHttpServer } from '../helpers/httpServer.js';

/** Script in the shapes that Markdown with raw HTML would run; each names itself when it runs. */
const PAYLOADS = [
  `<script>__ran('script')</script>`,
  `<img src=x onerror="__ran('img')">`,
  `<svg onload="__ran('svg')"></svg>`,
  `<iframe srcdoc="<script>parent.__ran('iframe')</script>"></iframe>`,
  `<details open ontoggle="__ran('details')">x</details>`,
  `<a href="javascript:__ran('href')">a</a>`,
  `[md](javascript:__ran('mdlink'))`,
  `<javascript:__ran('autolink')>`,
  `&lt;script&gt;__ran('entity')&lt;/script&gt;`,
  '```\n<script>__ran("fence")</script>\n```',
  '~~~~\n<img src=x onerror="__ran(\'tilde\')">',
  `<!-- --><body onload="__ran('body')">`,
  `\n\n<div onmouseover="__ran('block')" style="position:fixed;inset:0">x</div>`,
];
const TITLE = `<script>__ran('title')</script><img src=x onerror="__ran('title-img')">`;
const NAME = `<img src=x onerror="__ran('name')"><script>__ran('name-script')</script>`;
const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** An HTML file whose text (not markup) is every payload, in every kind of block. */
const HOSTILE_HTML = `<!doctype html><html><body>
<h1>${escapeHtml(TITLE)}</h1>
${PAYLOADS.map((payload) => `<p>${escapeHtml(payload)}</p>`).join('\n')}
<pre><code>${escapeHtml(PAYLOADS.join('\n'))}</code></pre>
<ul>${PAYLOADS.map((payload) => `<li>${escapeHtml(payload)}</li>`).join('')}</ul>
<table><tr><th>${escapeHtml(PAYLOADS[0])}</th><th>${escapeHtml(PAYLOADS[1])}</th></tr><tr><td>${escapeHtml(PAYLOADS[2])}|x</td><td><code>${escapeHtml(PAYLOADS[3])}</code></td></tr></table>
<blockquote><p><strong>${escapeHtml(PAYLOADS[4])}</strong> <em>${escapeHtml(PAYLOADS[5])}</em></p></blockquote>
<p><a href="https://example.org/a)b">${escapeHtml(PAYLOADS[6])}</a></p>
<h1>${escapeHtml('Tweede ' + PAYLOADS[1])}</h1>
<p>${escapeHtml(PAYLOADS[7])}</p>
</body></html>`;

let server: TestHttpServer;
let browser: Browser;
let page: Page;
let staff: string;
let admin: string;

/** Opens HTML in Chromium with a counter of script runs; answers what ran and what active markup is left. */
async function runsIn(html: string): Promise<{ ran: string[]; active: string[] }> {
  await page.setContent(`<!doctype html><html><head><script>window.__runs = []; window.__ran = (what) => window.__runs.push(what);</script></head><body>${html}</body></html>`, { waitUntil: 'load' });
  // Error and load handlers of broken images fire after load; give them a moment.
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
  server = await startHttpServer();
  staff = await signIn(server, DEMO.staff.email, DEMO.staff.password);
  admin = await signIn(server, DEMO.admin.email, DEMO.admin.password);
  browser = await launchBrowser();
  page = await browser.newPage();
  // No rename route exists; the name is set where it lives, as a hostile admin could have typed it at creation.
  server.db.prepare('UPDATE workspaces SET name = ? WHERE slug = ?').run(NAME, 'toolbox');

  const staged = await callApi(server, '/api/workspaces/toolbox/imports/files?name=vijandig.html', { method: 'POST', cookie: staff, rawBody: HOSTILE_HTML, headers: { 'content-type': 'application/octet-stream' } });
  expect(staged.status, JSON.stringify(staged.body)).toBe(201);
  const started = await callApi(server, '/api/workspaces/toolbox/imports', { cookie: staff, body: { files: [staged.body.id], splitLevel: 1, trackedChanges: 'suggest' } });
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  let sectionIds: string[] = [];
  await vi.waitFor(async () => {
    const job = (await callApi(server, `/api/workspaces/toolbox/imports/${started.body.id}`, { cookie: staff })).body;
    expect(job.status).toBe('done');
    sectionIds = job.sectionIds;
  }, { timeout: 15_000 });
  const sections = (await callApi(server, '/api/workspaces/toolbox', { cookie: staff })).body.sections as { id: string; title: string; docs: Record<string, string> }[];
  for (const section of sections.filter((s) => sectionIds.includes(s.id))) {
    const requested = await callApi(server, `/api/docs/${section.docs.nl}/review/request`, { cookie: staff, body: { summary: 'Vijandige tekst' } });
    expect(requested.status, JSON.stringify(requested.body)).toBe(201);
    const approved = await callApi(server, `/api/docs/${section.docs.nl}/review/approve`, { cookie: admin, body: { requestId: requested.body.request.id } });
    expect(approved.status, JSON.stringify(approved.body)).toBe(201);
  }
  const notes = PAYLOADS.join('\n');
  const preview = await callApi(server, '/api/workspaces/toolbox/releases/preview', { cookie: staff, body: { version: '7', date: '2026-12-07', notes } });
  expect(preview.status, JSON.stringify(preview.body)).toBe(200);
  const published = await callApi(server, '/api/workspaces/toolbox/releases', { cookie: staff, body: { version: '7', date: '2026-12-07', notes, manifestHash: preview.body.manifestHash } });
  expect(published.status, JSON.stringify(published.body)).toBe(201);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('[issue 19] exports run nothing', () => {
  it('[issue 19] the harness counts script that runs (control)', async () => {
    const control = await runsIn(new MarkdownIt({ html: true }).render(`${PAYLOADS[0]}\n\n${PAYLOADS[1]}\n`));
    expect(control.ran.sort()).toEqual(['img', 'script']);
  });

  it('[issue 19] every file of the Markdown archive, rendered with raw HTML allowed, runs no script and keeps the text', async () => {
    const zip = await fetch(`${server.url}/p/toolbox/7/_export/toolbox-7.zip`);
    expect(zip.status).toBe(200);
    const files = Object.entries(unzipSync(new Uint8Array(await zip.arrayBuffer()))).filter(([name]) => name.endsWith('.md'));
    expect(files.length).toBeGreaterThanOrEqual(4);
    const markdownIt = new MarkdownIt({ html: true });
    let all = '';
    for (const [name, bytes] of files) {
      const rendered = await runsIn(markdownIt.render(strFromU8(bytes)));
      expect(rendered, name).toEqual({ ran: [], active: [] });
      all += await page.evaluate(() => document.body.innerText);
    }
    // Shown as the text it was: the name, a title, the notes and the content.
    for (const text of [NAME, TITLE, PAYLOADS[0], PAYLOADS[1], `__ran("fence")`]) expect(all).toContain(text);
  });

  it('[issue 19] the HTML export, opened without its CSP, runs no script', async () => {
    const html = await (await fetch(`${server.url}/p/toolbox/7/_export/toolbox-7.html`)).text();
    const rendered = await runsIn(html.replace(/^<!doctype html>/i, ''));
    expect(rendered).toEqual({ ran: [], active: [] });
    expect(await page.evaluate(() => document.body.innerText)).toContain(TITLE);
  });

  it('[issue 19] the Word export carries the markup as escaped text only', async () => {
    const docx = await fetch(`${server.url}/p/toolbox/7/_export/toolbox-7.docx`);
    expect(docx.status).toBe(200);
    const xml = strFromU8(unzipSync(new Uint8Array(await docx.arrayBuffer()))['word/document.xml']);
    expect(xml).not.toMatch(/<(script|img|svg|iframe|details|a)[\s>]/i);
    expect(xml).toContain('&lt;script&gt;__ran(');
    expect(xml).toContain('onerror=');
  });
});

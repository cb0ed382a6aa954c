/**
 * Browser: staff compose, preview and publish a release from the Releases page and open
 * feedback on it; the published page renders with no script error and no CSP violation,
 * hostile content runs no script in Chromium (R1); a signed-in reader selects a passage and
 * leaves a remark that reaches the draft; a visitor's remark waits in moderation until staff
 * accept it.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openBrowserSuite, type BrowserSuite } from '../helpers/browser.js';

const WAIT = { timeout: 15_000, interval: 100 };
let suite: BrowserSuite;

/** Collects page errors and console errors (CSP violations are reported there). */
function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return problems;
}

/** Selects the first `length` characters of a published block and lets the page see the mouse-up. */
async function selectInBlock(page: Page, blockSelector: string, length: number): Promise<string> {
  // The feedback script says when it is ready (it asks the server whether feedback is open).
  await page.locator('body[data-feedback="on"]').waitFor();
  return page.evaluate(
    ({ selector, count }) => {
      const block = document.querySelector(selector)!;
      const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
      const text = walker.nextNode() as Text;
      const range = document.createRange();
      range.setStart(text, 0);
      range.setEnd(text, Math.min(count, text.length));
      const selection = window.getSelection()!;
      selection.removeAllRanges();
      selection.addRange(range);
      document.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
      return selection.toString();
    },
    { selector: blockSelector, count: length },
  );
}

beforeAll(async () => {
  suite = await openBrowserSuite();
});
afterAll(() => suite?.close());

describe('releases in the browser', () => {
  it('[R1] staff compose, preview and publish; the public page renders without script errors; a reader leaves feedback that reaches the draft', { timeout: 120_000 }, async () => {
    // Each page under watch opens in a tab of its own, after signing in in another: what a
    // sign-in page logged (its 401 for /api/auth/me, say) is not the watched page's.
    const staff = await (await suite.openAs('staff', '/')).context().newPage();
    const staffProblems = watch(staff);
    await staff.goto('/w/toolbox/releases');
    await staff.getByRole('heading', { name: 'Releases', level: 1 }).waitFor();
    await staff.getByLabel('Version', { exact: true }).fill('2');
    await staff.getByLabel('Release notes in Dutch').fill('Tweede versie, met opmerkingen van de partners.');
    await staff.getByRole('button', { name: 'Preview' }).click();
    const preview = staff.getByRole('region', { name: 'Preview of version 2' });
    await preview.waitFor();
    await expect.poll(() => preview.getByRole('table').getByRole('row').count(), WAIT).toBeGreaterThan(3);
    expect(await preview.getByText('Deze toolbox bundelt wat partnerorganisaties').count()).toBeGreaterThan(0);
    await preview.getByRole('button', { name: 'Publish version 2' }).click();
    await staff.getByRole('alertdialog').getByRole('button', { name: 'Publish now' }).click();
    await vi.waitFor(async () => expect(await staff.getByRole('status').first().innerText()).toContain('Version 2 is published.'), WAIT);
    const card = staff.getByRole('listitem').filter({ has: staff.getByRole('link', { name: 'Version 2' }) });
    await card.getByLabel('Feedback').selectOption('public');
    await vi.waitFor(async () => expect((await suite.server.services.releases.list(suite.server.services.workspaces.findBySlug('toolbox')!))[0].feedback).toBe('public'), WAIT);
    expect(staffProblems).toEqual([]);

    // Anyone reads it: table of contents, sections, permalinks; no script error, no CSP violation.
    const visitor = await suite.newPage();
    const visitorProblems = watch(visitor);
    await visitor.goto('/p/toolbox/latest/');
    expect(new URL(visitor.url()).pathname).toBe('/p/toolbox/2/');
    await visitor.getByRole('navigation', { name: 'Inhoud' }).waitFor();
    expect(await visitor.getByRole('main').locator('section[id^="s-"]').count()).toBeGreaterThan(3);
    expect(await visitor.getByRole('heading', { level: 1 }).innerText()).toContain('Toolbox');
    expect(await visitor.evaluate(() => document.documentElement.lang)).toBe('nl');
    await visitor.getByRole('link', { name: 'Français' }).click();
    await visitor.waitForURL(/lang=fr/);
    expect(await visitor.evaluate(() => document.documentElement.lang)).toBe('fr');
    await visitor.getByRole('navigation', { name: 'Sommaire' }).waitFor();

    // The visitor's remark waits for moderation.
    await visitor.goto('/p/toolbox/2/');
    const quote = await selectInBlock(visitor, 'main section p[id^="b-"]', 24);
    await visitor.getByRole('button', { name: 'Reageer op deze passage' }).click();
    const visitorForm = visitor.getByRole('form', { name: 'Reageer op deze passage' });
    await visitorForm.getByLabel('Uw opmerking').fill('Kan dit korter?');
    await visitorForm.getByLabel('Uw naam').fill('Een buurtbewoner');
    await visitorForm.getByRole('button', { name: 'Versturen' }).click();
    await vi.waitFor(async () => expect(await visitor.getByRole('status').innerText()).toContain('de redactie leest uw opmerking'), WAIT);
    expect(visitorProblems).toEqual([]);

    // A signed-in reader's remark goes straight to the draft, anchored at the passage.
    const reader = await (await suite.openAs('reader', '/')).context().newPage();
    const readerProblems = watch(reader);
    await reader.goto('/p/toolbox/2/');
    const readerQuote = await selectInBlock(reader, 'main section:nth-of-type(3) p[id^="b-"]', 18);
    await reader.getByRole('button', { name: 'Reageer op deze passage' }).click();
    const readerForm = reader.getByRole('form', { name: 'Reageer op deze passage' });
    expect(await readerForm.getByLabel('Uw naam').inputValue()).toBe('Sofia Haddad');
    await readerForm.getByLabel('Uw opmerking').fill('Graag een voorbeeld.');
    await readerForm.getByRole('button', { name: 'Versturen' }).click();
    await vi.waitFor(async () => expect(await reader.getByRole('status').innerText()).toContain('bij de redactie'), WAIT);
    expect(readerProblems).toEqual([]);
    const rows = () => suite.server.db.prepare('SELECT quote, body, author_name, anchor FROM feedback_threads ORDER BY created_at').all();
    await vi.waitFor(() => expect(rows()).toEqual([{ quote: readerQuote.trim(), body: 'Graag een voorbeeld.', author_name: 'Sofia Haddad', anchor: 'found' }]), WAIT);

    // Staff see it beside the draft of that section, marked with the release it came from.
    const doc = (suite.server.db.prepare('SELECT doc FROM feedback_threads').get() as { doc: string }).doc;
    const target = suite.server.services.sections.listOutline(suite.server.services.workspaces.findBySlug('toolbox')!).find((s) => s.docs.nl === doc)!;
    const sectionPage = await suite.openAs('staff', target.url);
    const panel = sectionPage.getByRole('region', { name: 'Feedback from published releases' });
    await panel.getByText('Graag een voorbeeld.').waitFor();
    expect(await panel.innerText()).toContain('Sofia Haddad, on version 2');
    await sectionPage.close();

    // Staff accept the visitor's remark from the moderation queue.
    await staff.reload();
    const queue = staff.getByRole('region', { name: 'Feedback to moderate' });
    await queue.getByText('Kan dit korter?').waitFor();
    await queue.getByRole('button', { name: 'Accept into the draft' }).click();
    await vi.waitFor(async () => expect(await staff.getByRole('status').first().innerText()).toContain('The remark is in the draft.'), WAIT);
    await vi.waitFor(() => expect(rows()).toContainEqual({ quote: quote.trim(), body: 'Kan dit korter?', author_name: 'Een buurtbewoner', anchor: 'found' }), WAIT);
  });

  it('[R1] hostile content, links, titles and notes run no script on the published page in Chromium', { timeout: 90_000 }, async () => {
    const { server } = suite;
    const workspace = server.services.workspaces.findBySlug('toolbox')!;
    const section = server.services.sections.listOutline(workspace)[0];
    const hostile = [
      { type: 'paragraph', attrs: { id: 'xss00001' }, content: [{ type: 'text', text: '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">' }] },
      { type: 'paragraph', attrs: { id: 'xss00002' }, content: [{ type: 'text', text: 'klik hier', marks: [{ type: 'link', attrs: { href: 'javascript:window.__xss=3' } }] }] },
      { type: 'paragraph', attrs: { id: '"><script>window.__xss=4</script>' }, content: [{ type: 'text', text: 'id' }] },
      { type: 'image', attrs: { id: 'xss00004', src: 'javascript:window.__xss=5', alt: '"><img src=x onerror="window.__xss=6">' } },
      { type: 'heading', attrs: { id: 'xss00005', level: 2 }, content: [{ type: 'text', text: '<svg onload="window.__xss=7">' }] },
    ];
    server.db
      .prepare(
        `INSERT INTO revisions (doc, number, workspace_id, section_id, lang, content, content_hash, html, plain_text, summary, approvers, contributors, approved_at)
         VALUES (?, (SELECT MAX(number) + 1 FROM revisions WHERE doc = ?), ?, ?, 'nl', ?, 'x', '', '', '<img src=x onerror=window.__xss=8>', '[]', '{"people":[],"organisations":[]}', ?)`,
      )
      .run(section.docs.nl, section.docs.nl, workspace.id, section.id, JSON.stringify(hostile), Date.now());
    const admin = server.services.accounts.findByEmail('admin@demo.atelier')!;
    server.services.sections.rename(admin.id, workspace, section.id, '<img src=x onerror="window.__xss=9">Titel');
    server.services.releases.publishNow(admin.id, workspace, { version: 'xss', date: '2026-12-01', notes: '<script>window.__xss=10</script>' });

    const page = await suite.newPage();
    const problems = watch(page);
    for (const path of ['/p/toolbox/xss/', '/p/toolbox/xss/_changes/', `/p/toolbox/xss/${section.slug}/`, '/p/toolbox/xss/_diff/?from=2']) {
      await page.goto(path);
      await page.getByRole('main').waitFor();
      await page.getByText('klik hier').first().click({ timeout: 2_000 }).catch(() => undefined);
      expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), path).toBeUndefined();
    }
    expect(await page.evaluate(() => document.querySelectorAll('script:not([src="/p/_assets/feedback.js"])').length)).toBe(0);
    expect(problems.filter((p) => !p.includes('Failed to load resource'))).toEqual([]);
  });
});

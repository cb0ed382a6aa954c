/**
 * Browser (issue 9): staff import a Word handbook with a preview first, open one of the new
 * sections, search for a phrase as they type and jump to the block it is in. A hostile file
 * is refused with the limit it exceeded, in words (issue 19).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openBrowserSuite, type BrowserSuite } from '../helpers/browser.js';
import { buildHandbookDocx } from '../helpers/docxFixture.js';
import { nestedDivs } from '../helpers/hostile.js';

const WAIT = { timeout: 15_000, interval: 100 };
let suite: BrowserSuite;

beforeAll(async () => {
  suite = await openBrowserSuite();
});
afterAll(() => suite?.close());

describe('import and search in the browser', () => {
  it('[issue 9] import a DOCX with preview, open a section, search for a phrase and jump to it', async () => {
    const page = await suite.openAs('staff', '/w/toolbox');
    await page.getByRole('link', { name: 'Import files' }).click();
    await page.getByRole('heading', { name: 'Import files' }).waitFor();
    await page.getByLabel('New section at headings of level').selectOption('2');
    await page.getByLabel('Files').setInputFiles({ name: 'handbook.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: await buildHandbookDocx() });

    // The preview: outline and text, before anything is written.
    const preview = page.getByRole('region', { name: 'Preview' });
    await preview.waitFor(WAIT);
    await vi.waitFor(async () => expect(await preview.locator('summary strong').allInnerTexts()).toEqual(['handbook', 'Over de coöperatie', 'Leden', 'Grond en gebouwen']), WAIT);
    await preview.getByText('Leden').click();
    await expect.poll(() => preview.locator('pre').nth(2).innerText()).toContain('Bewoners');
    const progress = page.getByRole('progressbar', { name: 'Progress of handbook.docx' });
    expect(Number(await progress.getAttribute('value'))).toBeGreaterThanOrEqual(0.5);
    expect(suite.server.services.sections.listOutline(suite.server.services.workspaces.findBySlug('toolbox')!).some((s) => s.title === 'Leden')).toBe(false);

    await page.getByRole('button', { name: 'Import 4 sections' }).click();
    await page.getByText('Imported.').waitFor(WAIT);
    expect(Number(await progress.getAttribute('value'))).toBe(1);

    // Open a new section from the outline.
    await page.getByRole('button', { name: 'Back to the outline' }).click();
    await page.getByRole('link', { name: 'Leden', exact: true }).click();
    await page.getByRole('heading', { name: 'Leden', level: 1 }).waitFor(WAIT);
    await expect.poll(() => page.locator('.ProseMirror').innerText(), WAIT).toContain('Bewoners');

    // Search as one types; the result jumps to the block in another section.
    await page.getByLabel('Search', { exact: true }).fill('betaalbare woning');
    const result = page.getByRole('list', { name: 'Search results' }).getByRole('link').filter({ hasText: 'Over de coöperatie' }).first();
    await result.waitFor(WAIT);
    expect(await result.locator('mark').allInnerTexts()).toEqual(expect.arrayContaining(['betaalbare', 'woningen']));
    await result.click();
    await page.getByRole('heading', { name: 'Over de coöperatie', level: 1 }).waitFor(WAIT);
    const blockId = new URL(page.url()).searchParams.get('block')!;
    expect(blockId).toBeTruthy();
    const target = page.locator(`.ProseMirror [data-id="${blockId}"]`);
    await target.waitFor(WAIT);
    expect(await target.innerText()).toContain('De coöperatie bouwt betaalbare woningen in Brussel.');
    // Scrolled into view and highlighted.
    await expect.poll(() => target.evaluate((el) => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; }), WAIT).toBe(true);
    expect(await target.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('solid');
  });

  it('[issue 19] a file nested too deeply is refused in words that name it and the limit; the page keeps working', async () => {
    const page = await suite.openAs('staff', '/w/toolbox');
    await page.getByRole('link', { name: 'Import files' }).click();
    await page.getByRole('heading', { name: 'Import files' }).waitFor();
    await page.getByLabel('Files').setInputFiles({ name: 'diep.html', mimeType: 'text/html', buffer: Buffer.from(nestedDivs(100_000)) });
    const alert = page.getByRole('alert').filter({ hasText: 'diep.html' });
    await alert.waitFor(WAIT);
    expect(await alert.innerText()).toContain('diep.html is nested too deeply: more than 100 levels of lists, quotes or boxes inside one another.');
    // The next file converts as usual.
    await page.getByLabel('Files').setInputFiles({ name: 'klein.md', mimeType: 'text/markdown', buffer: Buffer.from('# Klein\n\nTekst.\n') });
    await page.getByRole('region', { name: 'Preview' }).getByText('Klein').first().waitFor(WAIT);
  });
});

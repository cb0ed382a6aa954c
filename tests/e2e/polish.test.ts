/**
 * Browser: what a first visitor notices (issue 21). The sign-in page makes no request that
 * answers 401 beyond the contract's one GET /api/auth/me; the Dutch interface says
 * "Community Land Trust", never an invented word; a demo section's text does not repeat its
 * title as a heading; a published page printed hides the search form and the language
 * links; on a phone the "¶" permalink sits beside its block, not on a line of its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editorOf, openBrowserSuite, type BrowserSuite } from '../helpers/browser.js';

let suite: BrowserSuite;

beforeAll(async () => {
  suite = await openBrowserSuite();
});
afterAll(() => suite?.close());

describe('polish a first visitor notices', () => {
  it('[CONTRACT][issue 21] the sign-in page: only GET /api/auth/me answers 401; in Dutch it says Community Land Trust', async () => {
    const context = await suite.newContext();
    const page = await context.newPage();
    const unauthorised: string[] = [];
    page.on('response', (response) => {
      if (response.status() === 401) unauthorised.push(`${response.request().method()} ${new URL(response.url()).pathname}`);
    });
    await page.addInitScript(() => window.localStorage.setItem('atelier.uiLanguage', 'nl'));
    await page.goto('/login');
    await page.getByRole('button', { name: 'Aanmelden' }).waitFor();
    // Until the service worker controls the page: taking control used to prime its offline
    // cache with /api/auth/me and /api/workspaces, two more 401s for a visitor. A moment after
    // that, nothing else may have answered 401.
    await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 20_000 });
    await page.waitForTimeout(1_000);
    expect(unauthorised).toEqual(['GET /api/auth/me']);
    const text = await page.locator('body').innerText();
    expect(text).toContain('Community Land Trust');
    expect(text.toLowerCase()).not.toContain('grondbelegging');
  });

  it('[issue 21] a demo section does not repeat its title as a heading inside its text', async () => {
    const page = await suite.openAs('staff', '/w/toolbox');
    const link = page.locator('nav a[href*="/w/toolbox/s/"]').first();
    const title = (await link.innerText()).trim();
    await link.click();
    await editorOf(page).waitFor();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    const headings = await editorOf(page).locator('h1, h2, h3').allInnerTexts();
    expect(headings.map((h) => h.trim())).not.toContain(title);
  });

  it('[issue 21] a printed release hides the search form and language links; on a phone the ¶ stays beside its block', async () => {
    const context = await suite.newContext();
    const page = await context.newPage();
    await page.goto('/p/toolbox/1/');
    await page.locator('form.release-search').waitFor();
    expect(await page.locator('form.release-search').isVisible()).toBe(true);
    expect(await page.locator('nav.langs').isVisible()).toBe(true);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('form.release-search').isVisible()).toBe(false);
    expect(await page.locator('nav.langs').isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });

    await page.setViewportSize({ width: 390, height: 844 });
    const blocks = page.locator('.blk:has(> p)');
    expect(await blocks.count()).toBeGreaterThan(2);
    for (let i = 0; i < 3; i++) {
      const paragraph = await blocks.nth(i).locator('> p').boundingBox();
      const pilcrow = await blocks.nth(i).locator('.pilcrow').boundingBox();
      expect(paragraph && pilcrow).toBeTruthy();
      // Beside the text: its top within the paragraph's lines, not below the paragraph.
      expect(pilcrow!.y).toBeLessThan(paragraph!.y + paragraph!.height);
      expect(pilcrow!.x + pilcrow!.width).toBeLessThanOrEqual(390);
    }
  });
});

/**
 * Browser: finding one's way on a section page (issue 21) — the breadcrumb, the folded
 * outline with the current section marked, previous/next in outline order, in Dutch,
 * French and English; and on a 390×844 phone the text starts on the first screen.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openBrowserSuite, type BrowserSuite } from '../helpers/browser.js';

const WAIT = { timeout: 15_000, interval: 100 };
type Lang = 'nl' | 'fr' | 'en';

/** The interface's words and the toolbox's titles as each interface shows them (EN reads the lead, Dutch). */
const UI: Record<Lang, { option: string; switch: string; home: string; breadcrumb: string; outline: string; previous: string; next: string; titles: { parent: string; current: string; following: string } }> = {
  nl: {
    option: 'Nederlands', switch: 'Taal van de interface', home: 'Werkruimtes', breadcrumb: 'U bent hier', outline: 'Alle hoofdstukken', previous: 'Vorige:', next: 'Volgende:',
    titles: { parent: 'Hoe de Community Land Trust werkt', current: 'Grond en woning gescheiden', following: 'Een bestuur in drie delen' },
  },
  fr: {
    option: 'Français', switch: "Langue de l'interface", home: 'Espaces de travail', breadcrumb: 'Vous êtes ici', outline: 'Toutes les sections', previous: 'Précédente :', next: 'Suivante :',
    titles: { parent: 'Comment fonctionne le Community Land Trust', current: 'Séparer le sol et le bâti', following: 'Un conseil d\u2019administration tripartite' },
  },
  en: {
    option: 'English', switch: 'Interface language', home: 'Workspaces', breadcrumb: 'You are here', outline: 'All sections', previous: 'Previous:', next: 'Next:',
    titles: { parent: 'Hoe de Community Land Trust werkt', current: 'Grond en woning gescheiden', following: 'Een bestuur in drie delen' },
  },
};

let suite: BrowserSuite;

beforeAll(async () => {
  suite = await openBrowserSuite();
});

afterAll(() => suite?.close());

async function heading(page: Page): Promise<string> {
  return (await page.getByRole('heading', { level: 1 }).innerText()).trim();
}

async function expectHeading(page: Page, title: string): Promise<void> {
  await vi.waitFor(async () => expect(await heading(page)).toBe(title), WAIT);
}

async function chooseInterface(page: Page, lang: Lang): Promise<void> {
  const current = (await page.evaluate(() => document.documentElement.lang)) as Lang;
  if (current === lang) return;
  await page.getByLabel(UI[current].switch).selectOption({ label: UI[lang].option });
  await vi.waitFor(async () => expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang), WAIT);
}

/** Opens the toolbox's "Grond en woning gescheiden" (a child of the second section) from the workspace page. */
async function openCurrent(page: Page, lang: Lang): Promise<void> {
  await page.goto('/w/toolbox');
  await page.locator('.outline-tree').waitFor();
  await chooseInterface(page, lang);
  await page.locator('.outline-tree').getByRole('link', { name: UI[lang].titles.current, exact: true }).click();
  await expectHeading(page, UI[lang].titles.current);
}

describe('section page navigation', () => {
  for (const lang of ['nl', 'fr', 'en'] as Lang[]) {
    it(`[CONTRACT] outline marks the current section, previous/next and the breadcrumb go where they should (${lang})`, async () => {
      const page = await suite.openAs('staff', '/w/toolbox');
      page.setDefaultTimeout(10_000);
      const words = UI[lang];
      await openCurrent(page, lang);

      // The breadcrumb: Workspaces / Toolbox / the parent section / this one.
      const crumbs = page.getByRole('navigation', { name: words.breadcrumb });
      expect((await crumbs.getByRole('listitem').allInnerTexts()).map((text) => text.replace(/^\s*\/\s*/, '').trim())).toEqual([words.home, 'Toolbox', words.titles.parent, words.titles.current]);
      expect(await crumbs.locator('[aria-current="page"]').innerText()).toBe(words.titles.current);

      // The outline is folded; opened, it marks this section (and only this one) as current.
      const outline = page.locator('details.section-outline');
      expect(await outline.getAttribute('open')).toBeNull();
      await outline.getByText(words.outline, { exact: true }).click();
      const current = outline.locator('a[aria-current="page"]');
      expect(await current.count()).toBe(1);
      expect(await current.innerText()).toBe(words.titles.current);
      expect(await outline.locator('.review-badge').count()).toBeGreaterThan(0);

      // Next goes to the following section in outline order, previous comes back, and once more to the parent.
      await page.getByRole('link', { name: `${words.next} ${words.titles.following}` }).click();
      await expectHeading(page, words.titles.following);
      await page.getByRole('link', { name: `${words.previous} ${words.titles.current}` }).click();
      await expectHeading(page, words.titles.current);
      await page.getByRole('link', { name: `${words.previous} ${words.titles.parent}` }).click();
      await expectHeading(page, words.titles.parent);

      // The breadcrumb's links: from the child to its parent, then to the workspace, then home.
      await openCurrent(page, lang);
      await crumbs.getByRole('link', { name: words.titles.parent, exact: true }).click();
      await expectHeading(page, words.titles.parent);
      await crumbs.getByRole('link', { name: 'Toolbox', exact: true }).click();
      await vi.waitFor(async () => expect(new URL(page.url()).pathname).toBe('/w/toolbox'), WAIT);
      await page.locator('.outline-tree').waitFor();
      await openCurrent(page, lang);
      await crumbs.getByRole('link', { name: words.home, exact: true }).click();
      await vi.waitFor(async () => expect(new URL(page.url()).pathname).toBe('/'), WAIT);
      await page.close();
    });
  }

  it('[CONTRACT] on a 390×844 phone the text starts on the first screen (bounding boxes)', async () => {
    const page = await suite.openAs('staff', '/w/toolbox');
    await page.setViewportSize({ width: 390, height: 844 });
    await openCurrent(page, 'en');
    const editor = page.locator('.ProseMirror');
    await editor.waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    const box = await editor.boundingBox();
    // The search and review box are folded away, one click from being open.
    expect(await page.locator('.search-box').isVisible()).toBe(false);
    expect(await page.locator('.review-panel').isVisible()).toBe(false);
    expect(box).toBeTruthy();
    // Its first line within the viewport: the top plus a line.
    expect(box!.y + 24).toBeLessThan(844);
    await page.locator('details.section-tools > summary', { hasText: 'Review' }).click();
    await vi.waitFor(async () => expect(await page.locator('.review-panel').isVisible()).toBe(true), WAIT);
    await page.locator('details.section-tools > summary', { hasText: 'Search' }).click();
    await vi.waitFor(async () => expect(await page.locator('.search-box').isVisible()).toBe(true), WAIT);
    await page.close();
  });
});

/**
 * Browser: the interface language switch (Nederlands / Français / English) translates the
 * interface at once and is remembered across reloads.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { assertClientBuilt, launchBrowser, newPerson, signInAs } from '../helpers/browser.js';

const WAIT = { timeout: 15_000, interval: 100 };

/** What the switch and the sign-out button are called in each interface language. */
const UI = {
  en: { option: 'English', switch: 'Interface language', signOut: 'Sign out' },
  nl: { option: 'Nederlands', switch: 'Taal van de interface', signOut: 'Afmelden' },
  fr: { option: 'Français', switch: "Langue de l'interface", signOut: 'Se déconnecter' },
} as const;
type Lang = keyof typeof UI;

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;

async function choose(from: Lang, to: Lang): Promise<void> {
  await page.getByLabel(UI[from].switch).selectOption({ label: UI[to].option });
  await expectInterface(to);
}

async function expectInterface(lang: Lang): Promise<void> {
  await page.getByRole('button', { name: UI[lang].signOut, exact: true }).waitFor();
  await vi.waitFor(async () => expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang), WAIT);
  expect(await page.getByLabel(UI[lang].switch).inputValue()).toBe(lang);
  for (const other of Object.keys(UI) as Lang[]) {
    if (other !== lang) expect(await page.getByRole('button', { name: UI[other].signOut, exact: true }).count()).toBe(0);
  }
}

beforeAll(async () => {
  assertClientBuilt();
  server = await startTestServer({ serveClient: true });
  browser = await launchBrowser();
  context = await newPerson(browser, server.url);
  page = await context.newPage();
});

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

describe('interface language', () => {
  it('starts in the browser language (en-GB → English)', async () => {
    await signInAs(page, 'staff', '/w/toolbox');
    await expectInterface('en');
  });

  it('switching to Nederlands translates the interface and is remembered after a reload', async () => {
    await choose('en', 'nl');
    await page.reload();
    await expectInterface('nl');
  });

  it('switching to Français translates the interface and is remembered after a reload', async () => {
    await choose('nl', 'fr');
    await page.reload();
    await expectInterface('fr');
  });

  it('switching back to English is remembered too', async () => {
    await choose('fr', 'en');
    await page.reload();
    await expectInterface('en');
  });
});

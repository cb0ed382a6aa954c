/**
 * Browser: two people co-edit one section in two Chromium contexts; a reader sees it
 * read-only. Set UPDATE_SCREENSHOT=1 to refresh the README screenshot (.github/screenshot.png).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ROOT, startTestServer, type TestServer } from '../helpers/server.js';
import { listWorkspaces, signIn } from '../helpers/clients.js';
import { assertClientBuilt, launchBrowser, newPerson, signInAs, statusOf, waitForStatus } from '../helpers/browser.js';

const TRUST = 'Community Land Trust Brussels';
const WAIT = { timeout: 15_000, interval: 100 };

let server: TestServer;
let browser: Browser;
let sectionUrl: string;
const contexts: BrowserContext[] = [];

async function openSectionAs(who: 'admin' | 'staff' | 'reader'): Promise<Page> {
  const context = await newPerson(browser, server.url);
  contexts.push(context);
  const page = await context.newPage();
  await signInAs(page, who, sectionUrl);
  return page;
}

function editorOf(page: Page) {
  return page.getByRole('textbox', { name: 'Section text' });
}

/**
 * Puts the caret at the end of the text and types a new paragraph. Focus, not a click: a
 * click followed within milliseconds by Ctrl+End loses the Ctrl+End to ProseMirror's
 * delayed mouse-up selection sync (no person is that fast).
 */
async function typeParagraph(page: Page, sentence: string): Promise<void> {
  await editorOf(page).focus();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type(sentence, { delay: 5 });
}

/** Text of each block, without the caret labels drawn inside them. */
async function blockTexts(page: Page): Promise<string[]> {
  return editorOf(page).evaluate((editor) =>
    [...editor.querySelectorAll('p, h1, h2, h3, li')].map((block) => {
      const copy = block.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('.collaboration-carets__caret').forEach((caret) => caret.remove());
      return copy.textContent ?? '';
    }),
  );
}

async function caretLabels(page: Page): Promise<string[]> {
  return page.locator('.collaboration-carets__label').allInnerTexts();
}

async function peopleHere(page: Page): Promise<string[]> {
  return page.getByRole('region', { name: 'People here' }).getByRole('listitem').allInnerTexts();
}

beforeAll(async () => {
  assertClientBuilt();
  server = await startTestServer({ serveClient: true });
  browser = await launchBrowser();
  const cookie = await signIn(server.url, 'staff');
  const toolbox = (await listWorkspaces(server.url, cookie)).find((w) => w.slug === 'toolbox');
  const section = toolbox?.sections[0] as { url?: string } | undefined;
  if (!section?.url) throw new Error('the demo toolbox has no section with a url');
  sectionUrl = section.url;
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

describe('co-editing in the browser', () => {
  it("[D1] two people co-edit a section and see each other's text and carets", async () => {
    const staff = await openSectionAs('staff');
    const admin = await openSectionAs('admin');
    for (const page of [staff, admin]) {
      await editorOf(page).waitFor();
      await waitForStatus(page, 'Saved');
      expect(await editorOf(page).getAttribute('contenteditable')).toBe('true');
    }

    const staffSentence = 'Thomas adds a sentence about the general assembly.';
    const adminSentence = 'Amira adds a sentence about the partner meeting.';
    await typeParagraph(staff, staffSentence);
    await typeParagraph(admin, adminSentence);

    // Each sees the other's text (and keeps their own), each sentence its own paragraph at the end.
    for (const page of [staff, admin]) {
      await vi.waitFor(async () => {
        expect((await blockTexts(page)).slice(-2)).toEqual([staffSentence, adminSentence]);
      }, WAIT);
    }
    expect(await blockTexts(admin)).toEqual(await blockTexts(staff));

    // Each sees the other's caret, labelled with the name the server stamped (A3).
    await vi.waitFor(async () => expect(await caretLabels(staff)).toContain(`Amira Benali (${TRUST})`), WAIT);
    await vi.waitFor(async () => expect(await caretLabels(admin)).toContain(`Thomas Peeters (${TRUST})`), WAIT);
    expect((await caretLabels(staff)).some((label) => label.includes('Thomas Peeters'))).toBe(false);

    // "People here" lists both, as "Name (Organisation)", oneself marked.
    await vi.waitFor(async () => {
      expect(await peopleHere(staff)).toEqual([`Thomas Peeters (${TRUST}) (you)`, `Amira Benali (${TRUST})`]);
    }, WAIT);
    await vi.waitFor(async () => {
      expect(await peopleHere(admin)).toEqual([`Amira Benali (${TRUST}) (you)`, `Thomas Peeters (${TRUST})`]);
    }, WAIT);

    // Both edits are committed: the status line says "Saved" again.
    for (const page of [staff, admin]) {
      expect(await waitForStatus(page, 'Saved')).toBe('saved');
    }

    if (process.env.UPDATE_SCREENSHOT === '1') {
      const file = path.join(ROOT, '.github', 'screenshot.png');
      fs.mkdirSync(path.dirname(file), { recursive: true });
      await staff.screenshot({ path: file });
    }
  });

  it('[A2] a reader sees the section read-only', async () => {
    const reader = await openSectionAs('reader');
    const editor = editorOf(reader);
    await editor.waitFor();
    expect(await waitForStatus(reader, 'Up to date')).toBe('upToDate');
    expect(await editor.getAttribute('contenteditable')).toBe('false');
    expect(await editor.getAttribute('aria-readonly')).toBe('true');
    await reader.getByText('Read-only', { exact: true }).waitFor();
    expect(await reader.getByRole('toolbar', { name: 'Formatting' }).count()).toBe(0);

    // Typing changes nothing, locally or on the server.
    const before = await editor.innerText();
    await editor.click();
    await reader.keyboard.type('reader was here');
    expect(await editor.innerText()).toBe(before);
    expect(await statusOf(reader).innerText()).toBe('Up to date');
  });
});

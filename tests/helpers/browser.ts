/**
 * Chromium for browser tests: Debian's Chromium (CHROMIUM_PATH, else /usr/bin/chromium)
 * driven by playwright-core, one browser context per simulated person, signed in through
 * the sign-in page as a person would.
 */
import fs from 'node:fs';
import { expect, vi } from 'vitest';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ROOT, startTestServer, type TestServer } from './server.js';
import { DEMO, type DemoAccount } from './clients.js';

import { launchBrowser } from './chromium.js';

export { CHROMIUM_ARGS, chromiumPath, launchBrowser } from './chromium.js';

/** Fails clearly when the client has not been built (the server serves client/dist). */
export function assertClientBuilt(): void {
  const index = path.join(ROOT, 'client', 'dist', 'index.html');
  if (!fs.existsSync(index)) throw new Error(`The client is not built (${index} is missing): run \`npm run build\` first.`);
}

/** A fresh context (one person): en-GB, 1280×800. */
export async function newPerson(browser: Browser, baseURL: string): Promise<BrowserContext> {
  return browser.newContext({ baseURL, locale: 'en-GB', viewport: { width: 1280, height: 800 } });
}

/**
 * Opens `target` (an app path), signs in on the sign-in page it leads to, and waits until
 * the app shows `target` again.
 */
export async function signInAs(page: Page, who: DemoAccount, target = '/'): Promise<void> {
  const account = DEMO[who];
  await page.goto(`/login?next=${encodeURIComponent(target)}`);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  await page.waitForURL((url) => url.pathname === target.split('?')[0]);
}

/** Polls `read` until it returns `expected` (or `predicate` holds), with a useful error. */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, { timeout = 15_000, interval = 100, what = 'condition' } = {}): Promise<T> {
  const deadline = Date.now() + timeout;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await read();
      if (check(last)) return last;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}${lastError ? `; last error: ${String(lastError)}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

/** The section page's connection and saving status line. */
export function statusOf(page: Page) {
  return page.getByRole('status', { name: 'Connection and saving' });
}

/**
 * Waits until the status line shows `text` and returns its data-state. The line keeps
 * showing "Saved" through a quick commit (issue 21: no "Saving…" flicker); `data-state` is
 * the real state and `data-shown` what is on screen, so "Saved" here means committed.
 */
export async function waitForStatus(page: Page, text: string, timeout = 15_000): Promise<string | null> {
  const read = async () => {
    const line = statusOf(page);
    return { text: (await line.innerText()).trim(), state: await line.getAttribute('data-state'), shown: await line.getAttribute('data-shown') };
  };
  await eventually(read, (value) => value.text === text && (value.shown === null || value.shown === value.state), { timeout, what: `status "${text}"` });
  return statusOf(page).getAttribute('data-state');
}

/** The section editor, by its accessible name. */
export function editorOf(page: Page) {
  return page.getByRole('textbox', { name: 'Section text' });
}

/** Whether the browser's caret sits, collapsed, at the end of the editor's first or last block. */
export async function caretAtEnd(page: Page, block: 'first' | 'last' = 'last'): Promise<boolean> {
  return editorOf(page).evaluate((editor, which) => {
    const target = which === 'first' ? editor.firstElementChild : editor.lastElementChild;
    const selection = window.getSelection();
    if (!selection || !selection.isCollapsed || !selection.focusNode || !editor.contains(selection.focusNode)) return false;
    const range = document.createRange();
    range.setStart(selection.focusNode, selection.focusOffset);
    if (!target) return false;
    range.setEnd(target, target.childNodes.length);
    const after = range.cloneContents();
    after.querySelectorAll('.collaboration-carets__caret').forEach((caret) => caret.remove());
    const focusElement = selection.focusNode instanceof Element ? selection.focusNode : selection.focusNode.parentElement;
    return (after.textContent ?? '').replace(/\u200b/g, '') === '' && Boolean(focusElement && (target === focusElement || target.contains(focusElement)));
  }, block);
}

/**
 * Puts the caret at the end of the text, as a person would, and waits until it stays there
 * (a person looks before typing on): ProseMirror re-applies its own selection shortly after
 * focus and mouse-up, which can undo a caret move made within milliseconds.
 */
export async function caretToEnd(page: Page, block: 'first' | 'last' = 'last'): Promise<void> {
  await editorOf(page).focus();
  let stable = 0;
  await vi.waitFor(async () => {
    if (!(await caretAtEnd(page, block))) {
      stable = 0;
      if (block === 'last') await page.keyboard.press('Control+End');
      else {
        // End reaches the end of a visual line: down a line at a time until the first block's end.
        await page.keyboard.press('Control+Home');
        for (let line = 0; line < 20; line++) {
          await page.keyboard.press('End');
          if (await caretAtEnd(page, block)) break;
          await page.keyboard.press('ArrowDown');
        }
      }
    }
    stable += 1;
    expect(stable).toBeGreaterThanOrEqual(3);
  }, { timeout: 10_000, interval: 50 });
}

/** One test file's browser setting: a real server serving the built client, and Chromium. */
export interface BrowserSuite {
  server: TestServer;
  browser: Browser;
  /** A new person: their own browser context, closed with the suite. */
  newContext(): Promise<BrowserContext>;
  /** A page in a new person's context, not signed in. */
  newPage(): Promise<Page>;
  /** A new person, signed in as `who`, on `target`. */
  openAs(who: DemoAccount, target?: string): Promise<Page>;
  /** Closes every context, the browser and the server. */
  close(): Promise<void>;
}

/** Starts a server with the built client and Chromium for one test file. */
export async function openBrowserSuite(): Promise<BrowserSuite> {
  assertClientBuilt();
  const server = await startTestServer({ serveClient: true });
  const browser = await launchBrowser();
  const contexts: BrowserContext[] = [];
  const newContext = async () => {
    const context = await newPerson(browser, server.url);
    contexts.push(context);
    return context;
  };
  const newPage = async () => (await newContext()).newPage();
  return {
    server,
    browser,
    newContext,
    newPage,
    async openAs(who, target = '/') {
      const page = await newPage();
      await signInAs(page, who, target);
      return page;
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close();
      await server.stop();
    },
  };
}

/**
 * Browser: edits made offline survive a reload while still offline (service worker app
 * shell + y-indexeddb) and reach the server and other people on reconnect.
 */
import type { IncomingMessage } from 'node:http';
import type { Page } from 'playwright-core';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type TestServer } from '../helpers/server.js';
import { listWorkspaces, signIn } from '../helpers/clients.js';
import { signInAs, waitForStatus, openBrowserSuite, type BrowserSuite } from '../helpers/browser.js';

const WAIT = { timeout: 15_000, interval: 100 };
const OFFLINE = 'Offline — changes kept on this device';

let suite: BrowserSuite;
let server: TestServer;
let sectionUrl: string;
let docName: string;
/** Paths of HTTP requests and websocket upgrades that reached the server. */
const seen: string[] = [];

/** Resolves once the server has seen no new request for half a second. */
async function settledRequests(quietMs = 500, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let count = seen.length;
  let since = Date.now();
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    if (seen.length !== count) {
      count = seen.length;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) return;
  }
  throw new Error(`the page kept sending requests: ${seen.slice(-5).join(', ')}`);
}

function editorOf(page: Page) {
  return page.getByRole('textbox', { name: 'Section text' });
}

/** The section's text as the server stored it (snapshot plus committed updates). */
async function storedText(): Promise<string> {
  const stored = await server.store.load(docName);
  const doc = new Y.Doc();
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
  for (const update of stored.updates) Y.applyUpdate(doc, update);
  const text = doc.getXmlFragment('default').toString();
  doc.destroy();
  return text;
}

beforeAll(async () => {
  suite = await openBrowserSuite();
  server = suite.server;
  const record = (req: IncomingMessage) => seen.push(`${req.method} ${req.url}`);
  server.httpServer.on('request', record);
  server.httpServer.on('upgrade', record);
  const cookie = await signIn(server.url, 'staff');
  const toolbox = (await listWorkspaces(server.url, cookie)).find((w) => w.slug === 'toolbox');
  const section = toolbox?.sections[0];
  if (!section?.url) throw new Error('the demo toolbox has no section with a url');
  sectionUrl = section.url;
  docName = section.docs[toolbox!.languages[0]];
});

afterAll(() => suite?.close());

describe('offline editing in the browser', () => {
  it('[D2] offline edits survive a reload while offline and sync on reconnect', async () => {
    const contextA = await suite.newContext();
    const a = await contextA.newPage();
    await signInAs(a, 'staff', sectionUrl);
    await editorOf(a).waitFor();
    await waitForStatus(a, 'Saved');

    // Let the service worker install and take control, then load once under its control
    // so it has seen the app shell, /api/auth/me and /api/workspaces.
    await a.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await a.reload();
    await vi.waitFor(async () => expect(await a.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true), WAIT);
    await editorOf(a).waitFor();
    await waitForStatus(a, 'Saved');
    // The language redirect settles the address (?lang=nl) before we go offline.
    const pageUrl = a.url();

    // Requests the page started while online (the service worker's update check of sw.js) may
    // reach a loaded server late: let them land before going offline, so only offline ones count.
    await settledRequests();
    await contextA.setOffline(true);
    expect(await waitForStatus(a, OFFLINE)).toBe('offline');
    const sentence = 'Written on the train without a network.';
    await editorOf(a).focus(); // not click(): see typeParagraph in coedit.test.ts
    await a.keyboard.press('Control+End');
    await a.keyboard.press('Enter');
    await a.keyboard.type(sentence, { delay: 5 });
    await vi.waitFor(async () => expect(await editorOf(a).innerText()).toContain(sentence), WAIT);
    expect(await waitForStatus(a, OFFLINE)).toBe('offline');

    // Reload while offline: the app shell comes from the service worker's cache and the
    // text from IndexedDB; nothing reaches the server.
    const requestsBefore = seen.length;
    expect(seen.some((entry) => entry.startsWith('GET /collab/'))).toBe(true); // the recorder works
    await a.reload();
    expect(a.url()).toBe(pageUrl);
    await editorOf(a).waitFor();
    await vi.waitFor(async () => expect(await editorOf(a).innerText()).toContain(sentence), WAIT);
    expect(await waitForStatus(a, OFFLINE)).toBe('offline');
    expect(seen.slice(requestsBefore)).toEqual([]);
    expect(await storedText()).not.toContain(sentence);

    // Back online: the edit is sent, committed and acknowledged.
    await contextA.setOffline(false);
    expect(await waitForStatus(a, 'Saved', 30_000)).toBe('saved');
    await vi.waitFor(async () => expect(await storedText()).toContain(sentence), WAIT);

    // Someone else opening the section sees it.
    const contextB = await suite.newContext();
    const b = await contextB.newPage();
    await signInAs(b, 'admin', sectionUrl);
    await vi.waitFor(async () => expect(await editorOf(b).innerText()).toContain(sentence), WAIT);
    // …and exactly once, in A's view too.
    expect((await editorOf(a).innerText()).split(sentence).length - 1).toBe(1);
    expect((await editorOf(b).innerText()).split(sentence).length - 1).toBe(1);
  });
});

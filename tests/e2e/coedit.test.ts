/**
 * Browser: two people co-edit one section in two Chromium contexts; a reader sees it
 * read-only. Set UPDATE_SCREENSHOT=1 to refresh the README screenshot (.github/screenshot.png).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ROOT, type TestServer } from '../helpers/server.js';
import { listWorkspaces, signIn } from '../helpers/clients.js';
import { editorOf, caretToEnd, statusOf, waitForStatus, openBrowserSuite, type BrowserSuite } from '../helpers/browser.js';

const TRUST = 'Community Land Trust Brussels';
const WAIT = { timeout: 15_000, interval: 100 };

let suite: BrowserSuite;
let server: TestServer;
let sectionUrl: string;

function openSectionAs(who: 'admin' | 'staff' | 'reader', url = sectionUrl): Promise<Page> {
  return suite.openAs(who, url);
}

/** Starts a new paragraph after the first or last block and types `sentence` into it. */
async function typeParagraph(page: Page, sentence: string, delay = 20, after: 'first' | 'last' = 'last'): Promise<void> {
  await caretToEnd(page, after);
  await page.keyboard.press('Enter');
  await page.keyboard.type(sentence, { delay });
}

/** Text of each block, without the caret labels drawn inside them. */
async function blockTexts(page: Page): Promise<string[]> {
  return editorOf(page).evaluate((editor) =>
    [...editor.querySelectorAll('p, h1, h2, h3, h4, h5, h6')].map((block) => {
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
  suite = await openBrowserSuite();
  server = suite.server;
  const cookie = await signIn(server.url, 'staff');
  const toolbox = (await listWorkspaces(server.url, cookie)).find((w) => w.slug === 'toolbox');
  const section = toolbox?.sections[0];
  if (!section?.url) throw new Error('the demo toolbox has no section with a url');
  sectionUrl = section.url;
});

afterAll(() => suite?.close());

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
    // One after the other: Amira starts once Thomas's text, caret and "Saved" have settled.
    // (While remote edits or caret moves are arriving, a caret move such as Ctrl+End can be
    // lost: see the next test and y-prosemirror issue #146.)
    await typeParagraph(staff, staffSentence);
    await waitForStatus(staff, 'Saved');
    await vi.waitFor(async () => expect(await editorOf(admin).innerText()).toContain(staffSentence), WAIT);
    await vi.waitFor(async () => expect(await caretLabels(admin)).toContain(`Thomas Peeters (${TRUST})`), WAIT);
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
  }, 90_000);

  it('[D1] two people typing at the same time in different places keep every character where they typed it', async () => {
    const staff = await openSectionAs('staff');
    const admin = await openSectionAs('admin');
    for (const page of [staff, admin]) await waitForStatus(page, 'Saved');

    // Three rounds: Thomas starts a paragraph at the end and types its first words; once
    // Amira sees them she puts her caret under the title, and then both type at the same
    // time (20 ms a key: fast typists). Thomas pauses while Amira places her caret: a caret
    // move made while remote edits arrive can be lost (y-prosemirror issue #146), and the
    // keystrokes that follow are the concurrent part this test is about.
    const rounds: { expected: string[]; seen: string[] }[] = [];
    for (const round of [1, 2, 3]) {
      const staffHead = `Thomas is typing round ${round}`;
      const staffSentence = `${staffHead} at the end while Amira writes at the top.`;
      const adminSentence = `Amira writes round ${round} under the title.`;
      await typeParagraph(staff, staffHead, 20);
      await vi.waitFor(async () => expect(await editorOf(admin).innerText()).toContain(staffHead), WAIT);
      await caretToEnd(admin, 'first');
      await Promise.all([
        staff.keyboard.type(staffSentence.slice(staffHead.length), { delay: 20 }),
        // Amira's new paragraph is committed ("Saved") before she types into it. On a loaded
        // CI machine her first keystroke into a block that is still on its way could be put
        // back before the caret's new place (seen twice in ~10 full runs, never reproduced
        // alone: the y-prosemirror race family of #146). The typing itself stays concurrent.
        admin.keyboard
          .press('Enter')
          .then(() => admin.waitForTimeout(120))
          .then(() => waitForStatus(admin, 'Saved'))
          .then(() => admin.keyboard.type(adminSentence, { delay: 20 })),
      ]);
      for (const page of [staff, admin]) await waitForStatus(page, 'Saved');
      // Both screens converge (Yjs); then look at where the characters ended up.
      await vi.waitFor(async () => expect(await blockTexts(admin)).toEqual(await blockTexts(staff)), WAIT);
      const blocks = await blockTexts(staff);
      rounds.push({ expected: [adminSentence, staffSentence], seen: [blocks[1], blocks.at(-1)!] });
    }
    expect(rounds.map((r) => r.seen)).toEqual(rounds.map((r) => r.expected));
  }, 120_000);

  it('[P3] a section opened by its address gets its editor before the app has loaded; the page takes that editor over, and what is typed in it is saved', async () => {
    const staff = await openSectionAs('staff');
    await waitForStatus(staff, 'Saved');
    // Opened by its address (a reload), the editor is made by boot.ts as the text arrives
    // (client/src/editor/earlyEditor.ts), before React has rendered the page.
    await staff.reload();
    await expect.poll(() => editorOf(staff).getAttribute('data-editor-made'), WAIT).toBe('before-app');
    await waitForStatus(staff, 'Saved');
    // The page has taken it in: one text, in the page's editor surface; its early place is empty.
    expect(await staff.locator('.editor-surface-wrap .section-text').count()).toBe(1);
    expect(await staff.locator('#early-section').evaluate((element: HTMLElement) => ({ hidden: element.hidden, children: element.childElementCount }))).toEqual({ hidden: true, children: 0 });
    // The page's toolbar works on it, and what is typed is committed and reaches others.
    await expect.poll(() => staff.getByRole('button', { name: 'Suggesting' }).count(), WAIT).toBe(1);
    const sentence = 'Typed into the editor that was made before the app.';
    await typeParagraph(staff, sentence);
    await waitForStatus(staff, 'Saved');
    const admin = await openSectionAs('admin');
    await vi.waitFor(async () => expect(await editorOf(admin).innerText()).toContain(sentence), WAIT);
  }, 60_000);

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

/**
 * Browser: staff rearrange the outline with the keyboard-accessible buttons; another
 * person's open outline follows live (server-sent events), without a reload.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openBrowserSuite, type BrowserSuite } from '../helpers/browser.js';

const WAIT = { timeout: 15_000, interval: 100 };
const WORKSPACE_PATH = '/w/toolbox';

let suite: BrowserSuite;

async function openOutlineAs(who: 'staff' | 'reader'): Promise<Page> {
  const page = await suite.openAs(who, WORKSPACE_PATH);
  await outlineOf(page).waitFor();
  return page;
}

function outlineOf(page: Page) {
  return page.getByRole('navigation', { name: 'Sections of Toolbox' });
}

/** Titles of the top-level sections, in order. */
async function topLevelTitles(page: Page): Promise<string[]> {
  return outlineOf(page).locator(':scope > ul > li > .outline-row').getByRole('link').allInnerTexts();
}

/** Every section title, depth-first, in order. */
async function allTitles(page: Page): Promise<string[]> {
  return outlineOf(page).getByRole('link').allInnerTexts();
}

beforeAll(async () => {
  suite = await openBrowserSuite();
});

afterAll(() => suite?.close());

describe('the outline in the browser', () => {
  it('[CONTRACT] staff reorder sections by keyboard and the outline updates live for others', async () => {
    const staff = await openOutlineAs('staff');
    const reader = await openOutlineAs('reader');

    const before = await topLevelTitles(staff);
    expect(before.length).toBeGreaterThanOrEqual(2);
    expect(await topLevelTitles(reader)).toEqual(before);
    // Readers get no outline tools.
    expect(await reader.getByRole('button', { name: `Move down: ${before[0]}` }).count()).toBe(0);
    expect(await reader.getByLabel('Title in Dutch (required)').count()).toBe(0);

    // Staff move the first section down with the keyboard.
    const moveDown = staff.getByRole('button', { name: `Move down: ${before[0]}` });
    await moveDown.focus();
    await staff.keyboard.press('Enter');
    const expected = [before[1], before[0], ...before.slice(2)];
    await vi.waitFor(async () => expect(await topLevelTitles(staff)).toEqual(expected), WAIT);
    // Focus stays on the button used, so the move can be repeated.
    await vi.waitFor(async () => {
      expect(await staff.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(`Move down: ${before[0]}`);
    }, WAIT);

    // The reader's page follows without a reload.
    const readerNavigations: string[] = [];
    reader.on('framenavigated', (frame) => {
      if (frame === reader.mainFrame()) readerNavigations.push(frame.url());
    });
    await vi.waitFor(async () => expect(await topLevelTitles(reader)).toEqual(expected), WAIT);
    expect(await allTitles(reader)).toEqual(await allTitles(staff));

    // Staff add a section; it appears for the reader too.
    await staff.getByLabel('Title in Dutch (required)').fill('Nieuwe sectie');
    await staff.getByRole('button', { name: 'Add section' }).click();
    await vi.waitFor(async () => expect(await topLevelTitles(staff)).toContain('Nieuwe sectie'), WAIT);
    await vi.waitFor(async () => expect(await topLevelTitles(reader)).toContain('Nieuwe sectie'), WAIT);
    expect(await allTitles(reader)).toEqual(await allTitles(staff));
    expect(readerNavigations).toEqual([]);
  });
});

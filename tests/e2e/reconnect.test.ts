/**
 * Browser: nothing stuck after a reconnect (issue 21). Staff open a section while offline
 * (an in-app navigation, the app already loaded): the review box and the comments cannot
 * load and say so, with a "Try again" button; when the connection returns they load on their
 * own. And the save status does not flicker: typing shows "Saved" throughout, never
 * "Saving…", when each commit is quick.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caretToEnd, editorOf, eventually, openBrowserSuite, signInAs, statusOf, waitForStatus, type BrowserSuite } from '../helpers/browser.js';

let suite: BrowserSuite;

beforeAll(async () => {
  suite = await openBrowserSuite();
});
afterAll(() => suite?.close());

describe('reconnecting in the browser', () => {
  it('[issue 21] the review box and comments that failed offline offer "Try again" and load by themselves when the connection returns', async () => {
    const context = await suite.newContext();
    const page = await context.newPage();
    await signInAs(page, 'staff', '/w/toolbox');
    const links = page.locator('nav a[href*="/w/toolbox/s/"]');
    await links.first().waitFor();

    await context.setOffline(true);
    await links.nth(1).click();
    const review = page.getByRole('region', { name: 'Review' });
    const failed = page.getByText('The review state could not be loaded.');
    await failed.waitFor();
    const retry = page.getByRole('alert').filter({ hasText: 'The review state could not be loaded.' }).getByRole('button', { name: 'Try again' });
    expect(await retry.count()).toBe(1);
    // Trying again while still offline keeps the notice (and the button).
    await retry.click();
    await failed.waitFor();

    await context.setOffline(false);
    await review.locator('.review-bar').waitFor({ timeout: 15_000 });
    expect(await failed.count()).toBe(0);
    await eventually(() => page.getByRole('alert').filter({ hasText: /could not be loaded/ }).count(), (n) => n === 0, { what: 'no load failure left' });
  });

  it('[issue 21] typing does not make the save status flicker: "Saved" stays, "Saving…" never shows for quick commits', async () => {
    const page = await suite.openAs('staff', '/w/toolbox');
    await page.locator('nav a[href*="/w/toolbox/s/"]').first().click();
    await editorOf(page).waitFor();
    await waitForStatus(page, 'Saved');
    // Record every text the line shows.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { shown: string[] }).shown = seen;
      const line = document.querySelector('[role="status"][data-shown]')!;
      new MutationObserver(() => seen.push(line.textContent ?? '')).observe(line, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    await caretToEnd(page);
    await page.keyboard.type(' Een zin die letter per letter getypt wordt.', { delay: 40 });
    await waitForStatus(page, 'Saved');
    const shown = await page.evaluate(() => (window as unknown as { shown: string[] }).shown);
    expect(shown.filter((text) => text.includes('Saving'))).toEqual([]);
    expect((await statusOf(page).innerText()).trim()).toBe('Saved');
  });
});

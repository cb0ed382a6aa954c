/**
 * Browser: a staff member asks for approval of a section, an admin approves it (revision 2),
 * a partner's new pending suggestion leaves it "Approved" (V2), a later staff edit makes it
 * "Draft differs", and the history shows the difference inline. Three Chromium contexts.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { demoSection } from '../helpers/clients.js';
import { caretToEnd, editorOf, openBrowserSuite, waitForStatus, type BrowserSuite } from '../helpers/browser.js';

const WAIT = { timeout: 15_000, interval: 100 };
const SECTION_TITLE = 'Een bestuur in drie delen';
const ADDED = ' Elk jaar kiest de algemene vergadering de bestuurders.';
const SUGGESTED = ' voor iedereen';
const LATER = ' Herzien in 2026.';

let suite: BrowserSuite;
let sectionUrl: string;

/** The review bar of a section page. */
const reviewOf = (page: Page) => page.getByRole('region', { name: 'Review' });
/** The state badge's text, as a person reads it. */
const stateOf = (page: Page) => page.locator('.review-state').innerText();

async function openSection(who: 'staff' | 'admin' | 'partner'): Promise<Page> {
  const page = await suite.openAs(who, sectionUrl);
  await editorOf(page).waitFor();
  await waitForStatus(page, 'Saved');
  return page;
}

beforeAll(async () => {
  suite = await openBrowserSuite();
  sectionUrl = `${(await demoSection(suite.server.url, SECTION_TITLE)).url}?lang=nl`;
});

afterAll(() => suite?.close());

describe('revisions in the browser', () => {
  it('[V2] staff request, an admin approves; a pending suggestion keeps "Approved", an edit shows "Draft differs"; [V1] the history shows the diff', async () => {
    const staff = await openSection('staff');
    await vi.waitFor(async () => expect(await stateOf(staff)).toBe('Approved'), WAIT);

    // Thomas adds a sentence: the draft now differs from revision 1, live.
    await caretToEnd(staff, 'last');
    await staff.keyboard.type(ADDED, { delay: 10 });
    await waitForStatus(staff, 'Saved');
    await vi.waitFor(async () => expect(await stateOf(staff)).toBe('Draft differs'), WAIT);

    // He asks for approval with a summary.
    await reviewOf(staff).getByRole('button', { name: 'Request approval' }).click();
    await reviewOf(staff).getByRole('textbox', { name: 'What changed' }).fill('Verkiezing van het bestuur');
    await reviewOf(staff).getByRole('button', { name: 'Send request' }).click();
    await vi.waitFor(async () => expect(await stateOf(staff)).toBe('Approval requested'), WAIT);

    // The admin sees the request in the queue and approves it from the section.
    const admin = await suite.openAs('admin', '/w/toolbox/reviews');
    const queued = admin.getByRole('listitem').filter({ hasText: 'Verkiezing van het bestuur' });
    await queued.waitFor();
    await queued.getByRole('link', { name: SECTION_TITLE }).click();
    await editorOf(admin).waitFor();
    await vi.waitFor(async () => expect(await stateOf(admin)).toBe('Approval requested'), WAIT);
    await expect(reviewOf(admin).innerText()).resolves.toContain('Verkiezing van het bestuur');
    // She approves with a comment for the requester.
    await reviewOf(admin).getByRole('button', { name: 'Approve with a comment' }).click();
    await reviewOf(admin).getByRole('textbox', { name: 'Comment for the requester (optional)' }).fill('Duidelijk, dank je.');
    await reviewOf(admin).getByRole('button', { name: 'Approve', exact: true }).click();
    await vi.waitFor(async () => expect(await stateOf(admin)).toBe('Approved'), WAIT);
    await vi.waitFor(async () => expect(await reviewOf(admin).innerText()).toContain('Revision 2'), WAIT);
    // The requester's page follows (the outline's event stream), with the comment.
    await vi.waitFor(async () => expect(await stateOf(staff)).toBe('Approved'), WAIT);
    await vi.waitFor(async () => expect(await reviewOf(staff).innerText()).toContain('approved: “Duidelijk, dank je.”'), WAIT);

    // A partner suggests a change: it stays pending and the section stays approved.
    const partner = await openSection('partner');
    await caretToEnd(partner, 'first');
    await partner.keyboard.type(SUGGESTED, { delay: 10 });
    await waitForStatus(partner, 'Saved');
    await vi.waitFor(async () => expect(await staff.locator('ins.suggestion-insertion').count()).toBeGreaterThan(0), WAIT);
    // Longer than the badge's recomputation delay: it had every chance to change.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await stateOf(staff)).toBe('Approved');
    expect(await stateOf(admin)).toBe('Approved');
    expect(await stateOf(partner)).toBe('Approved');

    // A later edit by staff: "Draft differs".
    await caretToEnd(staff, 'last');
    await staff.keyboard.type(LATER, { delay: 10 });
    await waitForStatus(staff, 'Saved');
    await vi.waitFor(async () => expect(await stateOf(staff)).toBe('Draft differs'), WAIT);
    await vi.waitFor(async () => expect(await stateOf(admin)).toBe('Draft differs'), WAIT);

    // The history: revision 2 against revision 1 shows the added sentence, inserted, with counts.
    await reviewOf(staff).getByRole('button', { name: 'History' }).click();
    const revision2 = reviewOf(staff).getByRole('listitem').filter({ hasText: 'Revision 2' });
    await revision2.waitFor();
    await expect(revision2.innerText()).resolves.toContain('Verkiezing van het bestuur');
    await expect(revision2.innerText()).resolves.toContain('Thomas Peeters');
    await revision2.getByRole('button', { name: 'Compare with revision 1' }).click();
    const diff = staff.getByRole('region', { name: 'Revision 1 → 2' });
    await vi.waitFor(async () => expect(await diff.getByRole('status').innerText()).toBe('0 added, 0 removed, 1 changed, 0 moved'), WAIT);
    expect((await diff.locator('ins').allInnerTexts()).join('')).toBe(ADDED);
    expect(await diff.locator('del').count()).toBe(0);
    // The revision never holds the pending suggestion (V1).
    expect(await diff.innerText()).not.toContain(SUGGESTED.trim());

    // Revision 2 against the draft: the later edit, and still not the pending suggestion.
    await revision2.getByRole('button', { name: 'Compare with the draft' }).click();
    const toDraft = staff.getByRole('region', { name: 'Revision 2 → the draft' });
    await vi.waitFor(async () => expect((await toDraft.locator('ins').allInnerTexts()).join('')).toBe(LATER), WAIT);
    expect(await toDraft.innerText()).not.toContain(SUGGESTED.trim());
  }, 120_000);
});

/**
 * Browser: four eyes is visible where people review (issue 21). A section of the demo
 * reglement shows "Four eyes: a second person approves" on its review box; a toolbox section
 * does not, until an admin turns it on in the workspace settings, which says at once what
 * changed; the review box then shows it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editorOf, eventually, openBrowserSuite, type BrowserSuite } from '../helpers/browser.js';

let suite: BrowserSuite;

beforeAll(async () => {
  suite = await openBrowserSuite();
});
afterAll(() => suite?.close());

describe('four eyes in the browser', () => {
  it('[V2][issue 21] on by default in the reglement, visible on the review box; switched on for the toolbox with immediate feedback', async () => {
    const admin = await suite.openAs('admin', '/w/reglement');
    await admin.locator('nav a[href*="/w/reglement/s/"]').first().click();
    await editorOf(admin).waitFor();
    const review = admin.getByRole('region', { name: 'Review' });
    await review.getByText('Four eyes: a second person approves').waitFor();

    await admin.goto('/w/toolbox');
    const settings = admin.getByRole('region', { name: 'Workspace settings' });
    const box = settings.getByRole('checkbox', { name: 'Four eyes: approvals need a second person' });
    expect(await box.isChecked()).toBe(false);
    await admin.locator('nav a[href*="/w/toolbox/s/"]').first().click();
    await editorOf(admin).waitFor();
    await admin.getByRole('region', { name: 'Review' }).locator('.review-bar').waitFor();
    expect(await admin.getByText('Four eyes: a second person approves').count()).toBe(0);

    await admin.goto('/w/toolbox');
    await box.check();
    await settings.getByRole('status').getByText('Saved. From now on a second person approves each revision.').waitFor();
    expect(await box.isChecked()).toBe(true);
    await admin.locator('nav a[href*="/w/toolbox/s/"]').first().click();
    await editorOf(admin).waitFor();
    await eventually(() => admin.getByText('Four eyes: a second person approves').count(), (n) => n === 1, { what: 'the four-eyes note on the toolbox review box' });
  });
});

/**
 * Browser: the activity view (issue 21). Staff type in a section and a partner suggests;
 * from the section page staff open its activity and read, in sentences, who edited it and
 * how many words they added, and who suggested; the kind filter narrows it; the partner's
 * own activity page shows only what they did. The French interface says it in French.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caretToEnd, editorOf, eventually, openBrowserSuite, waitForStatus, type BrowserSuite } from '../helpers/browser.js';

const SECTION = 'Over deze toolbox';
let suite: BrowserSuite;

beforeAll(async () => {
  suite = await openBrowserSuite();
});
afterAll(() => suite?.close());

/** The sentences of the activity list. */
const sentences = (page: import('playwright-core').Page) => page.locator('.activity-list li').allInnerTexts();

describe('activity view in the browser', () => {
  it('[issue 21] staff see "… edited <section> — N words added" and the partner\'s suggestion; a partner sees only their own', async () => {
    const staff = await suite.openAs('staff', '/w/toolbox');
    await staff.getByRole('link', { name: SECTION, exact: true }).first().click();
    await editorOf(staff).waitFor();
    await caretToEnd(staff);
    await staff.keyboard.type(' Vier nieuwe woorden hier.');
    expect(await waitForStatus(staff, 'Saved')).toBeTruthy();

    const partner = await suite.openAs('partner', '/w/toolbox');
    await partner.getByRole('link', { name: SECTION, exact: true }).first().click();
    await editorOf(partner).waitFor();
    await caretToEnd(partner);
    await partner.keyboard.type(' Twee woorden');
    expect(await waitForStatus(partner, 'Saved')).toBeTruthy();

    await staff.getByRole('link', { name: 'Activity in this section' }).click();
    await staff.waitForURL((url) => url.pathname === '/w/toolbox/activity');
    const list = await eventually(
      async () => {
        await staff.reload();
        await staff.getByRole('heading', { name: 'Activity in Toolbox' }).waitFor();
        return sentences(staff);
      },
      (items) => items.some((s) => s.includes('edited') && s.includes('4 words added')) && items.some((s) => s.includes('suggested changes')),
      { what: 'the edit and the suggestion in the activity list', timeout: 20_000 },
    );
    const edit = list.find((s) => s.includes('edited'))!;
    expect(edit).toContain(`edited ${SECTION} — 4 words added, 0 removed`);
    const suggestion = list.find((s) => s.includes('suggested changes'))!;
    expect(suggestion).toContain(`suggested changes to ${SECTION} — 2 words added`);
    // The section title is a link to the section.
    const link = staff.locator('.activity-list li', { hasText: 'edited' }).first().getByRole('link', { name: SECTION });
    expect(await link.getAttribute('href')).toMatch(/^\/w\/toolbox\/s\//);

    // The kind filter: only suggestions.
    await staff.getByRole('combobox', { name: 'What' }).selectOption({ label: 'Suggestions made' });
    await eventually(() => sentences(staff), (items) => items.length > 0 && items.every((s) => s.includes('suggested')), { what: 'only suggestions' });

    // The partner sees their own activity only, and no person filter.
    await partner.goto('/w/toolbox/activity');
    await partner.getByText('You see what you did yourself.').waitFor();
    const own = await eventually(() => sentences(partner), (items) => items.length > 0, { what: "the partner's own entries" });
    expect(own.every((s) => s.includes('suggested'))).toBe(true);
    expect(await partner.getByRole('combobox', { name: 'Person' }).count()).toBe(0);

    // In French.
    const french = await suite.newContext();
    const page = await french.newPage();
    await page.addInitScript(() => window.localStorage.setItem('atelier.uiLanguage', 'fr'));
    await page.goto('/login?next=%2Fw%2Ftoolbox%2Factivity');
    await page.getByLabel('Adresse e-mail').fill('staff@demo.atelier');
    await page.getByLabel('Mot de passe').fill('demo-staff');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { name: 'Activité dans Toolbox' }).waitFor();
    const frList = await eventually(() => sentences(page), (items) => items.some((s) => s.includes('a modifié')), { what: 'French sentences' });
    expect(frList.find((s) => s.includes('a modifié'))).toContain('4 mots ajoutés, 0 supprimé');
  });
});

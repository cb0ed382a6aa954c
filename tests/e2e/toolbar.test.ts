/**
 * Browser: the formatting toolbar's undo and redo, and the table's own row (rows, columns,
 * removing the table) for people who edit directly. What staff change reaches a reader live;
 * a partner, who suggests, gets no table shape controls.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { demoSection } from '../helpers/clients.js';
import { caretToEnd, editorOf, openBrowserSuite, waitForStatus, type BrowserSuite } from '../helpers/browser.js';

const WAIT = { timeout: 15_000, interval: 100 };
const SECTION_TITLE = 'Grond en woning gescheiden';
const CELL = 'Betaalde prijs, geïndexeerd';

let suite: BrowserSuite;
let sectionUrl: string;

/** Rows × columns of the section's table as the page shows it, or null when there is none. */
async function tableShape(page: Page): Promise<[number, number] | null> {
  return editorOf(page).evaluate((editor) => {
    const table = editor.querySelector('table');
    if (!table) return null;
    const rows = [...table.querySelectorAll('tr')];
    return [rows.length, rows[0]?.querySelectorAll('td, th').length ?? 0] as [number, number];
  });
}

function formatting(page: Page) {
  return page.getByRole('toolbar', { name: 'Formatting' });
}

function tableTools(page: Page) {
  return page.getByRole('toolbar', { name: 'Table', exact: true });
}

beforeAll(async () => {
  suite = await openBrowserSuite();
  sectionUrl = (await demoSection(suite.server.url, SECTION_TITLE)).url;
});

afterAll(() => suite?.close());

describe('the toolbar', () => {
  it('[D1] staff add a row and a column from the table row, undo and redo them from the toolbar, remove the table; a reader sees each step live', async () => {
    const staff = await suite.openAs('staff', sectionUrl);
    const reader = await suite.openAs('reader', sectionUrl);
    for (const page of [staff, reader]) await editorOf(page).waitFor();
    await waitForStatus(staff, 'Saved');
    const both = async (shape: [number, number] | null) => {
      for (const page of [staff, reader]) await vi.waitFor(async () => expect(await tableShape(page)).toEqual(shape), WAIT);
    };
    await both([4, 2]);
    // Nothing to undo yet; the table's row shows only while the caret is in a table.
    expect(await formatting(staff).getByRole('button', { name: 'Undo' }).isDisabled()).toBe(true);
    expect(await tableTools(staff).count()).toBe(0);

    await editorOf(staff).getByText(CELL).click();
    await tableTools(staff).waitFor(WAIT);
    await tableTools(staff).getByRole('button', { name: 'Row below' }).click();
    await both([5, 2]);
    await tableTools(staff).getByRole('button', { name: 'Column after' }).click();
    await both([5, 3]);
    await waitForStatus(staff, 'Saved');

    // Undo takes back the column, then the row (each click is an undo step of its own, however
    // quickly they follow each other); redo brings the row back.
    const undo = formatting(staff).getByRole('button', { name: 'Undo' });
    const redo = formatting(staff).getByRole('button', { name: 'Redo' });
    await undo.click();
    await both([5, 2]);
    await undo.click();
    await both([4, 2]);
    await redo.click();
    await both([5, 2]);

    // Removing the table takes it away for everyone; undo puts it back.
    await editorOf(staff).getByText(CELL).click();
    await tableTools(staff).getByRole('button', { name: 'Remove table' }).click();
    await both(null);
    expect(await tableTools(staff).count()).toBe(0);
    await undo.click();
    await both([5, 2]);
    await waitForStatus(staff, 'Saved');

    // The buttons name the editor's own shortcuts, and those shortcuts do the same.
    const bold = formatting(staff).getByRole('button', { name: 'Bold' });
    expect(await bold.getAttribute('title')).toBe('Bold (Ctrl+B)');
    expect(await undo.getAttribute('aria-keyshortcuts')).toBe('Control+Z');
    await editorOf(staff).getByText(CELL).dblclick();
    const selected = await staff.evaluate(() => window.getSelection()?.toString() ?? '');
    expect(selected.length).toBeGreaterThan(3);
    // The editor reads the browser's selection a moment after the double click (selectionchange
    // is asynchronous); a shortcut pressed before that applies to the old, empty selection.
    // A person takes longer than that; the test waits until the editor has the word selected.
    const editorSelection = () =>
      staff.evaluate(() => {
        const editor = (document.querySelector('.section-text') as (Element & { editor?: { state: { doc: { textBetween(from: number, to: number): string }; selection: { from: number; to: number } } } }) | null)?.editor;
        return editor ? editor.state.doc.textBetween(editor.state.selection.from, editor.state.selection.to) : null;
      });
    await vi.waitFor(async () => expect(await editorSelection()).toBe(selected), WAIT);
    await staff.keyboard.press('Control+B');
    await vi.waitFor(async () => expect(await editorOf(reader).locator('td strong').allInnerTexts()).toEqual([selected.trim()]), WAIT);
    expect(await bold.getAttribute('aria-pressed')).toBe('true');
    await staff.keyboard.press('Control+Z');
    await vi.waitFor(async () => expect(await editorOf(reader).locator('td strong').count()).toBe(0), WAIT);
  }, 90_000);

  it('[S1][G1] a partner, who suggests, gets undo and redo and the row controls only (a row is a suggestion on it); undoing her suggestion withdraws it', async () => {
    const partner = await suite.openAs('partner', sectionUrl);
    await editorOf(partner).waitFor();
    await waitForStatus(partner, 'Saved');
    await editorOf(partner).getByText(CELL).click();
    await formatting(partner).getByRole('button', { name: 'Undo' }).waitFor(WAIT);
    expect(await formatting(partner).getByRole('button', { name: 'Redo' }).count()).toBe(1);
    // New and removed rows can be suggested; columns, the header row and the whole table cannot.
    await tableTools(partner).waitFor(WAIT);
    const offered = await tableTools(partner).getByRole('button').allInnerTexts();
    expect(offered.map((label) => label.trim())).toEqual(['Row above', 'Row below', 'Remove row']);
    expect(await partner.getByText('Suggesting', { exact: true }).count()).toBe(1);

    // Her typing becomes a suggestion; Undo takes it back, and the server accepts that (S1:
    // withdrawing one's own pending suggestion), so staff never see it.
    const staff = await suite.openAs('staff', sectionUrl);
    await editorOf(staff).waitFor();
    const insertions = (page: Page) => editorOf(page).locator('ins.suggestion-insertion').allInnerTexts();
    await caretToEnd(partner, 'first');
    await partner.keyboard.type(' Even nadenken.', { delay: 15 });
    expect(await waitForStatus(partner, 'Saved')).toBe('saved');
    await vi.waitFor(async () => expect(await insertions(staff)).toEqual([' Even nadenken.']), WAIT);
    await formatting(partner).getByRole('button', { name: 'Undo' }).click();
    await vi.waitFor(async () => expect(await insertions(partner)).toEqual([]), WAIT);
    expect(await waitForStatus(partner, 'Saved')).toBe('saved');
    await vi.waitFor(async () => expect(await insertions(staff)).toEqual([]), WAIT);
    expect(await editorOf(staff).innerText()).not.toContain('Even nadenken');
  }, 60_000);
});

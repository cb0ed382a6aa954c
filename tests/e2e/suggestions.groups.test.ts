/**
 * Browser, as people would (issue 17, G1 and G2): a partner's edit is one suggestion, as
 * small as what she did, and staff decide it as one from one card. A new bullet is one card
 * "New list item"; a replacement is one card "Replace “a” with “b”"; a removed table row is
 * one card "Removed row". Rejecting gives the text as it was, accepting what she typed.
 * Set UPDATE_SCREENSHOT=1 to refresh the README's picture of the list case
 * (.github/suggestion-list.png).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { demoSection } from '../helpers/clients.js';
import { ROOT } from '../helpers/server.js';
import { editorOf, openBrowserSuite, signInAs, waitForStatus, type BrowserSuite } from '../helpers/browser.js';

const WAIT = { timeout: 20_000, interval: 100 };
const LOTTE = 'Lotte Janssens (Buurtwerk Noordwijk)';

// Demo drafts (nl): server/services/demoContent.ts.
const TOOLS = 'Instrumenten voor partners';
const BULLETS = [
  'Een infofiche voor gezinnen, in het Nederlands en het Frans.',
  'Een model van samenwerkingsovereenkomst tussen de CLTB en de partner.',
  'Een kalender van de infosessies in de buurt.',
];
const PROJECT = 'Samen een woonproject voorbereiden';
const PROJECT_P = 'Een project begint lang voor de eerste steen.';
const LAND = 'Grond en woning gescheiden';
const ROW = ['25 % van de meerwaarde', 'de verkoper'];

let suite: BrowserSuite;
const urls: Record<string, string> = {};

/** Text as a person reads it: without other people's caret labels. */
const READ_TEXT = `(node) => { const copy = node.cloneNode(true); copy.querySelectorAll('.collaboration-carets__caret').forEach((c) => c.remove()); return (copy.textContent ?? '').replace(/\\u200b/g, ''); }`;

async function openAs(who: 'staff' | 'partner', section: string): Promise<Page> {
  const page = await suite.newPage();
  await page.addInitScript(`window.readText = ${READ_TEXT};`);
  await signInAs(page, who, urls[section]);
  await editorOf(page).waitFor();
  await waitForStatus(page, 'Saved');
  return page;
}

/** The texts of the elements matching `css` inside the editor. */
async function textsOf(page: Page, css: string): Promise<string[]> {
  return editorOf(page).evaluate((editor, selector) => [...editor.querySelectorAll(selector)].map((el) => (window as unknown as { readText(n: Node): string }).readText(el)), css);
}

/**
 * Puts the caret (or a selection) inside the element matching `css` whose text starts with
 * `start`: from `from` characters to `to` characters into its text, as a click (or a drag)
 * would, and waits until ProseMirror keeps it there.
 */
async function select(page: Page, css: string, start: string, from: number, to = from): Promise<void> {
  await editorOf(page).focus();
  let stable = 0;
  await vi.waitFor(async () => {
    const ok = await editorOf(page).evaluate(
      (editor, { selector, prefix, anchor, head }) => {
        const read = (window as unknown as { readText(n: Node): string }).readText;
        const target = [...editor.querySelectorAll(selector)].find((el) => read(el).startsWith(prefix));
        if (!target) throw new Error(`no ${selector} starting with ${prefix}`);
        const walker = document.createTreeWalker(target, NodeFilter.SHOW_TEXT, {
          acceptNode: (node) => (node.parentElement?.closest('.collaboration-carets__caret') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
        });
        const texts: Text[] = [];
        for (let node = walker.nextNode(); node; node = walker.nextNode()) texts.push(node as Text);
        const point = (offset: number): [Text, number] => {
          let left = offset;
          for (const node of texts) {
            if (left <= node.length) return [node, left];
            left -= node.length;
          }
          throw new Error('offset beyond the text');
        };
        const [aNode, aOffset] = point(anchor);
        const [hNode, hOffset] = point(head);
        const selection = window.getSelection()!;
        const same = selection.anchorNode === aNode && selection.anchorOffset === aOffset && selection.focusNode === hNode && selection.focusOffset === hOffset;
        if (!same) selection.setBaseAndExtent(aNode, aOffset, hNode, hOffset);
        return same;
      },
      { selector: css, prefix: start, anchor: from, head: to },
    );
    stable = ok ? stable + 1 : 0;
    expect(stable).toBeGreaterThanOrEqual(3);
  }, { timeout: 10_000, interval: 50 });
}

function panelOf(page: Page): Locator {
  return page.getByRole('region', { name: 'Suggestions' });
}

/** The pending cards of the panel. */
function cardsOf(page: Page): Locator {
  return panelOf(page).getByRole('tabpanel', { name: /Pending/ }).getByRole('listitem');
}

/** Waits for exactly one card, with the kind in bold, and returns it. */
async function onlyCard(page: Page, kind: string): Promise<Locator> {
  await vi.waitFor(async () => {
    expect((await cardsOf(page).allInnerTexts()).map((t) => t.split('\n')[0])).toEqual([expect.any(String)]);
    expect(await cardsOf(page).first().locator('strong').first().innerText()).toBe(kind);
  }, WAIT);
  return cardsOf(page).first();
}

async function noPending(page: Page): Promise<void> {
  await vi.waitFor(async () => {
    expect(await panelOf(page).getByRole('tab', { name: 'Pending (0)' }).count()).toBe(1);
    expect(await page.locator('.ProseMirror [data-suggestion], .ProseMirror ins, .ProseMirror del').count()).toBe(0);
  }, WAIT);
}

beforeAll(async () => {
  suite = await openBrowserSuite();
  for (const title of [TOOLS, PROJECT, LAND]) urls[title] = (await demoSection(suite.server.url, title)).url;
});

afterAll(() => suite?.close());

describe('[G1][G2] one suggestion per edit, one card per suggestion', () => {
  it('[G1] a new bullet is one card "New list item"; rejected, the list is as before; accepted, it has the new item', async () => {
    const partner = await openAs('partner', TOOLS);
    const staff = await openAs('staff', TOOLS);
    expect(await textsOf(staff, 'li')).toEqual(BULLETS);

    const addBullet = async (text: string) => {
      await select(partner, 'li', BULLETS[1], BULLETS[1].length);
      await partner.keyboard.press('Enter');
      await partner.keyboard.type(text, { delay: 15 });
      expect(await waitForStatus(partner, 'Saved')).toBe('saved');
    };

    const first = 'Een lijst van de contactpersonen per wijk.';
    await addBullet(first);
    const card = await onlyCard(staff, 'New list item');
    expect(await card.innerText()).toContain(first);
    expect(await card.innerText()).toContain(LOTTE);
    // The suggestion sits on the new item: the other bullets stay undecorated.
    await vi.waitFor(async () => expect(await textsOf(staff, 'li.block-suggestion')).toEqual([first]), WAIT);
    if (process.env.UPDATE_SCREENSHOT === '1') {
      const file = path.join(ROOT, '.github', 'suggestion-list.png');
      fs.mkdirSync(path.dirname(file), { recursive: true });
      await staff.screenshot({ path: file, fullPage: true });
    }
    await card.getByRole('button', { name: 'Reject' }).click();
    await noPending(staff);
    for (const page of [staff, partner]) await vi.waitFor(async () => expect(await textsOf(page, 'li')).toEqual(BULLETS), WAIT);

    const second = 'Een sjabloon voor het verslag van een werkgroep.';
    await addBullet(second);
    await (await onlyCard(staff, 'New list item')).getByRole('button', { name: 'Accept' }).click();
    await noPending(staff);
    for (const page of [staff, partner]) await vi.waitFor(async () => expect(await textsOf(page, 'li')).toEqual([BULLETS[0], BULLETS[1], second, BULLETS[2]]), WAIT);

    // The record says what was decided.
    await panelOf(staff).getByRole('tab', { name: 'Decisions' }).click();
    await vi.waitFor(async () => expect(await panelOf(staff).getByRole('tabpanel', { name: 'Decisions' }).innerText()).toContain(second), WAIT);
  }, 120_000);

  it('[G1][G2] a replacement is one card "Replace “a” with “b”"; accepted, the new words; rejected, the old', async () => {
    const partner = await openAs('partner', PROJECT);
    const staff = await openAs('staff', PROJECT);
    const replace = async (old: string, typed: string, sentence: string) => {
      const at = sentence.indexOf(old);
      await select(partner, 'p', sentence.slice(0, 10), at, at + old.length);
      await vi.waitFor(async () => expect(await partner.evaluate(() => window.getSelection()?.toString())).toBe(old), WAIT);
      await partner.keyboard.type(typed, { delay: 15 });
      expect(await waitForStatus(partner, 'Saved')).toBe('saved');
    };

    await replace('Een project', 'Ieder woonproject', PROJECT_P);
    const card = await onlyCard(staff, 'Replacement');
    expect(await card.innerText()).toContain('Replace “Een project” with “Ieder woonproject”');
    await card.getByRole('button', { name: 'Accept' }).click();
    await noPending(staff);
    const accepted = PROJECT_P.replace('Een project', 'Ieder woonproject');
    for (const page of [staff, partner]) await vi.waitFor(async () => expect((await textsOf(page, 'p')).some((t) => t.startsWith(accepted))).toBe(true), WAIT);

    await replace('lang', 'ruim', accepted);
    const second = await onlyCard(staff, 'Replacement');
    expect(await second.innerText()).toContain('Replace “lang” with “ruim”');
    await second.getByRole('button', { name: 'Reject' }).click();
    await noPending(staff);
    for (const page of [staff, partner]) await vi.waitFor(async () => expect((await textsOf(page, 'p')).some((t) => t.startsWith(accepted))).toBe(true), WAIT);
  }, 120_000);

  it('[G1] a removed table row is one card "Removed row"; accepted, the row is gone', async () => {
    const partner = await openAs('partner', LAND);
    const staff = await openAs('staff', LAND);
    const rows = async (page: Page) => (await textsOf(page, 'tr')).length;
    const before = await rows(staff);
    await select(partner, 'td', ROW[0], 3);
    await partner.getByRole('toolbar', { name: 'Table' }).getByRole('button', { name: 'Remove row' }).click();
    expect(await waitForStatus(partner, 'Saved')).toBe('saved');
    const card = await onlyCard(staff, 'Removed row');
    expect(await card.innerText()).toContain(ROW[0]);
    await card.getByRole('button', { name: 'Accept' }).click();
    await noPending(staff);
    for (const page of [staff, partner]) {
      await vi.waitFor(async () => {
        expect(await rows(page)).toBe(before - 1);
        expect((await textsOf(page, 'tr')).some((t) => t.includes(ROW[0]))).toBe(false);
      }, WAIT);
    }
  }, 120_000);
});

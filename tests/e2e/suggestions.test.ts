/**
 * Browser: a partner's edits arrive live, as suggestions, on a staff member's screen (S1);
 * the staff member settles them from the suggestions panel and the decisions are recorded
 * with who decided and why (S2). Two Chromium contexts, one per person.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type TestServer } from '../helpers/server.js';
import { demoSection } from '../helpers/clients.js';
import { editorOf, signInAs, statusOf, waitForStatus, openBrowserSuite, type BrowserSuite } from '../helpers/browser.js';

const WAIT = { timeout: 15_000, interval: 100 };
const LOTTE = 'Lotte Janssens (Buurtwerk Noordwijk)';
const THOMAS = 'Thomas Peeters';
const SECTION_TITLE = 'Grond en woning gescheiden';

// The demo draft of "Grond en woning gescheiden" (nl): a heading, two paragraphs, a table.
const P1 = 'Het gezin krijgt een opstalrecht op de grond en koopt enkel de bakstenen. Daardoor daalt de aankoopprijs sterk.';
const P2_FIRST = 'Wie verkoopt, krijgt de betaalde prijs terug, geïndexeerd, plus een kwart van de meerwaarde. ';
const P2_REST = 'De rest van de meerwaarde blijft in de woning, zodat ze betaalbaar blijft voor het volgende gezin.';
const SENTENCE = ' Zo blijft de woning betaalbaar voor wie na hen komt.';
const WORD = 'enkel';
const REASON = 'Dit woord blijft staan.';
/** Connection states that mean an edit was not saved (ConnectionStatusLine). */
const REFUSALS = ['refused', 'malformed', 'tooLarge', 'capabilityChanged', 'sessionEnded', 'accessRemoved', 'tooManyUpdates', 'clientTooOld'];

/** Installed in every page by openSectionAs. */
interface TextHelper {
  textWithoutCarets(node: Node): string;
}

let suite: BrowserSuite;
let server: TestServer;
let sectionUrl: string;

async function openSectionAs(who: 'staff' | 'partner'): Promise<Page> {
  const page = await suite.newPage();
  // Every state the status line ever shows, so a refusal between two polls is not missed.
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { statusStates: string[] }).statusStates = seen;
    const record = () => {
      const state = document.querySelector('[role="status"][data-state]')?.getAttribute('data-state');
      if (state && seen.at(-1) !== state) seen.push(state);
    };
    // Text as a person reads it: without the other people's caret labels.
    (window as unknown as TextHelper).textWithoutCarets = (node) => {
      const copy = node.cloneNode(true) as Element | DocumentFragment;
      copy.querySelectorAll('.collaboration-carets__caret').forEach((caret) => caret.remove());
      return (copy.textContent ?? '').replace(/\u200b/g, '');
    };
    new MutationObserver(record).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
  });
  await signInAs(page, who, sectionUrl);
  return page;
}

async function statusStates(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { statusStates: string[] }).statusStates);
}

/**
 * Text of the editor's top-level blocks, without caret labels. A caret that sits between two
 * blocks (just after a block changed type, say) is drawn as a top-level element of its own:
 * it is not a block.
 */
async function blockTexts(page: Page): Promise<string[]> {
  return editorOf(page).evaluate((editor) =>
    [...editor.children].filter((block) => !block.matches('.collaboration-carets__caret')).map((block) => (window as unknown as TextHelper).textWithoutCarets(block)),
  );
}

/**
 * Text between the start of the top-level block whose text starts with `blockStart` and the
 * (collapsed) caret, or null when the caret is elsewhere or a range is selected.
 */
async function textBeforeCaret(page: Page, blockStart: string): Promise<string | null> {
  return editorOf(page).evaluate((editor, start) => {
    const clean = (window as unknown as TextHelper).textWithoutCarets;
    const block = [...editor.children].find((b) => clean(b).startsWith(start));
    const selection = window.getSelection();
    if (!block || !selection || !selection.isCollapsed || !selection.focusNode || !block.contains(selection.focusNode)) return null;
    const range = document.createRange();
    range.setStart(block, 0);
    range.setEnd(selection.focusNode, selection.focusOffset);
    return clean(range.cloneContents());
  }, blockStart);
}

/**
 * Puts the caret right after `before` in the block that starts with `blockStart`, as a
 * person clicking there would, and waits until it stays there: ProseMirror re-applies its
 * own selection shortly after focus, which can undo a caret move made within milliseconds.
 */
async function placeCaret(page: Page, blockStart: string, before: string): Promise<void> {
  await editorOf(page).focus();
  let stable = 0;
  await vi.waitFor(async () => {
    if ((await textBeforeCaret(page, blockStart)) !== before) {
      stable = 0;
      await editorOf(page).evaluate(
        (editor, { start, prefix }) => {
          const block = [...editor.children].find((b) => (window as unknown as TextHelper).textWithoutCarets(b).startsWith(start));
          if (!block) throw new Error(`no block starting with ${start}`);
          const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT, {
            acceptNode: (node) => (node.parentElement?.closest('.collaboration-carets__caret') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
          });
          let left = prefix.length;
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const length = node.textContent?.length ?? 0;
            if (left <= length) {
              window.getSelection()?.collapse(node, left);
              return;
            }
            left -= length;
          }
          throw new Error(`block is shorter than ${prefix}`);
        },
        { start: blockStart, prefix: before },
      );
    }
    stable += 1;
    expect(stable).toBeGreaterThanOrEqual(3);
  }, { timeout: 10_000, interval: 50 });
}

/** Waits for "Saved" and checks the status line never showed a refusal on the way. */
async function expectSavedWithoutRefusal(page: Page): Promise<void> {
  expect(await waitForStatus(page, 'Saved')).toBe('saved');
  const states = await statusStates(page);
  expect(states, 'the status line was observed').toContain('saved');
  expect(states.filter((state) => REFUSALS.includes(state)), `status states: ${states.join(' → ')}`).toEqual([]);
}

/** Suggestion marks of one kind (ins or del) on a page: text and hover title. */
async function marks(page: Page, selector: 'ins.suggestion-insertion' | 'del.suggestion-deletion'): Promise<{ text: string; title: string | null }[]> {
  return editorOf(page).evaluate(
    (editor, css) =>
      [...editor.querySelectorAll(css)].map((mark) => ({
        text: (window as unknown as TextHelper).textWithoutCarets(mark),
        // The hover card is an inline decoration: inside the mark, or around it.
        title: mark.querySelector('[title]')?.getAttribute('title') ?? mark.closest('[title]')?.getAttribute('title') ?? null,
      })),
    selector,
  );
}

/** Top-level blocks that carry a suggestion label: tag, label, text. */
async function labelledBlocks(page: Page): Promise<{ tag: string; label: string; text: string }[]> {
  return editorOf(page).evaluate((editor) =>
    [...editor.children]
      .filter((block) => block.hasAttribute('data-suggestion-label'))
      .map((block) => ({ tag: block.tagName.toLowerCase(), label: block.getAttribute('data-suggestion-label') ?? '', text: (window as unknown as TextHelper).textWithoutCarets(block) })),
  );
}

function panelOf(page: Page): Locator {
  return page.getByRole('region', { name: 'Suggestions' });
}

/** A pending item of the panel: its kind (the bold word) and a piece of its text. */
function itemOf(page: Page, kind: string, text: string): Locator {
  return panelOf(page)
    .getByRole('listitem')
    .filter({ has: page.getByText(kind, { exact: true }) })
    .filter({ hasText: text });
}

beforeAll(async () => {
  suite = await openBrowserSuite();
  server = suite.server;
  sectionUrl = (await demoSection(server.url, SECTION_TITLE)).url;
});

afterAll(() => suite?.close());

describe('suggestions in the browser', () => {
  it("[S1] a partner's edits arrive live as suggestions and [S2] staff settle them", async () => {
    const partner = await openSectionAs('partner');
    const staff = await openSectionAs('staff');
    for (const page of [partner, staff]) {
      await editorOf(page).waitFor();
      await waitForStatus(page, 'Saved');
      expect(await editorOf(page).getAttribute('contenteditable')).toBe('true');
    }
    expect(await blockTexts(staff)).toEqual(expect.arrayContaining([P1, P2_FIRST + P2_REST]));
    // Partners cannot switch suggesting off; staff can, and start by editing.
    expect(await partner.getByRole('button', { name: 'Suggesting' }).count()).toBe(0);
    expect(await staff.getByRole('button', { name: 'Suggesting' }).getAttribute('aria-pressed')).toBe('false');

    // 1. Lotte types a sentence at the end of the first paragraph: an insertion.
    await placeCaret(partner, P1.slice(0, 20), P1);
    await partner.keyboard.type(SENTENCE, { delay: 15 });
    await expectSavedWithoutRefusal(partner);
    await vi.waitFor(async () => expect(await marks(staff, 'ins.suggestion-insertion')).toEqual([{ text: SENTENCE, title: expect.stringContaining(LOTTE) }]), WAIT);
    // The partner's own screen shows it as a suggestion too.
    expect((await marks(partner, 'ins.suggestion-insertion')).map((m) => m.text)).toEqual([SENTENCE]);

    // 2. She selects a word with the keyboard and deletes it: a deletion.
    const beforeWord = P1.slice(0, P1.indexOf(WORD) + WORD.length);
    await placeCaret(partner, P1.slice(0, 20), beforeWord);
    await partner.keyboard.press('Control+Shift+ArrowLeft');
    await vi.waitFor(async () => expect(await partner.evaluate(() => window.getSelection()?.toString())).toBe(WORD), WAIT);
    await partner.keyboard.press('Backspace');
    await expectSavedWithoutRefusal(partner);
    await vi.waitFor(async () => expect(await marks(staff, 'del.suggestion-deletion')).toEqual([{ text: WORD, title: expect.stringContaining(LOTTE) }]), WAIT);

    // 3. She presses Enter in the middle of the second paragraph: a split.
    await placeCaret(partner, P2_FIRST.slice(0, 20), P2_FIRST);
    await partner.keyboard.press('Enter');
    await expectSavedWithoutRefusal(partner);
    await vi.waitFor(async () => expect(await labelledBlocks(staff)).toEqual([{ tag: 'p', label: 'split', text: P2_REST }]), WAIT);

    // 4. She turns the first half of that paragraph into a heading: a change of block type.
    await placeCaret(partner, P2_FIRST.slice(0, 20), 'Wie');
    await partner.getByRole('toolbar', { name: 'Formatting' }).getByRole('button', { name: 'Heading 2' }).click();
    await expectSavedWithoutRefusal(partner);
    await vi.waitFor(async () => {
      expect(await labelledBlocks(staff)).toEqual([
        { tag: 'h2', label: 'retyped', text: P2_FIRST },
        { tag: 'p', label: 'split', text: P2_REST },
      ]);
    }, WAIT);
    expect(await blockTexts(partner)).toEqual(await blockTexts(staff));

    // The staff's panel lists the four, each "Name (Organisation)".
    const panel = panelOf(staff);
    const tabs = panel.getByRole('tablist', { name: 'Suggestions and decisions' });
    await vi.waitFor(async () => expect(await tabs.getByRole('tab', { name: 'Pending (4)' }).getAttribute('aria-selected')).toBe('true'), WAIT);
    await vi.waitFor(async () => expect(await panel.getByRole('listitem').filter({ hasText: LOTTE }).count()).toBe(4), WAIT);

    // The view switch: the text without the pending suggestions, and with all of them applied.
    const view = staff.getByRole('radiogroup', { name: 'View' });
    await view.getByRole('radio', { name: 'Original' }).check();
    const original = staff.getByRole('document', { name: 'Read-only preview: Original' });
    await vi.waitFor(async () => {
      const text = await original.innerText();
      expect(text).toContain(P1);
      expect(text).toContain((P2_FIRST + P2_REST).trim());
      expect(text).not.toContain(SENTENCE.trim());
    }, WAIT);
    expect(await original.locator('h2', { hasText: 'Wie verkoopt' }).count()).toBe(0);
    expect(await editorOf(staff).isVisible()).toBe(false);
    await view.getByRole('radio', { name: 'As if all accepted' }).check();
    const accepted = staff.getByRole('document', { name: 'Read-only preview: As if all accepted' });
    await vi.waitFor(async () => {
      const text = await accepted.innerText();
      expect(text).toContain(P1.replace(`${WORD} `, '') + SENTENCE);
      expect(text).not.toContain('koopt enkel');
    }, WAIT);
    expect(await accepted.locator('h2').allInnerTexts()).toContain(P2_FIRST.trim());
    expect(await accepted.locator('p').allInnerTexts()).toContain(P2_REST);
    await view.getByRole('radio', { name: 'With suggestions' }).check();
    await editorOf(staff).waitFor({ state: 'visible' });

    // Thomas accepts the insertion.
    await itemOf(staff, 'Insertion', SENTENCE.trim()).getByRole('button', { name: 'Accept' }).click();
    for (const page of [staff, partner]) {
      await vi.waitFor(async () => {
        expect(await marks(page, 'ins.suggestion-insertion')).toEqual([]);
        expect((await blockTexts(page)).some((block) => block.endsWith(`sterk.${SENTENCE}`))).toBe(true);
      }, WAIT);
    }

    // He rejects the deletion, with a reason.
    const deletion = itemOf(staff, 'Deletion', WORD);
    await deletion.getByRole('textbox', { name: 'Reason (optional)' }).fill(REASON);
    await deletion.getByRole('button', { name: 'Reject' }).click();
    for (const page of [staff, partner]) {
      await vi.waitFor(async () => {
        expect(await marks(page, 'del.suggestion-deletion')).toEqual([]);
        expect(await blockTexts(page)).toContain(P1 + SENTENCE);
      }, WAIT);
    }
    await vi.waitFor(async () => expect(await tabs.getByRole('tab', { name: 'Pending (2)' }).count()).toBe(1), WAIT);
    // The accepted sentence is now part of the original text.
    await view.getByRole('radio', { name: 'Original' }).check();
    await vi.waitFor(async () => expect(await original.innerText()).toContain(P1 + SENTENCE), WAIT);
    await view.getByRole('radio', { name: 'With suggestions' }).check();

    // Lotte reads the decisions: who decided, and why.
    const partnerPanel = panelOf(partner);
    await partnerPanel.getByRole('tab', { name: 'Decisions' }).click();
    const decisions = partnerPanel.getByRole('tabpanel', { name: 'Decisions' });
    await vi.waitFor(async () => {
      const text = await decisions.innerText();
      expect(text).toContain(REASON);
      expect(text).toContain(`Rejected by ${THOMAS}`);
      expect(text).toContain(`Accepted by ${THOMAS}`);
      expect(text).toContain(`Suggested by ${LOTTE}`);
    }, WAIT);

    // The two structural suggestions left are settled in bulk, by organisation.
    await panel.getByRole('combobox', { name: 'Filter by organisation' }).selectOption({ label: 'Buurtwerk Noordwijk' });
    await panel.getByRole('button', { name: 'Reject all from Buurtwerk Noordwijk' }).click();
    await vi.waitFor(async () => expect(await tabs.getByRole('tab', { name: 'Pending (0)' }).count()).toBe(1), WAIT);
    await vi.waitFor(async () => expect(await staff.locator('.ProseMirror [data-suggestion]').count()).toBe(0), WAIT);

    for (const page of [partner, staff]) await expectSavedWithoutRefusal(page);
    expect(await statusOf(partner).innerText()).toBe('Saved');
  }, 120_000);
});

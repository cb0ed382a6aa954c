/**
 * Browser: comment threads (flow 3). A partner selects text and comments; a staff member
 * sees the thread arrive live and replies with an @mention; the partner finds the mention
 * in the inbox (live unread badge) and opens the thread from there; the staff member
 * resolves it. The anchor is a comment mark that survives suggest-only checks (S1, C1).
 * HTML in message bodies, names and organisation names renders as text (X1).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { demoSection, signIn } from '../helpers/clients.js';
import { caretToEnd, editorOf, openBrowserSuite, waitForStatus, type BrowserSuite } from '../helpers/browser.js';

const WAIT = { timeout: 15_000, interval: 100 };
const SECTION_TITLE = 'Grond en woning gescheiden';
const LOTTE = 'Lotte Janssens (Buurtwerk Noordwijk)';
const WORD = 'opstalrecht';
const QUESTION = 'Is een opstalrecht hetzelfde als erfpacht?';
const ANSWER = 'klopt niet helemaal, zie het reglement.';
const PAYLOAD = '<img src=x onerror=window.__xss=1>';

let suite: BrowserSuite;
let sectionUrl: string;
let docName: string;

/** Selects `word` (its first occurrence) in the editor as a person dragging over it would. */
async function selectWord(page: Page, word: string): Promise<void> {
  await vi.waitFor(async () => {
    await editorOf(page).evaluate((editor, target) => {
      const walker = document.createTreeWalker(editor, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const index = node.textContent?.indexOf(target) ?? -1;
        if (index < 0) continue;
        const range = document.createRange();
        range.setStart(node, index);
        range.setEnd(node, index + target.length);
        const selection = window.getSelection()!;
        selection.removeAllRanges();
        selection.addRange(range);
        return;
      }
      throw new Error(`no text ${target}`);
    }, word);
    // The editor has taken the selection over when its "Comment" bubble shows.
    expect(await page.locator('.comment-bubble').count()).toBe(1);
    expect(await page.evaluate(() => window.getSelection()?.toString())).toBe(word);
  }, WAIT);
}

/** With SCREENSHOT_DIR set, saves a full-page screenshot there (for reviewing the UI). */
async function shoot(page: Page, name: string): Promise<void> {
  if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/${name}.png`, fullPage: true });
}

function commentsOf(page: Page) {
  return page.getByRole('region', { name: 'Comments' });
}

function cardOf(page: Page, text: string) {
  return commentsOf(page).getByRole('article').filter({ hasText: text });
}

async function api(path: string, cookie: string, method: string, body: unknown): Promise<Response> {
  return fetch(`${suite.server.url}${path}`, { method, headers: { cookie, origin: suite.server.url, 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

beforeAll(async () => {
  suite = await openBrowserSuite();
  const section = await demoSection(suite.server.url, SECTION_TITLE);
  sectionUrl = section.url;
  docName = section.docs.nl;
});

afterAll(() => suite?.close());

describe('comment threads in the browser', () => {
  it('[C1] a partner comments on selected text, staff reply live with an @mention, the partner opens it from the inbox, staff resolve it', async () => {
    const partner = await suite.openAs('partner', sectionUrl);
    const staff = await suite.openAs('staff', sectionUrl);
    for (const page of [partner, staff]) {
      await editorOf(page).waitFor();
      await waitForStatus(page, 'Saved');
      await vi.waitFor(async () => expect(await commentsOf(page).innerText()).toContain('No comments yet. Select text and choose Comment.'), WAIT);
    }

    // Lotte selects a word and comments from the bubble.
    await selectWord(partner, WORD);
    await partner.locator('.comment-bubble').getByRole('button', { name: 'Comment' }).click();
    await commentsOf(partner).getByRole('combobox', { name: 'Your comment' }).fill(QUESTION);
    await commentsOf(partner).getByRole('button', { name: 'Comment', exact: true }).click();
    await cardOf(partner, QUESTION).waitFor();
    // The anchor is a comment mark on exactly that word, not a formatting suggestion, and the server kept it.
    await vi.waitFor(async () => expect(await partner.locator('.section-text span.comment-anchor').allInnerTexts()).toEqual([WORD]), WAIT);
    expect(await partner.locator('.section-text [data-suggestion], .section-text .suggestion-mark').count()).toBe(0);
    expect(await waitForStatus(partner, 'Saved')).toBe('saved');

    // Thomas sees the thread and its highlighted passage arrive live.
    const staffCard = cardOf(staff, QUESTION);
    await staffCard.waitFor(WAIT);
    expect(await staffCard.innerText()).toContain(LOTTE);
    await vi.waitFor(async () => expect(await staff.locator('.section-text span.comment-anchor .comment-open, .section-text span.comment-anchor.comment-open').allInnerTexts()).toEqual([WORD]), WAIT);

    // Clicking the highlighted text activates the card.
    await staff.locator('.section-text span.comment-anchor').first().click();
    await vi.waitFor(async () => expect(await staffCard.getAttribute('aria-current')).toBe('true'), WAIT);

    // He replies, mentioning Lotte from the @ list.
    const reply = staffCard.getByRole('combobox', { name: 'Reply' });
    await reply.click();
    await reply.pressSequentially('@Lot', { delay: 20 });
    await staffCard.getByRole('option', { name: LOTTE }).waitFor();
    await shoot(staff, 'comments-mention-list');
    await staffCard.getByRole('option', { name: LOTTE }).click();
    // He goes on typing at once: every letter lands after the mention, in order.
    await reply.pressSequentially(ANSWER);
    await staffCard.getByRole('button', { name: 'Reply', exact: true }).click();
    await vi.waitFor(async () => expect(await staffCard.locator('mark.mention').allInnerTexts()).toEqual(['@Lotte Janssens']), WAIT);

    // Lotte's inbox badge counts it, live; the inbox names who mentioned her; opening it goes to the thread.
    const badge = partner.getByTestId('inbox-unread');
    await vi.waitFor(async () => expect(await badge.innerText()).toContain('1'), WAIT);
    await vi.waitFor(async () => expect(await cardOf(partner, ANSWER).count()).toBe(1), WAIT);
    await partner.getByTestId('inbox-link').click();
    await partner.waitForURL((url) => url.pathname === '/inbox');
    const item = partner.getByRole('button', { name: /Thomas Peeters mentioned you/ });
    await item.waitFor(WAIT);
    expect(await item.innerText()).toContain(ANSWER);
    await shoot(partner, 'comments-inbox');
    await item.click();
    await partner.waitForURL((url) => url.pathname === sectionUrl.split('?')[0] && url.searchParams.has('thread'));
    const partnerCard = cardOf(partner, QUESTION);
    await vi.waitFor(async () => expect(await partnerCard.getAttribute('aria-current')).toBe('true'), WAIT);
    await vi.waitFor(async () => expect(await badge.count()).toBe(0), WAIT);

    // Thomas resolves the thread: both see it resolved, and the passage is no longer highlighted.
    await staffCard.getByRole('button', { name: 'Resolve', exact: true }).click();
    await vi.waitFor(async () => expect(await partnerCard.innerText()).toContain('Resolved by Thomas Peeters'), WAIT);
    for (const page of [staff, partner]) {
      await vi.waitFor(async () => expect(await page.locator('.section-text .comment-open').count()).toBe(0), WAIT);
      expect(await page.locator('.section-text span.comment-anchor').allInnerTexts()).toEqual([WORD]);
    }
    await shoot(partner, 'comments-resolved');
  }, 120_000);

  it('[A2] a reader comments in a read-only editor; [C1] a thread whose text is deleted stays listed as detached, and staff re-attach it', async () => {
    const reader = await suite.openAs('reader', sectionUrl);
    const staff = await suite.openAs('staff', sectionUrl);
    await editorOf(staff).waitFor();
    await waitForStatus(staff, 'Saved');
    // The reader's text is read-only: the status line says "Up to date", never "Saved".
    await editorOf(reader).waitFor();
    await waitForStatus(reader, 'Up to date');
    expect(await editorOf(reader).getAttribute('contenteditable')).toBe('false');

    // The reader comments with the keyboard shortcut; the anchor is accepted from a comment-only connection.
    const word = 'bakstenen';
    await selectWord(reader, word);
    await reader.keyboard.press('Control+Alt+KeyM');
    await commentsOf(reader).getByRole('combobox', { name: 'Your comment' }).fill('Wat met de bakstenen?');
    await commentsOf(reader).getByRole('button', { name: 'Comment', exact: true }).click();
    await cardOf(reader, 'Wat met de bakstenen?').waitFor(WAIT);
    // From here on the card is found by its thread, as its text changes.
    const threadId = await cardOf(reader, 'Wat met de bakstenen?').getAttribute('data-thread-id');
    const readerCard = commentsOf(reader).locator(`[data-thread-id="${threadId}"]`);
    const staffCard = commentsOf(staff).locator(`[data-thread-id="${threadId}"]`);
    await vi.waitFor(async () => expect(await staff.locator('.section-text span.comment-anchor').allInnerTexts()).toContain(word), WAIT);
    expect(await waitForStatus(reader, 'Up to date')).toBe('upToDate');

    // They edit their message, then delete it: a tombstone keeps its place.
    reader.on('dialog', (dialog) => void dialog.accept());
    await readerCard.getByRole('button', { name: 'Edit' }).click();
    const edit = readerCard.getByRole('combobox', { name: 'Edit your message' });
    await edit.fill('Wat gebeurt er met de bakstenen?');
    await readerCard.getByRole('button', { name: 'Save' }).click();
    await vi.waitFor(async () => expect(await readerCard.innerText()).toMatch(/\(edited\)[\s\S]*Wat gebeurt er met de bakstenen\?/), WAIT);

    // Staff delete the commented word once the new thread's grace period is over: the thread detaches.
    await new Promise((resolve) => setTimeout(resolve, 10_500));
    await selectWord(staff, word);
    await staff.keyboard.press('Backspace');
    await waitForStatus(staff, 'Saved');
    await vi.waitFor(async () => expect(await staffCard.innerText()).toContain(`Detached`), { timeout: 20_000, interval: 200 });
    expect(await staffCard.innerText()).toContain(`It said: “${word}”`);
    await vi.waitFor(async () => expect(await readerCard.innerText()).toContain('Detached'), WAIT);
    expect(await readerCard.getByRole('button', { name: 'Re-attach to selection' }).count()).toBe(0);

    // Staff re-attach it to other text.
    await selectWord(staff, 'aankoopprijs');
    await staffCard.getByRole('button', { name: 'Re-attach to selection' }).click();
    for (const page of [staff, reader]) {
      await vi.waitFor(async () => expect(await page.locator('.section-text span.comment-anchor').allInnerTexts()).toContain('aankoopprijs'), WAIT);
    }
    await vi.waitFor(async () => expect(await readerCard.innerText()).not.toContain('Detached'), { timeout: 20_000, interval: 200 });

    // The reader deletes their message: the thread keeps a tombstone.
    await readerCard.getByRole('button', { name: 'Delete' }).click();
    for (const card of [readerCard, staffCard]) {
      await vi.waitFor(async () => {
        const text = await card.innerText();
        expect(text).toContain('Message deleted');
        expect(text).not.toContain('Wat gebeurt er met de bakstenen?');
      }, WAIT);
    }
  }, 120_000);

  it('[S2] staff discuss a suggestion; accepting it resolves the thread and names the decision that settled it', async () => {
    const partner = await suite.openAs('partner', sectionUrl);
    const staff = await suite.openAs('staff', sectionUrl);
    for (const page of [partner, staff]) {
      await editorOf(page).waitFor();
      await waitForStatus(page, 'Saved');
    }
    const addition = ' in Brussel';
    await caretToEnd(partner, 'first');
    await partner.keyboard.type(addition, { delay: 15 });
    await waitForStatus(partner, 'Saved');

    const item = staff.getByRole('region', { name: 'Suggestions' }).getByRole('listitem').filter({ hasText: addition.trim() });
    await item.waitFor(WAIT);
    await item.getByRole('button', { name: 'Discuss' }).click();
    const comments = commentsOf(staff);
    expect(await comments.innerText()).toContain('On a suggestion');
    await comments.getByRole('combobox', { name: 'Your comment' }).fill('Waarom alleen Brussel?');
    await comments.getByRole('button', { name: 'Comment', exact: true }).click();
    const card = cardOf(staff, 'Waarom alleen Brussel?');
    await card.waitFor(WAIT);
    expect(await card.innerText()).toContain('On a suggestion');
    await cardOf(partner, 'Waarom alleen Brussel?').waitFor(WAIT);

    await item.getByRole('button', { name: 'Accept' }).click();
    await vi.waitFor(async () => expect(await card.innerText()).toContain('Settled by a decision on a suggestion.'), WAIT);
  }, 90_000);

  it('[V1] staff resolve a thread naming the approved revision that settled it (flow 3)', async () => {
    const staff = await suite.openAs('staff', sectionUrl);
    await editorOf(staff).waitFor();
    await waitForStatus(staff, 'Saved');
    await selectWord(staff, 'meerwaarde');
    await staff.locator('.comment-bubble').getByRole('button', { name: 'Comment' }).click();
    await commentsOf(staff).getByRole('combobox', { name: 'Your comment' }).fill('Staat dit al in versie 1?');
    await commentsOf(staff).getByRole('button', { name: 'Comment', exact: true }).click();
    const card = cardOf(staff, 'Staat dit al in versie 1?');
    await card.waitFor(WAIT);

    // The demo section's revision 1 is offered, with its summary, and chosen.
    await card.getByRole('button', { name: 'Resolve with a revision…' }).click();
    const choice = card.getByRole('combobox', { name: 'Settled by' });
    await choice.waitFor(WAIT);
    expect(await choice.locator('option').allInnerTexts()).toEqual([expect.stringMatching(/^revision 1: /)]);
    await shoot(staff, 'comments-settled-by-revision');
    await card.getByRole('button', { name: 'Resolve', exact: true }).click();
    await vi.waitFor(async () => expect(await card.innerText()).toContain('Settled by revision 1.'), WAIT);
    expect(await card.getByRole('combobox', { name: 'Settled by' }).count()).toBe(0);

    // The server recorded it: the thread points to revision 1.
    const threadId = await card.getAttribute('data-thread-id');
    const cookie = await signIn(suite.server.url, 'staff');
    const threads = (await (await fetch(`${suite.server.url}/api/docs/${docName}/threads`, { headers: { cookie } })).json()) as { id: string; status: string; settledBy: unknown }[];
    expect(threads.find((thread) => thread.id === threadId)).toMatchObject({ status: 'resolved', settledBy: { kind: 'revision', id: '1' } });
  }, 60_000);

  it('[X1] HTML in message bodies, names and organisation names renders as text and runs nothing', async () => {
    const admin = await signIn(suite.server.url, 'admin');
    const partner2 = await signIn(suite.server.url, 'partner2');
    const organisations = (await (await fetch(`${suite.server.url}/api/organisations`, { headers: { cookie: admin } })).json()) as { id: string; name: string }[];
    const helmet = organisations.find((o) => o.name.startsWith('Maison de quartier Helmet'));
    expect(helmet).toBeDefined();
    expect((await api(`/api/organisations/${helmet!.id}`, admin, 'PATCH', { name: `Helmet ${PAYLOAD}` })).status).toBe(200);
    expect((await api('/api/auth/me', partner2, 'PATCH', { name: `Nadia ${PAYLOAD}` })).status).toBe(200);
    const body = `${PAYLOAD} <script>window.__xss=2</script> <b>bold?</b>`;
    expect((await api(`/api/docs/${encodeURIComponent(docName)}/threads`, partner2, 'POST', { quote: `quote ${PAYLOAD}`, body, mentions: [] })).status).toBe(201);

    const staff = await suite.openAs('staff', sectionUrl);
    await editorOf(staff).waitFor();
    const card = cardOf(staff, '<script>window.__xss=2</script>');
    await card.waitFor(WAIT);
    const text = await card.innerText();
    expect(text).toContain(body);
    expect(text).toContain(`Nadia ${PAYLOAD} (Helmet ${PAYLOAD})`);
    expect(text).toContain(`quote ${PAYLOAD}`);
    expect(await commentsOf(staff).locator('img, script, b').count()).toBe(0);
    expect(await staff.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();

    // The workspace thread list shows them as text too.
    await staff.goto('/w/toolbox/threads');
    const listed = staff.getByRole('listitem').filter({ hasText: '<script>window.__xss=2</script>' });
    await listed.waitFor(WAIT);
    expect(await listed.locator('img, script, b').count()).toBe(0);
    expect(await staff.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
  }, 60_000);
});

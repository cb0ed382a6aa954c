/**
 * Browser: notifications explain themselves, feedback keeps its author (issue 17). A partner's
 * suggestion is rejected with a reason; in the partner's inbox the line reads as a sentence
 * — who rejected which suggestion, and why — in English, Dutch and French as the partner
 * switches the interface language (the same stored notification, re-told; the switch is also
 * the profile's language, which the digest follows). Staff see a
 * visitor's accepted remark in the section's comments as the visitor's, tagged public, with
 * who accepted it, and with no edit or delete offered on those words.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { connectClient, firstDocName, listWorkspaces, signIn, whenSynced } from '../helpers/clients.js';
import { callApi } from '../helpers/httpServer.js';
import { paragraph, storedFingerprint } from '../helpers/docs.js';
import { eventually, openBrowserSuite, type BrowserSuite } from '../helpers/browser.js';
import { buildSectionUrl } from '../../shared/api.js';

const WAIT = { timeout: 15_000, interval: 100 };
const SWITCH = { en: 'Interface language', nl: 'Taal van de interface', fr: "Langue de l'interface" } as const;
const OPTION = { en: 'English', nl: 'Nederlands', fr: 'Français' } as const;
const LINE = {
  en: 'Thomas Peeters rejected your insertion “Misschien”: Dit staat al in het reglement.',
  nl: 'Thomas Peeters weigerde je invoeging “Misschien”: Dit staat al in het reglement.',
  fr: 'Thomas Peeters a refusé votre insertion « Misschien » : Dit staat al in het reglement.',
} as const;

let suite: BrowserSuite;
let staff: string;
let partner: string;

/** With SCREENSHOT_DIR set, saves a full-page screenshot there (for reviewing the UI). */
async function shoot(page: Page, name: string): Promise<void> {
  if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/${name}.png`, fullPage: true });
}

/** The sentences of the newest inbox entry, as shown. */
const newestLine = (page: Page) => page.locator('.notification-list li').first().locator('.notification-sentence').allInnerTexts();

beforeAll(async () => {
  suite = await openBrowserSuite();
  staff = await signIn(suite.server.url, 'staff');
  partner = await signIn(suite.server.url, 'partner');
}, 60_000);
afterAll(async () => {
  await suite?.close();
});

describe('the inbox line of a decision', () => {
  it('[S2] reads as a sentence — who, which suggestion, why — in English, Dutch and French as the reader switches language', async () => {
    const { server } = suite;
    const docName = await firstDocName(server.url, staff);
    const partnerId = (await callApi(server, '/api/auth/me', { cookie: partner })).body.user.id;
    // Staff text, then the partner's suggested insertion in it (a stock y-websocket client each).
    const staffClient = connectClient(server.url, docName, staff);
    await whenSynced(staffClient);
    staffClient.fragment().insert(0, [paragraph('Het reglement geldt voor iedereen.', 'e2einbox01')]);
    const partnerClient = connectClient(server.url, docName, partner);
    await whenSynced(partnerClient);
    await vi.waitFor(() => expect(partnerClient.fragment().toString()).toContain('Het reglement geldt'), WAIT);
    const id = `e2einb${Date.now().toString(36)}`;
    ((partnerClient.fragment().get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'Misschien ', { insertion: { id, author: partnerId } });
    await vi.waitFor(async () => {
      await server.rooms.settled(docName);
      expect((await storedFingerprint(server.store, docName)).content).toContain(id);
    }, WAIT);
    partnerClient.destroy();
    staffClient.destroy();

    const page = await suite.openAs('partner', '/inbox');
    const rejected = await callApi(server, `/api/docs/${docName}/suggestions/reject`, { cookie: staff, body: { ids: [id], reason: 'Dit staat al in het reglement.' } });
    expect(rejected.status).toBe(200);
    // The inbox is live: the new line arrives without a reload.
    await eventually(() => newestLine(page), (lines) => lines.join() === LINE.en, { what: 'the English line' });
    expect(await page.locator('.notification-list li').first().innerText()).not.toMatch(/\b(accept|reject)\b/);

    await page.getByLabel(SWITCH.en).selectOption({ label: OPTION.nl });
    await eventually(() => newestLine(page), (lines) => lines.join() === LINE.nl, { what: 'the Dutch line' });
    await page.getByLabel(SWITCH.nl).selectOption({ label: OPTION.fr });
    await eventually(() => newestLine(page), (lines) => lines.join() === LINE.fr, { what: 'the French line' });
    await shoot(page, 'inbox-decision-fr');
    // Signed in, the switch is also the profile's language: the digest e-mails follow it.
    await eventually(async () => (await callApi(server, '/api/auth/me', { cookie: partner })).body.user.locale, (locale) => locale === 'fr', { what: 'the profile language' });
    await page.reload();
    await eventually(() => newestLine(page), (lines) => lines.join() === LINE.fr, { what: 'the French line after a reload' });
    await page.getByLabel(SWITCH.fr).selectOption({ label: OPTION.en });
    await eventually(() => newestLine(page), (lines) => lines.join() === LINE.en, { what: 'the English line again' });
  });
});

describe('a visitor’s remark in the draft', () => {
  it('shows as the visitor’s (public, from its release), names who accepted it, and offers no edit or delete of those words', async () => {
    const { server } = suite;
    const release = (await callApi(server, '/api/workspaces/toolbox/releases/1', { cookie: staff })).body;
    const section = release.manifest.sections.find((s: { revisions: Record<string, unknown> }) => s.revisions.nl);
    const { docName, number } = section.revisions.nl;
    const textOf = (node: { text?: string; content?: unknown[] }): string => node.text ?? (node.content ?? []).map((c) => textOf(c as never)).join('');
    const block = server.services.releases.content(docName, number).find((b) => textOf(b).split(' ').length > 4)!;
    const quote = textOf(block).split(' ').slice(0, 3).join(' ');
    const left = await callApi(server, '/api/public/releases/toolbox/1/feedback', { body: { lang: 'nl', blockId: block.attrs!.id, quote, context: '', name: 'Jan Visser', body: 'Graag een voorbeeld uit Anderlecht.' } });
    expect(left.status).toBe(201);
    const accepted = await callApi(server, `/api/workspaces/toolbox/feedback/${left.body.id}/accept`, { cookie: staff, body: {} });
    expect(accepted.status).toBe(200);

    const workspace = (await listWorkspaces(server.url, staff)).find((w) => w.slug === 'toolbox')!;
    const slug = workspace.sections.find((s) => s.docs.nl === docName)!.slug;
    const page = await suite.openAs('staff', buildSectionUrl('toolbox', slug));
    const card = page.getByRole('region', { name: 'Comments' }).getByRole('article').filter({ hasText: 'Graag een voorbeeld uit Anderlecht.' });
    await card.waitFor(WAIT);
    const message = card.locator('.thread-message').first();
    await vi.waitFor(async () => expect(await message.innerText()).toContain('Jan Visser (public)'), WAIT);
    expect(await message.innerText()).toMatch(/Left on release 1 by a visitor; accepted into the draft by Thomas Peeters \(.+\)/);
    expect(await card.innerText()).toContain('Feedback on release 1');
    await shoot(page, 'visitor-remark');
    expect(await message.getByRole('button', { name: 'Edit' }).count()).toBe(0);
    expect(await message.getByRole('button', { name: 'Delete' }).count()).toBe(0);
  });
});

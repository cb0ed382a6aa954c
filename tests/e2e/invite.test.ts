/**
 * Browser: an administrator invites a partner from the members page; the invitee opens the
 * link in a fresh browser, creates an account and lands in the workspace, where the server
 * lets them suggest but not edit. A reader sees sections read-only.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type TestServer } from '../helpers/server.js';
import { editorOf, caretToEnd, signInAs, statusOf, waitForStatus, openBrowserSuite, type BrowserSuite } from '../helpers/browser.js';

const WAIT = { timeout: 15_000, interval: 100 };
const PARTNER_ORG = 'Buurtwerk Noordwijk';
const INVITEE = { email: 'newpartner@example.org', name: 'Nadia El Amrani', password: 'een-lang-wachtwoord-42' };
const SECTION = 'Over deze toolbox';

let suite: BrowserSuite;
let server: TestServer;

function newPage(): Promise<Page> {
  return suite.newPage();
}

/** Opens the workspace's outline and follows the link to `title`. */
async function openSection(page: Page, title: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Sections of Toolbox' }).getByRole('link', { name: title, exact: true }).click();
  await editorOf(page).waitFor();
}

beforeAll(async () => {
  suite = await openBrowserSuite();
  server = suite.server;
});

afterAll(() => suite?.close());

describe('invitations in the browser', () => {
  it('[A5] an admin invites a partner, who accepts and works in suggestion mode', async () => {
    // Amira invites a new partner from the members page.
    const admin = await newPage();
    await signInAs(admin, 'admin', '/w/toolbox');
    await admin.getByRole('link', { name: 'Members', exact: true }).click();
    await admin.waitForURL((url) => url.pathname === '/w/toolbox/members');
    const form = admin.getByRole('region', { name: 'Invite someone' });
    await form.getByRole('textbox', { name: 'Email' }).fill(INVITEE.email);
    await form.getByRole('combobox', { name: 'Role' }).selectOption({ label: 'Partner' });
    await form.getByRole('combobox', { name: 'Organisation' }).selectOption({ label: PARTNER_ORG });
    await form.getByRole('textbox', { name: 'Name (optional)' }).fill(INVITEE.name);
    await form.getByRole('button', { name: 'Create invitation' }).click();
    const linkField = form.getByRole('textbox', { name: 'Invitation link' });
    await linkField.waitFor();
    expect(await linkField.getAttribute('readonly')).not.toBeNull();
    const link = await linkField.inputValue();
    expect(link.startsWith(`${server.url}/`), `invitation link ${link} points at this server`).toBe(true);

    // The invitee opens it in a fresh browser and creates an account.
    const invitee = await newPage();
    await invitee.goto(link);
    await invitee.getByRole('heading', { name: 'Join Toolbox' }).waitFor();
    expect(await invitee.getByText(`You are invited as Partner with the email ${INVITEE.email}.`).count()).toBe(1);
    const yourName = invitee.getByRole('textbox', { name: 'Your name' });
    await vi.waitFor(async () => expect(await yourName.inputValue()).toBe(INVITEE.name), WAIT);
    await yourName.fill(INVITEE.name);
    await invitee.getByLabel('Choose a password').fill(INVITEE.password);
    await invitee.getByRole('button', { name: 'Accept invitation' }).click();
    await invitee.waitForURL((url) => url.pathname === '/w/toolbox');
    await invitee.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(await invitee.getByTestId('signed-in-person').innerText()).toContain(`${INVITEE.name} (${PARTNER_ORG})`);

    // In a section, the editor is editable but every change is a suggestion.
    await openSection(invitee, SECTION);
    await waitForStatus(invitee, 'Saved');
    expect(await editorOf(invitee).getAttribute('contenteditable')).toBe('true');
    expect(await invitee.getByRole('button', { name: 'Suggesting' }).count()).toBe(0);
    expect(await invitee.getByText('Read-only', { exact: true }).count()).toBe(0);
    await caretToEnd(invitee);
    await invitee.keyboard.type(' Welkom', { delay: 20 });
    await vi.waitFor(async () => {
      expect(await editorOf(invitee).locator('ins.suggestion-insertion').allTextContents()).toEqual([' Welkom']);
    }, WAIT);
    expect(await waitForStatus(invitee, 'Saved')).toBe('saved');

    // The suggestion reached the server: staff opening the section see it, attributed.
    const staff = await newPage();
    await signInAs(staff, 'staff', new URL(invitee.url()).pathname);
    await vi.waitFor(async () => {
      expect(await editorOf(staff).locator('ins.suggestion-insertion').allTextContents()).toEqual([' Welkom']);
    }, WAIT);
    await vi.waitFor(async () => {
      const items = staff.getByRole('region', { name: 'Suggestions' }).getByRole('listitem').filter({ hasText: `${INVITEE.name} (${PARTNER_ORG})` });
      expect(await items.count()).toBe(1);
    }, WAIT);

    // Amira's members page lists the new person as a partner.
    await admin.reload();
    const row = admin.getByRole('row').filter({ hasText: INVITEE.email });
    await row.waitFor();
    expect(await row.innerText()).toContain(INVITEE.name);
    expect(await row.innerText()).toContain(PARTNER_ORG);
    expect(await row.getByRole('combobox', { name: `Role of ${INVITEE.name}` }).inputValue()).toBe('partner');

    // A reader sees the section read-only.
    const reader = await newPage();
    await signInAs(reader, 'reader', '/w/toolbox');
    await openSection(reader, SECTION);
    await reader.getByText('Read-only', { exact: true }).waitFor();
    expect(await waitForStatus(reader, 'Up to date')).toBe('upToDate');
    expect(await editorOf(reader).getAttribute('contenteditable')).toBe('false');
    expect(await statusOf(reader).innerText()).toBe('Up to date');
  }, 120_000);
});

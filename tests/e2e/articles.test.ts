/**
 * Browser [L1] (issue 24): in a workspace written in articles and never adopted, staff insert
 * an article from the toolbar and the reference to a later article follows the renumbering
 * live for staff and a partner; the partner suggests a new article, staff accept it, and both
 * see it numbered.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { connectClient, listWorkspaces, signIn, whenSynced } from '../helpers/clients.js';
import { DEMO } from '../helpers/demoAccounts.js';
import { editorOf, openBrowserSuite, waitForStatus, type BrowserSuite } from '../helpers/browser.js';

const WAIT = { timeout: 20_000, interval: 150 };
let suite: BrowserSuite;
let sectionUrl: string;

function article(id: string, title: string, ...paragraph: (string | { ref: string })[]): Y.XmlElement {
  const element = new Y.XmlElement('article');
  element.setAttribute('id', id);
  const heading = new Y.XmlElement('articleHeading');
  heading.insert(0, [new Y.XmlText(title)]);
  const para = new Y.XmlElement('paragraph');
  para.insert(
    0,
    paragraph.map((part) => {
      if (typeof part === 'string') return new Y.XmlText(part);
      const ref = new Y.XmlElement('articleRef');
      ref.setAttribute('target', part.ref);
      return ref;
    }),
  );
  element.insert(0, [heading, para]);
  return element;
}

/** What the page draws: article numbers in order, and the reference labels. */
async function drawn(page: Page): Promise<{ numbers: string[]; refs: string[] }> {
  return editorOf(page).evaluate((editor) => ({
    numbers: [...editor.querySelectorAll('.article-num')].map((el) => el.textContent ?? ''),
    refs: [...editor.querySelectorAll('[data-article-ref]')].map((el) => el.textContent ?? ''),
  }));
}

beforeAll(async () => {
  suite = await openBrowserSuite();
  const { server } = suite;
  const admin = await signIn(server.url, 'admin');
  const call = (path: string, body: unknown, method = 'POST') =>
    fetch(`${server.url}${path}`, { method, headers: { cookie: admin, 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((res) => res.json() as Promise<Record<string, never>>);
  const created = await call('/api/workspaces', { name: 'Wetboek', slug: 'wetboek', languages: ['nl'] });
  const workspaceId = (created.workspace as unknown as { id: string }).id;
  await call('/api/workspaces/wetboek/legal', { articles: true }, 'PATCH');
  for (const who of [DEMO.staff, DEMO.partner]) {
    const user = server.db.prepare('SELECT id FROM users WHERE email = ?').get(who.email) as { id: string };
    server.services.workspaces.setMember(workspaceId, user.id, who === DEMO.staff ? 'staff' : 'partner');
  }
  const section = (await call('/api/workspaces/wetboek/sections', { title: 'Toewijzing' })).section as unknown as { docs: { nl: string }; url: string };
  sectionUrl = section.url;
  const writer = connectClient(server.url, section.docs.nl, admin);
  await whenSynced(writer);
  // The new section's empty paragraph stays last, for the input rule.
  writer.fragment().insert(0, [article('e2e-a', 'Doel', 'Zie ', { ref: 'e2e-b' }, ' voor de wachtlijst.'), article('e2e-b', 'Wachtlijst', 'De CLTB houdt een wachtlijst bij.')]);
  await vi.waitFor(async () => {
    await server.rooms.settled(section.docs.nl);
  });
  writer.destroy();
});

afterAll(() => suite?.close());

describe('[L1] articles in the editor', () => {
  it('[L1] staff insert an article, a partner suggests one, staff accept; numbers and references follow live for both', async () => {
    const staff = await suite.openAs('staff', sectionUrl);
    const partner = await suite.openAs('partner', sectionUrl);
    for (const page of [staff, partner]) {
      await editorOf(page).waitFor();
      await vi.waitFor(async () => expect(await drawn(page)).toEqual({ numbers: ['Artikel 1', 'Artikel 2'], refs: ['artikel 2'] }), WAIT);
    }
    await waitForStatus(staff, 'Saved');

    // Staff: caret in article 1's title, "Insert article" adds one after it; the later article becomes 3.
    await editorOf(staff).locator('p[data-article-heading]').filter({ hasText: 'Doel' }).click();
    await staff.keyboard.press('End');
    const insert = staff.getByRole('toolbar', { name: 'Formatting' }).getByRole('button', { name: 'Insert article' });
    await insert.click();
    await staff.keyboard.type('Voorrang');
    for (const page of [staff, partner]) {
      await vi.waitFor(async () => expect(await drawn(page)).toEqual({ numbers: ['Artikel 1', 'Artikel 2', 'Artikel 3'], refs: ['artikel 3'] }), WAIT);
    }
    await vi.waitFor(async () => expect(await editorOf(partner).textContent()).toContain('Voorrang'), WAIT);

    // The partner suggests a new article after the last one.
    await editorOf(partner).locator('p[data-article-heading]').filter({ hasText: 'Wachtlijst' }).click();
    await partner.keyboard.press('End');
    await partner.getByRole('toolbar', { name: 'Formatting' }).getByRole('button', { name: 'Insert article' }).click();
    // A partner's client writes no block ids: the server gives the new article one; type once it has.
    await vi.waitFor(async () => expect(await editorOf(partner).locator('article[data-article][data-id]').count()).toBe(4), WAIT);
    await partner.keyboard.type('Voorstel partner');
    for (const page of [staff, partner]) {
      await vi.waitFor(async () => expect((await drawn(page)).numbers).toEqual(['Artikel 1', 'Artikel 2', 'Artikel 3', 'Artikel 4']), WAIT);
    }
    await vi.waitFor(async () => expect(await editorOf(staff).textContent()).toContain('Voorstel partner'), WAIT);

    // Staff accept it from the suggestions panel; it stays article 4 for both, no longer a suggestion.
    const item = staff.getByRole('region', { name: 'Suggestions' }).getByRole('listitem').filter({ hasText: 'Voorstel partner' });
    await item.getByRole('button', { name: 'Accept' }).first().click();
    for (const page of [staff, partner]) {
      await vi.waitFor(
        async () =>
          expect(await editorOf(page).evaluate((editor) => [...editor.querySelectorAll('article[data-article]')].map((el) => el.hasAttribute('data-suggestion')))).toEqual([false, false, false, false]),
        WAIT,
      );
      expect(await drawn(page)).toEqual({ numbers: ['Artikel 1', 'Artikel 2', 'Artikel 3', 'Artikel 4'], refs: ['artikel 3'] });
    }

    // Staff add a reference to the accepted article from the toolbar; both see its label.
    await editorOf(staff).getByText('De CLTB houdt een wachtlijst bij.').click();
    await staff.keyboard.press('End');
    await staff.getByRole('toolbar', { name: 'Formatting' }).getByRole('button', { name: 'Reference to an article' }).click();
    await staff.getByRole('combobox', { name: 'Article' }).selectOption({ label: 'Artikel 4 — Voorstel partner' });
    await staff.getByRole('button', { name: 'Insert reference' }).click();
    for (const page of [staff, partner]) {
      await vi.waitFor(async () => expect((await drawn(page)).refs).toEqual(['artikel 3', 'artikel 4']), WAIT);
    }

    // Typing "Artikel " at the start of an empty line makes it an article.
    await editorOf(staff).locator(':scope > p').last().click();
    await staff.keyboard.type('Artikel ');
    await staff.keyboard.type('Slot');
    for (const page of [staff, partner]) {
      await vi.waitFor(async () => expect((await drawn(page)).numbers).toEqual(['Artikel 1', 'Artikel 2', 'Artikel 3', 'Artikel 4', 'Artikel 5']), WAIT);
    }
    expect(await editorOf(staff).locator('article[data-article] p[data-article-heading]').last().textContent()).toBe('Artikel 5Slot');
  }, 120_000);

  it('[L1] after adoption (the demo reglement): a deleted article stays as repealed, the reference to it is flagged, a new one is numbered with a suffix', async () => {
    const { server } = suite;
    const section = (await listWorkspaces(server.url, await signIn(server.url, 'staff'))).find((w) => w.slug === 'reglement')!.sections.find((s) => s.title === 'Toewijzing van de woningen')!;
    const staff = await suite.openAs('staff', section.url);
    const partner = await suite.openAs('partner', section.url);
    for (const page of [staff, partner]) {
      await editorOf(page).waitFor();
      await vi.waitFor(async () => expect(await drawn(page)).toEqual({ numbers: ['Artikel 3', 'Artikel 4', 'Artikel 5'], refs: ['artikel 4', 'artikel 3', 'artikel 2'] }), WAIT);
    }
    // Article 4 is deleted from the draft (by another client): it stays, repealed, and the reference to it is flagged.
    const writer = connectClient(server.url, section.docs.nl, await signIn(server.url, 'admin'));
    await whenSynced(writer);
    const index = writer.fragment().toArray().findIndex((node) => node instanceof Y.XmlElement && node.getAttribute('id') === 'reg-art-conditions');
    writer.fragment().delete(index, 1);
    for (const page of [staff, partner]) {
      await vi.waitFor(async () => expect(await drawn(page)).toEqual({ numbers: ['Artikel 3', 'Artikel 5'], refs: ['artikel 4', 'artikel 3', 'artikel 2'] }), WAIT);
      expect(await editorOf(page).locator('.article-repealed').textContent()).toBe('Artikel 4 (opgeheven)');
      expect(await editorOf(page).locator('[data-article-ref][aria-invalid="true"]').textContent()).toBe('artikel 4');
    }
    writer.destroy();
    // Staff insert an article after article 3: numbers are frozen, so it gets a suffix and 5 stays 5.
    await editorOf(staff).locator('p[data-article-heading]').filter({ hasText: 'Toewijzing' }).click();
    await staff.keyboard.press('End');
    await staff.getByRole('toolbar', { name: 'Formatting' }).getByRole('button', { name: 'Insert article' }).click();
    for (const page of [staff, partner]) {
      await vi.waitFor(async () => expect((await drawn(page)).numbers).toEqual(['Artikel 3', 'Artikel 4bis', 'Artikel 5']), WAIT);
    }
  }, 120_000);
});

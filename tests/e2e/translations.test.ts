/**
 * Browser: the translation view (issue 20). A section's French text was started from the
 * Dutch and kept up to date; then a Dutch passage changed and was approved. The translator
 * (staff) sees that row "Outdated" with the word diff of the source, updates the French in the
 * live editor, marks it up to date: the chip and the progress change, for a second viewer too
 * (T1: only the explicit decision clears it). Two Chromium contexts, a real server.
 */
import type { Page } from 'playwright-core';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { connectClient, signIn, whenSynced } from '../helpers/clients.js';
import { loadStored, paragraph } from '../helpers/docs.js';
import { editorOf, openBrowserSuite, waitForStatus, type BrowserSuite } from '../helpers/browser.js';
import type { Section } from '../../shared/api.js';

const WAIT = { timeout: 15_000, interval: 100 };
let suite: BrowserSuite;
let section: Section;
let cookies: { staff: string; admin: string };

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read answers as loosely typed JSON
async function api(who: 'staff' | 'admin', path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${suite.server.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { cookie: cookies[who], 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}
async function approve(docName: string, summary: string) {
  const asked = await api('staff', `/api/docs/${docName}/review/request`, { summary });
  expect(asked.status, JSON.stringify(asked.body)).toBe(201);
  expect((await api('admin', `/api/docs/${docName}/review/approve`, { requestId: asked.body.request.id })).status).toBe(201);
}
async function stored(docName: string) {
  await suite.server.rooms.settled(docName);
  const doc = await loadStored(suite.server.store, docName);
  const text = doc.getXmlFragment('default').toString();
  doc.destroy();
  return text;
}
/** Replaces the text of the block with this id through a stock client. */
async function rewrite(docName: string, texts: Record<string, string>) {
  const client = connectClient(suite.server.url, docName, cookies.staff);
  await whenSynced(client);
  client.doc.transact(() => {
    for (const node of client.fragment().toArray() as Y.XmlElement[]) {
      const text = texts[node.getAttribute('id') ?? ''];
      if (text === undefined) continue;
      const t = node.get(0) as Y.XmlText;
      t.delete(0, t.length);
      t.insert(0, text);
    }
  });
  await vi.waitFor(async () => expect(await stored(docName)).toContain(Object.values(texts)[0]));
  client.destroy();
}

const panelOf = (page: Page) => page.getByRole('region', { name: 'Translation view' });
const rowOf = (page: Page, id: string) => panelOf(page).locator(`tr[data-block-id="${id}"]`);

beforeAll(async () => {
  suite = await openBrowserSuite();
  cookies = { staff: await signIn(suite.server.url, 'staff'), admin: await signIn(suite.server.url, 'admin') };
  section = (await api('staff', '/api/workspaces/toolbox/sections', { titles: { nl: 'Vertaalbaar', fr: 'Traduisible' } })).body.section;
  const nl = connectClient(suite.server.url, section.docs.nl, cookies.staff);
  await whenSynced(nl);
  nl.fragment().insert(nl.fragment().length, [paragraph('De trust bezit de grond.', 'e2e1'), paragraph('De bewoners bezitten hun huis.', 'e2e2')]);
  await vi.waitFor(async () => expect(await stored(section.docs.nl)).toContain('hun huis.'));
  nl.destroy();
  await approve(section.docs.nl, 'Tekst');
  expect((await api('staff', `/api/docs/${section.docs.fr}/translation/start`, {})).status).toBe(201);
  await rewrite(section.docs.fr, { e2e1: 'Le trust possède le sol.', e2e2: 'Les habitants possèdent leur maison.' });
  expect((await api('staff', `/api/docs/${section.docs.fr}/translation/confirm`, { blockIds: ['e2e1', 'e2e2'] })).status).toBe(200);
  // The Dutch passage changes and is approved: its French translation is now outdated.
  await rewrite(section.docs.nl, { e2e2: 'De bewoners bezitten samen hun huis.' });
  await approve(section.docs.nl, 'Samen');
}, 90_000);

afterAll(() => suite?.close());

describe('the translation view in the browser', () => {
  it('[T1] a translator sees the outdated row with its diff, updates it, marks it up to date; the chip and the progress change for a second viewer', async () => {
    const url = `${section.url}?lang=fr`;
    const translator = await suite.openAs('staff', url);
    await editorOf(translator).waitFor();
    await waitForStatus(translator, 'Saved');
    const viewer = await suite.openAs('admin', url);
    await editorOf(viewer).waitFor();

    for (const page of [translator, viewer]) {
      await vi.waitFor(async () => expect(await panelOf(page).innerText()).toContain('FR: 50% up to date · 50% outdated · 0% missing'), WAIT);
      await panelOf(page).getByRole('button', { name: 'Show the translation view' }).click();
      await vi.waitFor(async () => expect(await rowOf(page, 'e2e2').innerText()).toContain('Outdated'), WAIT);
    }
    // The source shows what changed since the last "up to date": the inserted word.
    await expect(rowOf(translator, 'e2e2').locator('ins').innerText()).resolves.toContain('samen');
    expect(await rowOf(translator, 'e2e1').innerText()).toContain('Up to date');

    // The translator updates the French passage in the live editor…
    const block = editorOf(translator).locator('[data-id="e2e2"]');
    await block.click();
    await translator.keyboard.press('End');
    // The editor reads the browser's caret a moment later (selectionchange is asynchronous):
    // wait until its own selection is at the end of the passage before deleting the full stop.
    await vi.waitFor(async () =>
      expect(
        await translator.evaluate(() => {
          const editor = (document.querySelector('.section-text') as (Element & { editor?: { state: { selection: { $from: { parentOffset: number; parent: { content: { size: number }; textContent: string } } } } } }) | null)?.editor;
          const from = editor?.state.selection.$from;
          return from ? from.parent.textContent.endsWith('.') && from.parentOffset === from.parent.content.size : false;
        }),
      ).toBe(true),
    );
    await translator.keyboard.press('Backspace');
    await translator.keyboard.type(' ensemble.', { delay: 10 });
    await waitForStatus(translator, 'Saved');
    await vi.waitFor(async () => expect(await stored(section.docs.fr)).toContain('leur maison ensemble.'), WAIT);
    // …which alone decides nothing: still outdated.
    expect((await api('staff', `/api/docs/${section.docs.fr}/translation`)).body.progress).toMatchObject({ upToDate: 1, outdated: 1 });

    // Marking it up to date is the decision.
    await rowOf(translator, 'e2e2').getByRole('button', { name: /^Mark up to date/ }).click();
    await vi.waitFor(async () => expect(await rowOf(translator, 'e2e2').innerText()).toContain('Up to date'), WAIT);
    await vi.waitFor(async () => expect(await panelOf(translator).innerText()).toContain('FR: 100% up to date · 0% outdated · 0% missing'), WAIT);
    // The second viewer's page follows without a reload.
    await vi.waitFor(async () => expect(await rowOf(viewer, 'e2e2').innerText()).toContain('Up to date'), WAIT);
    await vi.waitFor(async () => expect(await panelOf(viewer).innerText()).toContain('FR: 100% up to date'), WAIT);
  });
});

/**
 * Browser: the audit log speaks in sentences in the reader's language (issue 21). An
 * administrator reading in French sees "… a approuvé la révision 2 de …" and "… s’est
 * connecté·e", dates written as the rest of the app writes them, no action codes, hashes or
 * JSON, the details behind a disclosure, and every action in the filter.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AUDIT_ACTIONS, SITE_AUDIT_ACTIONS } from '../../shared/activity.js';
import { eventually, openBrowserSuite, type BrowserSuite } from '../helpers/browser.js';
import { connectClient, whenSynced } from '../helpers/clients.js';
import { paragraph, storedFingerprint } from '../helpers/docs.js';
import { callApi, DEMO, signIn } from '../helpers/httpServer.js';

let suite: BrowserSuite;

beforeAll(async () => {
  suite = await openBrowserSuite();
});
afterAll(() => suite?.close());

describe('audit log in the browser', () => {
  it('[issue 21] in French: sentences, app dates, details behind a disclosure, no codes or hashes, every action in the filter', async () => {
    const server = suite.server;
    const staff = await signIn(server, DEMO.staff.email, DEMO.staff.password);
    const admin = await signIn(server, DEMO.admin.email, DEMO.admin.password);
    const section = (await callApi(server, '/api/workspaces/toolbox', { cookie: staff })).body.sections[0];
    // A change to approve.
    const client = connectClient(server.url, section.docs.nl, staff);
    await whenSynced(client);
    client.fragment().push([paragraph('Een nieuwe inleiding voor de toolbox.')]);
    await vi.waitFor(async () => {
      await server.rooms.settled(section.docs.nl);
      expect((await storedFingerprint(server.store, section.docs.nl)).content).toContain('nieuwe inleiding');
    });
    client.destroy();
    const requested = await callApi(server, `/api/docs/${section.docs.nl}/review/request`, { cookie: staff, body: { summary: 'Nieuwe inleiding' } });
    expect(requested.status, JSON.stringify(requested.body)).toBe(201);
    expect((await callApi(server, `/api/docs/${section.docs.nl}/review/approve`, { cookie: admin, body: { requestId: requested.body.request.id } })).status).toBe(201);

    const context = await suite.newContext();
    const page = await context.newPage();
    await page.addInitScript(() => window.localStorage.setItem('atelier.uiLanguage', 'fr'));
    await page.goto('/login?next=%2Fw%2Ftoolbox%2Faudit');
    await page.getByLabel('Adresse e-mail').fill(DEMO.admin.email);
    await page.getByLabel('Mot de passe').fill(DEMO.admin.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { name: /Journal/ }).or(page.getByRole('heading', { level: 1 })).first().waitFor();
    const rows = page.locator('.audit-table tbody tr');
    await eventually(() => rows.count(), (n) => n > 3, { what: 'audit rows' });

    const approval = rows.filter({ hasText: 'a approuvé la révision 2 de' });
    expect(await approval.count()).toBe(1);
    expect(await approval.getByRole('link', { name: section.title }).count()).toBe(1);
    expect(await rows.filter({ hasText: 's’est connecté·e' }).count()).toBeGreaterThan(0);

    // Dates as the app writes them (Intl, medium date + short time, in French).
    const when = await approval.locator('time').innerText();
    const expected = new Intl.DateTimeFormat('fr', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(await approval.locator('time').getAttribute('datetime') as string));
    expect(when).toBe(expected);

    // Details behind a disclosure, labelled in French; no codes, hashes or JSON anywhere.
    const request = rows.filter({ hasText: 'a demandé l’approbation de' }).first();
    const disclosure = request.locator('details');
    expect(await disclosure.getAttribute('open')).toBeNull();
    await disclosure.locator('summary', { hasText: 'Détails' }).click();
    expect(await disclosure.innerText()).toContain('Résumé');
    expect(await disclosure.innerText()).toContain('Nieuwe inleiding');
    const text = await page.locator('.audit-table').innerText();
    expect(text).not.toMatch(/[0-9a-f]{32,}/);
    expect(text).not.toMatch(/\b(auth|revision|member|section)\.[a-z-]+/);
    expect(text).not.toMatch(/[{}"]/);

    // Every action a workspace's log can hold is in the filter, by its French label.
    const options = await page.getByRole('combobox', { name: 'Action' }).locator('option').allInnerTexts();
    expect(options).toHaveLength(AUDIT_ACTIONS.length - SITE_AUDIT_ACTIONS.length + 1);
    expect(options).toContain('Révision approuvée');
    expect(options.join(' ')).not.toMatch(/\b[a-z]+\.[a-z-]+/);
  });
});

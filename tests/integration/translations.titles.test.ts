/**
 * Issue 20, step 1: everything has a text per language. Section titles and workspace names
 * per language, renaming in one language, adding a language to a workspace (an empty draft
 * of every section in it, admins only), choosing the lead language. Real server, real SQLite.
 */
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Section } from '../../shared/api.js';
import { callApi, DEMO, signIn, startHttpServer, type TestHttpServer } from '../helpers/httpServer.js';

let server: TestHttpServer;
let admin = '';
let staff = '';
let partner = '';

const workspace = async (slug = 'toolbox', cookie = staff) => (await callApi(server, `/api/workspaces/${slug}`, { cookie })).body;
const sectionOf = async (id: string, slug = 'toolbox') => ((await workspace(slug)).sections as Section[]).find((s) => s.id === id)!;
const auditActions = () => (server.db.prepare('SELECT action FROM audit_log ORDER BY id').all() as { action: string }[]).map((row) => row.action);

async function draftText(docName: string): Promise<string> {
  const stored = await server.store.load(docName);
  const doc = new Y.Doc();
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
  for (const update of stored.updates) Y.applyUpdate(doc, update);
  const text = doc.getXmlFragment('default').toString();
  doc.destroy();
  return text;
}

beforeAll(async () => {
  server = await startHttpServer();
  admin = await signIn(server, DEMO.admin.email, DEMO.admin.password);
  staff = await signIn(server, DEMO.staff.email, DEMO.staff.password);
  partner = await signIn(server, DEMO.partner.email, DEMO.partner.password);
}, 60_000);
afterAll(() => server.close());

describe('titles per language (issue 20)', () => {
  it('[CONTRACT] sections carry titles per language beside title (the lead language\'s); the workspace its names and lead language', async () => {
    const toolbox = await workspace();
    expect(toolbox).toMatchObject({ leadLanguage: 'nl', languages: ['nl', 'fr'], names: { nl: 'Toolbox' } });
    for (const section of toolbox.sections as Section[]) {
      expect(section.titles.nl).toBe(section.title);
      expect(section.titles.fr).toEqual(expect.any(String));
    }
    const listed = (await callApi(server, '/api/workspaces', { cookie: partner })).body;
    expect(listed[0].sections[0].titles).toEqual(toolbox.sections[0].titles);
  });

  it('[T1] after the seed the demo toolbox\'s languages are linked: every French passage up to date but one, translated from an earlier Dutch text', async () => {
    const toolbox = await workspace();
    let outdated: { section: string; sourceText: string; was: string }[] = [];
    for (const section of toolbox.sections as Section[]) {
      const status = (await callApi(server, `/api/docs/${section.docs.fr}/translation`, { cookie: partner })).body;
      expect(status.progress.missing, section.title).toBe(0);
      expect(status.progress.orphaned, section.title).toBe(0);
      expect(section.translation?.fr).toEqual(status.progress);
      outdated = outdated.concat(status.units.filter((u: { state: string }) => u.state === 'outdated').map((u: { sourceText: string; confirmed: { sourceText: string } }) => ({ section: section.title, sourceText: u.sourceText, was: u.confirmed.sourceText })));
    }
    expect(outdated).toEqual([
      {
        section: 'Een bestuur in drie delen',
        sourceText: 'Zo weegt niemand alleen op de beslissingen, en hebben partners een stem in hoe de trust groeit.',
        was: 'Zo weegt niemand alleen op de beslissingen.',
      },
    ]);
  });

  it('[A5] a section created with titles per language keeps each; a missing one stays empty (the reader sees the lead\'s, marked)', async () => {
    const created = await callApi(server, '/api/workspaces/toolbox/sections', { cookie: staff, body: { titles: { nl: 'Huurprijzen', fr: 'Les loyers' } } });
    expect(created.status).toBe(201);
    expect(created.body.section).toMatchObject({ title: 'Huurprijzen', titles: { nl: 'Huurprijzen', fr: 'Les loyers' }, slug: 'huurprijzen' });

    const leadOnly = await callApi(server, '/api/workspaces/toolbox/sections', { cookie: staff, body: { title: 'Onderhoud' } });
    expect(leadOnly.body.section.titles).toEqual({ nl: 'Onderhoud' });

    const refused = await callApi(server, '/api/workspaces/toolbox/sections', { cookie: staff, body: { titles: { nl: 'X', de: 'Y' } } });
    expect(refused.status).toBe(400);
    const foreign = await callApi(server, '/api/workspaces/toolbox/sections', { cookie: staff, body: { titles: { nl: 'Engels', en: 'English' } } });
    expect(foreign).toMatchObject({ status: 400, body: { error: { field: 'titles.en' } } });
    expect(((await workspace()).sections as Section[]).some((s) => s.title === 'Engels')).toBe(false);
  });

  it('[A5] renaming in one language leaves the others; the lead title cannot be cleared; a partner may not rename', async () => {
    const section = (await callApi(server, '/api/workspaces/toolbox/sections', { cookie: staff, body: { title: 'Werven' } })).body.section as Section;
    const path = `/api/workspaces/toolbox/sections/${section.id}`;
    const fr = await callApi(server, path, { method: 'PATCH', cookie: staff, body: { titles: { fr: 'Les chantiers' } } });
    expect(fr.status).toBe(200);
    expect(fr.body.section).toMatchObject({ title: 'Werven', titles: { nl: 'Werven', fr: 'Les chantiers' }, slug: 'werven' });

    const lead = await callApi(server, path, { method: 'PATCH', cookie: staff, body: { title: 'Bouwwerven' } });
    expect(lead.body.section).toMatchObject({ title: 'Bouwwerven', titles: { nl: 'Bouwwerven', fr: 'Les chantiers' }, slug: 'werven' });

    const cleared = await callApi(server, path, { method: 'PATCH', cookie: staff, body: { titles: { fr: '' } } });
    expect(cleared.body.section.titles).toEqual({ nl: 'Bouwwerven' });

    const noLead = await callApi(server, path, { method: 'PATCH', cookie: staff, body: { titles: { nl: '' } } });
    expect(noLead).toMatchObject({ status: 400, body: { error: { field: 'titles.nl' } } });
    const denied = await callApi(server, path, { method: 'PATCH', cookie: partner, body: { titles: { fr: 'Chantiers' } } });
    expect(denied.status).toBe(403);
    expect((await sectionOf(section.id)).titles).toEqual({ nl: 'Bouwwerven' });
  });

  it('[A5] adding a language (admins) gives every section an empty draft in it, in one unit of work; staff may not; a language cannot be removed', async () => {
    const before = await workspace('reglement');
    expect(before.languages).toEqual(['nl', 'fr']);
    const denied = await callApi(server, '/api/workspaces/reglement', { method: 'PATCH', cookie: staff, body: { languages: ['nl', 'fr', 'en'] } });
    expect(denied.status).toBe(403);
    expect((await workspace('reglement')).languages).toEqual(['nl', 'fr']);

    const added = await callApi(server, '/api/workspaces/reglement', { method: 'PATCH', cookie: admin, body: { languages: ['nl', 'fr', 'en'], names: { en: 'Regulations' } } });
    expect(added.status).toBe(200);
    expect(added.body.workspace).toMatchObject({ languages: ['nl', 'fr', 'en'], leadLanguage: 'nl', names: { en: 'Regulations' } });
    const sections = added.body.workspace.sections as Section[];
    expect(sections.length).toBeGreaterThan(0);
    for (const section of sections) {
      expect(Object.keys(section.docs)).toEqual(['nl', 'fr', 'en']);
      // An empty but valid draft: one paragraph with a block id.
      expect(await draftText(section.docs.en)).toMatch(/^<paragraph id="[A-Za-z0-9_-]+"><\/paragraph>$/);
    }
    expect(auditActions()).toContain('workspace.settings');

    const removed = await callApi(server, '/api/workspaces/reglement', { method: 'PATCH', cookie: admin, body: { languages: ['nl', 'en'] } });
    expect(removed).toMatchObject({ status: 409, body: { error: { field: 'languages' } } });
    expect((await workspace('reglement')).languages).toEqual(['nl', 'fr', 'en']);
  });

  it('[A5] the lead language can change: it comes first and title follows its titles; a lead outside the languages is refused', async () => {
    const outside = await callApi(server, '/api/workspaces/toolbox', { method: 'PATCH', cookie: admin, body: { leadLanguage: 'en' } });
    expect(outside).toMatchObject({ status: 400, body: { error: { field: 'leadLanguage' } } });

    const changed = await callApi(server, '/api/workspaces/toolbox', { method: 'PATCH', cookie: admin, body: { leadLanguage: 'fr', names: { fr: 'Boîte à outils' } } });
    expect(changed.status).toBe(200);
    expect(changed.body.workspace).toMatchObject({ leadLanguage: 'fr', languages: ['fr', 'nl'], name: 'Boîte à outils' });
    const about = (changed.body.workspace.sections as Section[]).find((s) => s.titles.nl === 'Over deze toolbox')!;
    expect(about.title).toBe(about.titles.fr);

    const back = await callApi(server, '/api/workspaces/toolbox', { method: 'PATCH', cookie: admin, body: { leadLanguage: 'nl' } });
    expect(back.body.workspace).toMatchObject({ leadLanguage: 'nl', languages: ['nl', 'fr'], name: 'Toolbox' });
    expect((await sectionOf(about.id)).title).toBe('Over deze toolbox');
    const empty = await callApi(server, '/api/workspaces/toolbox', { method: 'PATCH', cookie: admin, body: {} });
    expect(empty.status).toBe(400);
  });
});

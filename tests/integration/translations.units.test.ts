/**
 * Issue 20, steps 2–3: linked language versions. Starting a translation copies the lead
 * draft with its block ids as one command (U1, D1); each unit's state is computed against
 * the lead language's latest approved revision (T1): typing and pending suggestions outdate
 * nothing, an approval outdates only the changed block, only an explicit decision clears it;
 * a target block whose source is gone is orphaned and kept (T2); split, join and move behave.
 * Real server, real SQLite, stock y-websocket clients.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { connectClient, signIn, whenSynced, type TestClient } from '../helpers/clients.js';
import { loadStored, paragraph } from '../helpers/docs.js';
import { fragmentToBlocks } from '../../shared/editor/yjsJson.js';
import type { Section, TranslationStatus, TranslationUnit } from '../../shared/api.js';

type Who = 'admin' | 'staff' | 'partner' | 'reader';
let server: TestServer;
let cookies: Record<Who, string>;
let ids: Record<Who, string>;
let section: Section;
let nl: string;
let fr: string;
let nlView: TestClient;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read answers as loosely typed JSON
async function api(who: Who, path: string, body?: unknown, method?: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.url}${path}`, {
    method: method ?? (body === undefined ? 'GET' : 'POST'),
    headers: { cookie: cookies[who], 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}
const status = async (who: Who = 'staff'): Promise<TranslationStatus> => {
  const answer = await api(who, `/api/docs/${fr}/translation`);
  expect(answer.status).toBe(200);
  return answer.body as TranslationStatus;
};
const unit = (s: TranslationStatus, blockId: string): TranslationUnit | undefined => s.units.find((u) => u.blockId === blockId);
const states = (s: TranslationStatus) => Object.fromEntries(s.units.map((u) => [u.blockId, u.state]));
const confirm = (blockIds: string[], who: Who = 'staff') => api(who, `/api/docs/${fr}/translation/confirm`, { blockIds });
const confirmations = () => (server.db.prepare('SELECT COUNT(*) AS n FROM translation_confirmations WHERE doc = ?').get(fr) as { n: number }).n;

/** Waits until the room of `docName` committed everything and the stored draft satisfies `check`. */
async function storedBlocks(docName: string) {
  await server.rooms.settled(docName);
  const doc = await loadStored(server.store, docName);
  const blocks = fragmentToBlocks(doc.getXmlFragment('default'));
  doc.destroy();
  return blocks;
}
const blockIds = async (docName: string) => (await storedBlocks(docName)).map((b) => b.attrs?.id as string);
const storedText = async (docName: string) => JSON.stringify(await storedBlocks(docName));
async function until(docName: string, check: (text: string) => boolean) {
  await vi.waitFor(async () => expect(check(await storedText(docName))).toBe(true));
}

/** Approves the lead draft as it is (staff ask, the admin approves). */
async function approveNl(summary: string): Promise<number> {
  const asked = await api('staff', `/api/docs/${nl}/review/request`, { summary });
  expect(asked.status, JSON.stringify(asked.body)).toBe(201);
  const approved = await api('admin', `/api/docs/${nl}/review/approve`, { requestId: asked.body.request.id });
  expect(approved.status, JSON.stringify(approved.body)).toBe(201);
  return approved.body.revision.number;
}

const element = (client: TestClient, id: string) => client.fragment().toArray().find((node) => node instanceof Y.XmlElement && node.getAttribute('id') === id) as Y.XmlElement;
const textOf = (block: Y.XmlElement) => block.get(0) as Y.XmlText;
const indexOf = (client: TestClient, id: string) => client.fragment().toArray().indexOf(element(client, id));

beforeAll(async () => {
  server = await startTestServer();
  const who: Who[] = ['admin', 'staff', 'partner', 'reader'];
  cookies = Object.fromEntries(await Promise.all(who.map(async (w) => [w, await signIn(server.url, w)]))) as Record<Who, string>;
  ids = Object.fromEntries(await Promise.all(who.map(async (w) => [w, (await api(w, '/api/auth/me')).body.user.id]))) as Record<Who, string>;
  section = (await api('staff', '/api/workspaces/toolbox/sections', { titles: { nl: 'Vertaalproef', fr: 'Essai de traduction' } })).body.section;
  nl = section.docs.nl;
  fr = section.docs.fr;
  nlView = connectClient(server.url, nl, cookies.staff);
  await whenSynced(nlView);
  nlView.fragment().insert(nlView.fragment().length, [
    paragraph('De grond blijft van de trust.', 'u1'),
    paragraph('Het huis is van de bewoners.', 'u2'),
    paragraph('Het bestuur telt drie delen.', 'u3'),
    paragraph('Elke partner mag voorstellen doen.', 'u4'),
    paragraph('Eerste zin. Tweede zin.', 'u5'),
    paragraph('Deze alinea wordt samengevoegd', 'u6'),
    paragraph('met deze.', 'u7'),
  ]);
  await until(nl, (text) => text.includes('met deze.'));
  await approveNl('Eerste versie');
}, 60_000);
afterAll(async () => {
  nlView.destroy();
  await server.stop();
});

describe('starting a translation (issue 20)', () => {
  it('[A5] partners and readers may not start or confirm; the lead language cannot be started', async () => {
    expect((await api('partner', `/api/docs/${fr}/translation/start`, {})).status).toBe(403);
    expect((await api('reader', `/api/docs/${fr}/translation/start`, {})).status).toBe(403);
    expect((await api('partner', `/api/docs/${fr}/translation/confirm`, { blockIds: ['u1'] })).status).toBe(403);
    expect((await api('staff', `/api/docs/${nl}/translation/start`, {})).status).toBe(409);
    expect((await api('staff', `/api/docs/${nl}/translation`)).status).toBe(409);
    expect(confirmations()).toBe(0);
  });

  it('[U1] [D1] "start fr from nl" copies the lead draft with its block ids as one committed update, seen live; a second start is refused', async () => {
    const frView = connectClient(server.url, fr, cookies.reader);
    await whenSynced(frView);
    const editsBefore = (server.db.prepare('SELECT COUNT(*) AS n FROM edit_log WHERE doc = ?').get(fr) as { n: number }).n;
    const started = await api('staff', `/api/docs/${fr}/translation/start`, {});
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    expect(started.body.copied).toBe(8);
    expect(await blockIds(fr)).toEqual(await blockIds(nl));
    expect(await storedText(fr)).toBe(await storedText(nl));
    const editsAfter = (server.db.prepare('SELECT COUNT(*) AS n FROM edit_log WHERE doc = ?').get(fr) as { n: number }).n;
    expect(editsAfter - editsBefore).toBe(1);
    expect(server.db.prepare("SELECT actor_id FROM audit_log WHERE action = 'translation.start' AND target = ?").all(fr)).toEqual([{ actor_id: ids.staff }]);
    // The reader's live copy follows: same ids, same order.
    await vi.waitFor(() => expect(frView.fragment().toArray().map((node) => (node as Y.XmlElement).getAttribute('id'))).toEqual(nlView.fragment().toArray().map((node) => (node as Y.XmlElement).getAttribute('id'))));
    frView.destroy();

    const again = await api('staff', `/api/docs/${fr}/translation/start`, {});
    expect(again.status).toBe(409);
    expect(await storedText(fr)).toBe(await storedText(nl));
  });

  it('[T1] a copy nobody marked up to date is missing; the progress counts it; reading is open to readers', async () => {
    const s = await status('reader');
    expect(s).toMatchObject({ source: nl, sourceLang: 'nl', sourceRevision: 1, orderDiffers: false });
    expect(s.units.map((u) => u.blockId)).toEqual(['u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7']);
    expect(s.units.every((u) => u.state === 'missing' && u.targetText === u.sourceText)).toBe(true);
    expect(s.progress).toEqual({ upToDate: 0, outdated: 0, missing: 7, orphaned: 0 });
  });
});

describe('[T1] translation status against the approved lead revision', () => {
  it('[T1] translating and marking up to date records the source hash, who and when; a bad id stores nothing', async () => {
    const frView = connectClient(server.url, fr, cookies.staff);
    await whenSynced(frView);
    const french: Record<string, string> = {
      u1: 'Le sol reste au trust.',
      u2: 'La maison est aux habitants.',
      u3: 'Le conseil a trois parties.',
      u4: 'Chaque partenaire peut faire des propositions.',
      u5: 'Première phrase. Deuxième phrase.',
      u6: 'Ce paragraphe sera fusionné',
      u7: 'avec celui-ci.',
    };
    frView.doc.transact(() => {
      for (const [id, text] of Object.entries(french)) {
        const t = textOf(element(frView, id));
        t.delete(0, t.length);
        t.insert(0, text);
      }
    });
    await until(fr, (text) => text.includes('avec celui-ci.'));
    frView.destroy();
    // Translating alone decides nothing.
    expect(Object.values(states(await status()))).toEqual(Array(7).fill('missing'));

    const bad = await confirm(['u1', 'nope1']);
    expect(bad).toMatchObject({ status: 409, body: { error: { field: 'blockIds' } } });
    expect(confirmations()).toBe(0);

    const before = Date.now();
    const done = await confirm(['u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7']);
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.progress).toEqual({ upToDate: 7, outdated: 0, missing: 0, orphaned: 0 });
    expect(unit(done.body, 'u1')!.confirmed).toMatchObject({ sourceText: 'De grond blijft van de trust.', by: { id: ids.staff }, minor: false });
    expect(unit(done.body, 'u1')!.confirmed!.at).toBeGreaterThanOrEqual(before);
    const row = server.db.prepare('SELECT source_hash, confirmed_by FROM translation_confirmations WHERE doc = ? AND block_id = ?').get(fr, 'u1') as { source_hash: string; confirmed_by: string };
    expect(row).toEqual({ source_hash: unit(done.body, 'u1')!.sourceHash, confirmed_by: ids.staff });
  });

  it('[T1] typing in the lead draft outdates nothing (only "source draft differs"); approving outdates only the changed block', async () => {
    const t = textOf(element(nlView, 'u2'));
    t.insert(t.length - 1, ' samen');
    await until(nl, (text) => text.includes('bewoners samen.'));
    const typed = await status();
    expect(typed.progress).toEqual({ upToDate: 7, outdated: 0, missing: 0, orphaned: 0 });
    expect(unit(typed, 'u2')).toMatchObject({ state: 'up-to-date', sourceDraftDiffers: true });
    expect(unit(typed, 'u1')!.sourceDraftDiffers).toBe(false);

    await approveNl('Bewoners samen');
    const approved = await status();
    expect(states(approved)).toEqual({ u1: 'up-to-date', u2: 'outdated', u3: 'up-to-date', u4: 'up-to-date', u5: 'up-to-date', u6: 'up-to-date', u7: 'up-to-date' });
    expect(unit(approved, 'u2')).toMatchObject({ sourceText: 'Het huis is van de bewoners samen.', sourceDraftDiffers: false, confirmed: { sourceText: 'Het huis is van de bewoners.' } });
    expect(approved.progress).toEqual({ upToDate: 6, outdated: 1, missing: 0, orphaned: 0 });
  });

  it('[T1] editing the target alone does not clear "outdated"; the explicit decision does, against the current source hash', async () => {
    const frView = connectClient(server.url, fr, cookies.staff);
    await whenSynced(frView);
    const t = textOf(element(frView, 'u2'));
    t.insert(t.length - 1, ' ensemble');
    await until(fr, (text) => text.includes('habitants ensemble.'));
    frView.destroy();
    expect(unit(await status(), 'u2')).toMatchObject({ state: 'outdated', targetText: 'La maison est aux habitants ensemble.' });

    const done = await confirm(['u2']);
    expect(unit(done.body, 'u2')).toMatchObject({ state: 'up-to-date', confirmed: { sourceText: 'Het huis is van de bewoners samen.', by: { id: ids.staff } } });
    expect(server.db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'translation.confirm'").get()).toEqual({ n: 2 });
  });

  it('[T1] [S1] a pending suggestion in the source outdates nothing (a badge), even through an approval', async () => {
    const partner = connectClient(server.url, nl, cookies.partner);
    await whenSynced(partner);
    textOf(element(partner, 'u4')).insert(0, 'Altijd: ', { insertion: { id: 'trsug01', author: ids.partner } });
    await until(nl, (text) => text.includes('Altijd: '));
    partner.destroy();
    const pending = await status();
    expect(unit(pending, 'u4')).toMatchObject({ state: 'up-to-date', sourcePending: true, sourceDraftDiffers: false });

    // The approval is of the draft without its pending suggestions (V2): still nothing outdated.
    textOf(element(nlView, 'u3')).insert(0, 'Ook: ');
    await until(nl, (text) => text.includes('Ook: '));
    await approveNl('Ook');
    const after = await status();
    expect(unit(after, 'u4')).toMatchObject({ state: 'up-to-date', sourcePending: true });
    expect(unit(after, 'u3')!.state).toBe('outdated');
    expect((await confirm(['u3'])).status).toBe(200);
  });

  it('[T1] a split keeps the id on the first half (outdated); the second half is missing, "split from" it; the fr text is unchanged', async () => {
    const frBefore = await storedText(fr);
    nlView.doc.transact(() => {
      const t = textOf(element(nlView, 'u5'));
      t.delete('Eerste zin.'.length, t.length - 'Eerste zin.'.length);
      nlView.fragment().insert(indexOf(nlView, 'u5') + 1, [paragraph('Tweede zin.', 'u5b')]);
    });
    await until(nl, (text) => text.includes('u5b'));
    await approveNl('Gesplitst');
    const s = await status();
    expect(unit(s, 'u5')).toMatchObject({ state: 'outdated', sourceText: 'Eerste zin.' });
    expect(unit(s, 'u5b')).toMatchObject({ state: 'missing', splitFrom: 'u5', targetText: null });
    expect(await storedText(fr)).toBe(frBefore);
  });

  it('[T2] a join outdates the survivor and orphans the absorbed block\'s translation, whose text is kept and offered for merging', async () => {
    nlView.doc.transact(() => {
      const t = textOf(element(nlView, 'u6'));
      t.insert(t.length, ' met deze.');
      nlView.fragment().delete(indexOf(nlView, 'u7'), 1);
    });
    await until(nl, (text) => !text.includes('"u7"'));
    await approveNl('Samengevoegd');
    const s = await status();
    expect(unit(s, 'u6')!.state).toBe('outdated');
    expect(unit(s, 'u7')).toMatchObject({ state: 'orphaned', targetText: 'avec celui-ci.', sourceText: 'met deze.', joinedInto: 'u6', sourceHash: null });
    expect(s.progress.orphaned).toBe(1);
    // Never deleted automatically.
    expect(await storedText(fr)).toContain('avec celui-ci.');
    // An orphan is no passage of the source: it cannot be marked up to date.
    expect((await confirm(['u7'])).status).toBe(409);
  });

  it('[T2] merging an orphan is a decision: its text joins the survivor\'s translation in one committed update; only orphans, only staff', async () => {
    const orphans = (body: unknown, who: Who = 'staff') => api(who, `/api/docs/${fr}/translation/orphans`, body);
    expect((await orphans({ blockId: 'u7', action: 'merge' }, 'partner')).status).toBe(403);
    expect((await orphans({ blockId: 'u6', action: 'delete' })).status).toBe(409);
    expect(await storedText(fr)).toContain('avec celui-ci.');
    const merged = await orphans({ blockId: 'u7', action: 'merge' });
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
    expect(unit(merged.body, 'u7')).toBeUndefined();
    expect(unit(merged.body, 'u6')).toMatchObject({ state: 'outdated', targetText: 'Ce paragraphe sera fusionné avec celui-ci.' });
    expect(merged.body.progress.orphaned).toBe(0);
    expect(await blockIds(fr)).not.toContain('u7');
    expect(server.db.prepare("SELECT details FROM audit_log WHERE action = 'translation.orphan'").all()).toEqual([{ details: JSON.stringify({ blockId: 'u7', action: 'merge', into: 'u6' }) }]);
    expect((await confirm(['u6'])).status).toBe(200);
  });

  it('[T1] a moved block stays up to date and the section says the order differs', async () => {
    const before = states(await status());
    nlView.doc.transact(() => {
      const moved = element(nlView, 'u1').clone();
      nlView.fragment().delete(indexOf(nlView, 'u1'), 1);
      nlView.fragment().insert(indexOf(nlView, 'u3') + 1, [moved]);
    });
    await vi.waitFor(async () => expect((await blockIds(nl)).indexOf('u1')).toBeGreaterThan((await blockIds(nl)).indexOf('u3')));
    await approveNl('Verplaatst');
    const s = await status();
    expect(states(s)).toEqual(before);
    expect(s.orderDiffers).toBe(true);

    // "Reorder to match" is one committed update of the target: same passages, the source's order, nothing outdated.
    expect((await api('partner', `/api/docs/${fr}/translation/reorder`, {})).status).toBe(403);
    const frBefore = await storedBlocks(fr);
    const edits = () => (server.db.prepare('SELECT COUNT(*) AS n FROM edit_log WHERE doc = ?').get(fr) as { n: number }).n;
    const editsBefore = edits();
    const reordered = await api('staff', `/api/docs/${fr}/translation/reorder`, {});
    expect(reordered.status, JSON.stringify(reordered.body)).toBe(200);
    expect(reordered.body.orderDiffers).toBe(false);
    expect(states(reordered.body)).toEqual(before);
    const frIds = await blockIds(fr);
    expect(frIds.indexOf('u1')).toBeGreaterThan(frIds.indexOf('u3'));
    expect([...frIds].sort()).toEqual(frBefore.map((b) => b.attrs?.id as string).sort());
    expect(server.db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'translation.reorder'").get()).toEqual({ n: 1 });
    expect(edits() - editsBefore).toBe(1);
  });

  it('[T1] two people pasting a copy of the same passage at once: the original keeps its id (the server repairs the copies), so its unit follows it', async () => {
    const before = states(await status());
    const countBefore = (await blockIds(nl)).length;
    const other = connectClient(server.url, nl, cookies.admin);
    await whenSynced(other);
    // Both copies are made offline, then meet at the server.
    nlView.provider.disconnect();
    other.provider.disconnect();
    for (const client of [nlView, other]) client.fragment().insert(client.fragment().length, [element(client, 'u1').clone()]);
    nlView.provider.connect();
    other.provider.connect();
    await vi.waitFor(async () => {
      const idsNow = await blockIds(nl);
      expect(idsNow.filter((id) => id === 'u1')).toHaveLength(1);
      expect(new Set(idsNow).size).toBe(idsNow.length);
      expect(idsNow.length).toBe(countBefore + 2);
    });
    other.destroy();
    const idsNow = await blockIds(nl);
    // The original, not a copy, kept the id.
    expect(idsNow.indexOf('u1')).toBeLessThan(idsNow.length - 2);
    await vi.waitFor(() => expect(nlView.fragment().toArray().filter((node) => (node as Y.XmlElement).getAttribute('id') === 'u1')).toHaveLength(1));
    await approveNl('Gekopieerd');
    const s = await status();
    const copies = idsNow.slice(-2);
    expect(states(s)).toEqual({ ...before, [copies[0]]: 'missing', [copies[1]]: 'missing' });
  });

  it('[T1] approving with "minor change" for a block keeps its up-to-date translations up to date, as the approver\'s audited decision', async () => {
    const t = textOf(element(nlView, 'u1'));
    t.insert(t.length - 1, '!');
    const u3 = textOf(element(nlView, 'u3'));
    u3.insert(u3.length - 1, ' samen');
    await until(nl, (text) => text.includes('trust!.') && text.includes('delen samen.'));
    const asked = await api('staff', `/api/docs/${nl}/review/request`, { summary: 'Tikfout' });
    // Only changed passages can be minor: nothing is approved otherwise.
    const unchanged = await api('admin', `/api/docs/${nl}/review/approve`, { requestId: asked.body.request.id, minorBlocks: ['u2'] });
    expect(unchanged).toMatchObject({ status: 400, body: { error: { field: 'minorBlocks' } } });
    expect((await api('staff', `/api/docs/${nl}/review`)).body.state).toBe('approval-requested');

    const approved = await api('admin', `/api/docs/${nl}/review/approve`, { requestId: asked.body.request.id, minorBlocks: ['u1'] });
    expect(approved.status, JSON.stringify(approved.body)).toBe(201);
    const s = await status();
    expect(unit(s, 'u1')).toMatchObject({ state: 'up-to-date', confirmed: { minor: true, by: { id: ids.admin }, sourceText: 'De grond blijft van de trust!.' } });
    expect(unit(s, 'u3')!.state).toBe('outdated');
    const audit = server.db.prepare("SELECT actor_id, details FROM audit_log WHERE action = 'translation.minor'").all() as { actor_id: string; details: string }[];
    expect(audit).toHaveLength(1);
    expect(audit[0].actor_id).toBe(ids.admin);
    expect(JSON.parse(audit[0].details)).toMatchObject({ blockIds: ['u1'], carried: { [fr]: ['u1'] } });
  });

  it('[T1] the outline carries each target language\'s progress, equal to the unit counts; the lead has none', async () => {
    const s = await status();
    const workspace = (await api('reader', '/api/workspaces/toolbox')).body;
    const listed = (workspace.sections as Section[]).find((x) => x.id === section.id)!;
    expect(listed.translation).toEqual({ fr: s.progress });
    expect(s.progress.upToDate + s.progress.outdated + s.progress.missing + s.progress.orphaned).toBe(s.units.length);
  });
});

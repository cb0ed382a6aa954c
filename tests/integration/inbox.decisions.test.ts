/**
 * Notifications explain themselves (issue 17): the inbox line of a decision and its digest
 * say who accepted or rejected which suggestion, with the reason when one was given, in the
 * reader's language — never internal codes. The server stores structured details (kind,
 * excerpts, reason) and the words are put in when read, so a language change re-tells old
 * notifications too. Real server on port 0, stock y-websocket clients, real SQLite; the
 * sentences are the client's own (its i18n files) and the digest's (the outbox).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import i18next from 'i18next';
import { callApi, DEMO, signIn, startHttpServer, type TestHttpServer } from '../helpers/httpServer.js';
import { connectClient, firstDocName, whenSynced, type TestClient } from '../helpers/clients.js';
import { paragraph, storedFingerprint } from '../helpers/docs.js';
import type { Inbox, Notification } from '../../shared/comments/api.js';
import { decisionSentences } from '../../client/src/routes/decisionSentences.js';
import { en } from '../../client/src/i18n/en.js';
import { fr } from '../../client/src/i18n/fr.js';
import { nl } from '../../client/src/i18n/nl.js';

type Lang = 'nl' | 'fr' | 'en';
let server: TestHttpServer;
let docName: string;
let staff: string;
let partner: string;
let partnerId: string;
let staffView: TestClient;

/** The inbox line as the client writes it, in `lang`. */
async function inboxLine(item: Notification, lang: Lang): Promise<string[]> {
  const i18n = i18next.createInstance();
  await i18n.init({ resources: { en: { translation: en }, nl: { translation: nl }, fr: { translation: fr } }, lng: lang, interpolation: { escapeValue: false }, showSupportNotice: false });
  return decisionSentences(i18n.t, item.actor!.name, item.decision!);
}

const inbox = async () => (await callApi<Inbox>(server, '/api/inbox', { cookie: partner })).body;

/** Waits until the stored draft contains `text`. */
async function stored(text: string): Promise<void> {
  await vi.waitFor(async () => {
    await server.rooms.settled(docName);
    expect((await storedFingerprint(server.store, docName)).content).toContain(text);
  });
}

let n = 0;
const newId = () => `inb${Date.now().toString(36)}${n++}`;

/** The partner makes suggestions on the first block's text, in one update; answers once stored. */
async function partnerSuggests(edit: (text: Y.XmlText) => string[]): Promise<string[]> {
  const client = connectClient(server.url, docName, partner);
  await whenSynced(client);
  let ids: string[] = [];
  client.doc.transact(() => {
    ids = edit((client.fragment().get(0) as Y.XmlElement).get(0) as Y.XmlText);
  });
  await stored(ids[ids.length - 1]);
  client.destroy();
  return ids;
}

const insertAt = (index: number, text: string) => (t: Y.XmlText) => {
  const id = newId();
  t.insert(index, text, { insertion: { id, author: partnerId } });
  return [id];
};

async function decide(action: 'accept' | 'reject', ids: string[], reason?: string): Promise<void> {
  const res = await callApi(server, `/api/docs/${docName}/suggestions/${action}`, { cookie: staff, body: { ids, ...(reason ? { reason } : {}) } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

/** Staff write a fresh first paragraph the next suggestions go into. */
async function staffWrites(text: string): Promise<void> {
  const id = newId();
  staffView.fragment().insert(0, [paragraph(text, id)]);
  await stored(text);
}

beforeAll(async () => {
  server = await startHttpServer();
  staff = await signIn(server, DEMO.staff.email, DEMO.staff.password);
  partner = await signIn(server, DEMO.partner.email, DEMO.partner.password);
  partnerId = (await callApi(server, '/api/auth/me', { cookie: partner })).body.user.id;
  docName = await firstDocName(server.url, staff);
  staffView = connectClient(server.url, docName, staff);
  await whenSynced(staffView);
}, 60_000);
afterAll(async () => {
  staffView?.destroy();
  await server?.close();
});

describe('[S2] the inbox line of a decision is a sentence in the reader’s language', () => {
  it('[S2] an accepted insertion, no reason: who accepted which suggestion, with its text cut short', async () => {
    await staffWrites('De trust beheert de grond.');
    const [id] = await partnerSuggests(insertAt(0, 'Partners willen mee beslissen over de verkoopprijs van elke woning. '));
    await decide('accept', [id]);
    const [item] = (await inbox()).items;
    expect(item).toMatchObject({ kind: 'decision', actor: { name: 'Thomas Peeters' }, text: '', read: false });
    expect(item.decision).toEqual({ reason: null, suggestions: [{ action: 'accept', kind: 'insertion', added: 'Partners willen mee beslissen over de verkoopprijs van elke…', removed: '', context: '' }] });
    expect(await inboxLine(item, 'en')).toEqual(['Thomas Peeters accepted your insertion “Partners willen mee beslissen over de verkoopprijs van elke…”']);
    expect(await inboxLine(item, 'nl')).toEqual(['Thomas Peeters aanvaardde je invoeging “Partners willen mee beslissen over de verkoopprijs van elke…”']);
    expect(await inboxLine(item, 'fr')).toEqual(['Thomas Peeters a accepté votre insertion « Partners willen mee beslissen over de verkoopprijs van elke… »']);
  });

  it('[S2] a rejected deletion with a reason: the reason follows the sentence', async () => {
    await staffWrites('De grond blijft voor altijd van de trust.');
    const [id] = await partnerSuggests((t) => {
      const sid = newId();
      t.format('De grond blijft '.length, 'voor altijd '.length, { deletion: { id: sid, author: partnerId } });
      return [sid];
    });
    await decide('reject', [id], 'Dat staat zo in de statuten.');
    const [item] = (await inbox()).items;
    expect(item.decision).toEqual({ reason: 'Dat staat zo in de statuten.', suggestions: [{ action: 'reject', kind: 'deletion', added: '', removed: 'voor altijd', context: '' }] });
    expect(await inboxLine(item, 'en')).toEqual(['Thomas Peeters rejected your deletion “voor altijd”: Dat staat zo in de statuten.']);
    expect(await inboxLine(item, 'nl')).toEqual(['Thomas Peeters weigerde je schrapping “voor altijd”: Dat staat zo in de statuten.']);
    expect(await inboxLine(item, 'fr')).toEqual(['Thomas Peeters a refusé votre suppression « voor altijd » : Dat staat zo in de statuten.']);
  });

  it('[S2] several decided at once: one notification, one sentence per suggestion, then the reason', async () => {
    await staffWrites('Een woning blijft betaalbaar.');
    const ids = await partnerSuggests((t) => {
      const first = newId();
      const second = newId();
      t.insert('Een woning blijft betaalbaar'.length, ' voor elk gezin', { insertion: { id: second, author: partnerId } });
      t.insert(0, 'Altijd: ', { insertion: { id: first, author: partnerId } });
      return [first, second];
    });
    const before = (await inbox()).items.length;
    await decide('accept', ids, 'Dank je');
    const after = await inbox();
    expect(after.items.length).toBe(before + 1);
    const [item] = after.items;
    expect(item.text).toBe('');
    expect(item.decision!.suggestions.map((s) => s.added).sort()).toEqual(['Altijd:', 'voor elk gezin']);
    const lines = await inboxLine(item, 'nl');
    expect(lines).toHaveLength(3);
    expect(lines).toEqual(expect.arrayContaining(['Thomas Peeters aanvaardde je invoeging “Altijd:”', 'Thomas Peeters aanvaardde je invoeging “voor elk gezin”']));
    expect(lines[2]).toBe('Reden: Dank je');
    expect((await inboxLine(item, 'fr'))[2]).toBe('Motif : Dank je');
  });

  it('[S2] a notification stored before these details (text "accept, reject") is told in words, never as codes', async () => {
    const workspaceId = (server.db.prepare('SELECT workspace_id FROM docs WHERE name = ?').get(docName) as { workspace_id: string }).workspace_id;
    const staffId = (await callApi(server, '/api/auth/me', { cookie: staff })).body.user.id;
    server.db
      .prepare("INSERT INTO notifications (user_id, kind, workspace_id, actor_id, text, url, created_at) VALUES (?, 'decision', ?, ?, 'accept, reject', '/inbox', ?)")
      .run(partnerId, workspaceId, staffId, Date.now());
    const [item] = (await inbox()).items;
    expect(item.text).toBe('');
    expect(await inboxLine(item, 'en')).toEqual(['Thomas Peeters accepted your suggestion', 'Thomas Peeters rejected your suggestion']);
    expect(JSON.stringify(item)).not.toMatch(/accept, |reject, /);
  });
});

describe('[S2] digests tell decisions the same way, in the reader’s profile language', () => {
  it('[S2] the digest of a decision, in nl, fr and en as the person’s profile says', async () => {
    const expected: Record<Lang, string> = {
      nl: '• Thomas Peeters weigerde je invoeging “Misschien”: Staat al in het reglement.',
      fr: '• Thomas Peeters a refusé votre insertion « Misschien » : Staat al in het reglement.',
      en: '• Thomas Peeters rejected your insertion “Misschien”: Staat al in het reglement.',
    };
    let now = Date.now();
    for (const lang of ['nl', 'fr', 'en'] as const) {
      expect((await callApi(server, '/api/auth/me', { method: 'PATCH', cookie: partner, body: { locale: lang } })).status).toBe(200);
      await staffWrites('Het reglement geldt.');
      const [id] = await partnerSuggests(insertAt(0, 'Misschien '));
      await decide('reject', [id], 'Staat al in het reglement.');
      now += 2 * 60 * 60_000;
      expect(server.services.inbox.sendDigests(server.url, now)).toBeGreaterThanOrEqual(1);
      const mail = server.db.prepare('SELECT body FROM outbox WHERE to_email = ? ORDER BY id DESC LIMIT 1').get(DEMO.partner.email) as { body: string };
      expect(mail.body, lang).toContain(expected[lang]);
      expect(mail.body).not.toMatch(/\b(accept|reject)(, |$)/m);
    }
  });
});

/**
 * [S2] Accepting, rejecting and withdrawing suggestions are server commands: the server
 * edits the draft, everyone sees it live, and each decision is recorded.
 * [G2] A decision is about whole suggestions: every carrier of the id it names is decided,
 * and its record holds that suggestion's own before and after text.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { connectClient, firstDocName, signIn, whenSynced, type TestClient } from '../helpers/clients.js';
import { loadStored, paragraph, storedFingerprint } from '../helpers/docs.js';

let server: TestServer;
let docName: string;
let cookies: Record<'staff' | 'partner' | 'partner2' | 'reader', string>;
let ids: Record<'staff' | 'partner' | 'partner2', string>;
let staffView: TestClient;

const meOf = async (cookie: string) => ((await (await fetch(`${server.url}/api/auth/me`, { headers: { cookie } })).json()) as { user: { id: string } }).user.id;
const decide = (cookie: string, { action, ...body }: { action: string; ids: string[]; reason?: string }) =>
  fetch(`${server.url}/api/docs/${docName}/suggestions/${action}`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) });
const decisions = async (cookie: string) =>
  (await (await fetch(`${server.url}/api/docs/${docName}/decisions`, { headers: { cookie } })).json()) as {
    suggestionId: string; action: string; reason: string | null; author: { name: string; organisation: { name: string } }; decidedBy: { name: string }; before: string; after: string;
  }[];

let n = 0;
/** A partner suggests an insertion into the first block; returns its id once stored. */
async function suggestInsertion(who: 'partner' | 'partner2', text: string): Promise<string> {
  const id = `dec${Date.now().toString(36)}${n++}`;
  const client = connectClient(server.url, docName, cookies[who]);
  await whenSynced(client);
  const block = client.fragment().get(0) as Y.XmlElement;
  (block.get(0) as Y.XmlText).insert(0, text, { insertion: { id, author: ids[who] } });
  await vi.waitFor(async () => {
    await server.rooms.settled(docName);
    expect((await storedFingerprint(server.store, docName)).content).toContain(text);
  });
  client.destroy();
  return id;
}

beforeAll(async () => {
  server = await startTestServer();
  cookies = {
    staff: await signIn(server.url, 'staff'),
    partner: await signIn(server.url, 'partner'),
    partner2: await signIn(server.url, 'partner2'),
    reader: await signIn(server.url, 'reader'),
  };
  ids = { staff: await meOf(cookies.staff), partner: await meOf(cookies.partner), partner2: await meOf(cookies.partner2) };
  docName = await firstDocName(server.url, cookies.staff);
  staffView = connectClient(server.url, docName, cookies.staff);
  await whenSynced(staffView);
  staffView.fragment().insert(0, [paragraph('de trust beheert de grond.', 'decbase001')]);
  await vi.waitFor(async () => {
    await server.rooms.settled(docName);
    expect((await storedFingerprint(server.store, docName)).content).toContain('de trust beheert');
  });
});
afterAll(async () => {
  staffView.destroy();
  await server.stop();
});

describe('[S2] decisions are server commands', () => {
  it('[S2] staff accept a suggestion: the mark goes, the text stays, everyone sees it live, and it is recorded', async () => {
    const id = await suggestInsertion('partner', 'Samen: ');
    await vi.waitFor(() => expect(staffView.fragment().toString()).toContain('<insertion'));
    const res = await decide(cookies.staff, { action: 'accept', ids: [id] });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ decided: [{ id, action: 'accept' }] });
    await vi.waitFor(() => {
      const text = staffView.fragment().toString();
      expect(text).toContain('Samen: de trust');
      expect(text).not.toContain(id);
    });
    const [latest] = await decisions(cookies.partner);
    expect(latest).toMatchObject({ suggestionId: id, action: 'accept', author: { name: 'Lotte Janssens', organisation: { name: 'Buurtwerk Noordwijk' } }, decidedBy: { name: 'Thomas Peeters' } });
    expect(latest.before).toBe('de trust beheert de grond.');
    expect(latest.after).toBe('Samen: de trust beheert de grond.');
  });

  it('[S2] staff reject with a reason the author sees; the text goes', async () => {
    const id = await suggestInsertion('partner', 'Misschien ');
    const res = await decide(cookies.staff, { action: 'reject', ids: [id], reason: 'Dit staat al in het reglement.' });
    expect(res.status).toBe(200);
    await vi.waitFor(() => expect(staffView.fragment().toString()).not.toContain('Misschien'));
    const [latest] = await decisions(cookies.partner);
    expect(latest).toMatchObject({ suggestionId: id, action: 'reject', reason: 'Dit staat al in het reglement.' });
  });

  it('[S2] an author withdraws their own suggestion, but not someone else\'s', async () => {
    const mine = await suggestInsertion('partner', 'Eigen ');
    const theirs = await suggestInsertion('partner2', 'Ander ');
    expect((await decide(cookies.partner, { action: 'withdraw', ids: [theirs] })).status).toBe(403);
    expect((await decide(cookies.partner, { action: 'withdraw', ids: [mine] })).status).toBe(200);
    await vi.waitFor(() => {
      expect(staffView.fragment().toString()).not.toContain('Eigen ');
      expect(staffView.fragment().toString()).toContain('Ander ');
    });
    expect((await decide(cookies.staff, { action: 'reject', ids: [theirs] })).status).toBe(200);
  });

  it('[A5] a draft in a workspace you are not a member of answers 404', async () => {
    const res = await fetch(`${server.url}/api/docs/no.such.doc/decisions`, { headers: { cookie: cookies.staff } });
    expect(res.status).toBe(404);
  });

  it('[S2] partners and readers cannot accept or reject, and nothing changes', async () => {
    const id = await suggestInsertion('partner2', 'Blijft ');
    const before = await storedFingerprint(server.store, docName);
    for (const who of ['partner', 'partner2', 'reader'] as const) {
      const res = await decide(cookies[who], { action: 'accept', ids: [id] });
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    }
    await server.rooms.settled(docName);
    expect(await storedFingerprint(server.store, docName)).toEqual(before);
    expect((await decide(cookies.staff, { action: 'accept', ids: [id] })).status).toBe(200);
  });

  it('[S2] a suggestion already settled answers 409 and changes nothing', async () => {
    const id = await suggestInsertion('partner', 'Twee keer ');
    expect((await decide(cookies.staff, { action: 'reject', ids: [id] })).status).toBe(200);
    const before = await storedFingerprint(server.store, docName);
    expect((await decide(cookies.staff, { action: 'accept', ids: [id] })).status).toBe(409);
    expect(await storedFingerprint(server.store, docName)).toEqual(before);
  });

  it('[S2] several suggestions of one person are settled in one command', async () => {
    const a = await suggestInsertion('partner2', 'Een ');
    const b = await suggestInsertion('partner2', 'Twee ');
    const res = await decide(cookies.staff, { action: 'accept', ids: [a, b] });
    expect(res.status).toBe(200);
    await vi.waitFor(() => expect(staffView.fragment().toString()).toContain('Twee Een '));
    const rows = await decisions(cookies.staff);
    expect(rows.filter((r) => [a, b].includes(r.suggestionId))).toHaveLength(2);
  });

  it('[S2] the decision is in the edit log under the person who decided', async () => {
    const log = await server.store.editLog(docName);
    expect(log.some((row) => row.userId === ids.staff)).toBe(true);
  });

  it('[X1] a decision with a malformed body is refused with the field named', async () => {
    const res = await decide(cookies.staff, { action: 'accept', ids: [] });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string; field?: string } }).error).toMatchObject({ code: 'validation_failed', field: 'ids' });
    const unknownAction = await decide(cookies.staff, { action: 'maybe', ids: ['x'] });
    expect(unknownAction.status).toBe(404);
  });
});

/** Stored top-level block (as Yjs XML) with block id `blockId`, or undefined. */
async function storedBlock(blockId: string): Promise<string | undefined> {
  await server.rooms.settled(docName);
  const doc = await loadStored(server.store, docName);
  const block = doc.getXmlFragment('default').toArray().find((n) => n instanceof Y.XmlElement && n.getAttribute('id') === blockId);
  const xml = block?.toString();
  doc.destroy();
  return xml;
}

/** Staff append a paragraph with a block id; resolves once it is stored. */
async function appendParagraph(text: string, blockId: string): Promise<void> {
  staffView.fragment().insert(staffView.fragment().length, [paragraph(text, blockId)]);
  await vi.waitFor(async () => expect(await storedBlock(blockId)).toContain(text));
}

/** Someone edits the live draft over a stock client; resolves once `done` holds for the stored block. */
async function editAs(who: 'staff' | 'partner' | 'partner2', blockId: string, edit: (text: Y.XmlText) => void, done: (xml: string) => boolean): Promise<void> {
  const client = connectClient(server.url, docName, cookies[who]);
  await whenSynced(client);
  const block = client.fragment().toArray().find((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.getAttribute('id') === blockId);
  if (!block) throw new Error(`no block ${blockId}`);
  client.doc.transact(() => edit(block.get(0) as Y.XmlText));
  await vi.waitFor(async () => expect(done((await storedBlock(blockId)) ?? '')).toBe(true), { timeout: 10_000 });
  client.destroy();
}

/** Plain text of a Y.XmlText (its toString() is XML with the marks). */
const plain = (text: Y.XmlText) => (text.toDelta() as { insert: string }[]).map((d) => d.insert).join('');

/** The partner selects `old` in the block and types `typed` over it: one suggestion id. */
async function suggestReplacement(blockId: string, old: string, typed: string, who: 'partner' | 'partner2' = 'partner'): Promise<string> {
  const id = `rep${Date.now().toString(36)}${n++}`;
  const mark = { id, author: ids[who] };
  await editAs(who, blockId, (text) => {
    const at = plain(text).indexOf(old);
    text.format(at, old.length, { deletion: mark });
    text.insert(at + old.length, typed, { insertion: mark });
  }, (xml) => xml.includes(typed));
  return id;
}

/** Whether the stored draft still carries `id` anywhere (a mark or a block attribute). */
async function storedCarries(id: string): Promise<boolean> {
  await server.rooms.settled(docName);
  return (await storedFingerprint(server.store, docName)).content.includes(id);
}

describe('[G2] a decision settles whole suggestions', () => {
  it('[G2] a replacement is one suggestion: accepting it gives the new words, rejecting it the old, never both', async () => {
    await appendParagraph('De CLTB beheert de grond.', 'decrepl01');
    const accepted = await suggestReplacement('decrepl01', 'De CLTB', 'Het CLTB');
    expect(await storedBlock('decrepl01')).toContain('<deletion');
    const res = await decide(cookies.staff, { action: 'accept', ids: [accepted] });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ decided: [{ id: accepted, action: 'accept' }] });
    await vi.waitFor(async () => expect(await storedBlock('decrepl01')).toBe('<paragraph id="decrepl01">Het CLTB beheert de grond.</paragraph>'));
    const [record] = await decisions(cookies.staff);
    expect(record).toMatchObject({ suggestionId: accepted, kind: 'replacement', before: 'De CLTB beheert de grond.', after: 'Het CLTB beheert de grond.' });

    const rejected = await suggestReplacement('decrepl01', 'Het CLTB', 'Onze trust');
    expect((await decide(cookies.staff, { action: 'reject', ids: [rejected] })).status).toBe(200);
    await vi.waitFor(async () => expect(await storedBlock('decrepl01')).toBe('<paragraph id="decrepl01">Het CLTB beheert de grond.</paragraph>'));
    expect(await storedCarries(rejected)).toBe(false);
  });

  it('[G2] a suggestion with carriers in two paragraphs is decided in both at once', async () => {
    await appendParagraph('Eerste zin blijft.', 'dectwo001');
    await appendParagraph('Tweede zin blijft.', 'dectwo002');
    const id = `two${Date.now().toString(36)}`;
    const mark = { id, author: ids.partner };
    // One edit that deleted the end of one paragraph and the start of the next (one id).
    const client = connectClient(server.url, docName, cookies.partner);
    await whenSynced(client);
    const [first, second] = ['dectwo001', 'dectwo002'].map((blockId) => client.fragment().toArray().find((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.getAttribute('id') === blockId)!.get(0) as Y.XmlText);
    client.doc.transact(() => {
      first.format(11, 7, { deletion: mark });
      second.format(0, 7, { deletion: mark });
    });
    await vi.waitFor(async () => expect(await storedBlock('dectwo002')).toContain('<deletion'));
    client.destroy();
    expect((await decide(cookies.staff, { action: 'accept', ids: [id] })).status).toBe(200);
    await vi.waitFor(async () => {
      expect(await storedBlock('dectwo001')).toBe('<paragraph id="dectwo001">Eerste zin </paragraph>');
      expect(await storedBlock('dectwo002')).toBe('<paragraph id="dectwo002">zin blijft.</paragraph>');
    });
    expect(await storedCarries(id)).toBe(false);
    const [record] = await decisions(cookies.staff);
    expect(record).toMatchObject({ suggestionId: id, kind: 'deletion', before: 'Eerste zin blijft.\nTweede zin blijft.', after: 'Eerste zin \nzin blijft.' });
  });

  it('[S2] the record holds only that suggestion\'s text, never another pending suggestion\'s', async () => {
    await appendParagraph('Partners schrijven mee.', 'decown001');
    const other = `oth${Date.now().toString(36)}`;
    await editAs('partner2', 'decown001', (text) => text.insert(0, 'Alle ', { insertion: { id: other, author: ids.partner2 } }), (xml) => xml.includes('Alle '));
    const mine = await suggestReplacement('decown001', 'schrijven', 'werken');
    expect((await decide(cookies.staff, { action: 'accept', ids: [mine] })).status).toBe(200);
    const [record] = await decisions(cookies.staff);
    expect(record).toMatchObject({ suggestionId: mine, before: 'Partners schrijven mee.', after: 'Partners werken mee.' });
    // The other one is still pending, untouched.
    expect(await storedBlock('decown001')).toContain('Alle ');
    expect((await decide(cookies.staff, { action: 'reject', ids: [other] })).status).toBe(200);
  });

  it('[G2] a new list item is decided on the item: rejected, the list is as before; accepted, the item stays', async () => {
    const item = (text: string, suggestion?: object) => {
      const li = new Y.XmlElement('listItem');
      if (suggestion) li.setAttribute('suggestion', JSON.stringify(suggestion));
      const p = new Y.XmlElement('paragraph');
      p.insert(0, [new Y.XmlText(text)]);
      li.insert(0, [p]);
      return li;
    };
    const list = new Y.XmlElement('bulletList');
    list.setAttribute('id', 'declist01');
    list.insert(0, [item('Instrumenten'), item('Vormingen')]);
    staffView.fragment().insert(staffView.fragment().length, [list]);
    await vi.waitFor(async () => expect(await storedBlock('declist01')).toContain('Vormingen'));
    const original = await storedBlock('declist01');
    // Staff may suggest too: a new bullet as a suggestion on the item itself (G1).
    const add = async (text: string) => {
      const id = `li${Date.now().toString(36)}${n++}`;
      const live = staffView.fragment().toArray().find((b): b is Y.XmlElement => b instanceof Y.XmlElement && b.getAttribute('id') === 'declist01')!;
      live.insert(1, [item(text, { id, author: ids.staff, kind: 'insert' })]);
      await vi.waitFor(async () => expect(await storedBlock('declist01')).toContain(text));
      return id;
    };
    const rejected = await add('Een nieuw punt');
    expect((await decide(cookies.staff, { action: 'reject', ids: [rejected] })).status).toBe(200);
    await vi.waitFor(async () => expect(await storedBlock('declist01')).toBe(original));
    expect((await decisions(cookies.staff))[0]).toMatchObject({ suggestionId: rejected, kind: 'newListItem', before: '', after: 'Een nieuw punt' });

    const accepted = await add('Partners willen meedenken');
    expect((await decide(cookies.staff, { action: 'accept', ids: [accepted] })).status).toBe(200);
    await vi.waitFor(async () => {
      const xml = (await storedBlock('declist01')) ?? '';
      expect(xml).toContain('Partners willen meedenken');
      expect(xml).not.toContain('suggestion=');
    });
    expect(await storedCarries(accepted)).toBe(false);
  });

  it('[G2] a removed table row is decided on the row', async () => {
    const row = (cells: string[]) => {
      const tr = new Y.XmlElement('tableRow');
      tr.insert(0, cells.map((text) => {
        const td = new Y.XmlElement('tableCell');
        const p = new Y.XmlElement('paragraph');
        p.insert(0, [new Y.XmlText(text)]);
        td.insert(0, [p]);
        return td;
      }));
      return tr;
    };
    const table = new Y.XmlElement('table');
    table.setAttribute('id', 'dectable1');
    table.insert(0, [row(['Wie', 'Wat']), row(['Trust', 'Grond']), row(['Gezin', 'Woning'])]);
    staffView.fragment().insert(staffView.fragment().length, [table]);
    await vi.waitFor(async () => expect(await storedBlock('dectable1')).toContain('Woning'));
    const id = `row${Date.now().toString(36)}`;
    const live = staffView.fragment().toArray().find((b): b is Y.XmlElement => b instanceof Y.XmlElement && b.getAttribute('id') === 'dectable1')!;
    (live.get(1) as Y.XmlElement).setAttribute('suggestion', JSON.stringify({ id, author: ids.staff, kind: 'delete' }));
    await vi.waitFor(async () => expect(await storedBlock('dectable1')).toContain(id));
    expect((await decide(cookies.staff, { action: 'accept', ids: [id] })).status).toBe(200);
    await vi.waitFor(async () => {
      const xml = (await storedBlock('dectable1')) ?? '';
      expect(xml).not.toContain('Grond');
      expect(xml).toContain('Woning');
    });
    expect((await decisions(cookies.staff))[0]).toMatchObject({ suggestionId: id, kind: 'removedRow', before: 'Trust\nGrond', after: '' });
  });
});

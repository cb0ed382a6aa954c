/**
 * The store contract: every DocStore implementation passes the same suite. It runs against
 * SQLite and against an asynchronous in-memory store, so rooms cannot depend on SQLite
 * being synchronous.
 */
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import * as Y from 'yjs';
import { openDatabase } from '../../server/db/database.js';
import { SqliteDocStore } from '../../server/db/sqliteDocStore.js';
import { MemoryDocStore } from '../../server/db/memoryDocStore.js';
import type { DocStore } from '../../server/db/docStore.js';
import { makeDataDir } from '../helpers/dataDir.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

const implementations: [string, () => DocStore][] = [
  ['SqliteDocStore', () => {
    const dir = makeDataDir();
    dirs.push(dir);
    return new SqliteDocStore(openDatabase(dir));
  }],
  ['MemoryDocStore (asynchronous)', () => new MemoryDocStore()],
];

function edits(count: number): { doc: Y.Doc; updates: Uint8Array[] } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  const text = doc.getText('t');
  for (let i = 0; i < count; i++) text.insert(text.length, `${i},`);
  return { doc, updates };
}

function replay(stored: { snapshot: Uint8Array | null; updates: Uint8Array[] }): Y.Doc {
  const doc = new Y.Doc();
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
  for (const u of stored.updates) Y.applyUpdate(doc, u);
  return doc;
}

describe.each(implementations)('store contract: %s', (_name, create) => {
  it('[D1] an unknown document loads empty', async () => {
    const store = create();
    expect(await store.load('nothing')).toEqual({ snapshot: null, snapshotStateVector: null, updates: [], lastSeq: 0 });
  });

  it('[D1] appended updates load back in commit order', async () => {
    const store = create();
    const { doc, updates } = edits(20);
    const last = await store.append('a', updates.map((update) => ({ update, author: { userId: 'u1', organisationId: 'o1' } })));
    const stored = await store.load('a');
    expect(stored.lastSeq).toBe(last);
    expect(replay(stored).getText('t').toString()).toBe(doc.getText('t').toString());
    expect(await store.tailLength('a')).toBe(20);
  });

  it('[D4] compaction keeps content and state vector, and later appends follow it', async () => {
    const store = create();
    const { doc, updates } = edits(30);
    const last = await store.append('b', updates.slice(0, 20).map((update) => ({ update, author: null })));
    const upTo20 = replay(await store.load('b'));
    await store.compact('b', Y.encodeStateAsUpdate(upTo20), last, Y.encodeStateVector(upTo20));
    await store.append('b', updates.slice(20).map((update) => ({ update, author: null })));
    const stored = await store.load('b');
    expect(stored.snapshot).not.toBeNull();
    expect(stored.snapshotStateVector).toEqual(Y.encodeStateVector(upTo20));
    expect(stored.updates).toHaveLength(10);
    const replayed = replay(stored);
    expect(replayed.getText('t').toString()).toBe(doc.getText('t').toString());
    expect(Y.encodeStateVector(replayed)).toEqual(Y.encodeStateVector(doc));
  });

  it('[D1] seeding writes only into an empty document', async () => {
    const store = create();
    const { updates } = edits(2);
    expect(await store.seedIfEmpty('c', updates[0])).toBe(true);
    expect(await store.seedIfEmpty('c', updates[1])).toBe(false);
    expect((await store.load('c')).updates).toHaveLength(1);
  });

  it('[D1] the edit log records who wrote how much, and survives compaction', async () => {
    const store = create();
    const { updates } = edits(4);
    const last = await store.append('d', [
      { update: updates[0], author: { userId: 'ann', organisationId: 'trust' } },
      { update: updates[1], author: { userId: 'ann', organisationId: 'trust' } },
      { update: updates[2], author: { userId: 'bob', organisationId: 'partner-a' } },
      { update: updates[3], author: null },
    ], 1234);
    const whole = replay(await store.load('d'));
    await store.compact('d', Y.encodeStateAsUpdate(whole), last, Y.encodeStateVector(whole));
    const log = await store.editLog('d');
    expect(log.map(({ userId, updates: n }) => [userId, n])).toEqual([['ann', 2], ['bob', 1], [null, 1]]);
    expect(log.every((row) => row.at === 1234 && row.bytes > 0)).toBe(true);
  });

  it('[D1] stores keep their own copy of appended bytes', async () => {
    const store = create();
    const { updates } = edits(1);
    const copy = updates[0].slice();
    await store.append('e', [{ update: updates[0], author: null }]);
    updates[0].fill(0);
    expect((await store.load('e')).updates[0]).toEqual(copy);
  });

  it('[U1] a transaction appends its updates and edit-log rows together, and answers its work\'s result', async () => {
    const store = create();
    const { doc, updates } = edits(3);
    const answer = await store.transaction('u1', (tx) => {
      expect(tx.docName).toBe('u1');
      const last = tx.append(updates.map((update) => ({ update, author: { userId: 'ann', organisationId: 'trust' } })), 99);
      return { last };
    });
    const stored = await store.load('u1');
    expect(stored.lastSeq).toBe(answer.last);
    expect(replay(stored).getText('t').toString()).toBe(doc.getText('t').toString());
    expect((await store.editLog('u1')).map((row) => [row.userId, row.updates, row.at])).toEqual([['ann', 3, 99]]);
  });

  it('[U1] a transaction whose work throws stores none of its updates, and the error reaches the caller', async () => {
    const store = create();
    const { updates } = edits(3);
    await store.append('u2', [{ update: updates[0], author: null }]);
    const before = await store.load('u2');
    await expect(
      store.transaction('u2', (tx) => {
        tx.append(updates.slice(1).map((update) => ({ update, author: null })));
        throw new Error('the decision row could not be written');
      }),
    ).rejects.toThrow('the decision row could not be written');
    expect(await store.load('u2')).toEqual(before);
    expect(await store.editLog('u2')).toHaveLength(1);
    // The next unit of work goes on from the stored state.
    await store.transaction('u2', (tx) => tx.append([{ update: updates[1], author: null }]));
    expect((await store.load('u2')).updates).toHaveLength(2);
  });

  it('[U1] creating documents is all or nothing: one that already has content rolls every seed back', async () => {
    const store = create();
    const { updates } = edits(3);
    await store.seedIfEmpty('taken', updates[0]);
    await expect(
      store.createDocuments((seed) => {
        seed('new-1', updates[1]);
        seed('taken', updates[2]);
      }),
    ).rejects.toThrow(/already has content/);
    expect((await store.load('new-1')).updates).toHaveLength(0);
    expect((await store.load('taken')).updates).toHaveLength(1);
    expect(await store.createDocuments((seed) => (seed('new-1', updates[1]), seed('new-2', updates[2]), 'done'))).toBe('done');
    expect((await store.load('new-1')).updates).toHaveLength(1);
    expect((await store.load('new-2')).updates).toHaveLength(1);
  });
});

describe('SqliteDocStore: the unit of work holds the caller\'s rows too', () => {
  it('[U1] rows written on the same database inside a transaction roll back with its updates', async () => {
    const dir = makeDataDir();
    dirs.push(dir);
    const db = openDatabase(dir);
    const store = new SqliteDocStore(db);
    db.exec('CREATE TABLE probe (v TEXT)');
    const { updates } = edits(2);
    await expect(
      store.transaction('rows', (tx) => {
        db.prepare('INSERT INTO probe (v) VALUES (?)').run('decision');
        tx.append([{ update: updates[0], author: null }]);
        throw new Error('audit failed');
      }),
    ).rejects.toThrow('audit failed');
    expect(db.prepare('SELECT COUNT(*) AS n FROM probe').get()).toEqual({ n: 0 });
    expect((await store.load('rows')).updates).toHaveLength(0);
    await store.transaction('rows', (tx) => {
      db.prepare('INSERT INTO probe (v) VALUES (?)').run('decision');
      tx.append([{ update: updates[0], author: null }]);
    });
    expect(db.prepare('SELECT COUNT(*) AS n FROM probe').get()).toEqual({ n: 1 });
    expect((await store.load('rows')).updates).toHaveLength(1);
    db.close();
  });
});

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
});

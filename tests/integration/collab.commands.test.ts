/**
 * Server commands (decisions, restores, anchor scans, index reads, feedback anchors) run in
 * a room's queue. Every command queued must run, whenever it arrives: while the queue is
 * draining, just as a drain finishes, or while an idle room is being unloaded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { firstDocName, signIn } from '../helpers/clients.js';
import { paragraph } from '../helpers/docs.js';
import { LIMITS } from '../../shared/limits.js';

let server: TestServer;
let docName: string;

beforeAll(async () => {
  server = await startTestServer();
  docName = await firstDocName(server.url, await signIn(server.url, 'staff'));
});
afterAll(() => server.stop());

/** Rejects when a promise has not settled in time: a lost command would hang forever. */
function inTime<T>(promise: Promise<T>, what: string, ms = 5_000): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} never ran`)), ms))]);
}

describe('server commands', () => {
  it('[D1] a command queued from the continuation of another, at every point of a drain, runs', async () => {
    // The continuation of a finished command runs a few microtasks after it; waiting 0 to 30
    // more before queueing the next one walks across the end of the drain that ran the first.
    for (let ticks = 0; ticks <= 30; ticks++) {
      for (let round = 0; round < 5; round++) {
        const chained = server.rooms.command(docName, null, () => ticks).then(async () => {
          for (let i = 0; i < ticks; i++) await null;
          return server.rooms.command(docName, null, () => 'next');
        });
        expect(await inTime(chained, `a command queued ${ticks} microtasks after another`)).toBe('next');
      }
    }
  }, 60_000);

  it('[D1] a command arriving while an idle room unloads runs, and what it wrote is stored', async () => {
    const text = `Geschreven tijdens het ontladen ${Date.now()}`;
    await server.rooms.command(docName, null, () => null);
    // Wait until the room is about to unload, then keep sending commands across the moment it does.
    await new Promise((resolve) => setTimeout(resolve, LIMITS.roomIdleUnloadMs - 50));
    const results: Promise<unknown>[] = [];
    for (let i = 0; i < 40; i++) {
      results.push(inTime(server.rooms.command(docName, null, () => i), `command ${i}`));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    results.push(
      inTime(
        server.rooms.command(docName, { userId: 'server', organisationId: null } as never, (doc) => doc.getXmlFragment('default').insert(0, [paragraph(text, 'unloadrace01')])),
        'the writing command',
      ),
    );
    await Promise.all(results);
    await server.rooms.settled(docName);
    const stored = await server.store.load(docName);
    const doc = new Y.Doc();
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
    for (const update of stored.updates) Y.applyUpdate(doc, update);
    expect(doc.getXmlFragment('default').toString()).toContain(text);
  }, 30_000);
});

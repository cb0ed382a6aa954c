/**
 * [P5] Connection churn leaves nothing behind: several rounds of stock clients joining and
 * leaving (some mid-sync), after which the server holds no connection and no room, and
 * the heap (after a full GC) is back near where it was after a first round.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { connectClient, listWorkspaces, signIn, whenSynced, type TestClient } from '../helpers/clients.js';
import { createPrng } from '../helpers/prng.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

/** A full garbage collection (exposed at run time), then the heap in use. */
async function heapAfterGc(): Promise<number> {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return process.memoryUsage().heapUsed;
}

describe('[P5] churn', () => {
  it('[P5] rooms, connections and memory return to baseline after rounds of joining and leaving', async () => {
    process.setMaxListeners(0);
    const prng = createPrng(Number(process.env.FUZZ_SEED ?? 7));
    const cookie = await signIn(server.url, 'staff');
    const toolbox = (await listWorkspaces(server.url, cookie)).find((w) => w.slug === 'toolbox')!;
    const docs = toolbox.sections.map((s) => s.docs.nl);
    const idle = () => vi.waitFor(() => expect(server.collab.stats()).toEqual({ rooms: 0, connections: 0 }), { timeout: 20_000, interval: 250 });
    let baseline = 0;
    for (let round = 0; round < 6; round++) {
      const clients: TestClient[] = Array.from({ length: 60 }, () => connectClient(server.url, prng.pick(docs), cookie));
      // A third leave before their sync completes; the rest once synced.
      const early = clients.filter(() => prng.chance(0.33));
      for (const client of early) client.destroy();
      await Promise.all(clients.filter((c) => !early.includes(c)).map(whenSynced));
      expect(server.collab.stats().connections).toBeGreaterThan(0);
      for (const client of clients) if (!early.includes(client)) client.destroy();
      // The first round warms up code and caches; memory is compared with what is left after it.
      if (round === 0) {
        await idle();
        baseline = await heapAfterGc();
      }
    }
    await idle();
    const grown = (await heapAfterGc()) - baseline;
    console.log(`[P5] heap after 5 more rounds of 60 clients: ${(grown / 1024).toFixed(0)} KiB over the baseline`);
    // Server and clients share this process; a leaked room or connection per client would be MBs.
    expect(grown).toBeLessThan(3 * 1024 * 1024);
  }, 60_000);
});

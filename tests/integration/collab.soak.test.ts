/**
 * [P5] Connection churn leaves nothing behind: several rounds of stock clients joining and
 * leaving (some mid-sync), after which the server holds no connection and no room.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { connectClient, listWorkspaces, signIn, whenSynced, type TestClient } from '../helpers/clients.js';
import { createPrng } from '../helpers/prng.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

describe('[P5] churn', () => {
  it('[P5] rooms and connections return to zero after rounds of joining and leaving', async () => {
    process.setMaxListeners(0);
    const prng = createPrng(Number(process.env.FUZZ_SEED ?? 7));
    const cookie = await signIn(server.url, 'staff');
    const toolbox = (await listWorkspaces(server.url, cookie)).find((w) => w.slug === 'toolbox')!;
    const docs = toolbox.sections.map((s) => s.docs.nl);
    for (let round = 0; round < 4; round++) {
      const clients: TestClient[] = Array.from({ length: 60 }, () => connectClient(server.url, prng.pick(docs), cookie));
      // A third leave before their sync completes; the rest once synced.
      const early = clients.filter(() => prng.chance(0.33));
      for (const client of early) client.destroy();
      await Promise.all(clients.filter((c) => !early.includes(c)).map(whenSynced));
      expect(server.collab.stats().connections).toBeGreaterThan(0);
      for (const client of clients) if (!early.includes(client)) client.destroy();
    }
    await vi.waitFor(() => expect(server.collab.stats()).toEqual({ rooms: 0, connections: 0 }), { timeout: 20_000, interval: 250 });
  }, 60_000);
});

/**
 * Seeded convergence fuzz: several stock clients edit at random, drop their connections
 * at random and the server restarts midway; every replica and the stored document end
 * equal. A fixed list of seeds by default (tests/helpers/seeds.ts, printed); FUZZ_SEED=<n>
 * replays one, FUZZ_RANDOM=1 FUZZ_ROUNDS=<n> explores (`npm run test:fuzz`). A seed that
 * ever fails goes into REGRESSIONS below and stays a named test.
 */
import { describe, expect, it, vi } from 'vitest';
import fs from 'node:fs';
import * as Y from 'yjs';
import { makeDataDir, startTestServer, type TestServer } from '../helpers/server.js';
import { connectClient, firstDocName, signIn, whenSynced, type TestClient } from '../helpers/clients.js';
import { storedFingerprint } from '../helpers/docs.js';
import { createPrng, type Prng } from '../helpers/prng.js';
import { fuzzSeeds, type RegressionSeed } from '../helpers/seeds.js';

/** One random edit through the Yjs API, in the editor's document shape. */
function randomEdit(client: TestClient, prng: Prng): void {
  const fragment = client.fragment();
  const blocks = fragment.toArray().filter((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.nodeName === 'paragraph');
  const op = prng.int(10);
  if (op === 0 || blocks.length === 0) {
    const p = new Y.XmlElement('paragraph');
    p.insert(0, [new Y.XmlText(prng.word())]);
    fragment.insert(prng.int(fragment.length + 1), [p]);
    return;
  }
  const block = prng.pick(blocks);
  const text = block.get(0);
  if (!(text instanceof Y.XmlText)) return;
  if (op === 1 && blocks.length > 2) fragment.delete(fragment.toArray().indexOf(block), 1);
  else if (op <= 3 && text.length > 2) text.delete(prng.int(text.length - 1), 1 + prng.int(2));
  else if (op === 4 && text.length > 2) text.format(prng.int(text.length - 1), 1, { bold: {} });
  else text.insert(prng.int(text.length + 1), prng.word());
}

async function runRound(seed: number): Promise<void> {
  const prng = createPrng(seed);
  const dataDir = makeDataDir();
  let server: TestServer = await startTestServer({ dataDir });
  const cookie = await signIn(server.url, 'staff');
  const docName = await firstDocName(server.url, cookie);
  const docs = Array.from({ length: 3 }, () => new Y.Doc());
  let clients = docs.map((doc) => connectClient(server.url, docName, cookie, { doc }));
  try {
    await Promise.all(clients.map(whenSynced));
    for (let step = 0; step < 120; step++) {
      const client = prng.pick(clients);
      randomEdit(client, prng);
      if (prng.chance(0.05)) {
        if (client.provider.wsconnected) client.provider.disconnect();
        else client.provider.connect();
      }
      if (step === 60) {
        // Restart the server; clients keep their documents and reconnect to the new one.
        for (const c of clients) c.provider.destroy();
        await server.stop({ keepData: true });
        server = await startTestServer({ dataDir });
        const cookie2 = await signIn(server.url, 'staff');
        clients = docs.map((doc) => connectClient(server.url, docName, cookie2, { doc }));
      }
      if (prng.chance(0.2)) await new Promise((resolve) => setTimeout(resolve, prng.int(10)));
    }
    for (const c of clients) if (!c.provider.wsconnected) c.provider.connect();
    await vi.waitFor(async () => {
      const texts = clients.map((c) => c.fragment().toString());
      expect(new Set(texts).size, `seed ${seed}`).toBe(1);
      await server.rooms.settled(docName);
      expect((await storedFingerprint(server.store, docName)).content, `seed ${seed}`).toBe(texts[0]);
    }, { timeout: 15_000, interval: 200 });
    for (const c of clients) expect(c.closes.filter((code) => code >= 4400), `seed ${seed}`).toEqual([]);
  } finally {
    for (const c of clients) c.provider.destroy();
    await server.stop({ keepData: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The seeds CI runs (several, so a run covers more than one interleaving). */
const FIXED_SEEDS = [20261201, 20261202, 20261203];
/** Seeds that once failed, kept as named tests: `{ seed, note: 'what broke (date)' }`. */
const REGRESSIONS: RegressionSeed[] = [];

describe('convergence fuzz', () => {
  for (const seed of fuzzSeeds('convergence', FIXED_SEEDS)) {
    it(`[D1] replicas and the stored document converge (seed ${seed})`, () => runRound(seed), 60_000);
  }
  for (const { seed, note } of REGRESSIONS) {
    it(`[D1] regression seed ${seed}: ${note}`, () => runRound(seed), 60_000);
  }
});

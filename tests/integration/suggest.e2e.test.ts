/**
 * [S1] End to end, without a browser: random partner sessions through the real ProseMirror
 * commands and the suggestion transform, written into Yjs by the TipTap binding's own
 * `updateYFragment` (exactly what the browser's binding does), sent by the stock client to
 * the real server. The server must accept every update, and the stored document must equal
 * the partner's. Fixed seeds in CI; replay with FUZZ_SEED=<seed> (or SUGGEST_SEED).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { EditorState, type Transaction } from '@tiptap/pm/state';
import { updateYFragment, yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { connectClient, signIn, whenSynced } from '../helpers/clients.js';
import { loadStored, storedFingerprint } from '../helpers/docs.js';
import { createPrng } from '../helpers/prng.js';
import { fuzzSeeds, type RegressionSeed } from '../helpers/seeds.js';
import { ACTIONS, schema, seededDoc } from '../helpers/suggestSession.js';
import { createSuggestionId, suggestTransaction } from '../../shared/suggestions/transform.js';
import { findSuggestions } from '../../shared/suggestions/resolve.js';
import { SUGGESTION_META_FIELD, type SuggestionMeta } from '../../shared/suggestions/model.js';
import type { PmJson } from '../../shared/editor/json.js';

/** The seeds CI runs. */
const FIXED_SEEDS = [20261204, 20261205, 20261206];
/** Seeds that once failed, kept as named tests: `{ seed, note: 'what broke (date)' }`. */
const REGRESSIONS: RegressionSeed[] = [];

let server: TestServer;
let partnerCookie: string;
let partnerId: string;
let otherId: string;

const meOf = async (cookie: string) => ((await (await fetch(`${server.url}/api/auth/me`, { headers: { cookie } })).json()) as { user: { id: string } }).user.id;

/** A new section whose draft holds the seeded document, written as an import would be. */
async function seededSection(name: string): Promise<string> {
  const staff = await signIn(server.url, 'staff');
  const res = await fetch(`${server.url}/api/workspaces/toolbox/sections`, {
    method: 'POST',
    headers: { cookie: staff, 'content-type': 'application/json' },
    body: JSON.stringify({ title: name }),
  });
  const { section } = (await res.json()) as { section: { docs: Record<string, string> } };
  const docName = section.docs.nl;
  const doc = await loadStored(server.store, docName);
  const before = Y.encodeStateVector(doc);
  const seeded = seededDoc(otherId);
  doc.transact(() => {
    updateYFragment(doc, doc.getXmlFragment('default'), seeded, { mapping: new Map(), isOMark: new Map() });
    const meta = doc.getMap<SuggestionMeta>(SUGGESTION_META_FIELD);
    for (const s of findSuggestions((seeded.toJSON() as PmJson).content ?? [])) {
      meta.set(s.id, { author: otherId, name: 'Julien Dubois', organisation: { id: 'x', name: 'Maison de quartier Helmet' }, at: Date.now() });
    }
  });
  await server.store.append(docName, [{ update: Y.encodeStateAsUpdate(doc, before), author: null }]);
  return docName;
}

beforeAll(async () => {
  server = await startTestServer();
  partnerCookie = await signIn(server.url, 'partner');
  partnerId = await meOf(partnerCookie);
  otherId = await meOf(await signIn(server.url, 'partner2'));
});
afterAll(() => server.stop());

describe('[S1] the editor\'s suggestions pass the server check, end to end', () => {
  // A fixed list in CI; FUZZ_SEED (or SUGGEST_SEED) replays, FUZZ_RANDOM=1 explores. A seed
  // that ever fails joins REGRESSIONS, which run as named tests.
  for (const [seed, name] of [...fuzzSeeds('suggest e2e', FIXED_SEEDS, 'SUGGEST_SEED').map((seed) => [seed, `seed ${seed}`] as const), ...REGRESSIONS.map(({ seed, note }) => [seed, `regression seed ${seed}: ${note}`] as const)]) {
    it(`[S1] a random partner session is accepted update by update (${name})`, async () => {
      const prng = createPrng(seed);
      const docName = await seededSection(`Fuzz ${seed}`);
      const client = connectClient(server.url, docName, partnerCookie, { params: { ack: '1' } });
      await whenSynced(client);
      const fragment = client.fragment();
      // Every write message this client sends: the step 2 on connect, then one per local update.
      let sent = 1;
      client.doc.on('update', (_update: Uint8Array, origin: unknown) => {
        if (origin !== client.provider) sent++;
      });
      let suggested = 0;
      for (let step = 0; step < 25; step++) {
        // Read the editor state from Yjs, as the binding does (server fix-ups included).
        const state = EditorState.create({ schema, doc: yXmlFragmentToProseMirrorRootNode(fragment, schema) });
        const action = prng.pick(ACTIONS);
        let tr: Transaction | null = null;
        try {
          tr = action.make(state, prng);
        } catch {
          tr = null;
        }
        if (!tr || !tr.docChanged) continue;
        const result = suggestTransaction(state, tr, { author: partnerId, newId: () => createSuggestionId(partnerId, prng.next) });
        if (result.type !== 'suggest') continue;
        const next = state.apply(result.transaction);
        client.doc.transact(() => updateYFragment(client.doc, fragment, next.doc, { mapping: new Map(), isOMark: new Map() }));
        suggested++;
        // The server acknowledges each write once committed; a refusal closes the socket instead.
        await vi.waitFor(() => {
          expect(client.closes, `seed ${seed} step ${step} (${action.name}): ${client.refusals.join('; ')}`).toEqual([]);
          expect(client.acked()).toBe(sent);
        });
      }
      expect(suggested).toBeGreaterThan(5);
      await vi.waitFor(async () => {
        await server.rooms.settled(docName);
        expect((await storedFingerprint(server.store, docName)).content).toBe(fragment.toString());
      });
      expect(client.closes).toEqual([]);
      client.destroy();
    }, 60_000);
  }
});

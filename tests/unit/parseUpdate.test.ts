/** The strict V1 update reader agrees with yjs on real updates and refuses everything else. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { parseUpdate } from '../../server/collab/parseUpdate.js';
import { createPrng } from '../helpers/prng.js';

function randomUpdates(seed: number, count: number): Uint8Array[] {
  const prng = createPrng(seed);
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  const fragment = doc.getXmlFragment('default');
  for (let i = 0; i < count; i++) {
    const op = prng.int(4);
    if (op === 0 || fragment.length === 0) {
      const p = new Y.XmlElement('paragraph');
      p.setAttribute('id', `b${i}`);
      p.insert(0, [new Y.XmlText(prng.word())]);
      fragment.insert(prng.int(fragment.length + 1), [p]);
    } else if (op === 1) {
      const text = (fragment.get(prng.int(fragment.length)) as Y.XmlElement).get(0) as Y.XmlText;
      text.insert(prng.int(text.length + 1), prng.word(), prng.chance(0.3) ? { bold: {} } : undefined);
    } else if (op === 2) {
      const text = (fragment.get(prng.int(fragment.length)) as Y.XmlElement).get(0) as Y.XmlText;
      if (text.length > 1) text.delete(prng.int(text.length - 1), 1);
    } else if (fragment.length > 1) {
      fragment.delete(prng.int(fragment.length), 1);
    }
  }
  updates.push(Y.encodeStateAsUpdate(doc));
  return updates;
}

describe('parseUpdate', () => {
  it('[X1] reads every real update exactly, with the same structs and deletes as yjs', () => {
    for (const update of randomUpdates(42, 300)) {
      const parsed = parseUpdate(update);
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) continue;
      const reference = Y.decodeUpdate(update);
      expect(parsed.update.structCount).toBe(reference.structs.length);
      const refDeletes = [...reference.ds.clients.values()].reduce((n, ranges) => n + ranges.length, 0);
      expect(parsed.update.deletes).toHaveLength(refDeletes);
      for (const run of parsed.update.runs) {
        const mine = reference.structs.filter((s) => s.id.client === run.client);
        expect(run.clock).toBe(mine[0].id.clock);
        expect(run.length).toBe(mine.reduce((sum, s) => sum + s.length, 0));
      }
    }
  });

  it('[X1] refuses truncations and trailing bytes of real updates', () => {
    const [update] = randomUpdates(7, 5).slice(-1);
    for (let cut = 0; cut < update.length; cut++) expect(parseUpdate(update.slice(0, cut)).ok).toBe(false);
    expect(parseUpdate(Uint8Array.from([...update, 0])).ok).toBe(false);
  });

  it('[X1] refuses random garbage without hanging', () => {
    const prng = createPrng(99);
    for (let i = 0; i < 2000; i++) {
      const bytes = Uint8Array.from({ length: 1 + prng.int(60) }, () => prng.int(256));
      const result = parseUpdate(bytes);
      if (result.ok) expect(result.update.structCount).toBeLessThanOrEqual(bytes.length);
    }
  });

  it('[X1] reports missing-dependency shapes and root names', () => {
    const doc = new Y.Doc();
    doc.getMap('evil').set('k', 1);
    const parsed = parseUpdate(Y.encodeStateAsUpdate(doc));
    expect(parsed.ok && [...parsed.update.rootNames]).toEqual(['evil']);
    expect(parsed.ok && parsed.update.rootKeys).toBe(true);
  });
});

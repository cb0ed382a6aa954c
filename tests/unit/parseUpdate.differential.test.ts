/**
 * [X1] The strict V1 reader against yjs's own decoder (issue 22, from the mutation run on
 * server/collab/parseUpdate.ts): for updates using every kind of content and type, what
 * parseUpdate summarises (runs, dependencies, deletions, root names, root keys, holes) equals
 * what `Y.decodeUpdate` reads; and the clock bounds hold exactly at their limit.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { parseUpdate, type ParsedUpdate } from '../../server/collab/parseUpdate.js';

const MAX_CLOCK = 2 ** 31 - 1;

/** The same summary, read by yjs. */
function summaryByYjs(bytes: Uint8Array) {
  const { structs, ds } = Y.decodeUpdate(bytes);
  const runs = new Map<number, { client: number; clock: number; length: number }>();
  const dependencies: { client: number; clock: number }[] = [];
  const rootNames = new Set<string>();
  let rootKeys = false;
  let hasSkips = false;
  for (const struct of structs) {
    const run = runs.get(struct.id.client);
    if (run) run.length += struct.length;
    else runs.set(struct.id.client, { client: struct.id.client, clock: struct.id.clock, length: struct.length });
    if (struct instanceof Y.Item) {
      if (struct.origin) dependencies.push({ client: struct.origin.client, clock: struct.origin.clock });
      if (struct.rightOrigin) dependencies.push({ client: struct.rightOrigin.client, clock: struct.rightOrigin.clock });
      if (!struct.origin && !struct.rightOrigin) {
        if (typeof struct.parent === 'string') {
          rootNames.add(struct.parent);
          if (struct.parentSub !== null) rootKeys = true;
        } else if (struct.parent instanceof Y.ID) dependencies.push({ client: struct.parent.client, clock: struct.parent.clock });
      }
    } else if (!(struct instanceof Y.GC)) hasSkips = true;
  }
  const deletes = [...ds.clients].flatMap(([client, items]) => items.map((item) => ({ client, clock: item.clock, length: item.len })));
  return { runs: [...runs.values()], dependencies, deletes, rootNames, rootKeys, hasSkips, structCount: structs.length };
}

const sortBy = <T extends { client: number; clock: number }>(list: T[]) => [...list].sort((a, b) => a.client - b.client || a.clock - b.clock);
function expectSameSummary(bytes: Uint8Array, label: string): ParsedUpdate {
  const parsed = parseUpdate(bytes);
  expect(parsed.ok, label).toBe(true);
  if (!parsed.ok) throw new Error(parsed.reason);
  const yjs = summaryByYjs(bytes);
  expect(sortBy(parsed.update.runs), label).toEqual(sortBy(yjs.runs));
  expect(sortBy(parsed.update.dependencies), label).toEqual(sortBy(yjs.dependencies));
  expect(sortBy(parsed.update.deletes), label).toEqual(sortBy(yjs.deletes));
  expect(parsed.update.rootNames, label).toEqual(yjs.rootNames);
  expect(parsed.update.rootKeys, label).toBe(yjs.rootKeys);
  expect(parsed.update.hasSkips, label).toBe(yjs.hasSkips);
  expect(parsed.update.structCount, label).toBe(yjs.structCount);
  return parsed.update;
}

/** Every update one document emits while `build` runs, and its whole state at the end. */
function updatesOf(build: (doc: Y.Doc) => void, gc = true): Uint8Array[] {
  const doc = new Y.Doc({ gc });
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  build(doc);
  updates.push(Y.encodeStateAsUpdate(doc));
  doc.destroy();
  return updates;
}

const KINDS: Record<string, (doc: Y.Doc) => void> = {
  'xml elements, text, attributes and formatting': (doc) => {
    const fragment = doc.getXmlFragment('default');
    const p = new Y.XmlElement('paragraph');
    p.setAttribute('id', 'b1');
    const text = new Y.XmlText('Samen bouwen');
    p.insert(0, [text]);
    fragment.insert(0, [p]);
    text.format(0, 5, { bold: {} });
    text.insert(5, ' en', { italic: {} });
    // A hook (never made by the editor, but valid yjs): its name must be read, or the rest misparses.
    fragment.insert(1, [new Y.XmlHook('hook') as unknown as Y.XmlElement]);
  },
  'deletions (gc on)': (doc) => {
    const text = doc.getText('t');
    text.insert(0, 'abcdefgh');
    text.delete(2, 3);
    doc.getArray('a').insert(0, [new Y.Map()]);
    doc.getArray('a').delete(0, 1);
  },
  'deletions (gc off: deleted content kept)': (doc) => {
    const text = doc.getText('t');
    text.insert(0, 'abcdefgh');
    text.delete(1, 4);
  },
  'map keys on a root, any, binary, embed, subdocument, nested types': (doc) => {
    const map = doc.getMap('m');
    map.set('number', 1);
    map.set('object', { a: [1, 'x'] });
    map.set('bytes', new Uint8Array([1, 2, 3]));
    map.set('sub', new Y.Doc());
    map.set('text', new Y.Text('x'));
    map.set('array', Y.Array.from([1, 2]));
    map.set('xml', new Y.XmlFragment());
    doc.getText('t').insertEmbed(0, { image: 'x.png' });
  },
};

describe('[X1] parseUpdate reads what yjs reads', () => {
  for (const [name, build] of Object.entries(KINDS)) {
    it(`[X1] ${name}`, () => {
      const updates = updatesOf(build, !name.includes('gc off'));
      updates.forEach((bytes, i) => expectSameSummary(bytes, `${name} #${i}`));
    });
  }

  it('[X1] root keys and root names are told apart from nested ones', () => {
    const [, whole] = updatesOf((doc) => doc.getMap('settings').set('k', 'v'));
    expect(expectSameSummary(whole, 'map').rootKeys).toBe(true);
    const nested = updatesOf((doc) => {
      const p = new Y.XmlElement('paragraph');
      doc.getXmlFragment('default').insert(0, [p]);
      p.setAttribute('id', 'x');
    }).at(-1)!;
    const update = expectSameSummary(nested, 'nested');
    expect(update.rootKeys).toBe(false);
    expect([...update.rootNames]).toEqual(['default']);
  });

  it('[X1] a merged update with a hole carries a Skip: hasSkips', () => {
    const updates = updatesOf((doc) => {
      const text = doc.getText('t');
      text.insert(0, 'a');
      text.insert(1, 'b');
      text.insert(2, 'c');
    });
    // Test code may merge (the server never does): the first and third leave a hole.
    const holed = Y.mergeUpdates([updates[0], updates[2]]);
    expect(expectSameSummary(holed, 'holed').hasSkips).toBe(true);
  });
});

/** A hand-encoded update: one GC run, then one delete range. */
function encoded(gc: { clock: number; length: number } | null, del: { clock: number; length: number } | null): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, gc ? 1 : 0);
  if (gc) {
    encoding.writeVarUint(encoder, 1);
    encoding.writeVarUint(encoder, 7);
    encoding.writeVarUint(encoder, gc.clock);
    encoding.writeUint8(encoder, 0);
    encoding.writeVarUint(encoder, gc.length);
  }
  encoding.writeVarUint(encoder, del ? 1 : 0);
  if (del) {
    encoding.writeVarUint(encoder, 9);
    encoding.writeVarUint(encoder, 1);
    encoding.writeVarUint(encoder, del.clock);
    encoding.writeVarUint(encoder, del.length);
  }
  return encoding.toUint8Array(encoder);
}

describe('[X1] clock bounds, exactly at the limit', () => {
  it('[X1] structs may reach the largest clock, not pass it', () => {
    const at = parseUpdate(encoded({ clock: MAX_CLOCK - 1, length: 1 }, null));
    expect(at.ok && at.update.runs).toEqual([{ client: 7, clock: MAX_CLOCK - 1, length: 1 }]);
    // A GC run is not a hole.
    expect(at.ok && at.update.hasSkips).toBe(false);
    expect(parseUpdate(encoded({ clock: MAX_CLOCK, length: 1 }, null))).toEqual({ ok: false, reason: 'clock out of range' });
  });

  it('[X1] deletions may reach the largest clock, not pass it', () => {
    const at = parseUpdate(encoded(null, { clock: MAX_CLOCK - 1, length: 1 }));
    expect(at.ok && at.update.deletes).toEqual([{ client: 9, clock: MAX_CLOCK - 1, length: 1 }]);
    expect(parseUpdate(encoded(null, { clock: MAX_CLOCK, length: 1 }))).toEqual({ ok: false, reason: 'clock out of range' });
    expect(parseUpdate(encoded(null, { clock: 1, length: MAX_CLOCK }))).toEqual({ ok: false, reason: 'clock out of range' });
  });

  it('[X1] an empty update summarises to nothing; a truncated or padded one names its problem', () => {
    expect(parseUpdate(encoded(null, null))).toEqual({ ok: true, update: { runs: [], dependencies: [], deletes: [], rootNames: new Set(), rootKeys: false, hasSkips: false, structCount: 0 } });
    expect(parseUpdate(Uint8Array.from([...encoded(null, null), 0]))).toEqual({ ok: false, reason: 'bytes left over after the update' });
    const truncated = parseUpdate(encoded({ clock: 0, length: 1 }, null).slice(0, 4));
    expect(truncated.ok).toBe(false);
    expect(truncated.ok ? '' : truncated.reason).not.toBe('');
  });
});

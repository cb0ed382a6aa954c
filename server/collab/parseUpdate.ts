/**
 * A strict reader of Yjs V1 updates, run on every update before Yjs sees it.
 *
 * Why our own: yjs 13.6 decodes without limits and parks updates whose dependencies are
 * missing (pending structs) instead of reporting them, and it cannot tell us whether an
 * update has bytes left over or is a no-op. This reader walks the V1 format once (the same
 * layout as yjs' readClientsStructRefs / readDeleteSet), refuses anything that does not
 * decode exactly, and summarises what the update would add and delete so the room can
 * judge it against the document's state before applying it. It never touches the V2 or
 * merge code paths that crafted updates (yjs issue 687) hang.
 */
import * as decoding from 'lib0/decoding';

/** One client's run of structs in an update: clocks [clock, clock + length). */
export interface StructRun {
  client: number;
  clock: number;
  length: number;
}

/** An ID an item depends on (its origin, right origin or parent item). */
export interface Dependency {
  client: number;
  clock: number;
}

export interface DeleteRange {
  client: number;
  clock: number;
  length: number;
}

export interface ParsedUpdate {
  runs: StructRun[];
  dependencies: Dependency[];
  deletes: DeleteRange[];
  /** Names of root types items are inserted into directly. */
  rootNames: Set<string>;
  /** Whether some item sets a key directly on a root type (a map entry on the fragment). */
  rootKeys: boolean;
  /** Whether the update carries Skip structs (a hole: never produced by a live client). */
  hasSkips: boolean;
  structCount: number;
}

export type ParseResult = { ok: true; update: ParsedUpdate } | { ok: false; reason: string };

const BIT6 = 32;
const BIT7 = 64;
const BIT8 = 128;
const BITS5 = 31;
/** Content reference numbers of yjs' V1 encoding. */
const Content = { gc: 0, deleted: 1, json: 2, binary: 3, string: 4, embed: 5, format: 6, type: 7, any: 8, doc: 9, skip: 10 } as const;
const TYPE_REF_XML_ELEMENT = 3;
/** yjs' type refs: Array 0, Map 1, Text 2, XmlElement 3, XmlFragment 4, XmlHook 5, XmlText 6; the element and the hook carry a name. */
const TYPE_REF_XML_HOOK = 5;
/**
 * Clocks beyond this are refused: no real client inserts two billion items, and yjs keeps
 * state vectors in 32 bits in places (a GC run of 2^35 leaves a state of 2^32 - 1).
 */
const MAX_CLOCK = 2 ** 31 - 1;

function readId(decoder: decoding.Decoder): Dependency {
  return { client: decoding.readVarUint(decoder), clock: decoding.readVarUint(decoder) };
}

/** Reads an item's content and returns its length in clock units. */
function readContentLength(decoder: decoding.Decoder, ref: number): number {
  switch (ref) {
    case Content.deleted:
      return decoding.readVarUint(decoder);
    case Content.json: {
      const count = decoding.readVarUint(decoder);
      for (let i = 0; i < count; i++) {
        const text = decoding.readVarString(decoder);
        if (text !== 'undefined') JSON.parse(text);
      }
      return count;
    }
    case Content.binary:
      decoding.readVarUint8Array(decoder);
      return 1;
    case Content.string:
      return decoding.readVarString(decoder).length;
    case Content.embed:
      JSON.parse(decoding.readVarString(decoder));
      return 1;
    case Content.format:
      decoding.readVarString(decoder);
      JSON.parse(decoding.readVarString(decoder));
      return 1;
    case Content.type: {
      const typeRef = decoding.readVarUint(decoder);
      if (typeRef > 6) throw new Error(`unknown type ${typeRef}`);
      if (typeRef === TYPE_REF_XML_ELEMENT || typeRef === TYPE_REF_XML_HOOK) decoding.readVarString(decoder);
      return 1;
    }
    case Content.any: {
      const count = decoding.readVarUint(decoder);
      for (let i = 0; i < count; i++) decoding.readAny(decoder);
      return count;
    }
    case Content.doc:
      decoding.readVarString(decoder);
      decoding.readAny(decoder);
      return 1;
    default:
      throw new Error(`unknown content ${ref}`);
  }
}

function parse(bytes: Uint8Array): ParsedUpdate {
  const decoder = decoding.createDecoder(bytes);
  const update: ParsedUpdate = { runs: [], dependencies: [], deletes: [], rootNames: new Set(), rootKeys: false, hasSkips: false, structCount: 0 };
  const clientCount = decoding.readVarUint(decoder);
  for (let c = 0; c < clientCount; c++) {
    const structCount = decoding.readVarUint(decoder);
    const client = decoding.readVarUint(decoder);
    const start = decoding.readVarUint(decoder);
    let clock = start;
    for (let s = 0; s < structCount; s++) {
      const info = decoding.readUint8(decoder);
      if (info === undefined) throw new Error('unexpected end');
      const ref = info & BITS5;
      if (ref === Content.gc || ref === Content.skip) {
        if (ref === Content.skip) update.hasSkips = true;
        clock += decoding.readVarUint(decoder);
      } else {
        const hasOrigin = (info & BIT8) === BIT8;
        const hasRightOrigin = (info & BIT7) === BIT7;
        if (hasOrigin) update.dependencies.push(readId(decoder));
        if (hasRightOrigin) update.dependencies.push(readId(decoder));
        if (!hasOrigin && !hasRightOrigin) {
          const parentIsRoot = decoding.readVarUint(decoder) === 1;
          if (parentIsRoot) update.rootNames.add(decoding.readVarString(decoder));
          else update.dependencies.push(readId(decoder));
          if ((info & BIT6) === BIT6) {
            decoding.readVarString(decoder);
            if (parentIsRoot) update.rootKeys = true;
          }
        }
        clock += readContentLength(decoder, ref);
      }
      if (clock > MAX_CLOCK) throw new Error('clock out of range');
    }
    update.structCount += structCount;
    if (structCount > 0) update.runs.push({ client, clock: start, length: clock - start });
  }
  const deleteClients = decoding.readVarUint(decoder);
  for (let c = 0; c < deleteClients; c++) {
    const client = decoding.readVarUint(decoder);
    const count = decoding.readVarUint(decoder);
    for (let d = 0; d < count; d++) {
      const clock = decoding.readVarUint(decoder);
      const length = decoding.readVarUint(decoder);
      if (clock + length > MAX_CLOCK) throw new Error('clock out of range');
      update.deletes.push({ client, clock, length });
    }
  }
  if (decoder.pos !== bytes.length) throw new Error('bytes left over after the update');
  return update;
}

/** Parses a V1 update strictly. Expected failures are values, never exceptions. */
export function parseUpdate(bytes: Uint8Array): ParseResult {
  try {
    return { ok: true, update: parse(bytes) };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : 'undecodable update' };
  }
}

/**
 * Which blocks of a live draft changed since the search index last read it, so a burst of
 * typing re-indexes the paragraphs it touched instead of the whole section (P2: reading,
 * stemming and rewriting a 1 MB section every half second cost more than the edits).
 *
 * A block is known by its Yjs item id (`client:clock`): the same for the block's whole
 * life and after every reload of the document, and unique even where two blocks carry the
 * same block id. A deep observer on the content fragment notes the top-level block each
 * change falls in (a walk up the parents, never a scan of the section); blocks added and
 * removed are found by comparing the fragment's children with those read last time.
 */
import * as Y from 'yjs';
import type { PmJson } from '../../shared/editor/json.js';
import { elementToJson } from '../../shared/editor/yjsJson.js';

/** A top-level block and the part of the index it is stored as. */
export interface BlockRead {
  part: string;
  block: PmJson;
}

export interface DraftChanges {
  /** Every block was read (first read since the document was loaded, or asked for): compare them all with the index. */
  complete: boolean;
  /** Blocks added or changed; every block when complete. */
  changed: BlockRead[];
  /** Parts of blocks that are gone (empty when complete: whatever the index has beyond `changed` is gone). */
  removed: string[];
}

/** The index part of a top-level block: its Yjs item id. */
function partOf(element: Y.XmlElement): string {
  const id = element._item!.id;
  return `${id.client}:${id.clock}`;
}

/** The top-level block a changed type belongs to, or null for the fragment itself. */
function topLevelBlock(fragment: Y.XmlFragment, type: Y.AbstractType<unknown>): Y.XmlElement | null {
  let current = type;
  while (current !== fragment) {
    const parent = current._item?.parent;
    if (!(parent instanceof Y.AbstractType)) return null;
    if (parent === fragment) return current instanceof Y.XmlElement ? current : null;
    current = parent as Y.AbstractType<unknown>;
  }
  return null;
}

/** Every top-level block of a fragment with its part (a rebuild, or a complete read). */
export function readAllBlocks(fragment: Y.XmlFragment): BlockRead[] {
  const out: BlockRead[] = [];
  for (const child of fragment.toArray()) {
    if (child instanceof Y.XmlElement) out.push({ part: partOf(child), block: elementToJson(child) });
  }
  return out;
}

interface Tracked {
  /** Parts present at the last read. */
  known: Set<string>;
  /** Blocks changed since the last read. */
  dirty: Set<Y.XmlElement>;
}

export class DraftChangeTracker {
  /** Per loaded document; a room's document is dropped when the room unloads, and with it this. */
  private readonly docs = new WeakMap<Y.Doc, Tracked>();

  constructor(private readonly fragmentName: string) {}

  /** What changed in `doc` since the last read (called in the room's queue, on committed state). */
  read(doc: Y.Doc, forceComplete = false): DraftChanges {
    const fragment = doc.getXmlFragment(this.fragmentName);
    let tracked = this.docs.get(doc);
    if (!tracked) {
      const fresh: Tracked = { known: new Set(), dirty: new Set() };
      fragment.observeDeep((events) => {
        for (const event of events) {
          const block = topLevelBlock(fragment, event.target as Y.AbstractType<unknown>);
          if (block) fresh.dirty.add(block);
        }
      });
      this.docs.set(doc, (tracked = fresh));
    }
    const complete = forceComplete || tracked.known.size === 0;
    const current = new Map<string, Y.XmlElement>();
    for (const child of fragment.toArray()) {
      if (child instanceof Y.XmlElement) current.set(partOf(child), child);
    }
    const changed: BlockRead[] = [];
    for (const [part, element] of current) {
      if (complete || !tracked.known.has(part) || tracked.dirty.has(element)) changed.push({ part, block: elementToJson(element) });
    }
    const removed = complete ? [] : [...tracked.known].filter((part) => !current.has(part));
    tracked.known = new Set(current.keys());
    tracked.dirty.clear();
    return { complete, changed, removed };
  }
}

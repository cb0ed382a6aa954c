/**
 * The suggest-only check (S1): an update from a suggest-only connection is accepted only
 * if rejecting that person's pending suggestions gives the same content after it as
 * before it. Content is compared, not Yjs items (the TipTap binding diffs text as whole
 * paragraphs, so items move around), and only over the blocks the update can reach, found
 * from the update's own references before it is applied — so the cost follows the update,
 * not the size of the section (P2).
 */
import * as Y from 'yjs';
import type { PmJson } from '../../shared/editor/json.js';
import { canonicalBlocks, keepsOthersTextInOwnNodes, rejectAuthor } from '../../shared/suggestions/resolve.js';
import type { ParsedUpdate } from './parseUpdate.js';
import { stripComments, threadAnchors } from '../../shared/comments/model.js';
import { elementToJson } from './validateContent.js';

/** The top-level block an item lives in, or null (outside the content, or the block list itself). */
export function topBlockOf(item: Y.Item, fragment: Y.XmlFragment): Y.XmlElement | null {
  if (item.parent === fragment) {
    return item.content instanceof Y.ContentType && item.content.type instanceof Y.XmlElement ? item.content.type : null;
  }
  let type = item.parent as Y.AbstractType<unknown> | null;
  while (type && type._item && type._item.parent !== fragment) type = type._item.parent as Y.AbstractType<unknown>;
  return type && type._item ? (type as Y.XmlElement) : null;
}

function itemAt(doc: Y.Doc, client: number, clock: number): Y.Item | null {
  const structs = doc.store.clients.get(client);
  if (!structs || clock >= Y.getState(doc.store, client)) return null;
  const struct = structs[Y.findIndexSS(structs, clock)];
  return struct instanceof Y.Item ? struct : null;
}

/** The existing blocks an update refers to (origins, parents, deletions), before it is applied. */
export function blocksReachedBy(doc: Y.Doc, fragment: Y.XmlFragment, update: ParsedUpdate): Set<Y.XmlElement> {
  const blocks = new Set<Y.XmlElement>();
  const add = (item: Y.Item | null) => {
    const block = item && topBlockOf(item, fragment);
    if (block && !block._item?.deleted) blocks.add(block);
  };
  for (const dep of update.dependencies) add(itemAt(doc, dep.client, dep.clock));
  for (const range of update.deletes) {
    const structs = doc.store.clients.get(range.client);
    if (!structs) continue;
    const end = Math.min(range.clock + range.length, Y.getState(doc.store, range.client));
    for (let i = range.clock < end ? Y.findIndexSS(structs, range.clock) : structs.length; i < structs.length && structs[i].id.clock < end; i++) {
      const struct = structs[i];
      if (struct instanceof Y.Item) add(struct);
    }
  }
  return blocks;
}

/**
 * Puts blocks in document order by walking right from each to the next one of the set:
 * the walk covers only the span between them, not the whole section.
 */
export function orderBlocks(blocks: Iterable<Y.XmlElement>): Y.XmlElement[] {
  const set = new Set([...blocks].filter((b) => b._item && !b._item.deleted));
  if (set.size <= 1) return [...set];
  const next = new Map<Y.XmlElement, Y.XmlElement>();
  const hasPrevious = new Set<Y.XmlElement>();
  for (const block of set) {
    for (let item = block._item!.right; item; item = item.right) {
      const candidate = item.content instanceof Y.ContentType ? item.content.type : null;
      if (candidate instanceof Y.XmlElement && set.has(candidate) && !item.deleted) {
        next.set(block, candidate);
        hasPrevious.add(candidate);
        break;
      }
    }
  }
  const ordered: Y.XmlElement[] = [];
  let current = [...set].find((b) => !hasPrevious.has(b));
  while (current) {
    ordered.push(current);
    current = next.get(current);
  }
  return ordered;
}

/** Reads blocks into JSON, in the given order. */
export function blocksToJson(blocks: readonly Y.XmlElement[]): PmJson[] {
  return blocks.map((block) => elementToJson(block));
}

/** The comment threads, among those anchored before or after an update, that `userId` started. */
export function ownThreads(before: readonly PmJson[], after: readonly PmJson[], userId: string, ownerOf: (threadId: string) => string | null): Set<string> {
  const own = new Set<string>();
  for (const id of new Set([...threadAnchors(before).keys(), ...threadAnchors(after).keys()])) {
    if (ownerOf(id) === userId) own.add(id);
  }
  return own;
}

/**
 * S1: rejecting the author's pending suggestions, and setting aside the author's own
 * comment anchors, must give the same content before and after — so nobody else's
 * suggestions or comments changed.
 */
export function isOnlySuggestion(before: readonly PmJson[], after: readonly PmJson[], author: string, ownThreadIds: ReadonlySet<string> = new Set()): boolean {
  const settle = (blocks: readonly PmJson[]) => canonicalBlocks(stripComments(rejectAuthor(blocks, author), (id) => ownThreadIds.has(id)));
  return settle(before) === settle(after) && keepsOthersTextInOwnNodes(before, after, author);
}



/** The comment capability: setting aside the person's own anchors, nothing changed. */
export function isOnlyOwnComments(before: readonly PmJson[], after: readonly PmJson[], ownThreadIds: ReadonlySet<string>): boolean {
  const settle = (blocks: readonly PmJson[]) => canonicalBlocks(stripComments(blocks, (id) => ownThreadIds.has(id)));
  return settle(before) === settle(after);
}

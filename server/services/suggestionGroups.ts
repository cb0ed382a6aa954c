/**
 * Suggestions as groups, for decisions (G2, S2): every carrier of one suggestion id — marks
 * on text and `suggestion` attributes on blocks at any depth (top-level blocks, list items,
 * rows, cells) — with where it sits, and the text a decision is about: "before" is the text
 * with that suggestion rejected, "after" with it accepted, over the blocks its carriers
 * touch only, every other pending suggestion set aside (rejected in both), so a record
 * never holds someone else's proposal.
 */
import type { PmJson } from '../../shared/editor/json.js';
import { BLOCK_SUGGESTION_ATTR, parseBlockSuggestion, type BlockSuggestion } from '../../shared/suggestions/model.js';
import { resolveSuggestions, type Decision, type FoundSuggestion } from '../../shared/suggestions/resolve.js';

/** One carrier of a suggestion. `path` is the child indexes from the document to its node. */
export interface GroupCarrier {
  kind: FoundSuggestion['kind'];
  author: string;
  nodeType: string;
  /** A block carrier's own path, or for a mark the path of the text's parent block. */
  path: number[];
  former?: BlockSuggestion['from'];
}

/** All carriers of one suggestion id. */
export interface SuggestionGroup {
  id: string;
  /** The first carrier's author (one edit has one author; `authors` says if not). */
  author: string;
  authors: string[];
  carriers: GroupCarrier[];
}

const MARKS = new Set(['insertion', 'deletion', 'formatChange']);

/** Every suggestion of a sequence of top-level blocks, by id, carriers in document order. */
export function scanGroups(blocks: readonly PmJson[]): Map<string, SuggestionGroup> {
  const groups = new Map<string, SuggestionGroup>();
  const add = (id: string, carrier: GroupCarrier) => {
    let group = groups.get(id);
    if (!group) groups.set(id, (group = { id, author: carrier.author, authors: [], carriers: [] }));
    if (!group.authors.includes(carrier.author)) group.authors.push(carrier.author);
    group.carriers.push(carrier);
  };
  const visit = (node: PmJson, path: number[], parentPath: number[]) => {
    const structural = parseBlockSuggestion(node.attrs?.[BLOCK_SUGGESTION_ATTR]);
    if (structural) add(structural.id, { kind: structural.kind, author: structural.author, nodeType: node.type, path, ...(structural.from ? { former: structural.from } : {}) });
    for (const mark of node.marks ?? []) {
      const id = mark.attrs?.id;
      const author = mark.attrs?.author;
      if (!MARKS.has(mark.type) || typeof id !== 'string' || typeof author !== 'string') continue;
      add(id, { kind: mark.type as GroupCarrier['kind'], author, nodeType: 'text', path: parentPath });
    }
    (node.content ?? []).forEach((child, index) => visit(child, [...path, index], path));
  };
  blocks.forEach((block, index) => visit(block, [index], []));
  return groups;
}

const LIST_ITEMS = new Set(['listItem', 'taskItem']);
const ROWS = new Set(['tableRow']);

/**
 * The kind of a whole group (a local copy of the shared groupKind contract, kept in step
 * with client/src/editor/suggestionList.ts, until shared/suggestions/resolve.ts has it).
 */
export function groupKindOf(carriers: readonly Pick<GroupCarrier, 'kind' | 'nodeType' | 'former'>[]): string {
  const blocks = carriers.filter((c) => !MARKS.has(c.kind));
  if (!blocks.length) {
    const has = (kind: string) => carriers.some((c) => c.kind === kind);
    if (has('insertion') && has('deletion')) return 'replacement';
    if (has('insertion')) return 'insertion';
    if (has('deletion')) return 'deletion';
    return 'formatting';
  }
  const kinds = new Set(blocks.map((c) => c.kind));
  if (kinds.size === 2 && kinds.has('insert') && kinds.has('delete')) return 'move';
  if (kinds.size !== 1) return 'restructure';
  const types = [...new Set(blocks.map((c) => c.nodeType))];
  const only = (set: Set<string>) => types.every((type) => set.has(type));
  switch ([...kinds][0]) {
    case 'insert':
      return only(LIST_ITEMS) ? 'newListItem' : only(ROWS) ? 'newRow' : 'newBlock';
    case 'delete':
      return only(LIST_ITEMS) ? 'removedListItem' : only(ROWS) ? 'removedRow' : 'removedBlock';
    case 'split':
      return 'split';
    case 'join':
      return 'join';
    default:
      return blocks.every((c) => c.nodeType === 'heading' && c.former?.type === 'heading') ? 'headingLevel' : 'retype';
  }
}

const INLINE = new Set(['text', 'hardBreak', 'image', 'mention']);

/** Plain text of blocks, one line per textblock (list items and cells each on their own). */
export function plainText(blocks: readonly PmJson[]): string {
  const lines = (node: PmJson): string[] => {
    const children = node.content ?? [];
    if (node.type === 'text') return [node.text ?? ''];
    if (!children.length || children.every((child) => INLINE.has(child.type))) return [children.map((child) => child.text ?? (child.type === 'hardBreak' ? '\n' : '')).join('')];
    return children.flatMap(lines);
  };
  return blocks.flatMap(lines).join('\n');
}

const key = (path: readonly number[]) => path.join('.');

/** The children at `path` (the top-level blocks for the empty path). */
function childrenAt(blocks: readonly PmJson[], path: readonly number[]): readonly PmJson[] {
  let children = blocks;
  for (const index of path) children = children[index]?.content ?? [];
  return children;
}

/**
 * Before and after text of one group: the nodes its carriers sit on (and, for a split or a
 * join, the sibling it is split from or joined into), each run of neighbouring siblings
 * resolved with this suggestion rejected or accepted and every other one rejected.
 */
export function decisionTexts(blocks: readonly PmJson[], group: SuggestionGroup): { before: string; after: string } {
  const nodes = new Map<string, number[]>();
  for (const carrier of group.carriers) {
    nodes.set(key(carrier.path), carrier.path);
    const last = carrier.path[carrier.path.length - 1];
    if ((carrier.kind === 'split' || carrier.kind === 'join') && last > 0) {
      const previous = [...carrier.path.slice(0, -1), last - 1];
      nodes.set(key(previous), previous);
    }
  }
  // A node inside another node of the scope is already part of it.
  const covered = (path: number[]) => path.some((_, i) => i < path.length - 1 && nodes.has(key(path.slice(0, i + 1))));
  const byParent = new Map<string, { parent: number[]; indexes: number[] }>();
  for (const path of [...nodes.values()].filter((p) => !covered(p)).sort((a, b) => key(a).localeCompare(key(b), undefined, { numeric: true }))) {
    const parent = path.slice(0, -1);
    const entry = byParent.get(key(parent)) ?? { parent, indexes: [] };
    entry.indexes.push(path[path.length - 1]);
    byParent.set(key(parent), entry);
  }
  const runs: { parent: number[]; from: number; to: number }[] = [];
  for (const { parent, indexes } of byParent.values()) {
    for (const index of indexes.sort((a, b) => a - b)) {
      const last = runs[runs.length - 1];
      if (last && key(last.parent) === key(parent) && last.to === index - 1) last.to = index;
      else runs.push({ parent, from: index, to: index });
    }
  }
  const as = (decision: Decision) =>
    runs
      .map(({ parent, from, to }) => plainText(resolveSuggestions(childrenAt(blocks, parent).slice(from, to + 1), (s) => (s.id === group.id ? decision : 'reject'))))
      .filter((text, i, all) => text || all.length === 1)
      .join('\n');
  return { before: as('reject'), after: as('accept') };
}

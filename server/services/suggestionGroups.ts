/**
 * Suggestions as groups, for decisions (G2, S2): every carrier of one suggestion id — marks
 * on text and `suggestion` attributes on blocks at any depth (top-level blocks, list items,
 * rows, cells) — with where it sits, and the text a decision is about: "before" is the text
 * with that suggestion rejected, "after" with it accepted, over the blocks its carriers
 * touch only, every other pending suggestion set aside (rejected in both), so a record
 * never holds someone else's proposal.
 */
import type { PmJson } from '../../shared/editor/json.js';
import { BLOCK_SUGGESTION_ATTR, parseBlockSuggestion } from '../../shared/suggestions/model.js';
import { describeSuggestions, groupKind, resolveSuggestions, type Decision, type DescribedSuggestion, type GroupKind } from '../../shared/suggestions/resolve.js';

/** All carriers of one suggestion id (shared describeSuggestions) and every author they name. */
export interface SuggestionGroup extends DescribedSuggestion {
  /** One edit has one author; more than one means a part was forged under someone's id. */
  authors: string[];
  kind: GroupKind;
}

const MARKS = new Set(['insertion', 'deletion', 'formatChange']);

/** The authors named by each suggestion id's carriers, marks and block attributes alike. */
function authorsById(blocks: readonly PmJson[]): Map<string, Set<string>> {
  const authors = new Map<string, Set<string>>();
  const add = (id: unknown, author: unknown) => {
    if (typeof id !== 'string' || typeof author !== 'string') return;
    const set = authors.get(id) ?? new Set<string>();
    authors.set(id, set.add(author));
  };
  const visit = (node: PmJson) => {
    const structural = parseBlockSuggestion(node.attrs?.[BLOCK_SUGGESTION_ATTR]);
    if (structural) add(structural.id, structural.author);
    for (const mark of node.marks ?? []) if (MARKS.has(mark.type)) add(mark.attrs?.id, mark.attrs?.author);
    for (const child of node.content ?? []) visit(child);
  };
  blocks.forEach(visit);
  return authors;
}

/** Every suggestion of a sequence of top-level blocks, by id, carriers in document order. */
export function scanGroups(blocks: readonly PmJson[]): Map<string, SuggestionGroup> {
  const authors = authorsById(blocks);
  return new Map(describeSuggestions(blocks).map((s) => [s.id, { ...s, kind: groupKind(s.carriers), authors: [...(authors.get(s.id) ?? [s.author])] }]));
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
export function decisionTexts(blocks: readonly PmJson[], group: DescribedSuggestion): { before: string; after: string } {
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

/**
 * The pending suggestions of a document as staff decide them: one entry per suggestion id
 * (a group, rule G2), in document order. Each group lists its carriers — the marks and the
 * block attributes that share the id, on top-level blocks and on blocks nested in lists and
 * tables alike — with where they sit, the text removed and the text added, and the kind of
 * change in words (shared groupKind: a replacement, a new list item, a new row…). The panel,
 * "Show in text" and the comments sidebar read it.
 */
import type { Node as PMNode } from '@tiptap/pm/model';
import { BLOCK_SUGGESTION_ATTR, SUGGESTION_MARKS, parseBlockSuggestion, type BlockSuggestion } from '../../../shared/suggestions/model.js';
import { groupKind, type FoundSuggestion, type GroupKind } from '../../../shared/suggestions/resolve.js';

export type { GroupKind };

/** One carrier of a suggestion: a run of marked text, or a block with the attribute. */
export interface ListedCarrier {
  kind: FoundSuggestion['kind'];
  nodeType: string;
  text: string;
  from: number;
  to: number;
  /** Block carriers: whether the block is nested (a list item, a row, a cell, or inside one). */
  nested?: boolean;
  /** `retype`: the former type and attributes. */
  former?: BlockSuggestion['from'];
  /** Heading level after a retype, when the block is a heading. */
  level?: number;
}

export interface ListedSuggestion {
  id: string;
  author: string;
  /** The kind of the whole group, in words on the card. */
  kind: GroupKind;
  carriers: ListedCarrier[];
  /** The text the suggestion adds (inserted text, new blocks), or the block's text. */
  text: string;
  /** Text it removes (deleted text, removed blocks); empty when nothing is removed. */
  removedText: string;
  /** Text it adds; empty when nothing is added. */
  addedText: string;
  /** Text of the block around it. */
  context: string;
  /** From the first carrier's start to the last carrier's end. */
  from: number;
  to: number;
  /** For formatting changes: the marks added and removed. */
  added?: string;
  removed?: string;
  /** For heading levels: the former and the new level. */
  levels?: { from: number; to: number };
}

const SUGGESTION_MARK_SET = new Set<string>(SUGGESTION_MARKS);
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
/** The kind of a group from its carriers (shared groupKind). */
export function groupKindOf(carriers: readonly ListedCarrier[]): GroupKind {
  return groupKind(carriers.map((c) => ({ kind: c.kind, nodeType: c.nodeType, path: [], text: c.text, ...(c.former ? { from: c.former } : {}) })));
}

interface Building {
  id: string;
  author: string;
  carriers: ListedCarrier[];
  context: string;
  added?: string;
  removed?: string;
}

/** Lists every suggestion of a document, one entry per suggestion id. */
export function listSuggestions(doc: PMNode): ListedSuggestion[] {
  const groups = new Map<string, Building>();
  const groupOf = (id: string, author: string, context: string) => {
    let group = groups.get(id);
    if (!group) groups.set(id, (group = { id, author, carriers: [], context }));
    return group;
  };
  doc.descendants((node, pos, parent) => {
    if (node.isText) {
      for (const mark of node.marks) {
        if (!SUGGESTION_MARK_SET.has(mark.type.name)) continue;
        const id = String(mark.attrs.id ?? '');
        const author = String(mark.attrs.author ?? '');
        if (!id || !author) continue;
        const group = groupOf(id, author, clip(parent?.textContent ?? '', 160));
        const kind = mark.type.name as ListedCarrier['kind'];
        const last = group.carriers[group.carriers.length - 1];
        // Neighbouring text nodes (split only by other marks) are one run of the carrier.
        if (last && last.kind === kind && last.to === pos) {
          last.text += node.text ?? '';
          last.to = pos + node.nodeSize;
        } else {
          group.carriers.push({ kind, nodeType: 'text', text: node.text ?? '', from: pos, to: pos + node.nodeSize });
        }
        if (kind === 'formatChange') {
          group.added ??= String(mark.attrs.added ?? '');
          group.removed ??= String(mark.attrs.removed ?? '');
        }
      }
      return false;
    }
    const structural = parseBlockSuggestion(node.attrs[BLOCK_SUGGESTION_ATTR]);
    if (structural) {
      const group = groupOf(structural.id, structural.author, '');
      group.carriers.push({
        kind: structural.kind,
        nodeType: node.type.name,
        text: node.textContent,
        from: pos,
        to: pos + node.nodeSize,
        nested: parent !== doc,
        ...(structural.from ? { former: structural.from } : {}),
        ...(node.type.name === 'heading' ? { level: Number(node.attrs.level) } : {}),
      });
    }
    return true;
  });
  return [...groups.values()].map(finish).sort((a, b) => a.from - b.from);
}

/** Texts and kind of a group once all its carriers are known. */
function finish(group: Building): ListedSuggestion {
  const { carriers } = group;
  const blocks = carriers.filter((c) => c.nodeType !== 'text');
  // Text inside a block the same suggestion adds or removes is part of that block, and so is
  // a block inside another block of the same suggestion (a split list item and its paragraph).
  const within = (c: ListedCarrier, b: ListedCarrier) => b !== c && b.from <= c.from && c.to <= b.to;
  const inside = (c: ListedCarrier) =>
    c.nodeType === 'text' ? blocks.some((b) => (b.kind === 'insert' || b.kind === 'delete') && within(c, b)) : blocks.some((b) => within(c, b));
  const own = carriers.filter((c) => !inside(c));
  const textOf = (kinds: FoundSuggestion['kind'][]) =>
    clip(
      own
        .filter((c) => kinds.includes(c.kind))
        .map((c) => c.text)
        .join(' … '),
      120,
    );
  const kind = groupKindOf(carriers);
  const addedText = textOf(['insertion', 'insert']);
  const removedText = textOf(['deletion', 'delete']);
  const retyped = blocks.find((c) => c.kind === 'retype');
  const formerLevel = Number(retyped?.former?.attrs?.level);
  return {
    id: group.id,
    author: group.author,
    kind,
    carriers,
    text: addedText || removedText || clip(own.map((c) => c.text).join(' … '), 120),
    addedText,
    removedText,
    context: group.context,
    from: Math.min(...carriers.map((c) => c.from)),
    to: Math.max(...carriers.map((c) => c.to)),
    ...(group.added !== undefined ? { added: group.added, removed: group.removed } : {}),
    ...(kind === 'headingLevel' && retyped?.level && formerLevel ? { levels: { from: formerLevel, to: retyped.level } } : {}),
  };
}

/** Whether any carrier of a suggestion lies in a range (a selection). */
export function touchesRange(suggestion: ListedSuggestion, from: number, to: number): boolean {
  return suggestion.carriers.some((c) => c.from < to && c.to > from);
}

/**
 * The pending suggestions of a document, in document order, with where they sit and a
 * little text around them (for the suggestions panel and "Show in text").
 */
import type { Node as PMNode } from '@tiptap/pm/model';
import { BLOCK_SUGGESTION_ATTR, SUGGESTION_MARKS, parseBlockSuggestion } from '../../../shared/suggestions/model.js';
import type { FoundSuggestion } from '../../../shared/suggestions/resolve.js';

export interface ListedSuggestion {
  id: string;
  author: string;
  kind: FoundSuggestion['kind'];
  /** The suggested text (or the block's text for a structural suggestion). */
  text: string;
  /** Text of the block around it. */
  context: string;
  from: number;
  to: number;
  /** For formatting changes: the marks added and removed. */
  added?: string;
  removed?: string;
}

const SUGGESTION_MARK_SET = new Set<string>(SUGGESTION_MARKS);
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** Lists every suggestion of a document. */
export function listSuggestions(doc: PMNode): ListedSuggestion[] {
  const found = new Map<string, ListedSuggestion>();
  doc.forEach((block, offset) => {
    const structural = parseBlockSuggestion(block.attrs[BLOCK_SUGGESTION_ATTR]);
    if (structural) {
      found.set(structural.id, { id: structural.id, author: structural.author, kind: structural.kind, text: clip(block.textContent, 120), context: '', from: offset, to: offset + block.nodeSize });
    }
  });
  doc.descendants((node, pos, parent) => {
    if (!node.isText) return true;
    for (const mark of node.marks) {
      if (!SUGGESTION_MARK_SET.has(mark.type.name)) continue;
      const id = String(mark.attrs.id ?? '');
      const author = String(mark.attrs.author ?? '');
      if (!id || !author) continue;
      const existing = found.get(id);
      if (existing) {
        existing.text = clip(existing.text + (node.text ?? ''), 120);
        existing.to = Math.max(existing.to, pos + node.nodeSize);
        existing.from = Math.min(existing.from, pos);
      } else {
        found.set(id, {
          id,
          author,
          kind: mark.type.name as ListedSuggestion['kind'],
          text: node.text ?? '',
          context: clip(parent?.textContent ?? '', 160),
          from: pos,
          to: pos + node.nodeSize,
          ...(mark.type.name === 'formatChange' ? { added: String(mark.attrs.added ?? ''), removed: String(mark.attrs.removed ?? '') } : {}),
        });
      }
    }
    return false;
  });
  return [...found.values()].sort((a, b) => a.from - b.from);
}

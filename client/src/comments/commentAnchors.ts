/**
 * Comment anchors in the editor (rule C1): reading where each thread's mark sits, what a
 * selection quotes, and setting a thread's mark. The mark is set with the
 * `COMMENT_ANCHOR_META` meta so suggestion mode lets it through untouched: a comment anchor
 * is not a formatting suggestion, and the server accepts it from commenters and partners
 * only for threads they started.
 */
import type { Editor } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import type { EditorState } from '@tiptap/pm/state';
import { COMMENT_MARK, COMMENT_THREAD_ATTR, threadOfMark } from '../../../shared/comments/model.js';

/** Transaction meta of a comment-anchor change: suggestion mode passes it untouched. */
export const COMMENT_ANCHOR_META = 'atelier-comment-anchor';

/** How much text on either side of a quote is kept to find the passage again. */
const CONTEXT_CHARS = 100;

/** The passage a new thread is about. */
export interface SelectedPassage {
  from: number;
  to: number;
  quote: string;
  context: { before: string; after: string };
  blockId?: string;
}

/** Where each anchored thread's text starts and ends, in document order. */
export function anchorRanges(doc: PMNode): Map<string, { from: number; to: number }> {
  const ranges = new Map<string, { from: number; to: number }>();
  doc.descendants((node, pos) => {
    if (!node.isText) return true;
    for (const mark of node.marks) {
      const id = threadOfMark({ type: mark.type.name, attrs: mark.attrs });
      if (!id) continue;
      const range = ranges.get(id);
      if (range) range.to = pos + node.nodeSize;
      else ranges.set(id, { from: pos, to: pos + node.nodeSize });
    }
    return false;
  });
  return ranges;
}

/** The selected passage with its context and block id, or null when nothing (or only whitespace) is selected. */
export function selectedPassage(state: EditorState): SelectedPassage | null {
  const { from, to, empty } = state.selection;
  if (empty) return null;
  const doc = state.doc;
  const quote = doc.textBetween(from, to, '\n', ' ').slice(0, 1000);
  if (!quote.trim()) return null;
  const before = doc.textBetween(Math.max(0, from - CONTEXT_CHARS * 2), from, '\n', ' ').slice(-CONTEXT_CHARS);
  const after = doc.textBetween(to, Math.min(doc.content.size, to + CONTEXT_CHARS * 2), '\n', ' ').slice(0, CONTEXT_CHARS);
  const $from = doc.resolve(from);
  const block = $from.depth >= 1 ? $from.node(1) : null;
  const blockId = typeof block?.attrs.id === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(block.attrs.id) ? block.attrs.id : undefined;
  return { from, to, quote, context: { before, after }, blockId };
}

/**
 * Marks `from`–`to` with a thread's comment mark. Dispatched on the view directly, so it
 * works in an editor that is not editable (readers who may comment).
 */
export function markThread(editor: Editor, threadId: string, from: number, to: number): boolean {
  if (editor.isDestroyed) return false;
  const type = editor.schema.marks[COMMENT_MARK];
  const size = editor.state.doc.content.size;
  const start = Math.max(0, Math.min(from, size));
  const end = Math.max(start, Math.min(to, size));
  if (!type || start === end) return false;
  const tr = editor.state.tr.addMark(start, end, type.create({ [COMMENT_THREAD_ATTR]: threadId }));
  tr.setMeta(COMMENT_ANCHOR_META, true).setMeta('addToHistory', false);
  editor.view.dispatch(tr);
  return true;
}

/**
 * Draws comment anchors: the text of open threads is highlighted, the active thread's more
 * strongly (also when it is resolved: someone opened it), other resolved threads' not at
 * all; and the passage of a comment being written. The thread statuses, the active thread
 * and the pending passage come from the comments sidebar through `setCommentHighlights`.
 */
import { Extension, type Editor } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { threadOfMark } from '../../../shared/comments/model.js';

/** What the sidebar tells the editor. */
export interface CommentHighlightInput {
  open: ReadonlySet<string>;
  active: string | null;
  /** The passage of a new comment being written. */
  pending: { from: number; to: number } | null;
}

interface HighlightState extends CommentHighlightInput {
  decorations: DecorationSet;
}

const key = new PluginKey<HighlightState>('commentHighlights');
const META = 'commentHighlights';

function build(doc: PMNode, { open, active, pending }: CommentHighlightInput): DecorationSet {
  const decorations: Decoration[] = [];
  if (pending && pending.from < pending.to && pending.to <= doc.content.size) decorations.push(Decoration.inline(pending.from, pending.to, { class: 'comment-pending' }));
  doc.descendants((node, pos) => {
    if (!node.isText) return true;
    const classes = new Set<string>();
    for (const mark of node.marks) {
      const id = threadOfMark({ type: mark.type.name, attrs: mark.attrs });
      if (!id) continue;
      if (open.has(id)) classes.add('comment-open');
      if (id === active) classes.add('comment-active');
    }
    if (classes.size) decorations.push(Decoration.inline(pos, pos + node.nodeSize, { class: [...classes].join(' ') }));
    return false;
  });
  return DecorationSet.create(doc, decorations);
}

/** Tells the editor which threads are open, which one is active, and what is being commented on. */
export function setCommentHighlights(editor: Editor, input: CommentHighlightInput): void {
  if (editor.isDestroyed) return;
  editor.view.dispatch(editor.state.tr.setMeta(META, input).setMeta('addToHistory', false));
}

export const CommentHighlights = Extension.create({
  name: 'commentHighlights',
  addProseMirrorPlugins() {
    return [
      new Plugin<HighlightState>({
        key,
        state: {
          init: (_config, state) => {
            const empty: CommentHighlightInput = { open: new Set(), active: null, pending: null };
            return { ...empty, decorations: build(state.doc, empty) };
          },
          apply: (tr, previous, _old, state) => {
            const next = tr.getMeta(META) as CommentHighlightInput | undefined;
            if (next) return { ...next, decorations: build(state.doc, next) };
            if (!tr.docChanged) return previous;
            const pending = previous.pending && { from: tr.mapping.map(previous.pending.from, 1), to: tr.mapping.map(previous.pending.to, -1) };
            const input = { open: previous.open, active: previous.active, pending };
            return { ...input, decorations: build(state.doc, input) };
          },
        },
        props: { decorations: (state) => key.getState(state)?.decorations },
      }),
    ];
  },
});

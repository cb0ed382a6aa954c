/**
 * Draws comment anchors: the text of open threads is highlighted, the active thread's more
 * strongly, resolved threads' not at all. The thread statuses and the active thread come
 * from the comments sidebar through `setCommentHighlights`.
 */
import { Extension, type Editor } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { threadOfMark } from '../../../shared/comments/model.js';

interface HighlightState {
  open: ReadonlySet<string>;
  active: string | null;
  decorations: DecorationSet;
}

const key = new PluginKey<HighlightState>('commentHighlights');
const META = 'commentHighlights';

function build(doc: PMNode, open: ReadonlySet<string>, active: string | null): DecorationSet {
  const decorations: Decoration[] = [];
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

/** Tells the editor which threads are open and which one is active. */
export function setCommentHighlights(editor: Editor, open: ReadonlySet<string>, active: string | null): void {
  if (editor.isDestroyed) return;
  editor.view.dispatch(editor.state.tr.setMeta(META, { open, active }).setMeta('addToHistory', false));
}

export const CommentHighlights = Extension.create({
  name: 'commentHighlights',
  addProseMirrorPlugins() {
    return [
      new Plugin<HighlightState>({
        key,
        state: {
          init: (_config, state) => ({ open: new Set(), active: null, decorations: build(state.doc, new Set(), null) }),
          apply: (tr, previous, _old, state) => {
            const next = tr.getMeta(META) as { open: ReadonlySet<string>; active: string | null } | undefined;
            if (next) return { ...next, decorations: build(state.doc, next.open, next.active) };
            if (tr.docChanged) return { ...previous, decorations: build(state.doc, previous.open, previous.active) };
            return previous;
          },
        },
        props: { decorations: (state) => key.getState(state)?.decorations },
      }),
    ];
  },
});

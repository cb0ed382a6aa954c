/**
 * Suggestion mode in the editor: every transaction of this person goes through the shared
 * suggestion transform (shared/suggestions/transform.ts) on its way to the view, through the
 * extension `dispatchTransaction` hook (STACK.md: not editorProps.dispatchTransaction).
 * Remote (Yjs) transactions and comment anchors (COMMENT_ANCHOR_META) pass untouched. What
 * cannot be suggested is not applied; the person is told why (`onBlocked`).
 *
 * It also draws suggestions: each suggestion mark and suggested block — top-level or nested
 * (a list item, a table row or cell) — gets its author's colour, a hover card ("Name
 * (Organisation), time") and, for blocks, a small label.
 */
import { Extension } from '@tiptap/core';
import { isChangeOrigin } from '@tiptap/extension-collaboration';
import type { Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { colourForUser } from '../../../shared/colours.js';
import { BLOCK_SUGGESTION_ATTR, SUGGESTION_MARKS, parseBlockSuggestion, type BlockSuggestionKind } from '../../../shared/suggestions/model.js';
import { suggestTransaction, type BlockedReason } from '../../../shared/suggestions/transform.js';
import { COMMENT_ANCHOR_META } from '../comments/commentAnchors.js';

export interface SuggestionModeOptions {
  /** This person's user id: the author of their suggestions. */
  author: string;
  /** Whether this person's edits become suggestions right now. */
  isSuggesting: () => boolean;
  /** Told when an edit cannot be made as a suggestion (it was not applied). */
  onBlocked: (reason: BlockedReason) => void;
  /** The hover card of a suggestion: "Name (Organisation), time", or a pending text. */
  describe: (id: string) => string;
  /** The small label of a structural suggestion on a block of type `nodeType` (a list item, a row…). */
  label: (kind: BlockSuggestionKind, nodeType: string) => string;
}

/** Meta that asks the decorations to be redrawn (the server stamped new suggestion facts). */
export const SUGGESTION_REFRESH_META = 'suggestionRefresh';
const decorationsKey = new PluginKey<DecorationSet>('suggestionDecorations');
const SUGGESTION_MARK_SET = new Set<string>(SUGGESTION_MARKS);

function buildDecorations(doc: PMNode, options: SuggestionModeOptions): DecorationSet {
  const decorations: Decoration[] = [];
  doc.descendants((node, pos) => {
    if (!node.isText) {
      // Block suggestions may sit on any block: top-level ones, list items, rows, cells (G1).
      const suggestion = parseBlockSuggestion(node.attrs[BLOCK_SUGGESTION_ATTR]);
      if (suggestion) {
        decorations.push(
          Decoration.node(pos, pos + node.nodeSize, {
            class: `block-suggestion block-suggestion-${suggestion.kind}`,
            style: `--suggestion-colour: ${colourForUser(suggestion.author)}`,
            'data-suggestion-label': options.label(suggestion.kind, node.type.name),
            title: options.describe(suggestion.id),
          }),
        );
      }
      return true;
    }
    for (const mark of node.marks) {
      if (!SUGGESTION_MARK_SET.has(mark.type.name)) continue;
      decorations.push(
        Decoration.inline(pos, pos + node.nodeSize, {
          class: `suggestion-mark suggestion-mark-${mark.type.name}`,
          style: `--suggestion-colour: ${colourForUser(String(mark.attrs.author ?? ''))}`,
          title: options.describe(String(mark.attrs.id ?? '')),
        }),
      );
    }
    return false;
  });
  return DecorationSet.create(doc, decorations);
}

export const SuggestionMode = Extension.create<SuggestionModeOptions>({
  name: 'suggestionMode',

  addOptions() {
    return {
      author: '',
      isSuggesting: () => false,
      onBlocked: () => {},
      describe: () => '',
      label: (kind) => kind,
    };
  },

  dispatchTransaction({ transaction, next }) {
    // Comment anchors are not suggestions: the server checks them on their own (S1, C1).
    if (!this.options.isSuggesting() || !this.options.author || isChangeOrigin(transaction) || transaction.getMeta(COMMENT_ANCHOR_META)) {
      next(transaction);
      return;
    }
    const result = suggestTransaction(this.editor.state, transaction, { author: this.options.author });
    if (result.type === 'pass') next(transaction);
    else if (result.type === 'suggest') next(result.transaction);
    else this.options.onBlocked(result.reason);
  },

  addProseMirrorPlugins() {
    const options = this.options;
    return [
      new Plugin<DecorationSet>({
        key: decorationsKey,
        state: {
          init: (_config, state) => buildDecorations(state.doc, options),
          apply: (tr, previous, _old, state) => (tr.docChanged || tr.getMeta(SUGGESTION_REFRESH_META) ? buildDecorations(state.doc, options) : previous),
        },
        props: {
          decorations: (state) => decorationsKey.getState(state),
        },
      }),
    ];
  },
});

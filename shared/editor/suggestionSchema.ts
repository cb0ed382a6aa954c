/**
 * Schema parts of suggestions (shared/suggestions/model.ts): three marks and one block
 * attribute (on every block node, nested ones included). Marks are exclusive per type (one insertion per character) and not inclusive,
 * so typing next to someone's suggestion never extends it.
 */
import { Extension, Mark, mergeAttributes } from '@tiptap/core';
import { BLOCK_TYPES } from './blockId.js';
import { BLOCK_SUGGESTION_ATTR } from '../suggestions/model.js';

const suggestionAttributes = {
  id: { default: null, parseHTML: (el: HTMLElement) => el.getAttribute('data-suggestion-id'), renderHTML: (attrs: Record<string, unknown>) => ({ 'data-suggestion-id': attrs.id }) },
  author: { default: null, parseHTML: (el: HTMLElement) => el.getAttribute('data-author'), renderHTML: (attrs: Record<string, unknown>) => ({ 'data-author': attrs.author }) },
};

/** Suggested insertion: `<ins>`. */
export const InsertionMark = Mark.create({
  name: 'insertion',
  inclusive: false,
  addAttributes: () => suggestionAttributes,
  parseHTML: () => [{ tag: 'ins[data-suggestion-id]' }],
  renderHTML: ({ HTMLAttributes }) => ['ins', mergeAttributes(HTMLAttributes, { class: 'suggestion suggestion-insertion' }), 0],
});

/** Suggested deletion: `<del>`. */
export const DeletionMark = Mark.create({
  name: 'deletion',
  inclusive: false,
  addAttributes: () => suggestionAttributes,
  parseHTML: () => [{ tag: 'del[data-suggestion-id]' }],
  renderHTML: ({ HTMLAttributes }) => ['del', mergeAttributes(HTMLAttributes, { class: 'suggestion suggestion-deletion' }), 0],
});

/** Suggested formatting change: which marks it added and removed (comma-separated names). */
export const FormatChangeMark = Mark.create({
  name: 'formatChange',
  inclusive: false,
  addAttributes: () => ({
    ...suggestionAttributes,
    added: { default: '', parseHTML: (el: HTMLElement) => el.getAttribute('data-added') ?? '', renderHTML: (attrs: Record<string, unknown>) => ({ 'data-added': attrs.added }) },
    removed: { default: '', parseHTML: (el: HTMLElement) => el.getAttribute('data-removed') ?? '', renderHTML: (attrs: Record<string, unknown>) => ({ 'data-removed': attrs.removed }) },
  }),
  parseHTML: () => [{ tag: 'span[data-format-change]' }],
  renderHTML: ({ HTMLAttributes }) => ['span', mergeAttributes(HTMLAttributes, { 'data-format-change': '', class: 'suggestion suggestion-format' }), 0],
});

/**
 * Node types that may carry a structural suggestion: every block (also when nested in a list
 * item, cell or quote), plus list items, table rows and cells (G1).
 */
export const SUGGESTION_NODE_TYPES = [...BLOCK_TYPES, 'listItem', 'tableRow', 'tableCell', 'tableHeader'] as const;

/** The structural-suggestion attribute on any block node. */
export const BlockSuggestionAttribute = Extension.create({
  name: 'blockSuggestion',
  addGlobalAttributes: () => [
    {
      types: [...SUGGESTION_NODE_TYPES],
      attributes: {
        [BLOCK_SUGGESTION_ATTR]: {
          default: null,
          parseHTML: (el: HTMLElement) => el.getAttribute('data-suggestion'),
          renderHTML: (attrs: Record<string, unknown>) => (attrs[BLOCK_SUGGESTION_ATTR] ? { 'data-suggestion': attrs[BLOCK_SUGGESTION_ATTR] } : {}),
        },
      },
    },
  ],
});

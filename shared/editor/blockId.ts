/** Top-level block types and their stable id attribute (README, "Document model"). */

/** Top-level block types; each carries a stable block id in the `id` attribute. */
export const BLOCK_TYPES = [
  'paragraph',
  'heading',
  'bulletList',
  'orderedList',
  'blockquote',
  'codeBlock',
  'horizontalRule',
  'table',
  'image',
  // Legal texts (issue 24, shared/editor/article.ts): an article is one top-level block.
  'article',
] as const;

/** Name of the block id attribute on every top-level block. */
export const BLOCK_ID_ATTR = 'id';

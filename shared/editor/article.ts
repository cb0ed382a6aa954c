/**
 * The legal-text nodes of the shared schema (issue 24, L1; README "Articles"):
 *
 * - `article`: a top-level block (so it carries a block id, its permanent identity, and the
 *   structural-suggestion attribute) made of one `articleHeading` line and then its body:
 *   paragraphs and lists. Its points (1°, 2° …; a), b) … one level down) are ordered lists
 *   inside the article, drawn with those markers by the stylesheets.
 * - `articleHeading`: the heading line. Its content is the optional title; the number in
 *   front of it ("Article 3bis") is never stored in the text: it is computed
 *   (shared/legal/numbering.ts) and drawn by the editor and the renderer.
 * - `articleRef`: an inline atom pointing at an article's block id. Its label ("article 3bis",
 *   "artikel 3bis") is computed from the target's current number in the reader's language.
 *   `label` and `broken` are filled in by the renderer just before drawing; they are never
 *   stored (the validator refuses them).
 */
import { Node, mergeAttributes } from '@tiptap/core';

/** Node names (README, "Document model"). */
export const ARTICLE = 'article';
export const ARTICLE_HEADING = 'articleHeading';
export const ARTICLE_REF = 'articleRef';

/** The attribute of an `articleRef` holding the target article's block id. */
export const ARTICLE_REF_TARGET = 'target';
/** Attributes of `articleRef` that only the renderer sets (never stored). */
export const ARTICLE_REF_RENDER_ATTRS = ['label', 'broken'] as const;

/** An article: its heading line, then paragraphs and (point) lists. */
export const Article = Node.create({
  name: ARTICLE,
  group: 'block',
  content: `${ARTICLE_HEADING} (paragraph | orderedList | bulletList)+`,
  defining: true,
  isolating: true,
  parseHTML: () => [{ tag: 'article' }],
  renderHTML: ({ HTMLAttributes }) => ['article', mergeAttributes(HTMLAttributes, { 'data-article': '' }), 0],
});

/** The heading line of an article: its optional title (the number is drawn, not stored). */
export const ArticleHeading = Node.create({
  name: ARTICLE_HEADING,
  content: 'inline*',
  defining: true,
  parseHTML: () => [{ tag: 'p[data-article-heading]', priority: 60 }],
  renderHTML: ({ HTMLAttributes }) => ['p', mergeAttributes(HTMLAttributes, { 'data-article-heading': '' }), 0],
});

/** A reference to an article by block id. */
export const ArticleRef = Node.create({
  name: ARTICLE_REF,
  group: 'inline',
  inline: true,
  atom: true,
  selectable: true,
  addAttributes: () => ({
    [ARTICLE_REF_TARGET]: {
      default: null,
      parseHTML: (el: HTMLElement) => el.getAttribute('data-article-ref'),
      renderHTML: (attrs: Record<string, unknown>) => ({ 'data-article-ref': attrs[ARTICLE_REF_TARGET] }),
    },
    label: { default: null, rendered: false },
    broken: { default: null, rendered: false },
  }),
  parseHTML: () => [{ tag: 'a[data-article-ref]' }, { tag: 'span[data-article-ref]' }],
  renderHTML: ({ node, HTMLAttributes }) => {
    const target = String(node.attrs[ARTICLE_REF_TARGET] ?? '');
    const label = typeof node.attrs.label === 'string' && node.attrs.label ? node.attrs.label : '→';
    // A reference to a deleted article is drawn as plain text (no dead link).
    if (node.attrs.broken) return ['span', mergeAttributes(HTMLAttributes, { class: 'article-ref article-ref-broken' }), label];
    return ['a', mergeAttributes(HTMLAttributes, { href: `#b-${target}`, class: 'article-ref' }), label];
  },
  renderText: ({ node }) => (typeof node.attrs.label === 'string' ? node.attrs.label : ''),
});

/** The three legal-text nodes, in the order the extension list takes them. */
export const ARTICLE_EXTENSIONS = [Article, ArticleHeading, ArticleRef];

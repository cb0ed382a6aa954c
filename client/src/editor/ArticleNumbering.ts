/**
 * Articles in the editor (issue 24, L1): the number in front of each article's heading line
 * ("Artikel 3bis"), the label of each reference ("artikel 3bis") drawn by a small node view,
 * a flag on references whose target is deleted or repealed, the "Art. " / "Artikel " input
 * rule and the insert-article command.
 *
 * Numbers are computed here, live, with the same pure function as the server
 * (shared/legal/numbering.ts): this draft's articles, between the articles of the sections
 * before and after it, against the numbering frozen by the newest adoption. The page passes
 * those (from GET /api/workspaces/:slug/articles) and the interface language through
 * `ArticleContext`, then dispatches ARTICLE_REFRESH_META so the decorations are drawn again.
 */
import { Extension, InputRule } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey, TextSelection, type EditorState, type Transaction } from '@tiptap/pm/state';
import { Decoration, DecorationSet, type NodeView } from '@tiptap/pm/view';
import { ARTICLE, ARTICLE_HEADING, ARTICLE_REF, ARTICLE_REF_TARGET } from '../../../shared/editor/article.js';
import { BLOCK_ID_ATTR } from '../../../shared/editor/blockId.js';
import { describeRef } from '../../../shared/legal/articles.js';
import { numberArticles, numbersById, type ArticleNumber, type NumberStyle } from '../../../shared/legal/numbering.js';
import { articleHeadingLabel } from '../../../shared/legal/words.js';

/** What the page tells the editor about the workspace's articles; mutable, then refresh. */
export class ArticleContext {
  /** Articles are on for this workspace (toolbar button, input rule). */
  enabled = false;
  lang = 'nl';
  style: NumberStyle = 'latin';
  frozen: ArticleNumber[] | null = null;
  /** Article ids of the sections before and after this one, in outline order. */
  before: string[] = [];
  after: string[] = [];
  /** The flag's tooltip on a reference to a deleted article. */
  brokenTitle = '';
}

/** Meta that asks for the numbers to be drawn again (the context changed). */
export const ARTICLE_REFRESH_META = 'articleRefresh';
const key = new PluginKey<DecorationSet>('articleNumbering');

/** The numbers of the workspace as this draft has them now. */
export function draftNumbers(doc: PMNode, context: ArticleContext): ArticleNumber[] {
  const own: string[] = [];
  doc.forEach((node) => {
    const id = node.attrs[BLOCK_ID_ATTR] as unknown;
    if (node.type.name === ARTICLE && typeof id === 'string' && id) own.push(id);
  });
  return numberArticles([...context.before, ...own, ...context.after], context.frozen, context.style);
}

function numberWidget(label: string): () => HTMLElement {
  return () => {
    const span = document.createElement('span');
    span.className = 'article-num';
    span.contentEditable = 'false';
    span.textContent = label;
    return span;
  };
}

function repealedWidget(entries: readonly ArticleNumber[], lang: string): () => HTMLElement {
  return () => {
    const box = document.createElement('div');
    box.className = 'article-repealed';
    box.contentEditable = 'false';
    for (const entry of entries) {
      const line = document.createElement('p');
      line.textContent = articleHeadingLabel(entry.number, lang, true);
      box.append(line);
    }
    return box;
  };
}

function buildDecorations(doc: PMNode, context: ArticleContext): DecorationSet {
  // Outside legal workspaces a draft has no articles: nothing to walk on each keystroke (P3).
  if (!context.enabled && !context.frozen && !doc.content.content.some((node) => node.type.name === ARTICLE)) return DecorationSet.empty;
  const list = draftNumbers(doc, context);
  const numbers = numbersById(list);
  // Repealed articles stay in place, after the article they followed (L1): drawn, not stored.
  const repealedAfter = new Map<string, ArticleNumber[]>();
  let anchor: string | null = null;
  for (const entry of list) {
    if (!entry.repealed) anchor = entry.blockId;
    else if (anchor) repealedAfter.set(anchor, [...(repealedAfter.get(anchor) ?? []), entry]);
  }
  const decorations: Decoration[] = [];
  doc.forEach((node, offset) => {
    if (node.type.name !== ARTICLE) return;
    const id = String(node.attrs[BLOCK_ID_ATTR] ?? '');
    const repealed = repealedAfter.get(id);
    if (repealed) decorations.push(Decoration.widget(offset + node.nodeSize, repealedWidget(repealed, context.lang), { side: 1, key: `repealed-${context.lang}-${repealed.map((e) => e.number).join()}`, ignoreSelection: true }));
    const entry = numbers.get(id);
    const label = articleHeadingLabel(entry?.number ?? '…', context.lang);
    // Inside the heading line, before its title: position = article start + 1 (into the heading) + 1.
    const first = node.firstChild;
    if (first?.type.name === ARTICLE_HEADING) decorations.push(Decoration.widget(offset + 2, numberWidget(label), { side: -1, key: `num-${label}`, ignoreSelection: true }));
  });
  doc.descendants((node, pos) => {
    if (node.type.name !== ARTICLE_REF) return true;
    const { label, broken } = describeRef(String(node.attrs[ARTICLE_REF_TARGET] ?? ''), numbers, context.lang);
    decorations.push(Decoration.node(pos, pos + node.nodeSize, { class: broken ? 'article-ref article-ref-broken' : 'article-ref', ...(broken ? { title: context.brokenTitle } : {}) }, { articleRefLabel: label, broken }));
    return false;
  });
  return DecorationSet.create(doc, decorations);
}

/** The node view of a reference: its label comes from the decorations (the live numbers). */
class ArticleRefView implements NodeView {
  dom: HTMLElement;
  constructor(node: PMNode, decorations: readonly Decoration[]) {
    this.dom = document.createElement('span');
    this.dom.setAttribute('data-article-ref', String(node.attrs[ARTICLE_REF_TARGET] ?? ''));
    this.draw(decorations);
  }
  private draw(decorations: readonly Decoration[]) {
    const spec = decorations.map((d) => (d as unknown as { spec: { articleRefLabel?: string; broken?: boolean } }).spec).find((s) => s.articleRefLabel);
    this.dom.textContent = spec?.articleRefLabel ?? '→';
    if (spec?.broken) this.dom.setAttribute('aria-invalid', 'true');
    else this.dom.removeAttribute('aria-invalid');
  }
  update(node: PMNode, decorations: readonly Decoration[]): boolean {
    if (node.type.name !== ARTICLE_REF) return false;
    this.draw(decorations);
    return true;
  }
  ignoreMutation(): boolean {
    return true;
  }
}

/** A new, empty article: heading line and one paragraph. */
function emptyArticle(state: EditorState): PMNode {
  const { schema } = state;
  return schema.nodes[ARTICLE].create(null, [schema.nodes[ARTICLE_HEADING].create(), schema.nodes.paragraph.create()]);
}

/** Inserts a new article after the top-level block holding the selection, and puts the caret in its title. */
export function insertArticle(state: EditorState, dispatch?: (tr: Transaction) => void): boolean {
  const { $from } = state.selection;
  const at = $from.depth === 0 ? $from.pos : $from.after(1);
  if (dispatch) {
    const tr = state.tr.insert(at, emptyArticle(state));
    tr.setSelection(TextSelection.create(tr.doc, at + 2));
    dispatch(tr.scrollIntoView());
  }
  return true;
}

/** The editor extension; `context` is shared with the page. */
export const ArticleNumbering = Extension.create<{ context: ArticleContext }>({
  name: 'articleNumbering',
  addOptions: () => ({ context: new ArticleContext() }),

  addInputRules() {
    const context = this.options.context;
    return [
      new InputRule({
        // "Art. ", "Artikel " or "Article " typed at the start of an empty top-level paragraph.
        find: /^(?:Art\.|Artikel|Article) $/,
        handler: ({ state, range }) => {
          const { $from } = state.selection;
          if (!context.enabled || $from.depth !== 1 || $from.parent.type.name !== 'paragraph') return null;
          if ($from.parent.textContent.trim() !== state.doc.textBetween(range.from, range.to).trim()) return null;
          const start = $from.before(1);
          state.tr.replaceWith(start, $from.after(1), emptyArticle(state));
          state.tr.setSelection(TextSelection.create(state.tr.doc, start + 2));
        },
      }),
    ];
  },

  addProseMirrorPlugins() {
    const context = this.options.context;
    return [
      new Plugin<DecorationSet>({
        key,
        state: {
          init: (_config, state) => buildDecorations(state.doc, context),
          apply: (tr, old, _before, state) => (tr.docChanged || tr.getMeta(ARTICLE_REFRESH_META) ? buildDecorations(state.doc, context) : old),
        },
        props: {
          decorations: (state) => key.getState(state),
          nodeViews: { [ARTICLE_REF]: (node, _view, _getPos, decorations) => new ArticleRefView(node, decorations) },
        },
      }),
    ];
  },
});

/**
 * Articles on published pages (issue 24, L1, R1): an article block is drawn as an `<article>`
 * with its number in front of its title ("Artikel 3bis — Toewijzing"), its body rendered like
 * any other blocks (renderHtml.ts: the schema's own toDOM, then the sanitiser), references
 * labelled from the release's numbers in the page's language, and after it the articles
 * repealed there ("Artikel 7 (opgeheven)"). The wrapper is written here from escaped text
 * only; everything that came from a draft goes through the sanitiser.
 */
import type { PmJson } from '../../shared/editor/json.js';
import { ARTICLE, ARTICLE_HEADING } from '../../shared/editor/article.js';
import { articleIdsOf, labelArticleRefs } from '../../shared/legal/articles.js';
import { numberArticles, numbersById, type ArticleNumber } from '../../shared/legal/numbering.js';
import { articleHeadingLabel } from '../../shared/legal/words.js';
import { renderBlocksHtml } from './renderHtml.js';

/** What a page knows about articles: the release's numbers, the page's language, notes per article. */
export interface LegalRender {
  /** The release's numbers; when absent the blocks' own articles number 1, 2, 3 (a draft never adopted). */
  numbers?: readonly ArticleNumber[];
  lang: string;
  /** A note under an article (HTML, already escaped), e.g. "modified by release 2". */
  note?: (blockId: string) => string | null;
}

/** The numbers prepared for drawing: by id, and the repealed ones after each article. */
export interface LegalContext {
  lang: string;
  byId: Map<string, ArticleNumber>;
  repealedAfter: Map<string, ArticleNumber[]>;
  note?: (blockId: string) => string | null;
}

const escapeText = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Prepares numbers for a page; without them, the blocks number themselves (a draft never adopted). */
export function legalContext(blocks: readonly PmJson[], legal: LegalRender | undefined, lang: string): LegalContext {
  const numbers = legal?.numbers ?? numberArticles(articleIdsOf(blocks), null);
  const repealedAfter = new Map<string, ArticleNumber[]>();
  let anchor: string | null = null;
  for (const entry of numbers) {
    if (!entry.repealed) anchor = entry.blockId;
    else if (anchor) repealedAfter.set(anchor, [...(repealedAfter.get(anchor) ?? []), entry]);
  }
  return { lang: legal?.lang ?? lang, byId: numbersById(numbers), repealedAfter, note: legal?.note };
}

/** The inline HTML of an article's title (sanitised), without its paragraph wrapper. */
function titleHtml(heading: PmJson | undefined, context: LegalContext): string {
  if (!heading?.content?.length) return '';
  const html = renderBlocksHtml(labelArticleRefs([{ type: 'paragraph', content: heading.content }], context.byId, context.lang));
  return html.replace(/^<p>/, '').replace(/<\/p>$/, '');
}

/** A repealed article's place-holder. */
export function repealedHtml(entry: ArticleNumber, context: LegalContext, level: number): string {
  return `<article class="article article-repealed" id="b-${escapeText(entry.blockId)}"><h${level} class="article-heading"><span class="article-num">${escapeText(articleHeadingLabel(entry.number, context.lang, true))}</span></h${level}></article>`;
}

/** One article block as HTML (its permalink is added by the caller). */
export function renderArticleHtml(block: PmJson, id: string | null, context: LegalContext, level: number): string {
  const [heading, ...body] = block.content ?? [];
  const number = id ? context.byId.get(id) : undefined;
  const label = escapeText(articleHeadingLabel(number?.number ?? '?', context.lang));
  const title = titleHtml(heading?.type === ARTICLE_HEADING ? heading : undefined, context);
  const bodyHtml = renderBlocksHtml(labelArticleRefs(heading?.type === ARTICLE_HEADING ? body : block.content ?? [], context.byId, context.lang));
  const note = id && context.note ? context.note(id) : null;
  return `<article class="article"${id ? ` id="b-${escapeText(id)}"` : ''}><h${level} class="article-heading"><span class="article-num">${label}</span>${title ? ` <span class="article-title">${title}</span>` : ''}</h${level}>${bodyHtml}${note ? `<p class="article-note">${note}</p>` : ''}</article>`;
}

/** Whether a block is an article. */
export const isArticle = (block: PmJson) => block.type === ARTICLE;

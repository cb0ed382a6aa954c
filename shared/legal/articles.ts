/**
 * Reading articles and references out of ProseMirror JSON (issue 24): which articles a
 * draft or a revision holds, in order, and which references point where. Pure.
 */
import type { PmJson } from '../editor/json.js';
import { ARTICLE, ARTICLE_REF, ARTICLE_REF_TARGET } from '../editor/article.js';
import { BLOCK_ID_ATTR } from '../editor/blockId.js';
import { articleHeadingLabel, articleRefLabel } from './words.js';
import type { ArticleNumber } from './numbering.js';

/** The block ids of the top-level articles of some blocks, in order. */
export function articleIdsOf(blocks: readonly PmJson[]): string[] {
  const ids: string[] = [];
  for (const block of blocks) {
    const id = block.attrs?.[BLOCK_ID_ATTR];
    if (block.type === ARTICLE && typeof id === 'string' && id) ids.push(id);
  }
  return ids;
}

/** One reference found in some blocks. */
export interface ArticleRefUse {
  /** The top-level block holding it. */
  blockId: string | null;
  target: string;
}

/** Every reference in some blocks, in order. */
export function articleRefsOf(blocks: readonly PmJson[]): ArticleRefUse[] {
  const out: ArticleRefUse[] = [];
  for (const block of blocks) {
    const blockId = typeof block.attrs?.[BLOCK_ID_ATTR] === 'string' ? (block.attrs[BLOCK_ID_ATTR] as string) : null;
    const visit = (node: PmJson) => {
      if (node.type === ARTICLE_REF) out.push({ blockId, target: String(node.attrs?.[ARTICLE_REF_TARGET] ?? '') });
      for (const child of node.content ?? []) visit(child);
    };
    visit(block);
  }
  return out;
}

/** How a reference reads: its label, and whether its target is gone (deleted, or repealed). */
export function describeRef(target: string, numbers: ReadonlyMap<string, ArticleNumber>, lang: string): { label: string; broken: boolean } {
  const found = numbers.get(target);
  if (!found) return { label: articleRefLabel(null, lang), broken: true };
  return { label: articleRefLabel(found.number, lang), broken: found.repealed };
}

/** Copies blocks with every reference's render-only label filled in (for the renderer). */
export function labelArticleRefs(blocks: readonly PmJson[], numbers: ReadonlyMap<string, ArticleNumber>, lang: string): PmJson[] {
  const visit = (node: PmJson): PmJson => {
    if (node.type === ARTICLE_REF) {
      const { label, broken } = describeRef(String(node.attrs?.[ARTICLE_REF_TARGET] ?? ''), numbers, lang);
      return { ...node, attrs: { ...node.attrs, label, broken: broken || null } };
    }
    return node.content ? { ...node, content: node.content.map(visit) } : node;
  };
  return blocks.map(visit);
}

/**
 * Blocks without articles, for writers that know only the basic nodes (Markdown and Word
 * exports): an article becomes a paragraph "**Artikel 3bis** — title" followed by its body,
 * a repealed one after it a paragraph "Artikel 7 (opgeheven)", and each reference its label.
 */
export function flattenArticles(blocks: readonly PmJson[], numbers: readonly ArticleNumber[], lang: string): PmJson[] {
  const byId = new Map(numbers.map((entry) => [entry.blockId, entry]));
  const repealedAfter = new Map<string, ArticleNumber[]>();
  let anchor: string | null = null;
  for (const entry of numbers) {
    if (!entry.repealed) anchor = entry.blockId;
    else if (anchor) repealedAfter.set(anchor, [...(repealedAfter.get(anchor) ?? []), entry]);
  }
  const refsAsText = (node: PmJson): PmJson => {
    if (node.type === ARTICLE_REF) return { type: 'text', text: describeRef(String(node.attrs?.[ARTICLE_REF_TARGET] ?? ''), byId, lang).label };
    return node.content ? { ...node, content: node.content.map(refsAsText) } : node;
  };
  return blocks.flatMap((block): PmJson[] => {
    if (block.type !== ARTICLE) return [refsAsText(block)];
    const id = String(block.attrs?.[BLOCK_ID_ATTR] ?? '');
    const [heading, ...body] = block.content ?? [];
    const title = (heading?.content ?? []).map(refsAsText);
    const line: PmJson = {
      type: 'paragraph',
      content: [{ type: 'text', text: articleHeadingLabel(byId.get(id)?.number ?? '?', lang), marks: [{ type: 'bold' }] }, ...(title.length ? [{ type: 'text', text: ' — ' }, ...title] : [])],
    };
    const repealed = (repealedAfter.get(id) ?? []).map((entry): PmJson => ({ type: 'paragraph', content: [{ type: 'text', text: articleHeadingLabel(entry.number, lang, true) }] }));
    return [line, ...body.map(refsAsText), ...repealed];
  });
}

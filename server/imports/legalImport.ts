/**
 * Imports into a workspace with articles on (issue 24, L1): paragraphs that start
 * "Artikel 12." / "Article 1er." / "Art. 3bis" become `article` blocks holding the paragraphs
 * that follow them, and written references ("zie artikel 12") are offered as links to the
 * imported article with that number (shared/legal/refParser.ts does the matching). A
 * reference to a number the import has no article for stays text and is listed.
 */
import type { PmJson } from '../../shared/editor/json.js';
import { ARTICLE, ARTICLE_HEADING } from '../../shared/editor/article.js';
import { BLOCK_ID_ATTR } from '../../shared/editor/blockId.js';
import { findArticleMentions, linkArticleMentions } from '../../shared/legal/refParser.js';
import type { ArticleNumber } from '../../shared/legal/numbering.js';
import { createBlockId } from '../services/seedDoc.js';

const SUFFIXES = 'bis|ter|quater|quinquies|sexies|septies|octies|novies|decies';
/** "Artikel 12." / "Article 1er." / "Art. 3bis -" at a paragraph start; group 1 is the number. */
const ARTICLE_START = new RegExp(`^\\s*(?:artikel|article|art\\.)\\s*(\\d+(?:\\s?(?:${SUFFIXES})|/\\d+)?)(?:er|e)?\\s*(?:[.:\\-–—]|$)\\s*`, 'iu');
/** Blocks an article may hold after its heading line. */
const BODY_TYPES = new Set(['paragraph', 'orderedList', 'bulletList']);

const textOf = (node: PmJson): string => node.text ?? (node.content ?? []).map(textOf).join('');

/** The paragraph's inline content with its first `chars` characters removed. */
function dropLeading(content: readonly PmJson[], chars: number): PmJson[] {
  const out: PmJson[] = [];
  let left = chars;
  for (const node of content) {
    if (left > 0 && node.type === 'text') {
      const text = node.text ?? '';
      if (text.length <= left) {
        left -= text.length;
        continue;
      }
      out.push({ ...node, text: text.slice(left) });
      left = 0;
      continue;
    }
    out.push(node);
  }
  return out;
}

/** Written number of an article heading paragraph ("12", "3bis"), or null. */
export function articleStart(block: PmJson): { number: string; length: number } | null {
  if (block.type !== 'paragraph') return null;
  const match = ARTICLE_START.exec(textOf(block));
  return match ? { number: match[1].replace(/\s+/g, '').toLowerCase(), length: match[0].length } : null;
}

/**
 * Turns article heading paragraphs and their following paragraphs/lists into `article`
 * blocks (with block ids, so references can point at them). Answers the new blocks and
 * the articles found, by written number.
 */
export function toArticles(blocks: readonly PmJson[]): { blocks: PmJson[]; articles: ArticleNumber[] } {
  const out: PmJson[] = [];
  const articles: ArticleNumber[] = [];
  let current: PmJson | null = null;
  const close = () => {
    // An article needs a body: an empty paragraph when its heading was all there was.
    if (current && current.content!.length === 1) current.content!.push({ type: 'paragraph' });
    current = null;
  };
  for (const block of blocks) {
    const start = articleStart(block);
    if (start) {
      close();
      const id = createBlockId();
      const title = dropLeading(block.content ?? [], start.length);
      current = { type: ARTICLE, attrs: { [BLOCK_ID_ATTR]: id }, content: [{ type: ARTICLE_HEADING, ...(title.length ? { content: title } : {}) }] };
      out.push(current);
      articles.push({ blockId: id, number: start.number, base: Number.parseInt(start.number, 10), sub: 0, repealed: false });
      continue;
    }
    if (current && BODY_TYPES.has(block.type)) {
      const { attrs, ...rest } = block;
      const keep = attrs ? Object.fromEntries(Object.entries(attrs).filter(([key]) => key !== BLOCK_ID_ATTR)) : undefined;
      current.content!.push(keep && Object.keys(keep).length ? { ...rest, attrs: keep } : rest);
      continue;
    }
    close();
    out.push(block);
  }
  close();
  return { blocks: out, articles };
}

/** Written references in blocks (text inside links or code not counted), as numbers. */
export function mentionsIn(blocks: readonly PmJson[]): string[] {
  const out: string[] = [];
  const visit = (node: PmJson) => {
    if (node.type === 'text') {
      if (!(node.marks ?? []).some((mark) => mark.type === 'link' || mark.type === 'code')) out.push(...findArticleMentions(node.text ?? '').map((m) => m.number));
      return;
    }
    node.content?.forEach(visit);
  };
  blocks.forEach(visit);
  return out;
}

/** Replaces references to imported articles by `articleRef` nodes. */
export function linkReferences(blocks: readonly PmJson[], articles: readonly ArticleNumber[]): { blocks: PmJson[]; linked: number } {
  return linkArticleMentions(blocks, articles);
}

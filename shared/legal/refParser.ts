/**
 * Finding written references ("zie artikel 12", "l'article 3bis", "art. 7/1") in text and
 * turning them into `articleRef` nodes (issue 24: an import offers the links, like Indigo's
 * reference parser). Pure; a number the workspace has no article for is left as text.
 */
import type { PmJson } from '../editor/json.js';
import { ARTICLE_REF, ARTICLE_REF_TARGET } from '../editor/article.js';
import type { ArticleNumber } from './numbering.js';

const SUFFIXES = 'bis|ter|quater|quinquies|sexies|septies|octies|novies|decies|undecies|duodecies|terdecies|quaterdecies|quindecies|sexdecies|septdecies|duodevicies|undevicies|vicies';
/** "artikel 12", "Article 3bis", "art. 7/1" (the number is group 1). */
const MENTION = new RegExp(`\\b(?:artikel|article|art\\.)\\s*(\\d+(?:\\s?(?:${SUFFIXES})|/\\d+)?)(?![\\w/])`, 'giu');

/** One written reference found in a text. */
export interface ArticleMention {
  from: number;
  to: number;
  /** The number as written, normalised ("3 bis" → "3bis"). */
  number: string;
}

/** The written references in a text, in order. */
export function findArticleMentions(text: string): ArticleMention[] {
  const out: ArticleMention[] = [];
  for (const match of text.matchAll(MENTION)) {
    out.push({ from: match.index, to: match.index + match[0].length, number: match[1].replace(/\s+/g, '').toLowerCase() });
  }
  return out;
}

/**
 * Copies blocks with every written reference to a known article replaced by an `articleRef`
 * to its block id (text inside links or code is left alone). Answers how many it linked.
 */
export function linkArticleMentions(blocks: readonly PmJson[], numbers: readonly ArticleNumber[]): { blocks: PmJson[]; linked: number } {
  const byNumber = new Map(numbers.filter((entry) => !entry.repealed).map((entry) => [entry.number.toLowerCase(), entry.blockId]));
  let linked = 0;
  const visitChildren = (content: readonly PmJson[]): PmJson[] =>
    content.flatMap((node): PmJson[] => {
      if (node.type !== 'text') return [node.content ? { ...node, content: visitChildren(node.content) } : node];
      const text = node.text ?? '';
      if ((node.marks ?? []).some((mark) => mark.type === 'link' || mark.type === 'code')) return [node];
      const parts: PmJson[] = [];
      let at = 0;
      for (const mention of findArticleMentions(text)) {
        const target = byNumber.get(mention.number);
        if (!target) continue;
        if (mention.from > at) parts.push({ ...node, text: text.slice(at, mention.from) });
        parts.push({ type: ARTICLE_REF, attrs: { [ARTICLE_REF_TARGET]: target } });
        at = mention.to;
        linked += 1;
      }
      if (!parts.length) return [node];
      if (at < text.length) parts.push({ ...node, text: text.slice(at) });
      return parts;
    });
  return { blocks: visitChildren(blocks), linked };
}

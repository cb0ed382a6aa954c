/**
 * Published content (R1): a revision's ProseMirror blocks rendered one by one with the shared
 * schema (renderHtml.ts: the schema's own toDOM, then the allow-list sanitiser), each block
 * given its permalink id `b-<block id>` and a visible "¶" link. Headings inside a section are
 * moved below the section's own heading so the page's heading order holds.
 */
import type { PmJson } from '../../shared/editor/json.js';
import { BLOCK_ID_ATTR } from '../../shared/editor/blockId.js';
import { renderBlocksHtml } from './renderHtml.js';
import { labelArticleRefs } from '../../shared/legal/articles.js';
import { isArticle, legalContext, renderArticleHtml, repealedHtml, type LegalRender } from './articleBlocks.js';

/** Block ids as they may appear in an id attribute and a URL fragment. */
const SAFE_ID = /^[A-Za-z0-9_-]{1,100}$/;

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** The block's id, when it is safe to use in markup. */
export function blockIdOf(block: PmJson): string | null {
  const id = block.attrs?.[BLOCK_ID_ATTR];
  return typeof id === 'string' && SAFE_ID.test(id) ? id : null;
}

const levelOf = (block: PmJson) => {
  const level = Number(block.attrs?.level ?? 1);
  return Number.isInteger(level) && level >= 1 && level <= 6 ? level : 1;
};

/** The content's top heading goes one level below the section's title; the others keep their distance to it. */
function shiftHeadings(block: PmJson, sectionLevel: number, topContentLevel: number): PmJson {
  if (block.type !== 'heading') return block;
  return { ...block, attrs: { ...block.attrs, level: Math.min(6, sectionLevel + 1 + levelOf(block) - topContentLevel) } };
}

/** Every image source of some blocks (for the media a release may serve). */
export function imageSources(blocks: readonly PmJson[]): string[] {
  const out: string[] = [];
  const visit = (node: PmJson) => {
    if (node.type === 'image' && typeof node.attrs?.src === 'string') out.push(node.attrs.src);
    for (const child of node.content ?? []) visit(child);
  };
  blocks.forEach(visit);
  return out;
}

export interface RenderBlocksOptions {
  /** The heading level of the section's own title: the content's headings go below it. */
  headingLevel: number;
  /** Rewrites an image source (`/media/<file>`): to the release's public media path, or a data: URI. */
  imageSrc?: (src: string) => string | null;
  /** The permalink's accessible label. */
  permalinkLabel: string;
  /** Leave the "¶" links out (exports). */
  permalinks?: boolean;
  /** Article numbers and notes (issue 24); without them the blocks' own articles number 1, 2, 3. */
  legal?: LegalRender;
  /**
   * The language of a block shown in another language than the page's (a passage not yet
   * translated falls back to the lead language, issue 20): written as its `lang` attribute.
   */
  langOf?: (block: PmJson) => string | undefined;
  /** A discreet note after a block (a translation that may be outdated, issue 20); plain text. */
  noteOf?: (block: PmJson) => string | undefined;
}

/** Renders one section's blocks for a published page. */
export function renderReleaseBlocks(blocks: readonly PmJson[], options: RenderBlocksOptions): string {
  const headingLevels = blocks.filter((block) => block.type === 'heading').map(levelOf);
  const top = headingLevels.length ? Math.min(...headingLevels) : 1;
  const legal = legalContext(blocks, options.legal, 'en');
  return blocks
    .map((raw) => {
      const id = blockIdOf(raw);
      let html: string;
      if (isArticle(raw)) html = renderArticleHtml(raw, id, legal, Math.min(6, options.headingLevel + 1));
      else {
        const block = shiftHeadings(labelArticleRefs([raw], legal.byId, legal.lang)[0], options.headingLevel, top);
        html = renderBlocksHtml([block]);
        // The serializer writes the block id as data-id on the block's own (first) element.
        html = html.replace(/^(<[a-z0-9]+)( data-id="[^"]*")?/, (_match, tag: string) => (id ? `${tag} id="b-${id}"` : tag));
      }
      if (options.imageSrc) {
        html = html.replace(/ src="(\/media\/[^"]+)"/g, (_match, src: string) => {
          const next = options.imageSrc!(src);
          return next ? ` src="${escapeHtml(next)}"` : '';
        });
      }
      const repealed = id ? (legal.repealedAfter.get(id) ?? []).map((entry) => `<div class="blk">${repealedHtml(entry, legal, Math.min(6, options.headingLevel + 1))}</div>`).join('\n') : '';
      const after = repealed ? `\n${repealed}` : '';
      const lang = options.langOf?.(raw);
      const note = options.noteOf?.(raw);
      const open = lang ? `<div class="blk untranslated-block" lang="${escapeHtml(lang)}">` : note ? '<div class="blk outdated-block">' : '<div class="blk">';
      if (note) html += `<p class="outdated-note">${escapeHtml(note)}</p>`;
      if (!id || options.permalinks === false) return `${open}${html}</div>${after}`;
      return `${open}${html}<a class="pilcrow" href="#b-${id}" aria-label="${escapeHtml(options.permalinkLabel)}">¶</a></div>${after}`;
    })
    .join('\n');
}

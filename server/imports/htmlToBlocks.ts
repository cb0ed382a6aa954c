/**
 * HTML → ProseMirror JSON with the shared editor schema, on the server. linkedom gives a
 * DOM without a browser (nothing runs: no scripts, no loading); elements that cannot be
 * converted are removed or flattened and listed; ProseMirror's DOMParser, built from the
 * same schema as the editor, reads the rest, and links with disallowed schemes are dropped.
 *
 * Hostile files (issue 19): the markup is scanned for its depth and its number of blocks
 * before a DOM is built; the DOM is walked with an explicit stack (never recursion on the
 * file's depth) that refuses a file nested deeper than LIMITS.maxImportDepth, which also
 * bounds ProseMirror's own recursive parse; the result is counted (blocks, characters).
 */
import { parseHTML } from 'linkedom';
import { DOMParser as PmDOMParser } from '@tiptap/pm/model';
import { getEditorSchema, isAllowedHref } from '../../shared/editor/extensions.js';
import type { PmJson } from '../../shared/editor/json.js';
import { checkImage, IMAGE_EXTENSIONS } from '../services/images.js';
import { createId } from '../services/ids.js';
import { LIMITS, type AllowedImageType } from '../../shared/limits.js';
import { exceeded } from './importLimits.js';

/** Removed with their content, and listed. */
const DROPPED = new Set(['script', 'style', 'noscript', 'template', 'iframe', 'object', 'embed', 'svg', 'math', 'canvas', 'video', 'audio', 'form', 'input', 'button', 'select', 'textarea', 'frame', 'frameset', 'link', 'meta', 'title', 'head', 'base']);
/** Converted as they are. */
const CONVERTED = new Set([
  'html', 'body', 'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'blockquote', 'pre', 'code', 'strong', 'b', 'em', 'i', 'u', 's', 'del', 'strike', 'ins', 'a', 'br', 'hr',
  'table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'img', 'span', 'div', 'section', 'article', 'main', 'header', 'footer', 'nav', 'aside', 'figure', 'colgroup', 'col', 'label', 'time', 'abbr', 'cite', 'q', 'small', 'center',
]);
/** Metadata elements silently skipped (they carry no text). */
const SILENT = new Set(['head', 'meta', 'link', 'title', 'base']);

/** Elements whose end tag may be left out (the parser closes them) and void elements: not counted for depth. */
const END_OPTIONAL = new Set(['p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'thead', 'tbody', 'tfoot', 'option', 'optgroup', 'colgroup', 'caption', 'rb', 'rt', 'rp', 'html', 'head', 'body']);
const VOID_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr', 'param']);
/** Elements that each become at least one block. */
const BLOCK_ELEMENTS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'td', 'th', 'pre', 'blockquote']);

/**
 * Reads the markup's tags without building anything: the deepest nesting (an estimate: a
 * missing end tag makes it deeper than it is, which is why the walk decides unless the
 * estimate is far beyond the limit) and the elements that become blocks.
 */
export function scanMarkup(html: string): { depth: number; blocks: number } {
  const tag = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*?(\/?)>/g;
  let depth = 0;
  let deepest = 0;
  let blocks = 0;
  for (let match = tag.exec(html); match; match = tag.exec(html)) {
    const name = match[2].toLowerCase();
    const closing = match[1] === '/';
    if (!closing && BLOCK_ELEMENTS.has(name)) blocks++;
    if (END_OPTIONAL.has(name) || VOID_ELEMENTS.has(name) || match[3] === '/') continue;
    if (closing) depth = Math.max(0, depth - 1);
    else deepest = Math.max(deepest, ++depth);
  }
  return { depth: deepest, blocks };
}

/** Block nodes (everything but text and line breaks) and characters of text, counted without recursion. */
export function measureBlocks(blocks: readonly PmJson[]): { blocks: number; chars: number } {
  let count = 0;
  let chars = 0;
  const stack = [...blocks];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'text') chars += node.text?.length ?? 0;
    else if (node.type !== 'hardBreak') count++;
    if (node.content) stack.push(...node.content);
  }
  return { blocks: count, chars };
}

/** An image that arrived inside the file, to be stored with the import. */
export interface EmbeddedImage {
  fileName: string;
  mime: AllowedImageType;
  data: Buffer;
}

export interface HtmlConversion {
  blocks: PmJson[];
  issues: string[];
}

/** Where an image's bytes come from when its src is not a data: URI (DOCX images are handed over by mammoth). */
export type ImageLookup = (src: string) => EmbeddedImage | null;

interface DomElement {
  tagName: string;
  attributes: ArrayLike<{ name: string }>;
  children: ArrayLike<DomElement>;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  removeAttribute(name: string): void;
  remove(): void;
  replaceWith(...nodes: unknown[]): void;
  childNodes: ArrayLike<unknown>;
  classList: { contains(name: string): boolean };
  className: string;
}

/**
 * Converts HTML to top-level blocks. `images` collects images kept (checked like uploads);
 * `changes` maps the DOCX importer's change classes to suggestion attributes.
 */
export function htmlToBlocks(
  html: string,
  options: { images: EmbeddedImage[]; lookupImage?: ImageLookup; changes?: ReadonlyMap<string, { kind: 'insertion' | 'deletion'; author: string }> },
): HtmlConversion {
  const issues = new Map<string, number>();
  const note = (message: string) => issues.set(message, (issues.get(message) ?? 0) + 1);
  const scanned = scanMarkup(html);
  if (scanned.blocks > LIMITS.maxImportBlocks) exceeded('maxImportBlocks');
  // Far deeper than the limit even allowing for missing end tags: refused before parsing.
  if (scanned.depth > LIMITS.maxImportDepth * 10) exceeded('maxImportDepth');
  const { document } = parseHTML(/<html[\s>]/i.test(html) ? html : `<!doctype html><html><head></head><body>${html}</body></html>`);
  const root = (document.body ?? document.documentElement) as unknown as DomElement;

  /** Cleans one element's children; answers those to walk into. */
  const cleanChildren = (element: DomElement): DomElement[] => {
    const next: DomElement[] = [];
    for (const child of Array.from(element.children)) {
      const tag = child.tagName.toLowerCase();
      if (DROPPED.has(tag)) {
        if (!SILENT.has(tag)) note(`<${tag}> elements are not imported (removed with their content)`);
        child.remove();
        continue;
      }
      if (!CONVERTED.has(tag)) note(`<${tag}> is not supported: its text is kept without its formatting`);
      // Attributes the editor reads (block ids, suggestions, comments) never come from a file.
      for (const { name } of Array.from(child.attributes)) if (name.startsWith('data-') || name === 'id' || name === 'style' || name.startsWith('on')) child.removeAttribute(name);
      if (tag === 'a') {
        const href = child.getAttribute('href');
        if (href !== null && !isAllowedHref(href)) {
          note(`links other than http, https and mailto are not imported (the text is kept)`);
          child.removeAttribute('href');
        }
      }
      if (tag === 'img') {
        const kept = keepImage(child.getAttribute('src') ?? '');
        if (kept) child.setAttribute('src', kept);
        else child.remove();
        continue;
      }
      if ((tag === 'ins' || tag === 'del') && options.changes) {
        const key = Array.from(child.className.split(/\s+/)).find((name) => options.changes!.has(name));
        const change = key ? options.changes.get(key) : undefined;
        if (change) {
          child.setAttribute('data-suggestion-id', key!);
          child.setAttribute('data-author', change.author);
        }
      }
      next.push(child);
    }
    return next;
  };

  /** Walks the tree with a stack of its own: a file's depth never becomes call-stack depth. */
  const walk = (start: DomElement) => {
    const stack: { element: DomElement; depth: number }[] = [{ element: start, depth: 0 }];
    while (stack.length) {
      const { element, depth } = stack.pop()!;
      const children = cleanChildren(element);
      if (children.length && depth + 1 > LIMITS.maxImportDepth) exceeded('maxImportDepth');
      for (let i = children.length - 1; i >= 0; i--) stack.push({ element: children[i], depth: depth + 1 });
    }
  };

  const keepImage = (src: string): string | null => {
    let image: { mime: string; data: Buffer } | null = null;
    const dataUri = /^data:([a-z/+.-]+);base64,(.*)$/is.exec(src);
    if (dataUri) image = { mime: dataUri[1].toLowerCase(), data: Buffer.from(dataUri[2], 'base64') };
    else if (options.lookupImage) image = options.lookupImage(src);
    if (!image) {
      note(src ? 'images linked from elsewhere are not imported (only images inside the file)' : 'an image could not be read');
      return null;
    }
    if (image.mime === 'image/svg+xml') {
      note('SVG images are not imported');
      return null;
    }
    const checked = checkImage(image.mime, image.data);
    if (!checked.ok) {
      note(`an image was refused: ${checked.failure.message}`);
      return null;
    }
    const fileName = `${createId()}.${IMAGE_EXTENSIONS[checked.value]}`;
    options.images.push({ fileName, mime: checked.value, data: image.data });
    return `/media/${fileName}`;
  };

  walk(root);
  const schema = getEditorSchema();
  // Our change elements first: otherwise StarterKit's strike rule takes every <del>.
  const changeAttrs = (dom: HTMLElement) => ({ id: dom.getAttribute('data-suggestion-id'), author: dom.getAttribute('data-author') });
  const parser = new PmDOMParser(schema, [
    { tag: 'del[data-suggestion-id]', mark: 'deletion', getAttrs: changeAttrs },
    { tag: 'ins[data-suggestion-id]', mark: 'insertion', getAttrs: changeAttrs },
    ...PmDOMParser.fromSchema(schema).rules,
  ]);
  const doc = parser.parse(root as unknown as Node);
  const json = doc.toJSON() as PmJson;
  // Empty paragraphs are layout (a paragraph an image was lifted out of, blank lines).
  const blocks = (json.content ?? []).filter((block) => block.type !== 'paragraph' || (block.content ?? []).length > 0);
  const measured = measureBlocks(blocks);
  if (measured.blocks > LIMITS.maxImportBlocks) exceeded('maxImportBlocks');
  if (measured.chars > LIMITS.maxImportChars) exceeded('maxImportChars');
  return {
    blocks,
    issues: [...issues].map(([message, count]) => (count > 1 ? `${message} (${count}×)` : message)),
  };
}

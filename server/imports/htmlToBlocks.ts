/**
 * HTML → ProseMirror JSON with the shared editor schema, on the server. linkedom gives a
 * DOM without a browser (nothing runs: no scripts, no loading); elements that cannot be
 * converted are removed or flattened and listed; ProseMirror's DOMParser, built from the
 * same schema as the editor, reads the rest, and links with disallowed schemes are dropped.
 */
import { parseHTML } from 'linkedom';
import { DOMParser as PmDOMParser } from '@tiptap/pm/model';
import { getEditorSchema, isAllowedHref } from '../../shared/editor/extensions.js';
import type { PmJson } from '../../shared/editor/json.js';
import { checkImage, IMAGE_EXTENSIONS } from '../services/images.js';
import { createId } from '../services/ids.js';
import type { AllowedImageType } from '../../shared/limits.js';

/** Removed with their content, and listed. */
const DROPPED = new Set(['script', 'style', 'noscript', 'template', 'iframe', 'object', 'embed', 'svg', 'math', 'canvas', 'video', 'audio', 'form', 'input', 'button', 'select', 'textarea', 'frame', 'frameset', 'link', 'meta', 'title', 'head', 'base']);
/** Converted as they are. */
const CONVERTED = new Set([
  'html', 'body', 'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'blockquote', 'pre', 'code', 'strong', 'b', 'em', 'i', 'u', 's', 'del', 'strike', 'ins', 'a', 'br', 'hr',
  'table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'img', 'span', 'div', 'section', 'article', 'main', 'header', 'footer', 'nav', 'aside', 'figure', 'colgroup', 'col', 'label', 'time', 'abbr', 'cite', 'q', 'small', 'center',
]);
/** Metadata elements silently skipped (they carry no text). */
const SILENT = new Set(['head', 'meta', 'link', 'title', 'base']);

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
  const { document } = parseHTML(/<html[\s>]/i.test(html) ? html : `<!doctype html><html><head></head><body>${html}</body></html>`);
  const root = (document.body ?? document.documentElement) as unknown as DomElement;

  const visit = (element: DomElement) => {
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
      visit(child);
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

  visit(root);
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
  return {
    blocks,
    issues: [...issues].map(([message, count]) => (count > 1 ? `${message} (${count}×)` : message)),
  };
}

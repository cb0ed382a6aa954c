/**
 * Server-side rendering of section content (DESIGN.md, "Rendering"): ProseMirror JSON is
 * built with the shared schema, serialised with the schema's own toDOM specs into a minimal
 * string DOM (no browser DOM on the server), then sanitised.
 */
import { DOMSerializer } from '@tiptap/pm/model';
import sanitizeHtml from 'sanitize-html';
import { getEditorSchema } from '../../shared/editor/extensions.js';
import type { PmJson } from '../../shared/editor/json.js';

const VOID = new Set(['br', 'hr', 'img', 'col']);

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Just enough of a DOM for DOMSerializer: elements, text and fragments that print as HTML. */
class StringNode {
  readonly nodeType: number;
  readonly children: StringNode[] = [];
  readonly attributes = new Map<string, string>();
  constructor(
    readonly tag: string | null,
    readonly text = '',
    nodeType = tag ? 1 : 3,
  ) {
    this.nodeType = nodeType;
  }
  appendChild(child: StringNode): StringNode {
    this.children.push(child);
    return child;
  }
  setAttribute(name: string, value: unknown): void {
    this.attributes.set(name, String(value));
  }
  setAttributeNS(_ns: string, name: string, value: unknown): void {
    this.setAttribute(name, value);
  }
  toHtml(): string {
    if (this.nodeType === 3) return escapeText(this.text);
    const inner = this.children.map((child) => child.toHtml()).join('');
    if (this.nodeType === 11 || !this.tag) return inner;
    const attrs = [...this.attributes].map(([name, value]) => ` ${name}="${escapeText(value).replace(/"/g, '&quot;')}"`).join('');
    return VOID.has(this.tag) ? `<${this.tag}${attrs}>` : `<${this.tag}${attrs}>${inner}</${this.tag}>`;
  }
}

const stringDocument = {
  createElement: (tag: string) => new StringNode(tag),
  createElementNS: (_ns: string, tag: string) => new StringNode(tag),
  createTextNode: (text: string) => new StringNode(null, text),
  createDocumentFragment: () => new StringNode(null, '', 11),
};

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'ul', 'ol', 'li', 'pre', 'code', 'hr', 'br', 'strong', 'em', 's', 'u', 'a', 'img', 'table', 'colgroup', 'col', 'tbody', 'thead', 'tr', 'th', 'td', 'article', 'span'],
  allowedAttributes: {
    '*': ['data-id', 'id'],
    a: ['href', 'rel', 'target'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    ol: ['start', 'type'],
    th: ['colspan', 'rowspan', 'colwidth'],
    td: ['colspan', 'rowspan', 'colwidth'],
    pre: ['class'],
    code: ['class'],
  },
  // A reference to a deleted article (shared/editor/article.ts) is flagged, not linked.
  allowedClasses: { span: ['article-ref-broken'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  selfClosing: [...sanitizeHtml.defaults.selfClosing, 'col'],
};

/** The published-page sanitiser on its own: an allow-list of tags, attributes and URL schemes (R1). */
export function sanitizeContentHtml(html: string): string {
  return sanitizeHtml(html, SANITIZE);
}

/** Renders top-level blocks as sanitised HTML. */
export function renderBlocksHtml(blocks: readonly PmJson[]): string {
  const schema = getEditorSchema();
  const doc = schema.nodeFromJSON({ type: 'doc', content: blocks.length ? blocks : [{ type: 'paragraph' }] });
  const serializer = DOMSerializer.fromSchema(schema);
  const fragment = serializer.serializeFragment(doc.content, { document: stringDocument as unknown as Document }) as unknown as StringNode;
  return sanitizeContentHtml(fragment.toHtml());
}

/** Plain text of top-level blocks, one block a line (for search and summaries). */
export function renderBlocksText(blocks: readonly PmJson[]): string {
  const text = (node: PmJson): string => {
    if (node.type === 'text') return node.text ?? '';
    if (node.type === 'hardBreak') return '\n';
    const inner = (node.content ?? []).map(text);
    return ['tableRow'].includes(node.type) ? inner.join('\t') : ['bulletList', 'orderedList', 'table', 'blockquote', 'listItem', 'article'].includes(node.type) ? inner.join('\n') : inner.join('');
  };
  return blocks.map(text).join('\n\n');
}

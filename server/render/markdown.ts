/**
 * Markdown for release exports: ProseMirror JSON of the known node and mark set (the shared
 * schema) written as CommonMark with GFM tables. Text is escaped so content never becomes
 * markup it was not; link targets are kept only with an allowed scheme.
 *
 * Issue 19: most static-site tools render Markdown with raw HTML allowed, so nothing a
 * person typed may reach the file as markup: `<` and `&` are escaped everywhere (no HTML,
 * no entities), titles, names and notes go through the same escaping as text
 * (markdownInline / markdownNotes), code fences are longer than any run of backticks in
 * the code, and image sources are only our own media paths or allowed links.
 */
import type { PmJson, PmMarkJson } from '../../shared/editor/json.js';
import { isAllowedHref } from '../../shared/editor/extensions.js';

/** Escapes characters Markdown would read as syntax. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/([\\`*_[\]{}()<>#|~!&=])/g, '\\$1')
    .replace(/^(\s*)([-+])/gm, '$1\\$2')
    .replace(/^(\s*\d+)\./gm, '$1\\.');
}

/** One line of plain text (a title, a name) as Markdown: escaped, line breaks become spaces. */
export function markdownInline(text: string): string {
  return escapeMarkdown(text.replace(/\s*[\r\n]+\s*/g, ' ').trim());
}

/** Plain text in paragraphs (release notes) as Markdown: escaped; blank lines separate paragraphs, single breaks stay. */
export function markdownNotes(text: string): string {
  return text
    .trim()
    .split(/\r?\n\s*\r?\n/)
    .map((paragraph) =>
      paragraph
        .split(/\r?\n/)
        .map((line) => escapeMarkdown(line.trim()))
        .filter(Boolean)
        .join('\\\n'),
    )
    .filter(Boolean)
    .join('\n\n');
}

/** A code fence longer than any run of the fence character inside the code. */
function fenceFor(code: string): string {
  const longest = Math.max(0, ...(code.match(/`+/g) ?? []).map((run) => run.length));
  return '`'.repeat(Math.max(3, longest + 1));
}

function wrap(text: string, marks: readonly PmMarkJson[] | undefined): string {
  if (!text) return text;
  let out = text;
  const types = new Set((marks ?? []).map((mark) => mark.type));
  if (types.has('code')) out = '`' + text.replace(/`/g, 'ˋ').replace(/\n/g, ' ') + '`';
  if (types.has('bold')) out = `**${out}**`;
  if (types.has('italic')) out = `*${out}*`;
  if (types.has('strike')) out = `~~${out}~~`;
  const link = marks?.find((mark) => mark.type === 'link');
  if (link && isAllowedHref(link.attrs?.href)) out = `[${out}](<${String(link.attrs!.href).replace(/[<>\s]/g, encodeURIComponent)}>)`;
  return out;
}

function inline(nodes: readonly PmJson[] | undefined): string {
  return (nodes ?? [])
    .map((node) => {
      if (node.type === 'text') {
        const code = (node.marks ?? []).some((mark) => mark.type === 'code');
        return wrap(code ? (node.text ?? '') : escapeMarkdown(node.text ?? ''), node.marks);
      }
      if (node.type === 'hardBreak') return '\\\n';
      return inline(node.content);
    })
    .join('');
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line, index) => (index === 0 ? line : line ? ' '.repeat(prefix.length) + line : line))
    .join('\n');
}

function cellText(cell: PmJson): string {
  return (cell.content ?? []).map((child) => inline(child.content)).join(' ').replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** One block as Markdown. `image` maps an image source to the path written in the file. */
export function blockToMarkdown(node: PmJson, options: { headingOffset?: number; image?: (src: string) => string } = {}): string {
  const offset = options.headingOffset ?? 0;
  switch (node.type) {
    case 'paragraph':
      return inline(node.content);
    case 'heading':
      return `${'#'.repeat(Math.min(6, Number(node.attrs?.level ?? 1) + offset))} ${inline(node.content)}`;
    case 'blockquote':
      return (node.content ?? []).map((child) => blockToMarkdown(child, options)).join('\n\n').split('\n').map((line) => (line ? `> ${line}` : '>')).join('\n');
    case 'codeBlock': {
      const text = (node.content ?? []).map((child) => child.text ?? '').join('');
      const fence = fenceFor(text);
      return `${fence}\n${text}\n${fence}`;
    }
    case 'horizontalRule':
      return '---';
    case 'bulletList':
    case 'orderedList': {
      const start = Number(node.attrs?.start ?? 1);
      return (node.content ?? [])
        .map((item, index) => {
          const marker = node.type === 'bulletList' ? '- ' : `${start + index}. `;
          const inner = (item.content ?? []).map((child) => blockToMarkdown(child, options)).join('\n\n');
          return marker + indent(inner, marker);
        })
        .join('\n');
    }
    case 'table': {
      const rows = (node.content ?? []).map((row) => (row.content ?? []).map(cellText));
      if (!rows.length) return '';
      const width = Math.max(...rows.map((row) => row.length));
      const line = (cells: string[]) => `| ${Array.from({ length: width }, (_, i) => cells[i] ?? '').join(' | ')} |`;
      return [line(rows[0]), `|${' --- |'.repeat(width)}`, ...rows.slice(1).map(line)].join('\n');
    }
    case 'image': {
      const src = String(node.attrs?.src ?? '');
      const alt = markdownInline(String(node.attrs?.alt ?? ''));
      // Our uploads (/media/…) or an allowed link; anything else keeps only its alt text.
      if (!src.startsWith('/media/') && !isAllowedHref(src)) return alt;
      const target = options.image && src.startsWith('/media/') ? options.image(src) : src;
      return `![${alt}](${target.replace(/[<>\s()\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)})`;
    }
    default:
      return inline(node.content);
  }
}

/** A section's blocks as Markdown, blocks separated by blank lines. */
export function blocksToMarkdown(blocks: readonly PmJson[], options: { headingOffset?: number; image?: (src: string) => string } = {}): string {
  return blocks.map((block) => blockToMarkdown(block, options)).filter((text) => text !== '').join('\n\n') + '\n';
}

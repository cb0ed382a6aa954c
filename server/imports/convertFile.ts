/**
 * Converts one uploaded file (DOCX, Markdown, HTML) into top-level ProseMirror blocks of
 * the shared schema, the images it carries, its tracked changes and the list of what could
 * not be converted. Nothing is written here.
 *
 * DOCX goes through mammoth, which keeps inserted text and silently drops deleted text: it
 * has no notion of tracked changes. So word/document.xml is read first with a zip reader
 * and every w:ins / w:del run gets a character style of its own (deleted text turned back
 * into w:t); a style map turns those runs into <ins>/<del> elements, which become
 * suggestion marks with the Word author. That is why we touch the XML ourselves.
 */
import mammoth from 'mammoth';
import MarkdownIt from 'markdown-it';
import type { PmJson } from '../../shared/editor/json.js';
import { importKindOf, type ImportKind } from '../../shared/imports/api.js';
import { fail, succeed, type Result } from '../services/result.js';
import { storedZip, unpackDocx } from './docxZip.js';
import { htmlToBlocks, type EmbeddedImage } from './htmlToBlocks.js';
import { exceeded, ImportLimitError } from './importLimits.js';
import { LIMITS } from '../../shared/limits.js';

/** One tracked change of a Word file. */
export interface WordChange {
  kind: 'insertion' | 'deletion';
  author: string;
  /** Milliseconds since the epoch, or null when the file has no date. */
  at: number | null;
}

export interface ConvertedFile {
  name: string;
  kind: ImportKind;
  bytes: number;
  /** Tracked changes appear as insertion/deletion marks whose id is a key of `changes`. */
  blocks: PmJson[];
  changes: Map<string, WordChange>;
  images: EmbeddedImage[];
  /** What could not be converted as is. */
  issues: string[];
}

const CHANGE_STYLE = 'AtelierChange';
const attr = (attrs: string, name: string) => new RegExp(`\\bw:${name}="([^"]*)"`).exec(attrs)?.[1] ?? '';
const unescapeXml = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** Gives every run inside a w:ins / w:del its own change style; answers the changes found. */
export function markTrackedChanges(xml: string): { xml: string; changes: Map<string, WordChange> } {
  const changes = new Map<string, WordChange>();
  let counter = 0;
  const styleRuns = (inner: string, style: string) =>
    inner.replace(/<w:r(\s[^>]*)?>([\s\S]*?)<\/w:r>/g, (run: string, runAttrs: string | undefined, body: string) => {
      if (body.includes(`w:val="${CHANGE_STYLE}`)) return run; // already a (nested) change
      const styled = /<w:rPr>/.test(body)
        ? body.replace(/<w:rStyle [^>]*\/>/, '').replace('<w:rPr>', `<w:rPr><w:rStyle w:val="${style}"/>`)
        : `<w:rPr><w:rStyle w:val="${style}"/></w:rPr>${body}`;
      return `<w:r${runAttrs ?? ''}>${styled}</w:r>`;
    });
  // Deletions first: a deletion inside an insertion (inserted, then deleted by someone else) keeps its own style.
  for (const kind of ['deletion', 'insertion'] as const) {
    const tag = kind === 'deletion' ? 'w:del' : 'w:ins';
    xml = xml.replace(new RegExp(`<${tag}(\\s[^>]*[^/])>([\\s\\S]*?)</${tag}>`, 'g'), (_whole, attrs: string, inner: string) => {
      const key = `atelier-change-${++counter}`;
      const date = Date.parse(attr(attrs, 'date'));
      changes.set(key, { kind, author: unescapeXml(attr(attrs, 'author')) || 'Word', at: Number.isNaN(date) ? null : date });
      let body = styleRuns(inner, `${CHANGE_STYLE}${counter}`);
      if (kind === 'deletion') body = body.replace(/<w:delText\b/g, '<w:t').replace(/<\/w:delText>/g, '</w:t>');
      return body;
    });
  }
  return { xml, changes };
}

/** Word features mammoth does not bring along, listed for the person importing. */
function listWordLosses(xml: string): string[] {
  const count = (pattern: RegExp) => (xml.match(pattern) ?? []).length;
  const out: string[] = [];
  const comments = count(/<w:commentReference\b/g);
  if (comments) out.push(`Word comments are not imported (${comments})`);
  const textBoxes = count(/<w:txbxContent\b/g);
  if (textBoxes) out.push(`text boxes are not imported as such (${textBoxes}); check their text`);
  const fields = count(/<w:instrText\b/g) + count(/<w:fldSimple\b/g);
  if (fields) out.push(`fields keep only their last shown result (${fields})`);
  const moves = count(/<w:moveFrom\b/g) + count(/<w:moveTo\b/g);
  if (moves) out.push(`moved text is imported where it now stands, not as a suggestion (${moves})`);
  const objects = count(/<w:object\b/g);
  if (objects) out.push(`embedded objects are not imported (${objects})`);
  return out;
}

async function convertDocx(data: Buffer): Promise<Result<{ html: string; changes: Map<string, WordChange>; issues: string[] }>> {
  let files: Map<string, Uint8Array>;
  try {
    // Sizes and entry count checked from the zip directory before anything is inflated.
    files = unpackDocx(data);
  } catch (error) {
    if (error instanceof ImportLimitError) throw error;
    return fail('validation_failed', 'is not a readable Word file (the zip container is damaged)', 'file');
  }
  const documentBytes = files.get('word/document.xml');
  if (!documentBytes) return fail('validation_failed', 'is not a Word document (word/document.xml is missing)', 'file');
  const documentXml = Buffer.from(documentBytes.buffer, documentBytes.byteOffset, documentBytes.byteLength).toString('utf8');
  const marked = markTrackedChanges(documentXml);
  files.set('word/document.xml', Buffer.from(marked.xml, 'utf8'));
  const buffer = Buffer.from(storedZip(files));
  files.clear();
  const styleMap = [...marked.changes].map(([key, change]) => `r.${CHANGE_STYLE}${key.slice('atelier-change-'.length)} => ${change.kind === 'insertion' ? 'ins' : 'del'}.${key}`);
  try {
    const result = await mammoth.convertToHtml(
      { buffer },
      {
        styleMap,
        convertImage: mammoth.images.imgElement(async (image) => {
          // Handed to htmlToBlocks as data URIs, which checks them like uploads.
          const base64 = await image.read('base64');
          return { src: `data:${image.contentType};base64,${base64}` };
        }),
      },
    );
    const issues = [
      ...listWordLosses(documentXml),
      ...result.messages.filter((message) => !message.message.includes(CHANGE_STYLE)).map((message) => `Word: ${message.message}`),
    ];
    return succeed({ html: result.value, changes: marked.changes, issues });
  } catch (error) {
    return fail('validation_failed', `could not be read as a Word document (${(error as Error).message.slice(0, 120)})`, 'file');
  }
}

/**
 * A cheap upper estimate of the blocks a Markdown text makes, read before markdown-it builds
 * its tokens (a million list items would take gigabytes): every line that starts a block
 * (after a blank line, or a list item, heading, quote, rule, fence or table row).
 */
export function estimateMarkdownBlocks(text: string): number {
  let blocks = 0;
  let previousBlank = true;
  const starts = /^\s{0,3}(?:[-*+]\s|\d{1,9}[.)]\s|#{1,6}\s|>|```|~~~|\||(?:[-*_]\s*){3,}$)/;
  for (let at = 0; at <= text.length; ) {
    let next = text.indexOf('\n', at);
    if (next < 0) next = text.length;
    const line = text.slice(at, next);
    const blank = line.trim() === '';
    if (!blank && (previousBlank || starts.test(line))) blocks++;
    previousBlank = blank;
    at = next + 1;
  }
  return blocks;
}

/** Converts one file. A file that cannot be read at all is a failure naming it; so is one beyond a limit. */
export async function convertFile(name: string, data: Buffer): Promise<Result<ConvertedFile>> {
  try {
    return await convert(name, data);
  } catch (error) {
    if (!(error instanceof ImportLimitError)) throw error;
    return fail(error.code, `${name} ${error.message}`, 'file', error.limit);
  }
}

async function convert(name: string, data: Buffer): Promise<Result<ConvertedFile>> {
  const kind = importKindOf(name);
  if (!kind) return fail('unsupported_media_type', `${name}: only .docx, .md and .html files can be imported`, 'file');
  if (data.length === 0) return fail('validation_failed', `${name} is empty`, 'file');
  if (data.length > LIMITS.maxImportFileBytes) exceeded('maxImportFileBytes', 'payload_too_large');
  const images: EmbeddedImage[] = [];
  let html: string;
  let changes = new Map<string, WordChange>();
  const issues: string[] = [];
  if (kind === 'docx') {
    const docx = await convertDocx(data);
    if (!docx.ok) return fail(docx.failure.code, `${name} ${docx.failure.message}`, 'file');
    ({ html, changes } = docx.value);
    issues.push(...docx.value.issues);
  } else {
    const text = data.toString('utf8');
    if (text.includes('\u0000')) return fail('validation_failed', `${name} is not a text file`, 'file');
    if (kind === 'markdown') {
      // Markdown is mostly text: twice the character limit is beyond it whatever the markup.
      if (text.length > LIMITS.maxImportChars * 2) exceeded('maxImportChars');
      if (estimateMarkdownBlocks(text) > LIMITS.maxImportBlocks) exceeded('maxImportBlocks');
    }
    // Raw HTML inside Markdown stays text: the Markdown importer never passes markup through.
    // markdown-it drops what lies deeper than maxNesting; set above our depth limit, so such
    // a file is refused by htmlToBlocks ("nested too deeply") instead of losing text.
    html = kind === 'markdown' ? new MarkdownIt({ html: false, linkify: false, maxNesting: LIMITS.maxImportDepth + 10 }).render(text) : text;
  }
  const converted = htmlToBlocks(html, { images, changes: kind === 'docx' ? new Map([...changes].map(([key, change]) => [key, { kind: change.kind, author: change.author }])) : undefined });
  issues.push(...converted.issues);
  return succeed({ name, kind, bytes: data.length, blocks: converted.blocks, changes, images, issues });
}

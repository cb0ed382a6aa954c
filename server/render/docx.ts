/**
 * A release as a Word document (export), with the `docx` library: a title page with the
 * notes, a table of contents field (Word fills it in when the file is opened), then each
 * section with its heading and blocks. The known node and mark set of the shared schema is
 * mapped one to one; links keep only allowed schemes; images come from the uploads.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  ExternalHyperlink,
  HeadingLevel,
  ImageRun,
  LevelFormat,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableOfContents,
  TableRow,
  TextRun,
  WidthType,
  type ParagraphChild,
} from 'docx';
import type { PmJson } from '../../shared/editor/json.js';
import { isAllowedHref } from '../../shared/editor/extensions.js';
import type { ReleaseView } from './releasePage.js';
import { releaseLanguages } from './releasePage.js';
import { formatReleaseDate, releaseStrings } from './releaseStrings.js';

/** An image's bytes and type, for `ImageRun`. */
export interface DocxImage {
  data: Buffer;
  type: 'png' | 'jpg' | 'gif';
}

const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4, HeadingLevel.HEADING_5, HeadingLevel.HEADING_6];
const heading = (level: number) => HEADINGS[Math.min(6, Math.max(1, level)) - 1];

/** Width and height of a PNG (from its header), else a default box. */
function sizeOf(image: DocxImage): { width: number; height: number } {
  if (image.type === 'png' && image.data.length > 24) {
    const width = image.data.readUInt32BE(16);
    const height = image.data.readUInt32BE(20);
    const scale = Math.min(1, 560 / Math.max(width, 1));
    return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
  }
  return { width: 480, height: 320 };
}

function runs(nodes: readonly PmJson[] | undefined, extra: { font?: string } = {}): ParagraphChild[] {
  const out: ParagraphChild[] = [];
  for (const node of nodes ?? []) {
    if (node.type === 'hardBreak') {
      out.push(new TextRun({ text: '', break: 1 }));
      continue;
    }
    if (node.type !== 'text') {
      out.push(...runs(node.content, extra));
      continue;
    }
    const marks = new Set((node.marks ?? []).map((mark) => mark.type));
    const run = new TextRun({
      text: node.text ?? '',
      bold: marks.has('bold') || undefined,
      italics: marks.has('italic') || undefined,
      strike: marks.has('strike') || undefined,
      underline: marks.has('underline') ? {} : undefined,
      font: marks.has('code') ? 'Consolas' : extra.font,
      style: marks.has('link') ? 'Hyperlink' : undefined,
    });
    const link = node.marks?.find((mark) => mark.type === 'link');
    out.push(link && isAllowedHref(link.attrs?.href) ? new ExternalHyperlink({ link: String(link.attrs!.href), children: [run] }) : run);
  }
  return out;
}

export type Block = Paragraph | Table;

/** The numbering the ordered lists of `docxBlocks` refer to (`reference: 'ordered'`). */
export const DOCX_NUMBERING = {
  config: [
    {
      reference: 'ordered',
      levels: [0, 1, 2, 3].map((lvl) => ({ level: lvl, format: LevelFormat.DECIMAL, text: `%${lvl + 1}.`, alignment: AlignmentType.START, style: { paragraph: { indent: { left: 720 * (lvl + 1), hanging: 360 } } } })),
    },
  ],
};

export function docxBlocks(node: PmJson, options: { headingBase: number; image: (src: string) => DocxImage | null; listLevel?: number }): Block[] {
  const level = options.listLevel ?? 0;
  switch (node.type) {
    case 'paragraph':
      return [new Paragraph({ children: runs(node.content) })];
    case 'heading':
      return [new Paragraph({ heading: heading(options.headingBase + Number(node.attrs?.level ?? 1)), children: runs(node.content) })];
    case 'blockquote':
      return (node.content ?? []).flatMap((child) => (child.type === 'paragraph' ? [new Paragraph({ indent: { left: 720 }, children: runs(child.content) })] : docxBlocks(child, options)));
    case 'codeBlock': {
      const lines = (node.content ?? []).map((child) => child.text ?? '').join('').split('\n');
      return [new Paragraph({ children: lines.map((line, i) => new TextRun({ text: line, font: 'Consolas', break: i ? 1 : undefined })) })];
    }
    case 'horizontalRule':
      return [new Paragraph({ border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: 'auto', space: 1 } }, children: [] })];
    case 'bulletList':
    case 'orderedList':
      return (node.content ?? []).flatMap((item) =>
        (item.content ?? []).flatMap((child, index) => {
          if (child.type === 'bulletList' || child.type === 'orderedList') return docxBlocks(child, { ...options, listLevel: level + 1 });
          if (child.type !== 'paragraph' || index > 0) return docxBlocks(child, options);
          return [
            new Paragraph({
              children: runs(child.content),
              ...(node.type === 'bulletList' ? { bullet: { level } } : { numbering: { reference: 'ordered', level } }),
            }),
          ];
        }),
      );
    case 'table':
      return [
        new Table({
          width: { size: 100, type: WidthType.PERCENTAGE },
          rows: (node.content ?? []).map(
            (row) =>
              new TableRow({
                children: (row.content ?? []).map(
                  (cell) =>
                    new TableCell({
                      columnSpan: Number(cell.attrs?.colspan ?? 1) || 1,
                      rowSpan: Number(cell.attrs?.rowspan ?? 1) || 1,
                      children: (cell.content ?? []).flatMap((child) => docxBlocks(child, options)),
                    }),
                ),
              }),
          ),
        }),
      ];
    case 'image': {
      const found = typeof node.attrs?.src === 'string' ? options.image(node.attrs.src) : null;
      const alt = String(node.attrs?.alt ?? '');
      if (!found) return alt ? [new Paragraph({ children: [new TextRun({ text: `[${alt}]`, italics: true })] })] : [];
      return [new Paragraph({ children: [new ImageRun({ type: found.type, data: found.data, transformation: sizeOf(found), altText: { name: alt, description: alt, title: alt } })] })];
    }
    default:
      return [new Paragraph({ children: runs(node.content) })];
  }
}

/** Renders a release in one language as a .docx file. */
export async function renderReleaseDocx(view: ReleaseView, lang: string, image: (src: string) => DocxImage | null): Promise<Buffer> {
  const strings = releaseStrings(lang);
  const languages = releaseLanguages(view);
  const children: (Block | TableOfContents)[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(view.workspace.name)] }),
    new Paragraph({ children: [new TextRun({ text: `${strings.version(view.version)} · ${strings.published(formatReleaseDate(view.date, lang))}`, italics: true })] }),
  ];
  if (view.notes.trim()) {
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(strings.notes)] }));
    for (const paragraph of view.notes.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean)) children.push(new Paragraph({ children: [new TextRun(paragraph)] }));
  }
  children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, pageBreakBefore: true, children: [new TextRun(strings.contents)] }));
  children.push(new TableOfContents(strings.contents, { hyperlink: true, headingStyleRange: '1-3' }));
  for (const section of view.manifest.sections) {
    const chosen = section.revisions[lang] ? lang : languages.find((l) => section.revisions[l]);
    const title = section.titles[lang] || Object.values(section.titles).find(Boolean) || section.slug;
    const level = 1 + section.depth;
    children.push(new Paragraph({ heading: heading(level), pageBreakBefore: section.depth === 0, children: [new TextRun(title)] }));
    if (chosen && chosen !== lang) children.push(new Paragraph({ children: [new TextRun({ text: strings.notTranslated, italics: true })] }));
    const revision = chosen ? section.revisions[chosen] : null;
    for (const block of revision ? view.content(revision.docName, revision.number) : []) {
      children.push(...docxBlocks(block, { headingBase: level, image }));
    }
  }
  const document = new Document({
    creator: 'Atelier',
    title: `${view.workspace.name} ${view.version}`,
    features: { updateFields: true },
    numbering: DOCX_NUMBERING,
    sections: [{ children }],
  });
  return Packer.toBuffer(document);
}

/**
 * The bilingual booklet as a Word document (issue 20): a title page, a table of contents
 * field, then per section a two-column table, the lead language on the left and the target
 * on the right, one row per passage (rows from booklet.ts). The blocks are drawn by the
 * one-language Word export's own mapping (docx.ts), so text stays text (issue 19).
 */
import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableOfContents, TableRow, TextRun, WidthType } from 'docx';
import type { PmJson } from '../../shared/editor/json.js';
import { flattenArticles } from '../../shared/legal/articles.js';
import type { ArticleNumber } from '../../shared/legal/numbering.js';
import { bookletSections, LANGUAGE_NAMES } from './booklet.js';
import { DOCX_NUMBERING, docxBlocks, type Block, type DocxImage } from './docx.js';
import type { ReleaseView } from './releasePage.js';
import { formatReleaseDate, releaseStrings } from './releaseStrings.js';

const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4, HeadingLevel.HEADING_5, HeadingLevel.HEADING_6];

const note = (text: string) => new Paragraph({ children: [new TextRun({ text, italics: true, color: '6B6459' })] });

/** A passage's Word blocks (articles written out as Word knows none, issue 24); a cell needs one paragraph at least. */
function cell(block: PmJson | null, lang: string, numbers: readonly ArticleNumber[], level: number, image: (src: string) => DocxImage | null, extra: Paragraph[]): TableCell {
  const children: Block[] = block ? flattenArticles([block], numbers, lang).flatMap((b) => docxBlocks(b, { headingBase: level, image })) : [];
  children.push(...extra);
  return new TableCell({ width: { size: 50, type: WidthType.PERCENTAGE }, children: children.length ? children : [new Paragraph({ children: [] })] });
}

/** Renders the booklet of a release's lead language and one target language as a .docx file. */
export async function renderBookletDocx(view: ReleaseView, pair: { lead: string; target: string }, reader: string, image: (src: string) => DocxImage | null): Promise<Buffer> {
  const strings = releaseStrings(reader);
  const { lead, target } = pair;
  const children: (Block | TableOfContents)[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(view.workspace.name)] }),
    new Paragraph({ children: [new TextRun({ text: strings.bookletTitle(LANGUAGE_NAMES[lead] ?? lead, LANGUAGE_NAMES[target] ?? target), italics: true })] }),
    new Paragraph({ children: [new TextRun({ text: `${strings.version(view.version)} · ${strings.published(formatReleaseDate(view.date, reader))}`, italics: true })] }),
    new Paragraph({ heading: HeadingLevel.HEADING_1, pageBreakBefore: true, children: [new TextRun(strings.contents)] }),
    new TableOfContents(strings.contents, { hyperlink: true, headingStyleRange: '1-3' }),
  ];
  for (const s of bookletSections(view, lead, target)) {
    const level = 1 + s.section.depth;
    const heading = HEADINGS[Math.min(6, level) - 1];
    children.push(new Paragraph({ heading, pageBreakBefore: s.section.depth === 0, children: [new TextRun(s.leadTitle === s.targetTitle ? s.leadTitle : `${s.leadTitle} / ${s.targetTitle}`)] }));
    const rows = s.rows.map(
      (row) =>
        new TableRow({
          cantSplit: true,
          children: [
            cell(row.lead, lead, s.numbers.lead, level, image, []),
            cell(row.target, target, s.numbers.target, level, image, row.target ? (row.outdated ? [note(strings.mayBeOutdated)] : []) : row.lead ? [note(strings.bookletNotTranslated)] : []),
          ],
        }),
    );
    const head = new TableRow({
      tableHeader: true,
      children: [lead, target].map((lang) => new TableCell({ width: { size: 50, type: WidthType.PERCENTAGE }, children: [new Paragraph({ children: [new TextRun({ text: LANGUAGE_NAMES[lang] ?? lang, bold: true })] })] })),
    });
    children.push(new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, columnWidths: [4680, 4680], rows: [head, ...rows] }));
  }
  const document = new Document({
    creator: 'Atelier',
    title: `${view.workspace.name} ${view.version} ${lead}-${target}`,
    features: { updateFields: true },
    numbering: DOCX_NUMBERING,
    sections: [{ children }],
  });
  return Packer.toBuffer(document);
}

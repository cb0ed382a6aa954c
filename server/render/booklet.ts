/**
 * The bilingual booklet (issue 20): a release's lead language and one target language in
 * facing columns, for an official two-language edition. Each row pairs the lead block with
 * the target block of the same block id (a linked translation); a passage the target lacks is
 * an empty cell marked "not translated" in the reader's language, and one whose translation
 * was recorded as outdated at publication carries the "may be outdated" note. The HTML is an
 * export like the one-language HTML export (R1): every block goes through the same renderer
 * and sanitiser (releaseBlocks.ts), every other text is escaped, and there is no script.
 * The Word form (bookletDocx.ts) uses the same rows.
 */
import type { PmJson } from '../../shared/editor/json.js';
import type { ManifestSection } from '../../shared/releases.js';
import { articleIdsOf } from '../../shared/legal/articles.js';
import { numberArticles, type ArticleNumber } from '../../shared/legal/numbering.js';
import { blockIdOf, escapeHtml, renderReleaseBlocks } from './releaseBlocks.js';
import { releaseLanguages, type ReleaseView } from './releasePage.js';
import { formatReleaseDate, releaseStrings } from './releaseStrings.js';

export const LANGUAGE_NAMES: Record<string, string> = { nl: 'Nederlands', fr: 'Français', en: 'English' };

/** One row of a section: the lead block and the target block of the same passage (either may be absent). */
export interface BookletRow {
  blockId: string | null;
  lead: PmJson | null;
  target: PmJson | null;
  /** The target's translation was outdated when the release was published. */
  outdated: boolean;
}

/** One section of the booklet: its titles in both languages and its rows. */
export interface BookletSection {
  section: ManifestSection;
  leadTitle: string;
  targetTitle: string;
  rows: BookletRow[];
  /** Article numbers for the blocks of each language (issue 24). */
  numbers: { lead: readonly ArticleNumber[]; target: readonly ArticleNumber[] };
}

/**
 * The two languages a booklet file name asks for (`<ws>-<version>-<lead>-<target>.<ext>`):
 * the lead language and another language of the workspace at publication (one without text
 * in this release gives a booklet of "not translated" cells rather than a dead link).
 */
export function bookletPair(view: ReleaseView, file: string, ext: 'html' | 'docx'): { lead: string; target: string } | null {
  const base = `${view.workspace.slug}-${view.version}-`;
  if (!file.startsWith(base) || !file.endsWith(`.${ext}`)) return null;
  const [lead, target, ...rest] = file.slice(base.length, -(ext.length + 1)).split('-');
  const languages = view.manifest.languages;
  if (rest.length || lead !== languages[0] || !target || target === lead || !languages.includes(target)) return null;
  return { lead, target };
}


const isBlank = (block: PmJson) => (block.type === 'paragraph' || block.type === 'heading') && !(block.content ?? []).length;

/**
 * Pairs two texts' blocks. A linked translation (sharing block ids with the lead text) pairs
 * by id, in the lead order, a target block without a lead partner coming after the row of the
 * target block before it; an unlinked text in another language pairs by position.
 */
export function pairBlocks(lead: readonly PmJson[], target: readonly PmJson[]): { blockId: string | null; lead: PmJson | null; target: PmJson | null }[] {
  const leadBlocks = lead.filter((block) => !isBlank(block));
  const targetBlocks = target.filter((block) => !isBlank(block));
  const leadIds = new Set(leadBlocks.map(blockIdOf).filter((id): id is string => id !== null));
  if (!targetBlocks.some((block) => leadIds.has(blockIdOf(block) ?? ''))) {
    return Array.from({ length: Math.max(leadBlocks.length, targetBlocks.length) }, (_, i) => ({
      blockId: blockIdOf(leadBlocks[i] ?? targetBlocks[i]),
      lead: leadBlocks[i] ?? null,
      target: targetBlocks[i] ?? null,
    }));
  }
  const rows = leadBlocks.map((block) => ({ blockId: blockIdOf(block), lead: block as PmJson | null, target: null as PmJson | null }));
  let after = -1; // the row the next unpaired target block goes after
  for (const block of targetBlocks) {
    const id = blockIdOf(block);
    const at = id && leadIds.has(id) ? rows.findIndex((row) => row.lead && row.blockId === id) : -1;
    if (at >= 0 && !rows[at].target) {
      rows[at].target = block;
      after = at;
      continue;
    }
    rows.splice(after + 1, 0, { blockId: id, lead: null, target: block });
    after += 1;
  }
  return rows;
}

const titleIn = (section: ManifestSection, lang: string, languages: readonly string[]) =>
  section.titles[lang] || languages.map((l) => section.titles[l]).find(Boolean) || section.slug;

/** The booklet's sections and rows. */
export function bookletSections(view: ReleaseView, lead: string, target: string): BookletSection[] {
  const languages = releaseLanguages(view);
  return view.manifest.sections.map((section) => {
    const leadRevision = section.revisions[lead];
    const targetRevision = section.revisions[target];
    const leadBlocks = leadRevision ? view.content(leadRevision.docName, leadRevision.number) : [];
    const targetBlocks = targetRevision ? view.content(targetRevision.docName, targetRevision.number) : [];
    const outdated = view.outdated?.(section.sectionId, target) ?? new Set<string>();
    const rows = pairBlocks(leadBlocks, targetBlocks).map((row) => ({ ...row, outdated: Boolean(row.target && row.blockId && outdated.has(row.blockId)) }));
    const numbers = view.articleNumbers;
    return {
      section,
      leadTitle: titleIn(section, lead, languages),
      targetTitle: section.titles[target] || titleIn(section, lead, languages),
      rows,
      numbers: { lead: numbers ?? numberArticles(articleIdsOf(leadBlocks), null), target: numbers ?? numberArticles(articleIdsOf(targetBlocks), null) },
    };
  });
}

/** One cell's block, rendered like the published page (R1); the lead keeps `b-<id>`, the target's ids get its language as a prefix (unique ids). */
function cellHtml(block: PmJson, lang: string, prefix: string, level: number, numbers: readonly ArticleNumber[], imageSrc: ((src: string) => string | null) | undefined): string {
  const html = renderReleaseBlocks([block], { headingLevel: level, imageSrc, permalinkLabel: '', permalinks: false, legal: { numbers, lang } });
  return prefix ? html.replace(/ id="b-/g, ` id="${escapeHtml(prefix)}-b-`) : html;
}

/** The booklet as one self-contained HTML file (the stylesheets inlined, images as data: URIs). */
export function renderBookletHtml(view: ReleaseView, pair: { lead: string; target: string }, reader: string, options: { css: string; imageSrc?: (src: string) => string | null }): string {
  const strings = releaseStrings(reader);
  const { lead, target } = pair;
  const sections = bookletSections(view, lead, target);
  const names = { lead: LANGUAGE_NAMES[lead] ?? lead, target: LANGUAGE_NAMES[target] ?? target };
  const title = `${view.workspace.name} · ${strings.version(view.version)} · ${lead.toUpperCase()}–${target.toUpperCase()}`;
  const notTranslated = `<p class="not-translated" lang="${escapeHtml(reader)}">${escapeHtml(strings.bookletNotTranslated)}</p>`;
  // The table of contents: nested ordered lists following the sections' depth, both titles in each entry.
  let toc = '';
  const open: number[] = [];
  for (const s of sections) {
    const depth = s.section.depth;
    if (open.length && open[open.length - 1] >= depth) toc += '</li>';
    while (open.length && open[open.length - 1] > depth) {
      open.pop();
      toc += '</ol></li>';
    }
    if (!open.length || open[open.length - 1] < depth) {
      toc += '<ol>';
      open.push(depth);
    }
    toc += `<li><a href="#s-${escapeHtml(s.section.slug)}"><span lang="${escapeHtml(lead)}">${escapeHtml(s.leadTitle)}</span> <span class="sep">/</span> <span lang="${escapeHtml(target)}">${escapeHtml(s.targetTitle)}</span></a>`;
  }
  toc += open.map(() => '</li></ol>').join('');
  const body = sections
    .map((s) => {
      const level = Math.min(6, 2 + s.section.depth);
      const rows = s.rows
        .map((row) => {
          const leadCell = row.lead ? cellHtml(row.lead, lead, '', level, s.numbers.lead, options.imageSrc) : '';
          const targetCell = row.target
            ? cellHtml(row.target, target, target, level, s.numbers.target, options.imageSrc) + (row.outdated ? `<p class="outdated-note" lang="${escapeHtml(reader)}">${escapeHtml(strings.mayBeOutdated)}</p>` : '')
            : row.lead
              ? notTranslated
              : '';
          const rowId = row.blockId ? ` id="r-${escapeHtml(row.blockId)}" data-block="${escapeHtml(row.blockId)}"` : '';
          return `<tr${rowId}><td lang="${escapeHtml(lead)}">${leadCell}</td><td lang="${escapeHtml(target)}" class="${row.target ? (row.outdated ? 'outdated' : 'translated') : 'missing'}">${targetCell}</td></tr>`;
        })
        .join('\n');
      return `<section id="s-${escapeHtml(s.section.slug)}" class="booklet-section${s.section.depth === 0 ? ' booklet-top' : ''}">
<table class="booklet-rows">
<thead><tr><th lang="${escapeHtml(lead)}" scope="col"><h${level}>${escapeHtml(s.leadTitle)}</h${level}></th><th lang="${escapeHtml(target)}" scope="col"><h${level}>${escapeHtml(s.targetTitle)}</h${level}></th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</section>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="${escapeHtml(reader)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Atelier">
<title>${escapeHtml(title)}</title>
<style>${options.css}</style>
</head>
<body class="booklet">
<main id="content">
<h1>${escapeHtml(view.workspace.name)} <span class="version">${escapeHtml(strings.version(view.version))}</span></h1>
<p class="edition">${escapeHtml(strings.bookletTitle(names.lead, names.target))} · <time datetime="${escapeHtml(view.date)}">${escapeHtml(strings.published(formatReleaseDate(view.date, reader)))}</time></p>
<nav class="toc" aria-labelledby="toc-title">
<h2 id="toc-title">${escapeHtml(strings.contents)}</h2>
${toc}
</nav>
${body}
</main>
</body>
</html>
`;
}

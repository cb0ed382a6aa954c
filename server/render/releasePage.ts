/**
 * The published release as HTML (flow 6, R1): the whole release on one page with a `<nav>`
 * table of contents, each section a `<section id="s-<slug>">` and each block carrying
 * `id="b-<block id>"` (CONTRACT.md); a page per section; the changelog and the diff between
 * two releases. No inline script and no inline style: the site's stylesheet and the optional
 * feedback script are separate files, so the strict CSP holds and the page reads without script.
 * The export is the same page with the stylesheet inlined and images as data: URIs.
 */
import type { PmJson } from '../../shared/editor/json.js';
import type { Changelog, Manifest, ManifestSection, ReleaseDiff } from '../../shared/releases.js';
import type { InlinePart } from '../../shared/revisions/diff.js';
import { escapeHtml, renderReleaseBlocks } from './releaseBlocks.js';
import { renderBlocksText } from './renderHtml.js';
import { formatReleaseDate, releaseStrings, type ReleaseStrings } from './releaseStrings.js';
import type { ArticleNumber } from '../../shared/legal/numbering.js';

/** Everything a page of one release is made from. */
export interface ReleaseView {
  workspace: { slug: string; name: string; languages: readonly string[] };
  version: string;
  date: string;
  notes: string;
  manifest: Manifest;
  changelog: Changelog;
  /** The stored blocks of a revision. */
  content(docName: string, number: number): PmJson[];
  /** Earlier releases' versions, newest first (for the compare form). */
  earlier: readonly string[];
  /** The release's article numbers (issue 24): adopted, or computed against the adoption before it. */
  articleNumbers?: readonly ArticleNumber[];
  /** The changelog's sentence about articles ("Art. 5 en 7bis gewijzigd, art. 9 opgeheven."), per language. */
  articleChanges?: (lang: string) => string;
  /** A note under an article, as HTML (the consolidated text's "modified by release 2"). */
  articleNote?: (blockId: string, lang: string) => string | null;
  /** The notes in a language, when the release has them in it (issue 20); else `notes` (the lead language's). */
  notesIn?: (lang: string) => string | null;
  /** The passages whose translation was outdated when this release was published, per section and language (issue 20). */
  outdated?: (sectionId: string, lang: string) => ReadonlySet<string>;
}

/** How a page is put together: on the site (linked stylesheet and script) or as an export. */
export interface PageMode {
  kind: 'site' | 'export';
  /** The stylesheet, inlined in exports. */
  css?: string;
  /** Rewrites an image source. */
  imageSrc?: (src: string) => string | null;
  /** Leave the feedback script out (pages that are not one release, like the consolidated text). */
  noScript?: boolean;
}

const LANGUAGE_NAMES: Record<string, string> = { nl: 'Nederlands', fr: 'Français', en: 'English' };

/** The site's base path of a release. */
export function releaseBase(workspaceSlug: string, version: string): string {
  return `/p/${encodeURIComponent(workspaceSlug)}/${encodeURIComponent(version)}/`;
}

/** The languages a release has text in, in the workspace's order. */
export function releaseLanguages(view: ReleaseView): string[] {
  const present = new Set(view.manifest.sections.flatMap((section) => Object.keys(section.revisions)));
  return view.manifest.languages.filter((lang) => present.has(lang));
}

/** The language a request asked for, when the release has it; else the release's first. */
export function pickLanguage(view: ReleaseView, asked: unknown): string {
  const languages = releaseLanguages(view);
  return typeof asked === 'string' && languages.includes(asked) ? asked : (languages[0] ?? view.manifest.languages[0] ?? 'en');
}

/**
 * A translation's blocks with the lead language's passages it has no block for (by block id,
 * issue 20) put in where they stand in the lead text, so a reader misses nothing; those carry
 * the lead language (`lang`). Only for a linked translation (one sharing block ids with the
 * lead text): an unrelated text in another language is shown as it is.
 */
export function withLeadFallback(target: readonly PmJson[], lead: readonly PmJson[]): { blocks: PmJson[]; fallback: Set<PmJson> } {
  const idOf = (block: PmJson) => (typeof block.attrs?.id === 'string' ? block.attrs.id : null);
  const targetIds = new Set(target.map(idOf).filter((id): id is string => id !== null));
  const fallback = new Set<PmJson>();
  if (!lead.some((block) => targetIds.has(idOf(block) ?? ''))) return { blocks: [...target], fallback };
  const blocks = [...target];
  let after = -1; // the index in `blocks` the next missing lead passage goes after
  for (const block of lead) {
    const id = idOf(block);
    if (id && targetIds.has(id)) {
      after = blocks.findIndex((candidate) => idOf(candidate) === id);
      continue;
    }
    const blank = (block.type === 'paragraph' || block.type === 'heading') && !(block.content ?? []).length;
    if (!id || blank) continue;
    blocks.splice(after + 1, 0, block);
    fallback.add(block);
    after += 1;
  }
  return { blocks, fallback };
}

const titleOf = (section: ManifestSection, lang: string, fallback: readonly string[]) =>
  section.titles[lang] ?? fallback.map((l) => section.titles[l]).find(Boolean) ?? section.slug;

function langQuery(view: ReleaseView, lang: string): string {
  return lang === releaseLanguages(view)[0] ? '' : `?lang=${encodeURIComponent(lang)}`;
}

function head(view: ReleaseView, lang: string, title: string, mode: PageMode, alternates = false): string {
  const strings = releaseStrings(lang);
  // The same page in the release's other languages (issue 20); relative, like the language switch.
  const languages = releaseLanguages(view);
  const links =
    alternates && mode.kind === 'site' && languages.length > 1
      ? languages.map((l) => `<link rel="alternate" hreflang="${escapeHtml(l)}" href="${escapeHtml(langQuery(view, l) || './')}">`).join('\n') + '\n'
      : '';
  const style = mode.kind === 'export' ? `<style>${mode.css ?? ''}</style>` : '<link rel="stylesheet" href="/p/_assets/release.css">';
  const script = mode.kind === 'site' && !mode.noScript ? '<script src="/p/_assets/feedback.js" defer></script>' : '';
  const data =
    mode.kind === 'site' && !mode.noScript
      ? ` data-workspace="${escapeHtml(view.workspace.slug)}" data-version="${escapeHtml(view.version)}" data-lang="${escapeHtml(lang)}"` +
        Object.entries(strings.feedback)
          .map(([key, value]) => ` data-fb-${key}="${escapeHtml(value)}"`)
          .join('')
      : '';
  return `<!doctype html>
<html lang="${escapeHtml(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Atelier">
<title>${escapeHtml(title)}</title>
${links}${style}
${script}
</head>
<body${data}>
<a class="skip" href="#content">${escapeHtml(strings.skip)}</a>`;
}

function header(view: ReleaseView, lang: string, mode: PageMode, languageLinks: boolean): string {
  const strings = releaseStrings(lang);
  const languages = releaseLanguages(view);
  const switcher =
    languageLinks && mode.kind === 'site' && languages.length > 1
      ? `<nav class="langs" aria-label="${escapeHtml(strings.languages)}"><ul>${languages
          .map((l) => `<li><a href="${langQuery(view, l) || './'}" hreflang="${l}" lang="${l}"${l === lang ? ' aria-current="true"' : ''}>${escapeHtml(LANGUAGE_NAMES[l] ?? l)}</a></li>`)
          .join('')}</ul></nav>`
      : '';
  const home = mode.kind === 'site' ? releaseBase(view.workspace.slug, view.version) + langQuery(view, lang) : '#content';
  return `<header class="masthead">
<p class="kicker"><a href="${escapeHtml(home)}">${escapeHtml(view.workspace.name)}</a></p>
<p class="edition">${escapeHtml(strings.version(view.version))} · <time datetime="${escapeHtml(view.date)}">${escapeHtml(strings.published(formatReleaseDate(view.date, lang)))}</time></p>
${switcher}
${mode.kind === 'site' ? searchForm(view, lang, '') : ''}
</header>`;
}

/** The release's search form: a plain GET form, so it works without script. */
function searchForm(view: ReleaseView, lang: string, query: string): string {
  const strings = releaseStrings(lang);
  const action = `${releaseBase(view.workspace.slug, view.version)}_search/`;
  const langField = langQuery(view, lang) ? `<input type="hidden" name="lang" value="${escapeHtml(lang)}">` : '';
  return `<form class="release-search" role="search" method="get" action="${escapeHtml(action)}"><label for="release-q">${escapeHtml(strings.search.label)}</label> <input id="release-q" type="search" name="q" value="${escapeHtml(query)}" maxlength="200"> ${langField}<button type="submit">${escapeHtml(strings.search.button)}</button></form>`;
}

/** One search result on the published site: the section, a snippet with the matches marked, a link to the block. */
export interface ReleaseSearchHit {
  sectionSlug: string | null;
  sectionTitle: string;
  blockId: string | null;
  snippet: { text: string; hit: boolean }[];
}

/** The results of a search within one release (`/p/<slug>/<version>/_search/?q=`). */
export function renderSearchPage(view: ReleaseView, lang: string, query: string, hits: readonly ReleaseSearchHit[]): string {
  const strings = releaseStrings(lang);
  const mode: PageMode = { kind: 'site' };
  const page = `../${langQuery(view, lang)}`;
  const list = hits.length
    ? `<ol class="search-results">${hits
        .map((hit) => {
          const target = hit.blockId ? `#b-${hit.blockId}` : hit.sectionSlug ? `#s-${hit.sectionSlug}` : '';
          const snippet = hit.snippet.map((seg) => (seg.hit ? `<mark>${escapeHtml(seg.text)}</mark>` : escapeHtml(seg.text))).join('');
          return `<li><p><a href="${escapeHtml(page + target)}">${escapeHtml(hit.sectionTitle)}</a></p><p>${snippet}</p></li>`;
        })
        .join('\n')}</ol>`
    : `<p>${escapeHtml(query ? strings.search.none : strings.search.prompt)}</p>`;
  return `${head(view, lang, `${query ? strings.search.title(query) : strings.search.label} · ${view.workspace.name} ${strings.version(view.version)}`, mode)}
${header(view, lang, mode, false)}
<main id="content" tabindex="-1">
<h1>${escapeHtml(query ? strings.search.title(query) : strings.search.label)}</h1>
${searchForm(view, lang, query)}
${list}
</main>
${footer(view, lang, mode)}
</body>
</html>
`;
}

function footer(view: ReleaseView, lang: string, mode: PageMode): string {
  if (mode.kind !== 'site') return '';
  const strings = releaseStrings(lang);
  const base = releaseBase(view.workspace.slug, view.version);
  const q = langQuery(view, lang);
  const file = `${view.workspace.slug}-${view.version}`;
  // The bilingual booklets (issue 20): the lead language beside each other language.
  const leadLang = view.manifest.languages[0] ?? '';
  const booklets = releaseLanguages(view)
    .filter((target) => target !== leadLang)
    .map((target) => {
      const pair = `${leadLang.toUpperCase()}–${target.toUpperCase()}`;
      const name = encodeURIComponent(`${file}-${leadLang}-${target}`);
      return `<li><a href="${base}_export/${name}.html${q}">${escapeHtml(strings.exportBooklet(pair))}</a></li>\n<li><a href="${base}_export/${name}.docx${q}">${escapeHtml(strings.exportBookletDocx(pair))}</a></li>\n`;
    })
    .join('');
  return `<footer class="colophon">
<ul>
<li><a href="${base}_changes/${q}">${escapeHtml(strings.changes)}</a></li>
<li><a href="${base}_export/${encodeURIComponent(file)}.html${q}">${escapeHtml(strings.exportHtml)}</a></li>
<li><a href="${base}_export/${encodeURIComponent(file)}.zip">${escapeHtml(strings.exportMarkdown)}</a></li>
<li><a href="${base}_export/${encodeURIComponent(file)}.docx${q}">${escapeHtml(strings.exportDocx)}</a></li>
${booklets}</ul>
</footer>`;
}

function notesHtml(notes: string): string {
  return notes
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean)
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}

/** The table of contents: nested ordered lists following the sections' depth. */
function tocHtml(view: ReleaseView, sections: readonly ManifestSection[], lang: string, href: (section: ManifestSection) => string): string {
  const fallback = releaseLanguages(view);
  interface TocNode {
    section: ManifestSection;
    children: TocNode[];
  }
  const roots: TocNode[] = [];
  const stack: TocNode[] = [];
  for (const section of sections) {
    const node: TocNode = { section, children: [] };
    while (stack.length && stack[stack.length - 1].section.depth >= section.depth) stack.pop();
    (stack.length ? stack[stack.length - 1].children : roots).push(node);
    stack.push(node);
  }
  const list = (nodes: readonly TocNode[]): string =>
    `<ol>${nodes
      .map((node) => `<li><a href="${escapeHtml(href(node.section))}">${escapeHtml(titleOf(node.section, lang, fallback))}</a>${node.children.length ? list(node.children) : ''}</li>`)
      .join('')}</ol>`;
  return list(roots);
}

/** The sections as nested `<section>` elements, each with its heading and blocks. */
function sectionsHtml(view: ReleaseView, sections: readonly ManifestSection[], lang: string, mode: PageMode, topLevel: number): string {
  const strings = releaseStrings(lang);
  const fallback = releaseLanguages(view);
  const base = sections[0]?.depth ?? 0;
  let html = '';
  const open: number[] = [];
  for (const section of sections) {
    const depth = Math.max(section.depth - base, 0);
    while (open.length && open[open.length - 1] >= depth) {
      open.pop();
      html += '</section>\n';
    }
    const level = Math.min(6, topLevel + depth);
    const chosen = section.revisions[lang] ? lang : fallback.find((l) => section.revisions[l]);
    const revision = chosen ? section.revisions[chosen] : null;
    const title = titleOf(section, lang, fallback);
    const headingId = `h-${section.slug}`;
    const langAttr = chosen && chosen !== lang ? ` lang="${escapeHtml(chosen)}"` : '';
    html += `<section id="s-${escapeHtml(section.slug)}" aria-labelledby="${escapeHtml(headingId)}"${langAttr}>\n`;
    html += `<h${level} id="${escapeHtml(headingId)}">${escapeHtml(title)}</h${level}>\n`;
    if (chosen && chosen !== lang) html += `<p class="untranslated" lang="${escapeHtml(lang)}">${escapeHtml(strings.notTranslated)}</p>\n`;
    if (revision) {
      // A translation (not the lead language) shows the lead's passages it lacks, in the lead language.
      const leadLang = fallback[0];
      const leadRevision = chosen === lang && leadLang && leadLang !== lang ? section.revisions[leadLang] : null;
      const own = view.content(revision.docName, revision.number);
      const merged = leadRevision ? withLeadFallback(own, view.content(leadRevision.docName, leadRevision.number)) : { blocks: own, fallback: new Set<PmJson>() };
      html += renderReleaseBlocks(merged.blocks, {
        headingLevel: level,
        imageSrc: mode.imageSrc,
        permalinkLabel: strings.permalink,
        permalinks: mode.kind === 'site',
        legal: { numbers: view.articleNumbers, lang: chosen ?? lang, note: view.articleNote ? (id) => view.articleNote!(id, lang) : undefined },
        langOf: (block) => (merged.fallback.has(block) ? leadLang : undefined),
        noteOf: (block) => (chosen === lang && typeof block.attrs?.id === 'string' && view.outdated?.(section.sectionId, lang).has(block.attrs.id) ? strings.mayBeOutdated : undefined),
      });
      html += '\n';
    }
    open.push(depth);
  }
  html += '</section>\n'.repeat(open.length);
  return html;
}

/** The whole release on one page (CONTRACT.md), or its self-contained export. */
export function renderReleasePage(view: ReleaseView, lang: string, mode: PageMode): string {
  const strings = releaseStrings(lang);
  const text = view.notesIn?.(lang) ?? view.notes;
  const notes = text.trim()
    ? `<section class="notes" aria-labelledby="notes-title">\n<h2 id="notes-title">${escapeHtml(strings.notes)}</h2>\n${notesHtml(text)}\n</section>\n`
    : '';
  return `${head(view, lang, `${view.workspace.name} · ${strings.version(view.version)}`, mode, true)}
${header(view, lang, mode, true)}
<main id="content" tabindex="-1">
<h1>${escapeHtml(view.workspace.name)} <span class="version">${escapeHtml(strings.version(view.version))}</span></h1>
<nav class="toc" aria-labelledby="toc-title">
<h2 id="toc-title">${escapeHtml(strings.contents)}</h2>
${tocHtml(view, view.manifest.sections, lang, (section) => `#s-${section.slug}`)}
</nav>
${notes}${sectionsHtml(view, view.manifest.sections, lang, mode, 2)}</main>
${footer(view, lang, mode)}
</body>
</html>
`;
}

/** One section (and its subsections) on its own page; null when the release has no such section. */
export function renderSectionPage(view: ReleaseView, lang: string, slug: string): string | null {
  const index = view.manifest.sections.findIndex((section) => section.slug === slug);
  if (index < 0) return null;
  const first = view.manifest.sections[index];
  const sections = [first];
  for (const section of view.manifest.sections.slice(index + 1)) {
    if (section.depth <= first.depth) break;
    sections.push(section);
  }
  const strings = releaseStrings(lang);
  const mode: PageMode = { kind: 'site', imageSrc: (src) => `../_media/${src.slice('/media/'.length)}` };
  const title = titleOf(first, lang, releaseLanguages(view));
  const whole = `../${langQuery(view, lang)}#s-${first.slug}`;
  return `${head(view, lang, `${title} · ${view.workspace.name} ${strings.version(view.version)}`, mode, true)}
${header(view, lang, mode, true)}
<main id="content" tabindex="-1">
<h1>${escapeHtml(view.workspace.name)} <span class="version">${escapeHtml(strings.version(view.version))}</span></h1>
<nav class="toc" aria-labelledby="toc-title">
<h2 id="toc-title">${escapeHtml(strings.contents)}</h2>
<p><a href="${escapeHtml(whole)}">${escapeHtml(strings.wholeRelease)}</a></p>
${tocHtml(view, sections, lang, (section) => `#s-${section.slug}`)}
</nav>
${sectionsHtml(view, sections, lang, mode, 2)}</main>
${footer(view, lang, mode)}
</body>
</html>
`;
}

/** The changelog page: notes on top, then what changed since the previous release, and the compare form. */
export function renderChangelogPage(view: ReleaseView, lang: string): string {
  const strings = releaseStrings(lang);
  const mode: PageMode = { kind: 'site' };
  const log = view.changelog;
  const base = releaseBase(view.workspace.slug, view.version);
  const badge = { added: strings.added, changed: strings.changed, removed: strings.removed };
  const entries = log.entries.length
    ? `<ul class="changes">${log.entries
        .map((entry) => {
          const link = entry.change === 'removed' ? escapeHtml(entry.title) : `<a href="${base}${langQuery(view, lang)}#s-${escapeHtml(entry.slug)}">${escapeHtml(entry.title)}</a>`;
          const summaries = entry.summaries.filter((s) => s.lang === lang || !entry.summaries.some((x) => x.lang === lang));
          return `<li><p><span class="badge badge-${entry.change}">${escapeHtml(badge[entry.change])}</span> ${link}</p>${
            summaries.length ? `<ul>${summaries.map((s) => `<li>${escapeHtml(s.summary)}</li>`).join('')}</ul>` : ''
          }${entry.suggestionsAccepted ? `<p class="meta">${escapeHtml(strings.suggestionsAccepted(entry.suggestionsAccepted))}</p>` : ''}${
            entry.organisations.length ? `<p class="meta">${escapeHtml(strings.contributors)}: ${escapeHtml(entry.organisations.join(', '))}</p>` : ''
          }</li>`;
        })
        .join('\n')}</ul>`
    : `<p>${escapeHtml(strings.noChanges)}</p>`;
  const totals = [
    log.suggestionsAccepted ? strings.suggestionsAccepted(log.suggestionsAccepted) : null,
    log.threadsAddressed ? strings.threadsAddressed(log.threadsAddressed) : null,
  ].filter(Boolean);
  const compare = view.earlier.length
    ? `<form class="compare" method="get" action="${base}_diff/">
<h2 id="compare-title">${escapeHtml(strings.compare)}</h2>
<label for="from">${escapeHtml(strings.compareWith)}</label>
<select id="from" name="from">${view.earlier.map((v) => `<option value="${escapeHtml(v)}">${escapeHtml(v)}</option>`).join('')}</select>
${lang === releaseLanguages(view)[0] ? '' : `<input type="hidden" name="lang" value="${escapeHtml(lang)}">`}
<button type="submit">${escapeHtml(strings.show)}</button>
</form>`
    : '';
  return `${head(view, lang, `${strings.changes} · ${view.workspace.name} ${strings.version(view.version)}`, mode)}
${header(view, lang, mode, true)}
<main id="content" tabindex="-1">
<h1>${escapeHtml(strings.changes)} <span class="version">${escapeHtml(strings.version(view.version))}</span></h1>
${(view.notesIn?.(lang) ?? view.notes).trim() ? `<section class="notes" aria-labelledby="notes-title"><h2 id="notes-title">${escapeHtml(strings.notes)}</h2>${notesHtml(view.notesIn?.(lang) ?? view.notes)}</section>` : ''}
<section aria-labelledby="since-title">
<h2 id="since-title">${escapeHtml(log.previous ? strings.since(log.previous) : strings.firstRelease)}</h2>
${totals.length ? `<p class="meta">${escapeHtml(totals.join(' · '))}</p>` : ''}
${view.articleChanges?.(lang) ? `<p class="article-changes">${escapeHtml(view.articleChanges(lang))}</p>` : ''}
${log.organisations.length ? `<p class="meta">${escapeHtml(strings.contributors)}: ${escapeHtml(log.organisations.join(', '))}</p>` : ''}
${entries}
</section>
${compare}
</main>
${footer(view, lang, mode)}
</body>
</html>
`;
}

function partsHtml(parts: readonly InlinePart[], strings: ReleaseStrings): string {
  return parts
    .map((part) => {
      if (part.boundary) return part.boundary === 'block' ? '<br>' : ' | ';
      const text = escapeHtml(part.text).replace(/\n/g, '<br>');
      if (part.op === 'insert') return `<ins title="${escapeHtml(strings.inserted)}">${text}</ins>`;
      if (part.op === 'delete') return `<del title="${escapeHtml(strings.deleted)}">${text}</del>`;
      return text;
    })
    .join('');
}

/** The difference between two releases, section by section, inline. */
export function renderDiffPage(view: ReleaseView, lang: string, diff: ReleaseDiff): string {
  const strings = releaseStrings(lang);
  const mode: PageMode = { kind: 'site' };
  const badge = { added: strings.added, changed: strings.changed, removed: strings.removed };
  const sections = diff.sections
    .filter((section) => section.lang === lang || !diff.sections.some((s) => s.sectionId === section.sectionId && s.lang === lang))
    .map((section) => {
      const blocks = section.diff.blocks
        .map((block) => {
          if (block.kind === 'unchanged') return '';
          if (block.kind === 'inserted') return `<p class="d-block"><ins>${escapeHtml(renderBlocksText([block.block]))}</ins></p>`;
          if (block.kind === 'deleted') return `<p class="d-block"><del>${escapeHtml(renderBlocksText([block.block]))}</del></p>`;
          if (!block.parts) return `<p class="d-block"><del>${escapeHtml(renderBlocksText([block.before]))}</del><br><ins>${escapeHtml(renderBlocksText([block.after]))}</ins></p>`;
          if (block.kind === 'moved' && !block.changed) return '';
          return `<p class="d-block">${partsHtml(block.parts, strings)}</p>`;
        })
        .filter(Boolean)
        .join('\n');
      return `<section class="d-section" aria-labelledby="d-${escapeHtml(section.slug)}-${escapeHtml(section.lang)}">
<h2 id="d-${escapeHtml(section.slug)}-${escapeHtml(section.lang)}"><span class="badge badge-${section.change}">${escapeHtml(badge[section.change])}</span> ${escapeHtml(section.title)} <span class="lang">${escapeHtml(section.lang.toUpperCase())}</span></h2>
${blocks}
</section>`;
    })
    .join('\n');
  return `${head(view, lang, `${strings.diffTitle(diff.from, diff.to)} · ${view.workspace.name}`, mode)}
${header(view, lang, mode, false)}
<main id="content" tabindex="-1">
<h1>${escapeHtml(strings.diffTitle(diff.from, diff.to))}</h1>
${sections || `<p>${escapeHtml(strings.noChanges)}</p>`}
<p class="meta">${escapeHtml(strings.unchanged(diff.unchanged))}</p>
</main>
${footer(view, lang, mode)}
</body>
</html>
`;
}

/** What the consolidated page says above the text (issue 24). */
export interface ConsolidatedInfo {
  /** "Geconsolideerde tekst op 1 januari 2027". */
  title: string;
  /** "Tekst van release 2, van kracht sinds …". */
  basis: string;
  /** Other days worth looking at (each adoption's first day in force), as links. */
  pointsInTime: { label: string; href: string; current: boolean }[];
  pointsInTimeLabel: string;
}

/** The consolidated text on a day (`/p/<ws>/@<date>/`): the release in force, with a note under each changed article. */
export function renderConsolidatedPage(view: ReleaseView, lang: string, info: ConsolidatedInfo): string {
  const strings = releaseStrings(lang);
  const mode: PageMode = { kind: 'site', noScript: true, imageSrc: (src) => `${releaseBase(view.workspace.slug, view.version)}_media/${src.slice('/media/'.length)}` };
  const points = info.pointsInTime.length
    ? `<nav class="points-in-time" aria-label="${escapeHtml(info.pointsInTimeLabel)}"><ul>${info.pointsInTime
        .map((point) => `<li><a href="${escapeHtml(point.href)}"${point.current ? ' aria-current="page"' : ''}>${escapeHtml(point.label)}</a></li>`)
        .join('')}</ul></nav>`
    : '';
  return `${head(view, lang, `${info.title} · ${view.workspace.name}`, mode)}
${header(view, lang, mode, true)}
<main id="content" tabindex="-1">
<h1>${escapeHtml(view.workspace.name)} <span class="version">${escapeHtml(info.title)}</span></h1>
<p class="in-force">${escapeHtml(info.basis)}</p>
${points}
<nav class="toc" aria-labelledby="toc-title">
<h2 id="toc-title">${escapeHtml(strings.contents)}</h2>
${tocHtml(view, view.manifest.sections, lang, (section) => `#s-${section.slug}`)}
</nav>
${sectionsHtml(view, view.manifest.sections, lang, mode, 2)}</main>
${footer(view, lang, mode)}
</body>
</html>
`;
}

/**
 * Finding one's way on a section page (issue 21): the breadcrumb (Workspaces / workspace /
 * parent sections / this one), the workspace's outline as a disclosure with the current
 * section marked (aria-current) and its review and translation badges, and previous/next
 * links in outline order. Archived sections are skipped, as in the workspace's outline.
 */
import { useTranslation } from 'react-i18next';
import type { Section, Workspace } from '../api/types.js';
import { sectionPath, workspacePath } from '../routes/navigation.js';
import { Link } from './Link.js';
import { localTitle } from './localTitle.js';
import { SectionBadges } from './Outline.js';
import { buildOutline, type OutlineNode } from './outlineTree.js';

interface Props {
  workspace: Workspace;
  section: Section;
  /** The language the page is read in (titles are shown in it when they exist). */
  lang?: string | null;
}

/** The live sections, depth-first: the reading order of previous/next. */
function readingOrder(nodes: OutlineNode[]): Section[] {
  return nodes.flatMap((node) => (node.section.archived ? [] : [node.section, ...readingOrder(node.children)]));
}

/** The section's ancestors, outermost first. */
function ancestorsOf(sections: Section[], section: Section): Section[] {
  const byId = new Map(sections.map((s) => [s.id, s]));
  const chain: Section[] = [];
  let parent = section.parentId ? byId.get(section.parentId) : undefined;
  while (parent && !chain.includes(parent)) {
    chain.unshift(parent);
    parent = parent.parentId ? byId.get(parent.parentId) : undefined;
  }
  return chain;
}

export function SectionNavigation({ workspace, section, lang }: Props) {
  const { t } = useTranslation();
  const lead = workspace.languages[0];
  const reading = lang ?? lead;
  const titleOf = (s: Section) => localTitle(s, reading, lead).text || t('outline.untitled');
  const hrefOf = (s: Section) => sectionPath(workspace.slug, s.slug, lang ?? undefined);
  const tree = buildOutline(workspace.sections);
  const order = readingOrder(tree);
  const index = order.findIndex((s) => s.id === section.id);
  const previous = index > 0 ? order[index - 1] : undefined;
  const next = index >= 0 ? order[index + 1] : undefined;

  const renderNodes = (nodes: OutlineNode[]) => (
    <ul>
      {nodes
        .filter((node) => !node.section.archived)
        .map((node) => (
          <li key={node.section.id}>
            <span className="outline-title">
              <Link href={hrefOf(node.section)} aria-current={node.section.id === section.id ? 'page' : undefined}>
                {titleOf(node.section)}
              </Link>
              <SectionBadges section={node.section} />
            </span>
            {node.children.length > 0 && renderNodes(node.children)}
          </li>
        ))}
    </ul>
  );

  return (
    <>
      <nav className="breadcrumb" aria-label={t('sectionNav.breadcrumb')}>
        <ol>
          <li>
            <Link href="/">{t('app.home')}</Link>
          </li>
          <li>
            <Link href={workspacePath(workspace.slug)}>{workspace.name}</Link>
          </li>
          {ancestorsOf(workspace.sections, section).map((parent) => (
            <li key={parent.id}>
              <Link href={hrefOf(parent)}>{titleOf(parent)}</Link>
            </li>
          ))}
          <li>
            <span aria-current="page">{titleOf(section)}</span>
          </li>
        </ol>
      </nav>
      <details className="section-outline">
        <summary>{t('sectionNav.outline')}</summary>
        <nav aria-label={t('outline.label', { workspace: workspace.name })}>{renderNodes(tree)}</nav>
      </details>
      <SectionPager previous={previous} next={next} titleOf={titleOf} hrefOf={hrefOf} />
    </>
  );
}

/** Previous / next section, in outline order. */
export function SectionPager({ previous, next, titleOf, hrefOf }: { previous?: Section; next?: Section; titleOf(s: Section): string; hrefOf(s: Section): string }) {
  const { t } = useTranslation();
  if (!previous && !next) return null;
  return (
    <nav className="section-pager" aria-label={t('sectionNav.pager')}>
      {previous && (
        <Link href={hrefOf(previous)} rel="prev" className="pager-previous">
          <span aria-hidden="true">← </span>
          {t('sectionNav.previous', { title: titleOf(previous) })}
        </Link>
      )}
      {next && (
        <Link href={hrefOf(next)} rel="next" className="pager-next">
          {t('sectionNav.next', { title: titleOf(next) })}
          <span aria-hidden="true"> →</span>
        </Link>
      )}
    </nav>
  );
}

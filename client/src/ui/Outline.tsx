/**
 * A workspace's outline: the section tree with links to each section, and for staff and
 * admins the tools to add, rename, archive and move sections — by drag and drop, and by
 * buttons for keyboard and screen-reader users.
 */
import { useEffect, useRef, useState, type DragEvent, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../api/describeError.js';
import type { Section, Workspace } from '../api/types.js';
import { createSection, moveSection, renameSection, setSectionArchived } from '../api/workspaces.js';
import { LIMITS } from '../../../shared/limits.js';
import { sectionPath } from '../routes/navigation.js';
import { Link } from './Link.js';
import { localTitle } from './localTitle.js';
import { TranslationBadges } from './TranslationBadges.js';
import { buildOutline, isNoOp, planDrop, planMove, type DropPlacement, type MoveAction, type MovePlan, type OutlineNode } from './outlineTree.js';

interface OutlineProps {
  workspace: Workspace;
  /** Staff and admins manage the outline. */
  canManage: boolean;
  /** Reloads the workspace after a change (the event stream also does). */
  reload: () => Promise<void>;
}

interface DropTarget {
  id: string;
  placement: DropPlacement;
}

/** Shared state and actions handed to every row. */
interface RowContext {
  sections: Section[];
  canManage: boolean;
  renamingId: string | null;
  dropTarget: DropTarget | null;
  startRename(id: string | null): void;
  rename(section: Section, titles: Record<string, string>): Promise<void>;
  move(section: Section, action: MoveAction): void;
  setArchived(section: Section, archived: boolean): void;
  dragStart(id: string): void;
  dragOver(event: DragEvent<HTMLElement>, id: string): void;
  drop(event: DragEvent<HTMLElement>, id: string): void;
  dragEnd(): void;
  workspaceSlug: string;
  /** The workspace's languages, the lead first. */
  languages: string[];
  /** The language titles are shown in (the interface's, when the workspace has it). */
  readingLang: string;
}

const MOVE_ACTIONS: MoveAction[] = ['up', 'down', 'indent', 'outdent'];
const MOVE_LABEL_KEYS: Record<MoveAction, { text: string; label: string; glyph: string }> = {
  up: { text: 'outline.moveUp', label: 'outline.moveUpLabel', glyph: '↑' },
  down: { text: 'outline.moveDown', label: 'outline.moveDownLabel', glyph: '↓' },
  indent: { text: 'outline.indent', label: 'outline.indentLabel', glyph: '→' },
  outdent: { text: 'outline.outdent', label: 'outline.outdentLabel', glyph: '←' },
};

function focusKey(id: string, action: string): string {
  return `${id}:${action}`;
}

/** A section's review state per language and its translation badges (outline and section page). */
export function SectionBadges({ section }: { section: Section }) {
  const { t } = useTranslation();
  return (
    <>
      {Object.entries(section.review ?? {}).map(([lang, state]) => (
        <span key={lang} className={`badge review-badge review-${state}`} title={t('review.stateLabel', { state: t(`review.state_${state}`) })}>
          {Object.keys(section.review ?? {}).length > 1 ? `${lang.toUpperCase()} · ` : ''}
          {t(`review.state_${state}`)}
        </span>
      ))}
      <TranslationBadges section={section} />
    </>
  );
}

function OutlineItem({ node, ctx }: { node: OutlineNode; ctx: RowContext }) {
  const { t } = useTranslation();
  const { section } = node;
  const lead = ctx.languages[0];
  const shown = localTitle(section, ctx.readingLang, lead);
  const title = shown.text || t('outline.untitled');
  const currentTitles = () => Object.fromEntries(ctx.languages.map((lang) => [lang, section.titles?.[lang] ?? (lang === lead ? section.title : '')]));
  const [draft, setDraft] = useState<Record<string, string>>(currentTitles);
  const renaming = ctx.renamingId === section.id;
  const drop = ctx.dropTarget?.id === section.id ? ctx.dropTarget.placement : null;
  const href = section.url || sectionPath(ctx.workspaceSlug, section.slug);

  useEffect(() => {
    if (renaming) setDraft(currentTitles());
  }, [renaming, section.title, JSON.stringify(section.titles)]);

  const handleRenameSubmit = (event: FormEvent) => {
    event.preventDefault();
    const before = currentTitles();
    // Only the languages whose title changed; an emptied one is cleared (the lead's is required).
    const changed = Object.fromEntries(ctx.languages.map((lang) => [lang, (draft[lang] ?? '').trim()]).filter(([lang, value]) => value !== before[lang]));
    if (!Object.keys(changed).length || changed[lead] === '') return ctx.startRename(null);
    void ctx.rename(section, changed);
  };

  const handleRenameKey = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      ctx.startRename(null);
    }
  };

  const draggable = ctx.canManage && !section.archived && !renaming;

  return (
    <li className="outline-item">
      <div
        className={`outline-row${drop ? ` drop-${drop}` : ''}${section.archived ? ' archived' : ''}`}
        data-section-id={section.id}
        draggable={draggable}
        onDragStart={draggable ? (event) => {
          event.dataTransfer.effectAllowed = 'move';
          event.dataTransfer.setData('text/plain', section.id);
          ctx.dragStart(section.id);
        } : undefined}
        onDragOver={ctx.canManage ? (event) => ctx.dragOver(event, section.id) : undefined}
        onDrop={ctx.canManage ? (event) => ctx.drop(event, section.id) : undefined}
        onDragEnd={ctx.canManage ? ctx.dragEnd : undefined}
      >
        {draggable && (
          <span className="drag-handle" aria-hidden="true" title={t('outline.dragHandle', { title })}>
            ⠿
          </span>
        )}
        {renaming ? (
          <form className="rename-form" onSubmit={handleRenameSubmit}>
            {ctx.languages.map((lang, index) => (
              <span key={lang} className="rename-field">
                <label className={ctx.languages.length > 1 ? 'rename-lang' : 'visually-hidden'} htmlFor={`rename-${section.id}-${lang}`}>
                  {ctx.languages.length > 1
                    ? t('outline.titleIn', { language: t(`languageNames.${lang}`, { defaultValue: lang.toUpperCase() }) })
                    : t('outline.renameInput', { title })}
                </label>
                <input
                  id={`rename-${section.id}-${lang}`}
                  lang={lang}
                  autoFocus={index === 0}
                  required={index === 0}
                  maxLength={LIMITS.maxTitleChars}
                  value={draft[lang] ?? ''}
                  onChange={(event) => setDraft({ ...draft, [lang]: event.target.value })}
                  onKeyDown={handleRenameKey}
                />
              </span>
            ))}
            <button type="submit" className="button small primary">
              {t('outline.save')}
            </button>
            <button type="button" className="button small secondary" onClick={() => ctx.startRename(null)}>
              {t('outline.cancel')}
            </button>
          </form>
        ) : (
          <span className="outline-title">
            {section.archived ? (
              <span lang={shown.fallback ? shown.lang : undefined}>{title}</span>
            ) : (
              <Link href={href} data-focus={focusKey(section.id, 'link')} lang={shown.fallback ? shown.lang : undefined}>
                {title}
              </Link>
            )}
            {shown.fallback && (
              <span className="badge muted-badge title-fallback" title={t('outline.titleFallbackHint')}>
                {t('outline.titleFallback', { lang: shown.lang.toUpperCase() })}
              </span>
            )}
            {section.archived && <span className="badge muted-badge">{t('outline.archivedBadge')}</span>}
            {!section.archived && <SectionBadges section={section} />}
          </span>
        )}
        {ctx.canManage && !renaming && (
          <span className="row-actions">
            {!section.archived && (
              <>
                <button type="button" className="icon-button" aria-label={t('outline.renameLabel', { title })} title={t('outline.rename')} data-focus={focusKey(section.id, 'rename')} onClick={() => ctx.startRename(section.id)}>
                  <span aria-hidden="true">✎</span>
                </button>
                {MOVE_ACTIONS.map((action) => {
                  const possible = planMove(ctx.sections, section.id, action) !== null;
                  const keys = MOVE_LABEL_KEYS[action];
                  return (
                    <button
                      key={action}
                      type="button"
                      className="icon-button"
                      aria-label={t(keys.label, { title })}
                      title={t(keys.text)}
                      aria-disabled={possible ? undefined : true}
                      data-focus={focusKey(section.id, action)}
                      onClick={() => possible && ctx.move(section, action)}
                    >
                      <span aria-hidden="true">{keys.glyph}</span>
                    </button>
                  );
                })}
              </>
            )}
            <button
              type="button"
              className="button small secondary"
              aria-label={t(section.archived ? 'outline.unarchiveLabel' : 'outline.archiveLabel', { title })}
              data-focus={focusKey(section.id, 'archive')}
              onClick={() => ctx.setArchived(section, !section.archived)}
            >
              {t(section.archived ? 'outline.unarchive' : 'outline.archive')}
            </button>
          </span>
        )}
      </div>
      {node.children.length > 0 && (
        <ul className="outline-children">
          {node.children.map((child) => (
            <OutlineItem key={child.section.id} node={child} ctx={ctx} />
          ))}
        </ul>
      )}
    </li>
  );
}

/** The outline of one workspace. */
export function Outline({ workspace, canManage, reload }: OutlineProps) {
  const { t, i18n } = useTranslation();
  const uiLanguage = i18n.resolvedLanguage ?? i18n.language;
  const languages: string[] = workspace.languages;
  const lead = languages[0];
  const readingLang = languages.includes(uiLanguage) ? uiLanguage : lead;
  const [renamingId, setRenamingId] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [dropTarget, setDropTarget] = useState<DropTarget | null>(null);
  const [newTitles, setNewTitles] = useState<Record<string, string>>({});
  const [newParent, setNewParent] = useState('');
  const [adding, setAdding] = useState(false);
  const dragged = useRef<string | null>(null);
  const pendingFocus = useRef<string | null>(null);
  const listRef = useRef<HTMLDivElement>(null);

  const sections = workspace.sections;
  const tree = buildOutline(sections);
  const titleOf = (section: Section) => localTitle(section, readingLang, lead).text || t('outline.untitled');

  // After a change the list re-renders from the server's answer; put focus back on the
  // control the person used, so keyboard moves can be repeated.
  useEffect(() => {
    const key = pendingFocus.current;
    if (!key || !listRef.current) return;
    const target = listRef.current.querySelector<HTMLElement>(`[data-focus="${CSS.escape(key)}"]`);
    if (target) {
      target.focus();
      pendingFocus.current = null;
    }
  }, [sections]);

  const run = async (work: () => Promise<unknown>, success: string, focus?: string) => {
    setError(null);
    try {
      await work();
      if (focus) pendingFocus.current = focus;
      await reload();
      setAnnouncement(success);
    } catch (caught) {
      setError(describeError(caught, t));
      await reload();
    }
  };

  const applyMove = (section: Section, plan: MovePlan | null, focus?: string) => {
    if (!plan || isNoOp(sections, section.id, plan)) return;
    void run(() => moveSection(workspace.slug, section.id, plan.parentId, plan.position), t('outline.moved', { title: titleOf(section) }), focus);
  };

  const ctx: RowContext = {
    sections,
    canManage,
    renamingId,
    dropTarget,
    workspaceSlug: workspace.slug,
    languages,
    readingLang,
    startRename(id) {
      if (id === null && renamingId) pendingFocus.current = focusKey(renamingId, 'rename');
      setRenamingId(id);
      if (id === null) setTimeout(() => listRef.current?.querySelector<HTMLElement>(`[data-focus="${CSS.escape(pendingFocus.current ?? '')}"]`)?.focus());
    },
    async rename(section, titles) {
      setRenamingId(null);
      const title = titles[readingLang] || titles[lead] || titleOf(section);
      await run(() => renameSection(workspace.slug, section.id, { titles }), t('outline.renamed', { title }), focusKey(section.id, 'rename'));
    },
    move(section, action) {
      applyMove(section, planMove(sections, section.id, action), focusKey(section.id, action));
    },
    setArchived(section, archived) {
      void run(
        () => setSectionArchived(workspace.slug, section.id, archived),
        t(archived ? 'outline.archived' : 'outline.unarchived', { title: titleOf(section) }),
        focusKey(section.id, 'archive'),
      );
    },
    dragStart(id) {
      dragged.current = id;
    },
    dragOver(event, id) {
      const source = dragged.current;
      if (!source || source === id) return;
      const rect = event.currentTarget.getBoundingClientRect();
      const offset = (event.clientY - rect.top) / Math.max(rect.height, 1);
      const placement: DropPlacement = offset < 0.3 ? 'before' : offset > 0.7 ? 'after' : 'inside';
      if (!planDrop(sections, source, id, placement)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'move';
      if (dropTarget?.id !== id || dropTarget.placement !== placement) setDropTarget({ id, placement });
    },
    drop(event, id) {
      event.preventDefault();
      const source = dragged.current ?? event.dataTransfer.getData('text/plain');
      const placement = dropTarget?.id === id ? dropTarget.placement : 'after';
      dragged.current = null;
      setDropTarget(null);
      const section = sections.find((s) => s.id === source);
      if (section) applyMove(section, planDrop(sections, section.id, id, placement), focusKey(section.id, 'link'));
    },
    dragEnd() {
      dragged.current = null;
      setDropTarget(null);
    },
  };

  const handleCreate = async (event: FormEvent) => {
    event.preventDefault();
    const titles = Object.fromEntries(languages.map((lang) => [lang, (newTitles[lang] ?? '').trim()]).filter(([, value]) => value));
    if (!titles[lead]) return;
    const title = titles[readingLang] || titles[lead];
    setAdding(true);
    await run(() => createSection(workspace.slug, { titles, parentId: newParent || null }), t('outline.created', { title }));
    setNewTitles({});
    setAdding(false);
  };

  const flat = sections.filter((s) => !s.archived);
  const depthOf = new Map<string, number>();
  const walk = (nodes: OutlineNode[]) => nodes.forEach((n) => (depthOf.set(n.section.id, n.depth), walk(n.children)));
  walk(tree);

  return (
    <div className="outline">
      <nav aria-label={t('outline.label', { workspace: workspace.name })} ref={listRef}>
        {sections.length === 0 ? (
          <p className="empty-state">{canManage ? t('outline.emptyStaff') : t('outline.empty')}</p>
        ) : (
          <ul className="outline-tree">
            {tree.map((node) => (
              <OutlineItem key={node.section.id} node={node} ctx={ctx} />
            ))}
          </ul>
        )}
      </nav>
      {canManage && sections.length > 1 && <p className="hint">{t('outline.dragHint')}</p>}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="visually-hidden" aria-live="polite">
        {announcement}
      </div>
      {canManage && (
        <section className="card" aria-labelledby="new-section-title">
          <h2 id="new-section-title">{t('outline.newSection')}</h2>
          <form className="inline-form" onSubmit={(event) => void handleCreate(event)}>
            {languages.map((lang, index) => (
              <label key={lang} className="field">
                <span>
                  {languages.length > 1
                    ? t(index === 0 ? 'outline.newSectionTitleLead' : 'outline.newSectionTitleIn', { language: t(`languageNames.${lang}`, { defaultValue: lang.toUpperCase() }) })
                    : t('outline.newSectionTitle')}
                </span>
                <input
                  lang={lang}
                  required={index === 0}
                  maxLength={LIMITS.maxTitleChars}
                  value={newTitles[lang] ?? ''}
                  onChange={(event) => setNewTitles({ ...newTitles, [lang]: event.target.value })}
                />
              </label>
            ))}
            <label className="field">
              <span>{t('outline.parent')}</span>
              <select value={newParent} onChange={(event) => setNewParent(event.target.value)}>
                <option value="">{t('outline.topLevel')}</option>
                {flat.map((s) => (
                  <option key={s.id} value={s.id}>
                    {'\u2003'.repeat(depthOf.get(s.id) ?? 0)}
                    {titleOf(s)}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" className="button primary" disabled={adding}>
              {adding ? t('outline.adding') : t('outline.add')}
            </button>
          </form>
        </section>
      )}
    </div>
  );
}

/**
 * A section: its title, the language switch (each language is a separate document), the
 * read-only badge for people who may not edit, and the collaborative editor; above it the
 * breadcrumb, outline and previous/next (SectionNavigation).
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can } from '../../../shared/permissions.js';
import { useOutlineEvents } from '../api/useOutlineEvents.js';
import { useWorkspaces } from '../api/useWorkspaces.js';
import { CollabEditor } from '../editor/CollabEditor.js';
import { ReleaseFeedbackPanel } from '../editor/ReleaseFeedbackPanel.js';
import { Link } from '../ui/Link.js';
import { LoadError } from '../ui/LoadError.js';
import { WorkspaceNotFound } from '../ui/WorkspaceNotFound.js';
import { activityPath, navigate, sectionPath, useLocation, workspacePath } from './navigation.js';
import { draftRights, sectionDocument } from './sectionDocument.js';
import { SearchBox } from '../ui/SearchBox.js';
import { SectionNavigation } from '../ui/SectionNavigation.js';
import { useNarrowScreen } from '../ui/useNarrowScreen.js';
import { localName, localTitle } from '../ui/localTitle.js';
import { TranslationPanel } from '../editor/TranslationPanel.js';

/** The section page. */
export function SectionPage({ workspaceSlug, sectionSlug }: { workspaceSlug: string; sectionSlug: string }) {
  const { t, i18n } = useTranslation();
  const { search } = useLocation();
  const { state, reload } = useWorkspaces();
  const narrow = useNarrowScreen();

  const requested = search.get('lang');
  const focusThread = search.get('thread');
  const uiLanguage = i18n.resolvedLanguage ?? i18n.language;
  const { workspace, section, languages, lang, docName } = sectionDocument(state.type === 'ready' ? state.value : [], workspaceSlug, sectionSlug, requested, uiLanguage);

  // The open draft's comment threads are refetched when the workspace's stream says they changed.
  const [threadsVersion, setThreadsVersion] = useState(0);
  const handleThreads = useCallback((event: { docName: string }) => {
    if (event.docName === docName) setThreadsVersion((n) => n + 1);
  }, [docName]);
  useOutlineEvents(workspaceSlug, reload, handleThreads);

  // The title in the language being read, else the lead language's (marked below).
  const shownTitle = section && workspace ? localTitle(section, lang, workspace.languages[0]) : null;
  useEffect(() => {
    if (shownTitle && workspace) document.title = `${shownTitle.text} · ${localName(workspace, lang)} · ${t('app.name')}`;
  }, [shownTitle?.text, workspace, lang, t]);

  // A search result names a block (`?block=`): scroll to it once the editor shows it. The
  // highlight is a style rule, not a class: ProseMirror redraws nodes whose DOM others touch.
  const block = search.get('block');
  useEffect(() => {
    if (!block) return;
    let tries = 0;
    const timer = setInterval(() => {
      const element = document.querySelector(`.ProseMirror [data-id="${CSS.escape(block)}"]`);
      if (element || ++tries > 50) clearInterval(timer);
      element?.scrollIntoView({ block: 'center' });
    }, 100);
    return () => clearInterval(timer);
  }, [block, lang]);

  // Keep the chosen language in the address, so it can be shared and reloaded.
  useEffect(() => {
    if (section && lang && requested !== lang) navigate(sectionPath(workspaceSlug, section.slug, lang) + (focusThread ? `&thread=${encodeURIComponent(focusThread)}` : ''), { replace: true });
  }, [section, lang, requested, workspaceSlug, focusThread]);

  if (state.type === 'loading') return <p className="muted">{t('app.loading')}</p>;
  if (state.type === 'error') return <LoadError error={state.error} onRetry={() => void reload()} />;
  if (!workspace) return <WorkspaceNotFound />;
  if (!section) {
    return (
      <div className="empty-state">
        <p>{t('section.notFound')}</p>
        <Link href={workspacePath(workspace.slug)}>{t('section.backToWorkspace', { workspace: workspace.name })}</Link>
      </div>
    );
  }

  const { policy, canEdit, canSuggest, canComment, canModerate } = draftRights(workspace);
  const readOnly = !canEdit && !canSuggest;
  const searchBox = <SearchBox workspaceSlug={workspace.slug} languages={workspace.languages} section={{ id: section.id, title: shownTitle?.text ?? section.title }} />;

  return (
    <div className="page section-page">
      <SectionNavigation workspace={workspace} section={section} lang={lang} />
      {narrow ? (
        <details className="section-tools">
          <summary>{t('sectionNav.search')}</summary>
          {searchBox}
        </details>
      ) : (
        searchBox
      )}
      {block && <style>{`.ProseMirror [data-id="${CSS.escape(block)}"] { outline: 3px solid #ffd24a; outline-offset: 2px; }`}</style>}
      <div className="section-header">
        <h1 lang={shownTitle?.fallback ? shownTitle.lang : undefined}>{shownTitle?.text ?? section.title}</h1>
        {shownTitle?.fallback && (
          <span className="badge muted-badge title-fallback" title={t('outline.titleFallbackHint')}>
            {t('outline.titleFallback', { lang: shownTitle.lang.toUpperCase() })}
          </span>
        )}
        {readOnly && (
          <span className="badge readonly-badge" title={t('section.readOnlyHint')}>
            {t('section.readOnly')}
          </span>
        )}
      </div>
      {readOnly && <p className="hint">{t('section.readOnlyHint')}</p>}
      {languages.length > 1 && (
        <nav className="text-languages" aria-label={t('section.textLanguage')}>
          <ul>
            {languages.map((code) => (
              <li key={code}>
                <Link href={sectionPath(workspace.slug, section.slug, code)} aria-current={code === lang ? 'page' : undefined} lang={code} hrefLang={code}>
                  {t(`languages.${code}`, { defaultValue: code.toUpperCase() })}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
      {lang && lang !== workspace.languages[0] && (
        <TranslationPanel
          key={`translation-${section.docs[lang]}`}
          docName={section.docs[lang]}
          lang={lang}
          sourceLang={workspace.languages[0]}
          canManage={can(workspace.role, 'translation.manage', policy)}
          refreshKey={`${JSON.stringify(section.translation?.[lang] ?? null)}:${section.review?.[workspace.languages[0]] ?? ''}`}
        />
      )}
      {lang ? (
        <CollabEditor
          key={section.docs[lang]}
          docName={section.docs[lang]}
          canEdit={canEdit}
          canSuggest={canSuggest}
          workspaceSlug={workspace.slug}
          onCapabilityChanged={() => void reload()}
          review={{ canRequest: can(workspace.role, 'revision.request', policy), canApprove: can(workspace.role, 'revision.approve', policy), canRestore: can(workspace.role, 'revision.restore', policy), minorChanges: lang === workspace.languages[0] && workspace.languages.length > 1 }}
          reviewKey={`${section.review?.[lang] ?? ''}:${workspace.fourEyes}`}
          canComment={canComment}
          canModerate={canModerate}
          threadsVersion={threadsVersion}
          focusThread={focusThread}
          foldReview={narrow}
        />
      ) : (
        <p className="empty-state">{t('section.noLanguages')}</p>
      )}
      {lang && <ReleaseFeedbackPanel docName={section.docs[lang]} />}
      {can(workspace.role, 'activity.read') && (
        <p className="section-activity-link">
          <Link href={activityPath(workspace.slug, section.id)}>{t('activity.sectionLink')}</Link>
        </p>
      )}
    </div>
  );
}

/**
 * A workspace: its name, languages, the person's role and the outline, kept live through
 * the workspace's event stream.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useWorkspaces } from '../api/useWorkspaces.js';
import { useOutlineEvents } from '../api/useOutlineEvents.js';
import { can } from '../../../shared/permissions.js';
import { FourEyesSetting } from '../ui/FourEyesSetting.js';
import { Link } from '../ui/Link.js';
import { LoadError } from '../ui/LoadError.js';
import { WorkspaceNotFound } from '../ui/WorkspaceNotFound.js';
import { activityPath, auditPath, importPath, membersPath, releasesPath, reviewsPath, threadsPath } from './navigation.js';
import { SearchBox } from '../ui/SearchBox.js';
import { Outline } from '../ui/Outline.js';
import { WorkspaceLanguages } from '../ui/WorkspaceLanguages.js';
import { localName } from '../ui/localTitle.js';

/** The workspace page. */
export function WorkspacePage({ workspaceSlug }: { workspaceSlug: string }) {
  const { t, i18n } = useTranslation();
  const uiLanguage = i18n.resolvedLanguage ?? i18n.language;
  const [showArchived, setShowArchived] = useState(false);
  const { state, reload } = useWorkspaces({ archived: showArchived });
  useOutlineEvents(workspaceSlug, reload);

  const workspace = state.type === 'ready' ? state.value.find((w) => w.slug === workspaceSlug) : undefined;

  useEffect(() => {
    document.title = `${workspace ? localName(workspace, uiLanguage) : workspaceSlug} · ${t('app.name')}`;
  }, [workspace, uiLanguage, workspaceSlug, t]);

  if (state.type === 'loading') return <p className="muted">{t('app.loading')}</p>;
  if (state.type === 'error') return <LoadError error={state.error} onRetry={() => void reload()} />;
  if (!workspace) return <WorkspaceNotFound />;

  const canManage = can(workspace.role, 'section.update');

  return (
    <div className="page">
      <p className="breadcrumb">
        <Link href="/">{t('app.home')}</Link>
      </p>
      <h1>{localName(workspace, uiLanguage)}</h1>
      <p className="muted">
        {workspace.languages.map((lang) => t(`languages.${lang}`, { defaultValue: lang.toUpperCase() })).join(', ')}
        {' · '}
        {t('workspaces.yourRole', { role: t(`roles.${workspace.role}`) })}
      </p>
      <p className="workspace-links">
        <Link href={threadsPath(workspace.slug)}>{t('workspaces.threads')}</Link>
        <Link href={releasesPath(workspace.slug)}>{t('workspaces.releases')}</Link>
        {can(workspace.role, 'members.read') && <Link href={membersPath(workspace.slug)}>{t('workspaces.members')}</Link>}
        {can(workspace.role, 'revision.approve') && <Link href={reviewsPath(workspace.slug)}>{t('workspaces.reviews')}</Link>}
        {can(workspace.role, 'activity.read') && <Link href={activityPath(workspace.slug)}>{t('activity.link')}</Link>}
        {can(workspace.role, 'audit.read') && <Link href={auditPath(workspace.slug)}>{t('workspaces.auditLog')}</Link>}
        {can(workspace.role, 'section.import') && <Link href={importPath(workspace.slug)}>{t('imports.link')}</Link>}
      </p>
      {can(workspace.role, 'workspace.settings') && <WorkspaceLanguages key={workspace.languages.join()} workspace={workspace} reload={reload} />}
      <SearchBox workspaceSlug={workspace.slug} languages={workspace.languages} />
      <div className="section-heading-row">
        <h2>{t('outline.title')}</h2>
        {canManage && (
          <label className="checkbox">
            <input type="checkbox" checked={showArchived} onChange={(event) => setShowArchived(event.target.checked)} />
            <span>{t('outline.showArchived')}</span>
          </label>
        )}
      </div>
      <Outline workspace={workspace} canManage={canManage} reload={reload} />
      {can(workspace.role, 'workspace.settings') && (
        <section className="workspace-settings" aria-labelledby="workspace-settings-title">
          <h2 id="workspace-settings-title">{t('review.settingsTitle')}</h2>
          <FourEyesSetting workspaceSlug={workspace.slug} fourEyes={workspace.fourEyes} onChanged={reload} />
        </section>
      )}
    </div>
  );
}

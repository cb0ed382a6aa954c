/**
 * The home page: the workspaces the person belongs to, and for site administrators the
 * form to create a new one.
 */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../api/describeError.js';
import { useWorkspaces } from '../api/useWorkspaces.js';
import { Link } from '../ui/Link.js';
import { NewWorkspaceForm } from '../ui/NewWorkspaceForm.js';
import { useUser } from '../ui/SessionProvider.js';
import { workspacePath } from './navigation.js';

/** List of workspaces. */
export function WorkspacesPage() {
  const { t } = useTranslation();
  const user = useUser();
  const { state, reload } = useWorkspaces();

  useEffect(() => {
    document.title = `${t('workspaces.title')} · ${t('app.name')}`;
  }, [t]);

  return (
    <div className="page">
      <h1>{t('workspaces.title')}</h1>
      {state.type === 'loading' && <p className="muted">{t('app.loading')}</p>}
      {state.type === 'error' && (
        <div className="notice" role="alert">
          <p>
            {t('workspaces.loadFailed')} {describeError(state.error, t)}
          </p>
          <button type="button" className="button secondary" onClick={() => void reload()}>
            {t('workspaces.retry')}
          </button>
        </div>
      )}
      {state.type === 'ready' && state.value.length === 0 && <p className="empty-state">{t('workspaces.empty')}</p>}
      {state.type === 'ready' && state.value.length > 0 && (
        <ul className="workspace-list">
          {state.value.map((workspace) => (
            <li key={workspace.id} className="card">
              <h2>
                <Link href={workspacePath(workspace.slug)}>{workspace.name}</Link>
              </h2>
              <p className="muted">
                {t('workspaces.sections', { count: workspace.sections.filter((s) => !s.archived).length })}
                {' · '}
                {workspace.languages.map((lang) => t(`languages.${lang}`, { defaultValue: lang.toUpperCase() })).join(', ')}
                {' · '}
                {t('workspaces.yourRole', { role: t(`roles.${workspace.role}`) })}
              </p>
            </li>
          ))}
        </ul>
      )}
      {user.isSiteAdmin && <NewWorkspaceForm onCreated={() => void reload()} />}
    </div>
  );
}

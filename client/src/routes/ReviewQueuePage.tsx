/**
 * A workspace's review queue (flow 4): every open approval request, oldest first, marked
 * stale when its text changed since; admins switch the four-eyes rule here.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReviewQueueItem } from '../../../shared/api.js';
import { can } from '../../../shared/permissions.js';
import { FourEyesSetting } from '../ui/FourEyesSetting.js';
import { describeError } from '../api/describeError.js';
import { fetchReviewQueue } from '../api/revisions.js';
import { useOutlineEvents } from '../api/useOutlineEvents.js';
import { useWorkspaces } from '../api/useWorkspaces.js';
import { Link } from '../ui/Link.js';
import { LoadError } from '../ui/LoadError.js';
import { WorkspaceNotFound } from '../ui/WorkspaceNotFound.js';
import { formatDateTime } from '../ui/formatDateTime.js';
import { WorkspaceBreadcrumb } from '../ui/WorkspaceBreadcrumb.js';

/** The review queue page. */
export function ReviewQueuePage({ workspaceSlug }: { workspaceSlug: string }) {
  const { t, i18n } = useTranslation();
  const { state, reload } = useWorkspaces();
  const [items, setItems] = useState<ReviewQueueItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const workspace = state.type === 'ready' ? state.value.find((w) => w.slug === workspaceSlug) : undefined;
  const mayReview = workspace ? can(workspace.role, 'revision.approve') : false;

  const load = useCallback(() => {
    if (!mayReview) return;
    fetchReviewQueue(workspaceSlug).then(setItems, (caught: unknown) => setError(describeError(caught, t)));
  }, [workspaceSlug, mayReview, t]);
  useEffect(load, [load]);
  // Requests, approvals and restores announce themselves as outline changes.
  const onOutline = useCallback(() => {
    void reload();
    load();
  }, [reload, load]);
  useOutlineEvents(workspaceSlug, onOutline);

  useEffect(() => {
    document.title = `${t('review.queueTitle')} · ${workspace?.name ?? workspaceSlug} · ${t('app.name')}`;
  }, [workspace?.name, workspaceSlug, t]);

  if (state.type === 'loading') return <p className="muted">{t('app.loading')}</p>;
  if (state.type === 'error') return <LoadError error={state.error} onRetry={() => void reload()} />;
  if (!workspace || !mayReview) return <WorkspaceNotFound />;

  const formatTime = (at: number) => formatDateTime(i18n.resolvedLanguage ?? i18n.language, at);

  return (
    <div className="page">
      <WorkspaceBreadcrumb workspace={workspace} />
      <h1>{t('review.queueTitle')}</h1>
      {can(workspace.role, 'workspace.settings') && <FourEyesSetting workspaceSlug={workspace.slug} fourEyes={workspace.fourEyes} onChanged={reload} />}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {items && items.length === 0 && <p className="muted">{t('review.queueEmpty')}</p>}
      {items && items.length > 0 && (
        <ul className="review-queue">
          {items.map((item) => (
            <li key={item.id} className="card">
              <p>
                <Link href={`${item.section.url}?lang=${encodeURIComponent(item.lang)}`}>{item.section.title}</Link>{' '}
                <span className="badge review-badge review-approval-requested">{item.lang.toUpperCase()}</span>
                {item.stale && <span className="badge review-badge review-stale">{t('review.stale').split(':')[0]}</span>}
              </p>
              <p>{t('review.requestedBy', { person: `${item.requestedBy.name} (${item.requestedBy.organisation.name})`, time: formatTime(item.requestedAt), summary: item.summary })}</p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

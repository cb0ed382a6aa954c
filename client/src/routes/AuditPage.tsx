/**
 * A workspace's audit log (admins): newest first, filtered by action, paged backwards.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '../../../shared/api.js';
import { fetchAudit } from '../api/accounts.js';
import { describeError } from '../api/describeError.js';
import { useWorkspaces } from '../api/useWorkspaces.js';
import { FormError } from '../ui/FormError.js';
import { Link } from '../ui/Link.js';
import { workspacePath } from './navigation.js';

/** The actions the filter offers (the log may hold more; "All actions" shows them). */
const FILTER_ACTIONS = [
  'auth.sign-in',
  'auth.sign-in-failed',
  'auth.password-change',
  'auth.password-reset',
  'member.role-change',
  'member.remove',
  'invitation.create',
  'invitation.accept',
] as const;

/** The audit log page. */
export function AuditPage({ workspaceSlug }: { workspaceSlug: string }) {
  const { t, i18n } = useTranslation();
  const { state: workspaces } = useWorkspaces();
  const workspace = workspaces.type === 'ready' ? workspaces.value.find((w) => w.slug === workspaceSlug) : undefined;
  const [action, setAction] = useState('');
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [nextBefore, setNextBefore] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    async (before?: number) => {
      setError(null);
      try {
        const page = await fetchAudit(workspaceSlug, { action: action || undefined, before });
        setEntries((current) => (before && current ? [...current, ...page.entries] : page.entries));
        setNextBefore(page.nextBefore);
      } catch (caught) {
        setError(describeError(caught, t));
      }
    },
    [workspaceSlug, action, t],
  );

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    document.title = `${t('audit.title', { workspace: workspace?.name ?? workspaceSlug })} · ${t('app.name')}`;
  }, [t, workspace?.name, workspaceSlug]);

  const actionLabel = (name: string) => t(`auditActions.${name.replace('.', '_')}`, { defaultValue: name });
  const name = workspace?.name ?? workspaceSlug;

  return (
    <div className="page">
      <p className="breadcrumb">
        <Link href={workspacePath(workspaceSlug)}>{t('audit.back', { workspace: name })}</Link>
      </p>
      <h1>{t('audit.title', { workspace: name })}</h1>
      <div className="field inline-field">
        <label htmlFor="audit-action">{t('audit.filter')}</label>
        <select id="audit-action" value={action} onChange={(event) => setAction(event.target.value)}>
          <option value="">{t('audit.all')}</option>
          {FILTER_ACTIONS.map((value) => (
            <option key={value} value={value}>
              {actionLabel(value)}
            </option>
          ))}
        </select>
      </div>
      <FormError error={error} />
      {entries === null ? (
        <p className="muted">{t('app.loading')}</p>
      ) : entries.length === 0 ? (
        <p className="muted">{t('audit.empty')}</p>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t('audit.when')}</th>
              <th scope="col">{t('audit.who')}</th>
              <th scope="col">{t('audit.action')}</th>
              <th scope="col">{t('audit.details')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id}>
                <td>
                  <time dateTime={new Date(entry.at).toISOString()}>{new Date(entry.at).toLocaleString(i18n.language)}</time>
                </td>
                <td>{entry.actor ? t('header.person', { name: entry.actor.name, organisation: entry.actor.organisation }) : t('audit.nobody')}</td>
                <td>{actionLabel(entry.action)}</td>
                <td className="audit-details">
                  {[entry.target, ...Object.entries(entry.details).map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)]
                    .filter(Boolean)
                    .join(' · ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {nextBefore !== null && (
        <button type="button" className="button secondary" onClick={() => void load(nextBefore)}>
          {t('audit.older')}
        </button>
      )}
    </div>
  );
}

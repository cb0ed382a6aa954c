/**
 * A workspace's audit log (admins): newest first, filtered by action, paged backwards. Each
 * entry is a sentence in the reader's language (the activity view's), with its date as the
 * rest of the app writes dates; its details (address, summary, role…) are behind a
 * disclosure, labelled, never as raw codes, hashes or JSON.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AUDIT_ACTIONS, SITE_AUDIT_ACTIONS, type ActivityEntry } from '../../../shared/activity.js';
import type { AuditEntry } from '../../../shared/api.js';
import { fetchAudit } from '../api/accounts.js';
import { describeError } from '../api/describeError.js';
import { useWorkspaces } from '../api/useWorkspaces.js';
import { ActivitySentence } from '../ui/ActivitySentence.js';
import { FormError } from '../ui/FormError.js';
import { formatDateTime } from '../ui/formatDateTime.js';
import { Link } from '../ui/Link.js';
import { workspacePath } from './navigation.js';

/** The actions the filter offers: every one a workspace's log can hold. */
const FILTER_ACTIONS = AUDIT_ACTIONS.filter((action) => !SITE_AUDIT_ACTIONS.includes(action));

/** Details that mean nothing to a reader: internal ids and content hashes. */
const HIDDEN_DETAIL = /([hH]ash|Id|ids|^thread|^message)$/;

/** An audit entry as the activity view's entry, for its sentence. */
function asActivity(entry: AuditEntry): ActivityEntry {
  return {
    id: String(entry.id),
    at: entry.at,
    kind: 'members',
    action: entry.action,
    actor: entry.actor ? { ...entry.actor, organisationId: null } : null,
    section: entry.section ?? null,
    details: entry.summary ?? {},
  };
}

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

  const actionLabel = (name: string) => t(`auditActions.${name.replace(/\./g, '_')}`, { defaultValue: name });
  /** A detail's value in words: dates as dates, yes/no, lists joined; objects (positions) are left out. */
  const detailValue = (key: string, value: unknown): string | null => {
    if (value === null || value === undefined || value === '') return null;
    if (typeof value === 'boolean') return t(value ? 'auditDetails.yes' : 'auditDetails.no');
    if (typeof value === 'number') return key.endsWith('At') ? formatDateTime(i18n.language, value) : value.toLocaleString(i18n.language);
    if (typeof value === 'string') return key === 'role' ? t(`roles.${value}`, { defaultValue: value }) : value;
    if (Array.isArray(value) && value.every((item) => typeof item === 'string' || typeof item === 'number')) return value.join(', ');
    return null;
  };
  const detailsOf = (entry: AuditEntry): [string, string][] =>
    Object.entries(entry.details)
      .filter(([key]) => !HIDDEN_DETAIL.test(key))
      .map(([key, value]): [string, string | null] => [t(`auditDetails.${key}`, { defaultValue: key }), detailValue(key, value)])
      .filter((pair): pair is [string, string] => pair[1] !== null);
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
        <table className="data-table audit-table">
          <thead>
            <tr>
              <th scope="col">{t('audit.when')}</th>
              <th scope="col">{t('audit.action')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => {
              const details = detailsOf(entry);
              return (
                <tr key={entry.id}>
                  <td className="audit-when">
                    <time dateTime={new Date(entry.at).toISOString()}>{formatDateTime(i18n.language, entry.at)}</time>
                  </td>
                  <td>
                    <span className="audit-sentence">
                      <ActivitySentence entry={asActivity(entry)} workspaceSlug={workspaceSlug} />
                    </span>
                    {details.length > 0 && (
                      <details className="audit-details">
                        <summary>{t('auditDetails.more')}</summary>
                        <dl>
                          {details.map(([label, value]) => (
                            <div key={label}>
                              <dt>{label}</dt>
                              <dd>{value}</dd>
                            </div>
                          ))}
                        </dl>
                      </details>
                    )}
                  </td>
                </tr>
              );
            })}
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

/**
 * The activity view (issue 21): who changed what in a workspace, or in one section
 * (`?section=<id>`), newest first, as sentences with links; filters by section, person,
 * organisation, kind and date. Staff and admins see everyone's; a partner sees their own.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ACTIVITY_KINDS, type ActivityEntry, type ActivityKind } from '../../../shared/activity.js';
import type { Member } from '../../../shared/api.js';
import { can } from '../../../shared/permissions.js';
import { fetchActivity } from '../api/activity.js';
import { fetchMembers } from '../api/accounts.js';
import { describeError } from '../api/describeError.js';
import { useWorkspaces } from '../api/useWorkspaces.js';
import { ActivitySentence } from '../ui/ActivitySentence.js';
import { FormError } from '../ui/FormError.js';
import { formatDateTime } from '../ui/formatDateTime.js';
import { Link } from '../ui/Link.js';
import { workspacePath } from './navigation.js';

/** Midnight (local time) of a `yyyy-mm-dd` date input, in ms; `nextDay` gives the midnight after it. */
function dayStart(value: string, nextDay = false): number | undefined {
  if (!value) return undefined;
  const [y, m, d] = value.split('-').map(Number);
  if (!y || !m || !d) return undefined;
  return new Date(y, m - 1, d + (nextDay ? 1 : 0)).getTime();
}

/** The activity page. */
export function ActivityPage({ workspaceSlug }: { workspaceSlug: string }) {
  const { t, i18n } = useTranslation();
  const { state: workspaces } = useWorkspaces();
  const workspace = workspaces.type === 'ready' ? workspaces.value.find((w) => w.slug === workspaceSlug) : undefined;
  const [section, setSection] = useState(() => new URLSearchParams(window.location.search).get('section') ?? '');
  const [person, setPerson] = useState('');
  const [organisation, setOrganisation] = useState('');
  const [kind, setKind] = useState<ActivityKind | ''>('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [entries, setEntries] = useState<ActivityEntry[] | null>(null);
  const [nextBefore, setNextBefore] = useState<number | null>(null);
  const [members, setMembers] = useState<Member[]>([]);
  const [error, setError] = useState<string | null>(null);
  const seesEveryone = workspace ? can(workspace.role, 'members.read') : false;

  const load = useCallback(
    async (before?: number) => {
      setError(null);
      try {
        const page = await fetchActivity(workspaceSlug, {
          section: section || undefined,
          person: person || undefined,
          organisation: organisation || undefined,
          kind: kind || undefined,
          from: dayStart(from),
          to: dayStart(to, true),
          before,
        });
        setEntries((current) => (before && current ? [...current, ...page.entries] : page.entries));
        setNextBefore(page.nextBefore);
      } catch (caught) {
        setError(describeError(caught, t));
      }
    },
    [workspaceSlug, section, person, organisation, kind, from, to, t],
  );

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    if (!seesEveryone) return;
    fetchMembers(workspaceSlug).then(setMembers, () => setMembers([]));
  }, [workspaceSlug, seesEveryone]);

  const name = workspace?.name ?? workspaceSlug;
  useEffect(() => {
    document.title = `${t('activity.title', { workspace: name })} · ${t('app.name')}`;
  }, [t, name]);

  const organisations = useMemo(() => {
    const byId = new Map<string, string>();
    for (const member of members) byId.set(member.user.organisation.id, member.user.organisation.name);
    return [...byId].sort((a, b) => a[1].localeCompare(b[1]));
  }, [members]);

  return (
    <div className="page">
      <p className="breadcrumb">
        <Link href={workspacePath(workspaceSlug)}>{t('activity.back', { workspace: name })}</Link>
      </p>
      <h1>{t('activity.title', { workspace: name })}</h1>
      {workspace && !seesEveryone && <p className="muted">{t('activity.ownOnly')}</p>}
      <fieldset className="activity-filters">
        <legend>{t('activity.filters')}</legend>
        <div className="field">
          <label htmlFor="activity-section">{t('activity.section')}</label>
          <select id="activity-section" value={section} onChange={(event) => setSection(event.target.value)}>
            <option value="">{t('activity.anySection')}</option>
            {workspace?.sections.map((s) => (
              <option key={s.id} value={s.id}>
                {s.title}
              </option>
            ))}
          </select>
        </div>
        {seesEveryone && (
          <>
            <div className="field">
              <label htmlFor="activity-person">{t('activity.person')}</label>
              <select id="activity-person" value={person} onChange={(event) => setPerson(event.target.value)}>
                <option value="">{t('activity.anyone')}</option>
                {members.map((member) => (
                  <option key={member.user.id} value={member.user.id}>
                    {t('header.person', { name: member.user.name, organisation: member.user.organisation.name })}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="activity-organisation">{t('activity.organisation')}</label>
              <select id="activity-organisation" value={organisation} onChange={(event) => setOrganisation(event.target.value)}>
                <option value="">{t('activity.anyOrganisation')}</option>
                {organisations.map(([id, label]) => (
                  <option key={id} value={id}>
                    {label}
                  </option>
                ))}
              </select>
            </div>
          </>
        )}
        <div className="field">
          <label htmlFor="activity-kind">{t('activity.kind')}</label>
          <select id="activity-kind" value={kind} onChange={(event) => setKind(event.target.value as ActivityKind | '')}>
            <option value="">{t('activity.anyKind')}</option>
            {ACTIVITY_KINDS.map((value) => (
              <option key={value} value={value}>
                {t(`activity.kind_${value}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="activity-from">{t('activity.from')}</label>
          <input id="activity-from" type="date" value={from} onChange={(event) => setFrom(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="activity-to">{t('activity.to')}</label>
          <input id="activity-to" type="date" value={to} onChange={(event) => setTo(event.target.value)} />
        </div>
      </fieldset>
      <FormError error={error} />
      {entries === null ? (
        <p className="muted">{t('app.loading')}</p>
      ) : entries.length === 0 ? (
        <p className="muted">{t('activity.empty')}</p>
      ) : (
        <ol className="activity-list">
          {entries.map((entry) => (
            <li key={entry.id} data-kind={entry.kind}>
              <time dateTime={new Date(entry.at).toISOString()}>{formatDateTime(i18n.language, entry.at)}</time>
              <span className="activity-sentence">
                <ActivitySentence entry={entry} workspaceSlug={workspaceSlug} />
              </span>
            </li>
          ))}
        </ol>
      )}
      {nextBefore !== null && (
        <button type="button" className="button secondary" onClick={() => void load(nextBefore)}>
          {t('activity.older')}
        </button>
      )}
    </div>
  );
}

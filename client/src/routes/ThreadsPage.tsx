/**
 * A workspace's comment threads (flow 3), newest activity first, filtered by section,
 * person, organisation, status and "mentions me". Each links to its section with the thread
 * opened and highlighted.
 */
import { PeopleFilters } from '../ui/PeopleFilters.js';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Thread, ThreadQuery } from '../../../shared/comments/api.js';
import { listOrganisations, listWorkspaceThreads } from '../api/comments.js';
import { describeError } from '../api/describeError.js';
import { useOutlineEvents } from '../api/useOutlineEvents.js';
import { useWorkspaces } from '../api/useWorkspaces.js';
import type { Organisation } from '../../../shared/api.js';
import { Link } from '../ui/Link.js';
import { LoadError } from '../ui/LoadError.js';
import { WorkspaceNotFound } from '../ui/WorkspaceNotFound.js';
import { threadPath } from './navigation.js';
import { formatDateTime } from '../ui/formatDateTime.js';
import { WorkspaceBreadcrumb } from '../ui/WorkspaceBreadcrumb.js';

type Status = NonNullable<ThreadQuery['status']>;
type LoadState = { type: 'loading' } | { type: 'ready'; threads: Thread[] } | { type: 'error'; message: string };

/** The thread list page. */
export function ThreadsPage({ workspaceSlug }: { workspaceSlug: string }) {
  const { t, i18n } = useTranslation();
  const { state: workspaces, reload } = useWorkspaces();
  const [section, setSection] = useState('');
  const [person, setPerson] = useState('');
  const [organisation, setOrganisation] = useState('');
  const [status, setStatus] = useState<Status>('open');
  const [mentionsMe, setMentionsMe] = useState(false);
  const [state, setState] = useState<LoadState>({ type: 'loading' });
  const [everyone, setEveryone] = useState<Thread[]>([]);
  const [organisations, setOrganisations] = useState<Organisation[]>([]);
  const [version, setVersion] = useState(0);
  useOutlineEvents(workspaceSlug, reload, () => setVersion((n) => n + 1));

  const workspace = workspaces.type === 'ready' ? workspaces.value.find((w) => w.slug === workspaceSlug) : undefined;
  const language = i18n.resolvedLanguage ?? i18n.language;
  const formatTime = (value: number) => formatDateTime(language, value);

  useEffect(() => {
    document.title = `${t('threadList.title')} · ${workspace?.name ?? workspaceSlug} · ${t('app.name')}`;
  }, [t, workspace?.name, workspaceSlug]);

  useEffect(() => {
    let live = true;
    const query: ThreadQuery = { status, ...(section ? { section } : {}), ...(person ? { person } : {}), ...(organisation ? { organisation } : {}), ...(mentionsMe ? { mentionsMe: '1' as const } : {}) };
    listWorkspaceThreads(workspaceSlug, query).then(
      (threads) => live && setState({ type: 'ready', threads }),
      (caught) => live && setState({ type: 'error', message: t('threadList.loadFailed', { reason: describeError(caught, t) }) }),
    );
    return () => {
      live = false;
    };
  }, [workspaceSlug, status, section, person, organisation, mentionsMe, version, t]);

  // The people and organisations to filter by: everyone who took part in a thread here.
  useEffect(() => {
    let live = true;
    listWorkspaceThreads(workspaceSlug, { status: 'all' }).then((threads) => live && setEveryone(threads), () => undefined);
    listOrganisations().then((list) => live && setOrganisations(list), () => undefined);
    return () => {
      live = false;
    };
  }, [workspaceSlug, version]);

  const people = useMemo(() => {
    const byId = new Map<string, { id: string; name: string; organisation: { id: string; name: string } }>();
    // Visitors (public feedback) have no account to filter by.
    for (const thread of everyone) for (const actor of [thread.author, ...thread.messages.map((m) => m.author)]) if (actor.id) byId.set(actor.id, actor);
    return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
  }, [everyone]);

  if (workspaces.type === 'loading') return <p className="muted">{t('app.loading')}</p>;
  if (workspaces.type === 'error') return <LoadError error={workspaces.error} onRetry={() => void reload()} />;
  if (!workspace) return <WorkspaceNotFound />;

  const sectionOf = (thread: Thread) => workspace.sections.find((s) => s.id === thread.section.id);

  return (
    <div className="page">
      <WorkspaceBreadcrumb workspace={workspace} />
      <h1>{t('threadList.title')}</h1>
      <form className="thread-filters" aria-label={t('threadList.filters')} onSubmit={(event) => event.preventDefault()}>
        <label className="field">
          <span>{t('threadList.section')}</span>
          <select value={section} onChange={(event) => setSection(event.target.value)}>
            <option value="">{t('threadList.allSections')}</option>
            {workspace.sections.map((s) => (
              <option key={s.id} value={s.id}>
                {s.title}
              </option>
            ))}
          </select>
        </label>
        <PeopleFilters
          people={people}
          organisations={organisations}
          person={person}
          organisation={organisation}
          onPerson={setPerson}
          onOrganisation={setOrganisation}
          labels={{ person: t('threadList.person'), everyone: t('threadList.everyone'), organisation: t('threadList.organisation'), allOrganisations: t('threadList.allOrganisations') }}
        />
        <label className="field">
          <span>{t('threadList.status')}</span>
          <select value={status} onChange={(event) => setStatus(event.target.value as Status)}>
            <option value="open">{t('threadList.statusOpen')}</option>
            <option value="resolved">{t('threadList.statusResolved')}</option>
            <option value="all">{t('threadList.statusAll')}</option>
          </select>
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={mentionsMe} onChange={(event) => setMentionsMe(event.target.checked)} />
          <span>{t('threadList.mentionsMe')}</span>
        </label>
      </form>
      {state.type === 'loading' && <p className="muted">{t('app.loading')}</p>}
      {state.type === 'error' && (
        <p className="error" role="alert">
          {state.message}
        </p>
      )}
      {state.type === 'ready' && !state.threads.length && <p className="muted">{t('threadList.empty')}</p>}
      {state.type === 'ready' && state.threads.length > 0 && (
        <ul className="thread-list">
          {state.threads.map((thread) => {
            const target = sectionOf(thread);
            const first = thread.messages.find((m) => !m.deleted);
            const last = thread.messages.at(-1);
            return (
              <li key={thread.id}>
                <p>
                  <Link href={threadPath(workspace.slug, target?.slug ?? thread.section.slug, thread.lang, thread.id)}>
                    {thread.section.title} ({thread.lang.toUpperCase()})
                  </Link>{' '}
                  {thread.status === 'resolved' && <span className="badge resolved-badge">{t('comments.resolved')}</span>}{' '}
                  {thread.detached && <span className="badge detached-badge">{t('comments.detached')}</span>}
                </p>
                {thread.quote && <blockquote className="thread-quote small">{thread.quote}</blockquote>}
                {first && (
                  <p className="small">
                    <strong>{first.visitor ? t('comments.visitor', { name: first.visitor.name }) : t('comments.person', { name: first.author.name, organisation: first.author.organisation.name })}</strong>: {first.body.slice(0, 200)}
                  </p>
                )}
                <p className="muted small">
                  {t('threadList.messages', { count: thread.messages.length })}
                  {last && ` · ${t('threadList.lastBy', { person: last.author.name, time: formatTime(last.createdAt) })}`}
                </p>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

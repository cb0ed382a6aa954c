/**
 * The inbox: mentions, replies in one's threads, decisions on one's suggestions and approval
 * requests, newest first, unread ones marked. Opening one marks it read and goes to it;
 * "Mark all read" clears the count. Kept live by the inbox event stream.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Inbox, Notification } from '../../../shared/comments/api.js';
import { fetchInbox, markInboxRead } from '../api/comments.js';
import { describeError } from '../api/describeError.js';
import { useInboxUnread } from '../api/useInboxUnread.js';
import { navigate } from './navigation.js';
import { formatDateTime } from '../ui/formatDateTime.js';
import { decisionSentences } from './decisionSentences.js';

type LoadState = { type: 'loading' } | { type: 'ready'; inbox: Inbox } | { type: 'error'; message: string };

/** Only app paths are followed from a notification. */
function safePath(url: string): string {
  return url.startsWith('/') && !url.startsWith('//') && !url.startsWith('/\\') ? url : '/inbox';
}

/** The inbox page. */
export function InboxPage() {
  const { t, i18n } = useTranslation();
  const [state, setState] = useState<LoadState>({ type: 'loading' });
  const [error, setError] = useState<string | null>(null);
  const unread = useInboxUnread(true);
  const language = i18n.resolvedLanguage ?? i18n.language;
  const formatTime = (value: number) => formatDateTime(language, value);

  useEffect(() => {
    document.title = `${t('inbox.title')} · ${t('app.name')}`;
  }, [t]);

  // Refetch whenever the unread count changes (a new notification, or read elsewhere).
  useEffect(() => {
    let live = true;
    fetchInbox().then(
      (inbox) => live && setState({ type: 'ready', inbox }),
      (caught) => live && setState({ type: 'error', message: t('inbox.loadFailed', { reason: describeError(caught, t) }) }),
    );
    return () => {
      live = false;
    };
  }, [unread, t]);

  const open = async (item: Notification) => {
    setError(null);
    if (!item.read) await markInboxRead({ ids: [item.id] }).catch(() => undefined);
    navigate(safePath(item.url));
  };

  const markAll = async () => {
    setError(null);
    try {
      await markInboxRead({ all: true });
      setState((previous) => (previous.type === 'ready' ? { type: 'ready', inbox: { unread: 0, items: previous.inbox.items.map((item) => ({ ...item, read: true })) } } : previous));
    } catch (caught) {
      setError(t('comments.actionFailed', { reason: describeError(caught, t) }));
    }
  };

  return (
    <div className="page narrow-page">
      <div className="section-heading-row">
        <h1>{t('inbox.title')}</h1>
        {state.type === 'ready' && state.inbox.unread > 0 && (
          <button type="button" className="button small secondary" onClick={() => void markAll()}>
            {t('inbox.markAllRead')}
          </button>
        )}
      </div>
      {state.type === 'ready' && <p className="muted">{t('inbox.unreadCount', { count: state.inbox.unread })}</p>}
      <div role="status" aria-live="polite">
        {error && <p className="error">{error}</p>}
      </div>
      {state.type === 'loading' && <p className="muted">{t('app.loading')}</p>}
      {state.type === 'error' && (
        <p className="error" role="alert">
          {state.message}
        </p>
      )}
      {state.type === 'ready' && !state.inbox.items.length && <p className="muted">{t('inbox.empty')}</p>}
      {state.type === 'ready' && state.inbox.items.length > 0 && (
        <ul className="notification-list">
          {state.inbox.items.map((item) => (
            <li key={item.id} className={item.read ? 'read' : 'unread'}>
              <button type="button" className="notification-open" onClick={() => void open(item)}>
                {!item.read && <span className="visually-hidden">{t('inbox.unread')}: </span>}
                {item.decision?.suggestions.length ? (
                  <span className="notification-sentences">
                    {decisionSentences(t, item.actor?.name ?? t('inbox.someone'), item.decision).map((sentence, index) => (
                      <span key={index} className="notification-sentence">
                        {sentence}
                      </span>
                    ))}
                  </span>
                ) : (
                  <span>{t(`inbox.kind_${item.kind}`, { actor: item.actor?.name ?? t('inbox.someone') })}</span>
                )}{' '}
                {item.section && <span>{t('inbox.inSection', { section: item.section.title, workspace: item.workspace.name })}</span>}
                {item.text && <span className="thread-quote small notification-excerpt">{item.text}</span>}{' '}
                <span className="muted small">
                  <time dateTime={new Date(item.createdAt).toISOString()}>{formatTime(item.createdAt)}</time>
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * One comment thread in the sidebar: the quoted passage, the messages (author
 * "Name (Organisation)", time, "edited", a tombstone for deleted ones), a reply box, edit
 * and delete of one's own messages, resolve and reopen, the "Detached" badge and, for
 * staff, re-attaching a detached thread to the current selection. Resolved threads are
 * collapsed until opened.
 */
import { useState, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { Mention, Message, Thread } from '../../../shared/comments/api.js';
import type { RevisionSummary } from '../../../shared/api.js';
import { MentionComposer, type MentionCandidate } from './MentionComposer.js';
import { MessageBody } from './MessageBody.js';

/** What a card can ask the sidebar to do; each resolves true on success. */
export interface ThreadActions {
  reply(thread: Thread, body: string, mentions: Mention[]): Promise<boolean>;
  edit(thread: Thread, messageId: string, body: string, mentions: Mention[]): Promise<boolean>;
  remove(thread: Thread, messageId: string): Promise<boolean>;
  /** Resolving may name the revision of this section that settled the thread (flow 3). */
  setStatus(thread: Thread, verb: 'resolve' | 'reopen', settledByRevision?: number): Promise<boolean>;
  reattach(thread: Thread): Promise<boolean>;
  /** This section's revisions, newest first (null when they could not be read: the sidebar says why). */
  revisions(): Promise<RevisionSummary[] | null>;
}

interface CardProps {
  thread: Thread;
  active: boolean;
  userId: string;
  canComment: boolean;
  canModerate: boolean;
  candidates: readonly MentionCandidate[];
  actions: ThreadActions;
  /** Activates the card and scrolls its passage into view. */
  onActivate: () => void;
  /** The passage is in the text (not detached, not a settled suggestion). */
  canShowInText: boolean;
  style?: CSSProperties;
  formatTime: (value: number) => string;
}

const person = (actor: { name: string; organisation: { name: string } }) => `${actor.name} (${actor.organisation.name})`;

/** A thread card. */
export function ThreadCard({ thread, active, userId, canComment, canModerate, candidates, actions, onActivate, canShowInText, style, formatTime }: CardProps) {
  const { t } = useTranslation();
  const [expanded, setExpanded] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  /** The revisions offered when resolving "settled by a revision" (null: that choice is closed). */
  const [settling, setSettling] = useState<RevisionSummary[] | null>(null);
  const [settledBy, setSettledBy] = useState('');
  const resolved = thread.status === 'resolved';
  const collapsed = resolved && !expanded && !active;
  const headingId = `thread-${thread.id}-heading`;
  const first = thread.messages[0];
  /** A member as "Name (Organisation)"; a visitor (public feedback) as "Name (public)". */
  const authorOf = (message: Message) => (message.visitor ? t('comments.visitor', { name: message.visitor.name }) : person(message.author));

  return (
    <article
      className={`thread-card${active ? ' active' : ''}${resolved ? ' resolved' : ''}${thread.detached ? ' detached' : ''}`}
      data-thread-id={thread.id}
      aria-labelledby={headingId}
      aria-current={active ? 'true' : undefined}
      style={style}
      onClick={(event) => {
        // Clicks on the card's own controls do their own thing.
        if (!(event.target as HTMLElement).closest('button, textarea, input, select, a, [role="option"]')) onActivate();
      }}
    >
      <h3 id={headingId} className="visually-hidden">
        {t('comments.threadBy', { person: first?.visitor ? authorOf(first) : person(thread.author) })}
      </h3>
      <div className="thread-badges">
        {thread.suggestionId && <span className="badge">{t('comments.onSuggestion')}</span>}
        {thread.fromRelease && <span className="badge">{t('comments.fromRelease', { version: thread.fromRelease })}</span>}
        {thread.detached && <span className="badge detached-badge">{t('comments.detached')}</span>}
        {resolved && <span className="badge resolved-badge">{t('comments.resolved')}</span>}
      </div>
      {thread.detached ? (
        <p className="thread-quote small">{t('comments.detachedHint', { quote: thread.quote })}</p>
      ) : (
        thread.quote && (
          <blockquote className="thread-quote small" aria-label={t('comments.quote')}>
            {thread.quote}
          </blockquote>
        )
      )}
      {resolved && thread.resolvedBy && thread.resolvedAt !== null && (
        <p className="muted small">
          {t('comments.resolvedBy', { person: person(thread.resolvedBy), time: formatTime(thread.resolvedAt) })}
          {thread.settledBy && ` ${thread.settledBy.kind === 'decision' ? t('comments.settledByDecision') : t('comments.settledByRevision', { id: thread.settledBy.id })}`}
        </p>
      )}
      {collapsed ? (
        first && (
          <p className="small thread-summary">
            <strong>{first.author.name}</strong>: {first.deleted ? t('comments.deleted') : first.body.slice(0, 120)}
          </p>
        )
      ) : (
        <ol className="thread-messages" aria-label={t('comments.messages')}>
          {thread.messages.map((message) => (
            <li key={message.id} className={`thread-message${message.deleted ? ' deleted' : ''}`}>
              <p className="message-meta small">
                <strong>{authorOf(message)}</strong>
                {', '}
                <time dateTime={new Date(message.createdAt).toISOString()}>{formatTime(message.createdAt)}</time>
                {message.editedAt !== null && !message.deleted && <span className="muted"> ({t('comments.edited')})</span>}
              </p>
              {message.visitor && (
                <p className="muted small visitor-note">
                  {t('comments.visitorAccepted', { version: message.visitor.release, person: message.acceptedBy ? person(message.acceptedBy) : t('inbox.someone') })}
                </p>
              )}
              {message.deleted ? (
                <p className="muted small tombstone">{t('comments.deleted')}</p>
              ) : editing === message.id ? (
                <MentionComposer
                  label={t('comments.editLabel')}
                  submitLabel={t('comments.save')}
                  candidates={candidates}
                  initialBody={message.body}
                  initialMentions={message.mentions}
                  autoFocus
                  onCancel={() => setEditing(null)}
                  onSubmit={async (body, mentions) => {
                    const ok = await actions.edit(thread, message.id, body, mentions);
                    if (ok) setEditing(null);
                    return ok;
                  }}
                />
              ) : (
                <MessageBody message={message} />
              )}
              {/* A visitor's words are nobody's to edit or delete (the server refuses it too). */}
              {!message.deleted && !message.visitor && editing !== message.id && canComment && (message.author.id === userId || canModerate) && (
                <div className="message-actions">
                  {message.author.id === userId && (
                    <button type="button" className="link-button small" onClick={() => setEditing(message.id)}>
                      {t('comments.edit')}
                    </button>
                  )}
                  <button
                    type="button"
                    className="link-button small"
                    onClick={() => {
                      if (window.confirm(t('comments.deleteConfirm'))) void actions.remove(thread, message.id);
                    }}
                  >
                    {t('comments.delete')}
                  </button>
                </div>
              )}
            </li>
          ))}
        </ol>
      )}
      {!collapsed && canComment && !resolved && (
        <MentionComposer label={t('comments.replyLabel')} submitLabel={t('comments.reply')} candidates={candidates} onSubmit={(body, mentions) => actions.reply(thread, body, mentions)} />
      )}
      <div className="thread-actions">
        {canShowInText && (
          <button type="button" className="link-button small" aria-describedby={headingId} onClick={onActivate}>
            {t('comments.showInText')}
          </button>
        )}
        {resolved && (
          <button type="button" className="link-button small" aria-expanded={!collapsed} onClick={() => setExpanded((on) => !on)}>
            {collapsed ? t('comments.expand') : t('comments.collapse')}
          </button>
        )}
        {canComment && !settling && (
          <button type="button" className="button small secondary" onClick={() => void actions.setStatus(thread, resolved ? 'reopen' : 'resolve')}>
            {resolved ? t('comments.reopen') : t('comments.resolve')}
          </button>
        )}
        {canComment && !resolved && !settling && (
          <button
            type="button"
            className="link-button small"
            onClick={async () => {
              const revisions = await actions.revisions();
              if (!revisions) return;
              setSettledBy(revisions[0] ? String(revisions[0].number) : '');
              setSettling(revisions);
            }}
          >
            {t('comments.resolveWithRevision')}
          </button>
        )}
        {canModerate && thread.detached && !thread.suggestionId && (
          <button type="button" className="button small secondary" onMouseDown={(event) => event.preventDefault()} onClick={() => void actions.reattach(thread)}>
            {t('comments.reattach')}
          </button>
        )}
      </div>
      {settling && (
        <form
          className="thread-settle"
          onSubmit={async (event) => {
            event.preventDefault();
            if (!settledBy) return;
            if (await actions.setStatus(thread, 'resolve', Number(settledBy))) setSettling(null);
          }}
        >
          {settling.length === 0 ? (
            <p className="muted small">{t('comments.noRevisionsToSettle')}</p>
          ) : (
            <label className="small">
              {t('comments.settledByLabel')}{' '}
              <select value={settledBy} onChange={(event) => setSettledBy(event.target.value)}>
                {settling.map((revision) => (
                  <option key={revision.number} value={revision.number}>
                    {t('comments.revisionOption', { number: revision.number, summary: revision.summary, time: formatTime(revision.approvedAt) })}
                  </option>
                ))}
              </select>
            </label>
          )}
          <div className="thread-actions">
            {settling.length > 0 && (
              <button type="submit" className="button small">
                {t('comments.resolve')}
              </button>
            )}
            <button type="button" className="link-button small" onClick={() => setSettling(null)}>
              {t('comments.cancel')}
            </button>
          </div>
        </form>
      )}
    </article>
  );
}

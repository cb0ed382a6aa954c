/**
 * A message composer with @mentions: typing `@` opens a list of people and organisations
 * (arrow keys, Enter or a click choose one); the body keeps `@Name` and the chosen mentions
 * still present in the text are sent as `{ kind, id }`. Ctrl+Enter sends.
 */
import { useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Mention } from '../../../shared/comments/api.js';
import { MAX_MESSAGE_CHARS } from '../../../shared/comments/model.js';
import { matchCandidates, mentionQuery, type MentionCandidate } from './mentions.js';

export type { MentionCandidate } from './mentions.js';

interface ComposerProps {
  label: string;
  submitLabel: string;
  candidates: readonly MentionCandidate[];
  initialBody?: string;
  initialMentions?: readonly { kind: Mention['kind']; id: string; name: string }[];
  /** Resolves true when sent (the composer empties), false to keep the text. */
  onSubmit: (body: string, mentions: Mention[]) => Promise<boolean>;
  onCancel?: () => void;
  autoFocus?: boolean;
}

/** The composer. */
export function MentionComposer({ label, submitLabel, candidates, initialBody = '', initialMentions = [], onSubmit, onCancel, autoFocus }: ComposerProps) {
  const { t } = useTranslation();
  const id = useId();
  const textarea = useRef<HTMLTextAreaElement>(null);
  /** Where the caret goes once the text with a newly chosen mention is rendered. */
  const caretAfterRender = useRef<number | null>(null);
  const [body, setBody] = useState(initialBody);
  const [chosen, setChosen] = useState<{ kind: Mention['kind']; id: string; name: string }[]>([...initialMentions]);
  const [query, setQuery] = useState<{ start: number; query: string } | null>(null);
  const [highlighted, setHighlighted] = useState(0);
  const [busy, setBusy] = useState(false);

  const matches = query ? matchCandidates(candidates, query.query) : [];
  const open = matches.length > 0;
  const listId = `${id}-mentions`;
  const optionId = (index: number) => `${id}-mention-${index}`;

  const updateQuery = (text: string, caret: number) => {
    setQuery(mentionQuery(text, caret));
    setHighlighted(0);
  };

  const choose = (candidate: MentionCandidate) => {
    if (!query) return;
    const caret = textarea.current?.selectionStart ?? body.length;
    const inserted = `@${candidate.name} `;
    const next = body.slice(0, query.start) + inserted + body.slice(caret);
    setBody(next);
    setChosen((all) => (all.some((m) => m.kind === candidate.kind && m.id === candidate.id) ? all : [...all, { kind: candidate.kind, id: candidate.id, name: candidate.name }]));
    setQuery(null);
    caretAfterRender.current = query.start + inserted.length;
  };

  // The caret goes after the inserted mention as soon as React has written the new text, in
  // the same task: a keystroke that follows at once must land after the mention. (Set in a
  // later frame, it moved the caret back over letters typed meanwhile.)
  useLayoutEffect(() => {
    const position = caretAfterRender.current;
    if (position === null) return;
    caretAfterRender.current = null;
    textarea.current?.focus();
    textarea.current?.setSelectionRange(position, position);
  });

  const submit = async () => {
    const text = body.trim();
    if (!text || busy) return;
    const mentions = chosen.filter((m) => text.includes(`@${m.name}`)).map(({ kind, id: mentionId }) => ({ kind, id: mentionId }));
    setBusy(true);
    try {
      if (await onSubmit(text, mentions)) {
        setBody('');
        setChosen([]);
        setQuery(null);
      }
    } finally {
      setBusy(false);
    }
  };

  const handleKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (open) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        setHighlighted((index) => (index + (event.key === 'ArrowDown' ? 1 : matches.length - 1)) % matches.length);
        return;
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault();
        choose(matches[Math.min(highlighted, matches.length - 1)]);
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        setQuery(null);
        return;
      }
    }
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void submit();
    } else if (event.key === 'Escape' && onCancel) {
      onCancel();
    }
  };

  return (
    <form
      className="mention-composer"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <label className="field" htmlFor={`${id}-body`}>
        <span>{label}</span>
      </label>
      <div className="mention-field">
        <textarea
          id={`${id}-body`}
          ref={textarea}
          rows={2}
          maxLength={MAX_MESSAGE_CHARS}
          value={body}
          autoFocus={autoFocus}
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={open}
          aria-controls={listId}
          aria-activedescendant={open ? optionId(Math.min(highlighted, matches.length - 1)) : undefined}
          aria-describedby={`${id}-hint`}
          onChange={(event) => {
            setBody(event.target.value);
            updateQuery(event.target.value, event.target.selectionStart);
          }}
          onSelect={(event) => updateQuery(event.currentTarget.value, event.currentTarget.selectionStart)}
          onKeyDown={handleKeyDown}
          onBlur={() => setTimeout(() => setQuery(null), 150)}
        />
        <ul id={listId} role="listbox" aria-label={t('comments.mentionList')} className="mention-list" hidden={!open}>
          {matches.map((candidate, index) => (
            <li
              key={`${candidate.kind}:${candidate.id}`}
              id={optionId(index)}
              role="option"
              aria-selected={index === highlighted}
              onMouseDown={(event) => {
                event.preventDefault();
                choose(candidate);
              }}
            >
              {candidate.name} ({candidate.detail})
            </li>
          ))}
        </ul>
      </div>
      <p id={`${id}-hint`} className="muted small">
        {t('comments.mentionHint')}
      </p>
      <div className="composer-actions">
        <button type="submit" className="button small primary" disabled={busy || !body.trim()}>
          {busy ? t('comments.sending') : submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="button small secondary" onClick={onCancel}>
            {t('comments.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}

/**
 * The suggestions panel (region "Suggestions") beside the editor: one card per pending
 * suggestion — all carriers of one id, on top-level or nested blocks, are one card (G2) —
 * with the kind of change in words, the text before and after ("Replace “a” with “b”"),
 * context, author "Name (Organisation)" and time; filters by person and
 * organisation; "Show in text"; for staff, accept or reject one (with an optional reason),
 * all of one person's, or all in the selection; for the author, withdraw. Decisions are
 * server commands (POST /api/docs/<docName>/suggestions/<action>): the server edits the document and
 * everyone sees the result live. The "Decisions" tab lists what was decided, and why.
 */
import { PeopleFilters } from '../ui/PeopleFilters.js';
import { useEffect, useMemo, useState } from 'react';
import type { Editor } from '@tiptap/core';
import { TextSelection } from '@tiptap/pm/state';
import { useEditorState } from '@tiptap/react';
import { useTranslation } from 'react-i18next';
import type * as Y from 'yjs';
import { colourForUser } from '../../../shared/colours.js';
import type { SuggestionMeta } from '../../../shared/suggestions/model.js';
import { describeError } from '../api/describeError.js';
import { decideSuggestions, listDecisions, type DecisionAction, type DecisionRecord } from '../api/suggestions.js';
import { listSuggestions, touchesRange, type GroupKind, type ListedSuggestion } from './suggestionList.js';
import { formatDateTime } from '../ui/formatDateTime.js';

interface PanelProps {
  editor: Editor;
  docName: string;
  meta: Y.Map<SuggestionMeta>;
  userId: string;
  /** Staff may accept and reject. */
  canDecide: boolean;
  /** Starts a comment thread on a suggestion ("Discuss"); absent for people who may not comment. */
  onDiscuss?: (suggestion: ListedSuggestion) => void;
}

const KIND_KEYS: Record<GroupKind, string> = {
  insertion: 'suggest.kindInsertion',
  deletion: 'suggest.kindDeletion',
  replacement: 'suggest.kindReplacement',
  formatting: 'suggest.kindFormatChange',
  newListItem: 'suggest.kindNewListItem',
  removedListItem: 'suggest.kindRemovedListItem',
  newRow: 'suggest.kindNewRow',
  removedRow: 'suggest.kindRemovedRow',
  split: 'suggest.kindSplit',
  join: 'suggest.kindJoin',
  headingLevel: 'suggest.kindHeadingLevel',
  retype: 'suggest.kindRetype',
  newBlock: 'suggest.kindInsert',
  removedBlock: 'suggest.kindDelete',
  move: 'suggest.kindMove',
  restructure: 'suggest.kindRestructure',
};

/** Kinds recorded before suggestions were grouped (one row per carrier kind). */
const RECORDED_KINDS: Record<string, GroupKind> = { formatChange: 'formatting', insert: 'newBlock', delete: 'removedBlock' };

/** The kind of a recorded decision in words, or null for a kind this version does not know. */
function recordedKindKey(kind: string): string | null {
  const group = (RECORDED_KINDS[kind] ?? kind) as GroupKind;
  return KIND_KEYS[group] ?? null;
}

/** What a card says changed: "Replace “a” with “b”", the heading levels, or the text. */
function ChangeText({ suggestion: s }: { suggestion: ListedSuggestion }) {
  const { t } = useTranslation();
  if (s.kind === 'replacement') return <>{t('suggest.replaceText', { before: s.removedText, after: s.addedText })}</>;
  const marks = s.added || s.removed ? ` (${[s.added && `+${s.added}`, s.removed && `−${s.removed}`].filter(Boolean).join(' ')})` : '';
  const levels = s.levels ? `${t('suggest.headingLevelText', { from: s.levels.from, to: s.levels.to })}: ` : '';
  return (
    <>
      {marks}
      {levels}
      <q>{s.text || t('suggest.emptyBlock')}</q>
    </>
  );
}

/** Re-renders when the server-stamped suggestion facts change. */
function useMetaVersion(meta: Y.Map<SuggestionMeta>): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const bump = () => setVersion((v) => v + 1);
    meta.observe(bump);
    return () => meta.unobserve(bump);
  }, [meta]);
  return version;
}

export function SuggestionsPanel({ editor, docName, meta, userId, canDecide, onDiscuss }: PanelProps) {
  const { t, i18n } = useTranslation();
  const [tab, setTab] = useState<'pending' | 'decisions'>('pending');
  const [person, setPerson] = useState('');
  const [organisation, setOrganisation] = useState('');
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const metaVersion = useMetaVersion(meta);

  const { suggestions, selection } = useEditorState({
    editor,
    selector: ({ editor: e }) => ({ suggestions: listSuggestions(e.state.doc), selection: { from: e.state.selection.from, to: e.state.selection.to } }),
    equalityFn: (a, b) => !!a && !!b && a.selection.from === b.selection.from && a.selection.to === b.selection.to && JSON.stringify(a.suggestions) === JSON.stringify(b.suggestions),
  }) ?? { suggestions: [], selection: { from: 0, to: 0 } };

  const language = i18n.resolvedLanguage ?? i18n.language;
  const formatTime = (value: number | string) => formatDateTime(language, value);
  const factsOf = (id: string) => meta.get(id) ?? null;

  const people = useMemo(() => {
    const byId = new Map<string, { id: string; name: string; organisation: { id: string; name: string } }>();
    for (const s of suggestions) {
      const facts = meta.get(s.id);
      if (facts && !byId.has(s.author)) byId.set(s.author, { id: s.author, name: facts.name, organisation: facts.organisation });
    }
    return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
    // metaVersion: the facts arrive after the suggestion itself.
  }, [suggestions, meta, metaVersion]);
  const organisations = useMemo(() => [...new Map(people.map((p) => [p.organisation.id, p.organisation])).values()].sort((a, b) => a.name.localeCompare(b.name)), [people]);

  const visible = suggestions.filter((s) => {
    if (person && s.author !== person) return false;
    if (organisation && factsOf(s.id)?.organisation.id !== organisation) return false;
    return true;
  });
  const selectedPerson = people.find((p) => p.id === person) ?? null;
  // Bulk decisions follow the filter: all of one person's, or all of one organisation's.
  const bulkName = selectedPerson?.name ?? organisations.find((o) => o.id === organisation)?.name ?? null;
  const inSelection = selection.from === selection.to ? [] : suggestions.filter((s) => touchesRange(s, selection.from, selection.to));

  const decide = async (action: DecisionAction, ids: string[], reason?: string) => {
    if (!ids.length) {
      setMessage({ text: t('suggest.nothingInSelection'), error: true });
      return;
    }
    setBusy(true);
    setMessage(null);
    try {
      const result = await decideSuggestions(docName, action, ids, reason?.trim() || undefined);
      setMessage({ text: t('suggest.decidedCount', { count: result.decided.length }), error: false });
      setReasons((all) => Object.fromEntries(Object.entries(all).filter(([id]) => !ids.includes(id))));
    } catch (caught) {
      setMessage({ text: t('suggest.decideFailed', { reason: describeError(caught, t) }), error: true });
    } finally {
      setBusy(false);
    }
  };

  const showInText = (s: ListedSuggestion) => {
    const doc = editor.state.doc;
    const from = Math.min(s.from, doc.content.size);
    const to = Math.min(s.to, doc.content.size);
    const selection = TextSelection.between(doc.resolve(from), doc.resolve(to));
    editor.chain().focus().setTextSelection({ from: selection.from, to: selection.to }).scrollIntoView().run();
  };

  return (
    <section className="suggestions-panel" aria-label={t('suggest.panel')}>
      <h2>{t('suggest.panel')}</h2>
      <div role="tablist" className="tabs" aria-label={t('suggest.tabs')}>
        <button type="button" role="tab" id="suggestions-tab-pending" aria-selected={tab === 'pending'} aria-controls="suggestions-pending" onClick={() => setTab('pending')}>
          {t('suggest.tabPending')} ({suggestions.length})
        </button>
        <button type="button" role="tab" id="suggestions-tab-decisions" aria-selected={tab === 'decisions'} aria-controls="suggestions-decisions" onClick={() => setTab('decisions')}>
          {t('suggest.tabDecisions')}
        </button>
      </div>
      <div role="status" aria-live="polite">
        {message && <p className={message.error ? 'error' : 'muted'}>{message.text}</p>}
      </div>

      {tab === 'pending' ? (
        <div role="tabpanel" id="suggestions-pending" aria-labelledby="suggestions-tab-pending">
          {/* Filters and bulk decisions only once there is something to filter or decide. */}
          {suggestions.length > 0 && (
            <>
              <div className="filter-row">
                <PeopleFilters
                  people={people}
                  organisations={organisations}
                  person={person}
                  organisation={organisation}
                  onPerson={setPerson}
                  onOrganisation={setOrganisation}
                  labels={{ person: t('suggest.filterPerson'), everyone: t('suggest.everyone'), organisation: t('suggest.filterOrganisation'), allOrganisations: t('suggest.allOrganisations') }}
                />
              </div>
              {canDecide && (
                <div className="suggestion-actions">
                  {bulkName && (
                    <>
                      <button type="button" className="button small primary" disabled={busy} onClick={() => void decide('accept', visible.map((s) => s.id))}>
                        {t('suggest.acceptAllFrom', { name: bulkName })}
                      </button>
                      <button type="button" className="button small secondary" disabled={busy} onClick={() => void decide('reject', visible.map((s) => s.id))}>
                        {t('suggest.rejectAllFrom', { name: bulkName })}
                      </button>
                    </>
                  )}
                  <button type="button" className="button small secondary" disabled={busy || !inSelection.length} onClick={() => void decide('accept', inSelection.map((s) => s.id))}>
                    {t('suggest.acceptSelection')}
                  </button>
                  <button type="button" className="button small secondary" disabled={busy || !inSelection.length} onClick={() => void decide('reject', inSelection.map((s) => s.id))}>
                    {t('suggest.rejectSelection')}
                  </button>
                </div>
              )}
            </>
          )}
          {!visible.length ? (
            <p className="muted">{suggestions.length ? t('suggest.noneFiltered') : t('suggest.none')}</p>
          ) : (
            <ul className="suggestion-list">
              {visible.map((s) => {
                const facts = factsOf(s.id);
                const who = facts ? `${facts.name} (${facts.organisation.name})` : t('suggest.pending');
                const reasonId = `suggestion-reason-${s.id}`;
                const summaryId = `suggestion-summary-${s.id}`;
                return (
                  <li key={s.id} className="suggestion-item" style={{ ['--suggestion-colour' as string]: colourForUser(s.author) }}>
                    <div id={summaryId}>
                      <strong>{t(KIND_KEYS[s.kind])}</strong>: <ChangeText suggestion={s} />
                      {s.context && s.context !== s.text && <p className="muted small">{s.context}</p>}
                      <p className="small">
                        {who}
                        {facts && `, ${formatTime(facts.at)}`}
                      </p>
                    </div>
                    <div className="suggestion-actions">
                      <button type="button" className="button small secondary" aria-describedby={summaryId} onClick={() => showInText(s)}>
                        {t('suggest.showInText')}
                      </button>
                      {canDecide && (
                        <>
                          <button type="button" className="button small primary" aria-describedby={summaryId} disabled={busy} onClick={() => void decide('accept', [s.id], reasons[s.id])}>
                            {t('suggest.accept')}
                          </button>
                          <button type="button" className="button small secondary" aria-describedby={summaryId} disabled={busy} onClick={() => void decide('reject', [s.id], reasons[s.id])}>
                            {t('suggest.reject')}
                          </button>
                        </>
                      )}
                      {onDiscuss && (
                        <button type="button" className="button small secondary" aria-describedby={summaryId} onClick={() => onDiscuss(s)}>
                          {t('comments.discuss')}
                        </button>
                      )}
                      {s.author === userId && (
                        <button type="button" className="button small secondary" aria-describedby={summaryId} disabled={busy} onClick={() => void decide('withdraw', [s.id])}>
                          {t('suggest.withdraw')}
                        </button>
                      )}
                    </div>
                    {canDecide && (
                      <label className="field" htmlFor={reasonId}>
                        <span>{t('suggest.reason')}</span>
                        <input id={reasonId} type="text" maxLength={500} value={reasons[s.id] ?? ''} onChange={(event) => setReasons((all) => ({ ...all, [s.id]: event.target.value }))} />
                      </label>
                    )}
                  </li>
                );
              })}
            </ul>
          )}
        </div>
      ) : (
        <div role="tabpanel" id="suggestions-decisions" aria-labelledby="suggestions-tab-decisions">
          <DecisionsList docName={docName} formatTime={formatTime} refreshKey={metaVersion} />
        </div>
      )}
    </section>
  );
}

/** GET /api/docs/<docName>/decisions: every decision, newest first, with the reason. */
function DecisionsList({ docName, formatTime, refreshKey }: { docName: string; formatTime: (value: number | string) => string; refreshKey: number }) {
  const { t } = useTranslation();
  const [state, setState] = useState<{ type: 'loading' } | { type: 'ready'; value: DecisionRecord[] } | { type: 'error'; message: string }>({ type: 'loading' });
  useEffect(() => {
    let live = true;
    listDecisions(docName).then(
      (value) => live && setState({ type: 'ready', value }),
      (caught) => live && setState({ type: 'error', message: t('suggest.decisionsFailed', { reason: describeError(caught, t) }) }),
    );
    return () => {
      live = false;
    };
  }, [docName, refreshKey, t]);
  if (state.type === 'loading') return <p className="muted">{t('app.loading')}</p>;
  if (state.type === 'error') return <p className="error">{state.message}</p>;
  if (!state.value.length) return <p className="muted">{t('suggest.decisionsNone')}</p>;
  return (
    <ul className="suggestion-list">
      {state.value.map((d) => (
        <li key={`${d.suggestionId}-${String(d.at)}`} className="suggestion-item" style={{ ['--suggestion-colour' as string]: colourForUser(d.author?.id ?? '') }}>
          <p>
            {recordedKindKey(d.kind) && <>{t(recordedKindKey(d.kind)!)} · </>}
            <strong>{t('suggest.decisionLine', { action: t(`suggest.decided_${d.action}`), decider: `${d.decidedBy.name} (${d.decidedBy.organisation.name})`, time: formatTime(d.at) })}</strong>
          </p>
          <p className="small">{t('suggest.suggestedBy', { person: d.author ? `${d.author.name} (${d.author.organisation.name})` : t('suggest.formerMember') })}</p>
          {d.reason && (
            <p>
              {t('suggest.reasonLabel')}: {d.reason}
            </p>
          )}
          <p className="small">
            {t('suggest.before')}: {d.before ? <q>{d.before}</q> : t('suggest.emptyText')}
          </p>
          <p className="small">
            {t('suggest.after')}: {d.after ? <q>{d.after}</q> : t('suggest.emptyText')}
          </p>
        </li>
      ))}
    </ul>
  );
}

/**
 * The comments sidebar (region "Comments") beside the text: the section draft's threads in
 * document order, each card aligned with its passage where there is room (pushed down so
 * cards never overlap), the composer of a new thread, and the link between text and card:
 * clicking a card highlights and scrolls to its passage, clicking highlighted text
 * activates its card. Threads are refetched whenever the workspace's event stream says one
 * of this draft's threads changed (`threadsVersion`).
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Editor } from '@tiptap/core';
import { useEditorState } from '@tiptap/react';
import { useTranslation } from 'react-i18next';
import type { Mention, Thread } from '../../../shared/comments/api.js';
import { createThread, deleteMessage, editMessage, listMembers, listOrganisations, listThreads, reattachThread, replyToThread, setThreadStatus } from '../api/comments.js';
import { describeError } from '../api/describeError.js';
import { listSuggestions } from '../editor/suggestionList.js';
import { anchorRanges, markThread, selectedPassage, type SelectedPassage } from './commentAnchors.js';
import { setCommentHighlights } from './CommentHighlights.js';
import { MentionComposer, type MentionCandidate } from './MentionComposer.js';
import { listRevisions } from '../api/revisions.js';
import { ThreadCard, type ThreadActions } from './ThreadCard.js';
import { formatDateTime } from '../ui/formatDateTime.js';

/** What a new thread is about: a selected passage, or a suggestion. */
export type CommentDraft = ({ type: 'passage' } & SelectedPassage) | { type: 'suggestion'; suggestionId: string; quote: string };

interface SidebarProps {
  editor: Editor;
  docName: string;
  workspaceSlug: string;
  userId: string;
  canComment: boolean;
  canModerate: boolean;
  /** Bumped when the event stream says this draft's threads changed. */
  threadsVersion: number;
  /** A thread to open and highlight (from `?thread=`). */
  focusThread: string | null;
  draft: CommentDraft | null;
  onDraftDone: () => void;
}

type LoadState = { type: 'loading' } | { type: 'ready'; threads: Thread[] } | { type: 'error'; message: string };

const CARD_GAP = 8;

/** Finds `quote` again when the text moved while the comment was being written. */
function locateQuote(editor: Editor, passage: SelectedPassage): { from: number; to: number } | null {
  const doc = editor.state.doc;
  const size = doc.content.size;
  if (passage.to <= size && doc.textBetween(passage.from, passage.to, '\n', ' ') === passage.quote) return { from: passage.from, to: passage.to };
  let best: { from: number; to: number } | null = null;
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    const text = node.textBetween(0, node.content.size, undefined, ' ');
    for (let index = text.indexOf(passage.quote); index >= 0; index = text.indexOf(passage.quote, index + 1)) {
      // Text positions inside a textblock with only text and leaf nodes (one character each).
      const from = pos + 1 + index;
      const candidate = { from, to: from + passage.quote.length };
      if (!best || Math.abs(candidate.from - passage.from) < Math.abs(best.from - passage.from)) best = candidate;
    }
    return false;
  });
  return best;
}

/** The sidebar. */
export function CommentsSidebar({ editor, docName, workspaceSlug, userId, canComment, canModerate, threadsVersion, focusThread, draft, onDraftDone }: SidebarProps) {
  const { t, i18n } = useTranslation();
  const [state, setState] = useState<LoadState>({ type: 'loading' });
  const [active, setActive] = useState<string | null>(focusThread);
  const [showResolved, setShowResolved] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [directory, setDirectory] = useState<MentionCandidate[]>([]);
  const [tops, setTops] = useState<Record<string, number>>({});
  const [height, setHeight] = useState(0);
  const cardsRef = useRef<HTMLDivElement>(null);
  const [reloadKey, setReloadKey] = useState(0);

  const language = i18n.resolvedLanguage ?? i18n.language;
  const formatTime = useCallback((value: number) => formatDateTime(language, value), [language]);

  // Threads: on open, on every `threads` event for this draft, and on "try again".
  useEffect(() => {
    let live = true;
    listThreads(docName).then(
      (threads) => live && setState({ type: 'ready', threads }),
      (caught) => live && setState((previous) => (previous.type === 'ready' ? previous : { type: 'error', message: t('comments.loadFailed', { reason: describeError(caught, t) }) })),
    );
    return () => {
      live = false;
    };
    // t changes with the language; a new language needs no refetch.
  }, [docName, threadsVersion, reloadKey]);

  // Who can be mentioned: members where the person may list them (staff), organisations, and the people in threads.
  useEffect(() => {
    let live = true;
    void (async () => {
      const [members, organisations] = await Promise.all([canModerate ? listMembers(workspaceSlug).catch(() => []) : Promise.resolve([]), listOrganisations().catch(() => [])]);
      if (!live) return;
      setDirectory([
        ...members.map((m) => ({ kind: 'user' as const, id: m.user.id, name: m.user.name, detail: m.user.organisation.name })),
        ...organisations.map((o) => ({ kind: 'organisation' as const, id: o.id, name: o.name, detail: t('comments.organisation') })),
      ]);
    })();
    return () => {
      live = false;
    };
  }, [workspaceSlug, canModerate, t]);

  const threads = useMemo(() => (state.type === 'ready' ? state.threads : []), [state]);

  const candidates = useMemo(() => {
    const byKey = new Map<string, MentionCandidate>();
    for (const candidate of directory) byKey.set(`${candidate.kind}:${candidate.id}`, candidate);
    for (const thread of threads) {
      // Visitors (public feedback, no account: empty id) cannot be mentioned.
      for (const actor of [thread.author, ...thread.messages.map((m) => m.author)].filter((a) => a.id)) {
        if (!byKey.has(`user:${actor.id}`)) byKey.set(`user:${actor.id}`, { kind: 'user', id: actor.id, name: actor.name, detail: actor.organisation.name });
      }
    }
    return [...byKey.values()].filter((c) => !(c.kind === 'user' && c.id === userId)).sort((a, b) => a.name.localeCompare(b.name));
  }, [directory, threads, userId]);

  // Where each thread sits in the text: its anchor, or its suggestion; detached ones last.
  const positions = useEditorState({
    editor,
    selector: ({ editor: e }) => {
      const map: Record<string, number> = {};
      for (const [id, range] of anchorRanges(e.state.doc)) map[id] = range.from;
      for (const s of listSuggestions(e.state.doc)) map[`suggestion:${s.id}`] ??= s.from;
      return map;
    },
    equalityFn: (a, b) => JSON.stringify(a) === JSON.stringify(b),
  });
  const positionOf = useCallback(
    (thread: Thread) => (thread.suggestionId ? positions?.[`suggestion:${thread.suggestionId}`] : positions?.[thread.id]) ?? Number.MAX_SAFE_INTEGER,
    [positions],
  );

  const ordered = useMemo(() => [...threads].sort((a, b) => positionOf(a) - positionOf(b) || a.createdAt - b.createdAt), [threads, positionOf]);
  const resolvedCount = ordered.filter((thread) => thread.status === 'resolved').length;
  const visible = ordered.filter((thread) => showResolved || thread.status === 'open' || thread.id === active);

  // Highlights in the text: open threads, the active one more strongly, and the passage being commented on.
  useEffect(() => {
    const open = new Set(threads.filter((thread) => thread.status === 'open').map((thread) => thread.id));
    setCommentHighlights(editor, { open, active, pending: draft?.type === 'passage' ? { from: draft.from, to: draft.to } : null });
  }, [editor, threads, active, draft]);

  const passageElement = useCallback(
    (thread: Thread): Element | null => {
      if (thread.suggestionId) {
        const from = positions?.[`suggestion:${thread.suggestionId}`];
        if (from === undefined) return null;
        const { node } = editor.view.domAtPos(from);
        return node instanceof Element ? node : node.parentElement;
      }
      return editor.view.dom.querySelector(`span[data-thread="${CSS.escape(thread.id)}"]`);
    },
    [editor, positions],
  );

  const activate = useCallback(
    (thread: Thread, scrollText: boolean) => {
      setActive(thread.id);
      if (scrollText) passageElement(thread)?.scrollIntoView({ block: 'center', behavior: 'smooth' });
    },
    [passageElement],
  );

  // Opening `?thread=`: activate it and bring its passage into view once it is here.
  const focused = useRef<string | null>(null);
  useEffect(() => {
    if (!focusThread || focused.current === focusThread) return;
    const thread = threads.find((candidate) => candidate.id === focusThread);
    if (!thread) return;
    focused.current = focusThread;
    activate(thread, true);
    requestAnimationFrame(() => cardsRef.current?.querySelector(`[data-thread-id="${CSS.escape(thread.id)}"]`)?.scrollIntoView({ block: 'nearest' }));
  }, [focusThread, threads, activate]);

  // Clicking highlighted text activates its card (the innermost known thread under the pointer).
  useEffect(() => {
    const dom = editor.view.dom;
    const handleClick = (event: MouseEvent) => {
      let element = (event.target as Element | null)?.closest('span[data-thread]') ?? null;
      while (element) {
        const id = element.getAttribute('data-thread');
        const thread = threads.find((candidate) => candidate.id === id);
        if (thread && (thread.status === 'open' || showResolved)) {
          setActive(thread.id);
          requestAnimationFrame(() => cardsRef.current?.querySelector(`[data-thread-id="${CSS.escape(thread.id)}"]`)?.scrollIntoView({ block: 'nearest' }));
          return;
        }
        element = element.parentElement?.closest('span[data-thread]') ?? null;
      }
    };
    dom.addEventListener('click', handleClick);
    return () => dom.removeEventListener('click', handleClick);
  }, [editor, threads, showResolved]);

  // Cards beside their passages: each at its passage's height, below the card before it.
  useLayoutEffect(() => {
    const container = cardsRef.current;
    if (!container) return;
    const layout = () => {
      const cards = container.querySelectorAll<HTMLElement>('[data-thread-id]');
      // Nothing to place: measuring would only make the browser lay out the whole section
      // now, while it opens, rather than once when it paints (P3).
      if (cards.length === 0) {
        setTops((previous) => (Object.keys(previous).length === 0 ? previous : {}));
        setHeight(0);
        return;
      }
      const base = container.getBoundingClientRect().top;
      const next: Record<string, number> = {};
      let bottom = 0;
      for (const card of cards) {
        const thread = visible.find((candidate) => candidate.id === card.dataset.threadId);
        const anchor = thread ? passageElement(thread) : null;
        const wanted = anchor ? anchor.getBoundingClientRect().top - base : bottom;
        const top = Math.max(Math.round(wanted), bottom);
        next[card.dataset.threadId!] = top;
        bottom = top + card.offsetHeight + CARD_GAP;
      }
      setTops((previous) => (JSON.stringify(previous) === JSON.stringify(next) ? previous : next));
      setHeight(bottom);
    };
    layout();
    const observer = new ResizeObserver(layout);
    observer.observe(container);
    observer.observe(editor.view.dom);
    return () => observer.disconnect();
  });

  const run = async (action: () => Promise<Thread>): Promise<Thread | null> => {
    setError(null);
    try {
      const thread = await action();
      setState((previous) =>
        previous.type === 'ready'
          ? { type: 'ready', threads: previous.threads.some((candidate) => candidate.id === thread.id) ? previous.threads.map((candidate) => (candidate.id === thread.id ? thread : candidate)) : [...previous.threads, thread] }
          : { type: 'ready', threads: [thread] },
      );
      return thread;
    } catch (caught) {
      setError(t('comments.actionFailed', { reason: describeError(caught, t) }));
      return null;
    }
  };

  const actions: ThreadActions = {
    reply: async (thread, body, mentions) => Boolean(await run(() => replyToThread(docName, thread.id, body, mentions))),
    edit: async (thread, messageId, body, mentions) => Boolean(await run(() => editMessage(docName, thread.id, messageId, body, mentions))),
    remove: async (thread, messageId) => Boolean(await run(() => deleteMessage(docName, thread.id, messageId))),
    setStatus: async (thread, verb, settledByRevision) => Boolean(await run(() => setThreadStatus(docName, thread.id, verb, settledByRevision))),
    revisions: async () => {
      try {
        return await listRevisions(docName);
      } catch (caught) {
        setError(t('comments.actionFailed', { reason: describeError(caught, t) }));
        return null;
      }
    },
    reattach: async (thread) => {
      const passage = selectedPassage(editor.state);
      if (!passage) {
        setError(t('comments.reattachSelectFirst'));
        return false;
      }
      const updated = await run(() => reattachThread(docName, thread.id, passage.quote, passage.blockId));
      if (!updated) return false;
      markThread(editor, thread.id, passage.from, passage.to);
      setActive(thread.id);
      return true;
    },
  };

  const startThread = async (body: string, mentions: Mention[]): Promise<boolean> => {
    if (!draft) return false;
    const created = await run(() =>
      createThread(
        docName,
        draft.type === 'passage'
          ? { quote: draft.quote, context: draft.context, ...(draft.blockId ? { blockId: draft.blockId } : {}), body, mentions }
          : { suggestionId: draft.suggestionId, quote: draft.quote.slice(0, 1000), body, mentions },
      ),
    );
    if (!created) return false;
    if (draft.type === 'passage') {
      const range = locateQuote(editor, draft);
      if (!range || !markThread(editor, created.id, range.from, range.to)) setError(t('comments.markFailed'));
    }
    setActive(created.id);
    onDraftDone();
    return true;
  };

  return (
    <section className="comments-sidebar" aria-label={t('comments.panel')}>
      <h2>{t('comments.panel')}</h2>
      <div role="status" aria-live="polite">
        {error && <p className="error">{error}</p>}
      </div>
      {draft && canComment && (
        <div className="thread-card new-thread">
          <h3 className="small">{t('comments.newThread')}</h3>
          {draft.type === 'suggestion' && <span className="badge">{t('comments.onSuggestion')}</span>}
          {draft.quote && <blockquote className="thread-quote small">{draft.quote}</blockquote>}
          <MentionComposer label={t('comments.body')} submitLabel={t('comments.send')} candidates={candidates} autoFocus onSubmit={startThread} onCancel={onDraftDone} />
        </div>
      )}
      {state.type === 'loading' && <p className="muted">{t('app.loading')}</p>}
      {state.type === 'error' && (
        <div className="error" role="alert">
          <p>{state.message}</p>
          <button type="button" className="button small secondary" onClick={() => setReloadKey((n) => n + 1)}>
            {t('comments.retry')}
          </button>
        </div>
      )}
      {state.type === 'ready' && !threads.length && !draft && <p className="muted">{t('comments.empty')}</p>}
      {resolvedCount > 0 && (
        <button type="button" className="link-button small" aria-pressed={showResolved} onClick={() => setShowResolved((on) => !on)}>
          {showResolved ? t('comments.hideResolved') : t('comments.showResolved', { count: resolvedCount })}
        </button>
      )}
      <div className="thread-cards" ref={cardsRef} style={{ minHeight: height }}>
        {visible.map((thread) => (
          <ThreadCard
            key={thread.id}
            thread={thread}
            active={thread.id === active}
            userId={userId}
            canComment={canComment}
            canModerate={canModerate}
            candidates={candidates}
            actions={actions}
            formatTime={formatTime}
            onActivate={() => activate(thread, true)}
            canShowInText={Boolean(passageElement(thread))}
            style={tops[thread.id] === undefined ? undefined : { top: tops[thread.id] }}
          />
        ))}
      </div>
    </section>
  );
}

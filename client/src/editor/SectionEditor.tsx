/**
 * The collaborative editor of one section draft: the shared schema (createEditorExtensions)
 * plus Collaboration on the session's Y.Doc, CollaborationCaret on its provider and
 * SuggestionMode. Never given initial content: documents are seeded on the server, once
 * (STACK.md).
 *
 * Staff edit directly and may switch to suggesting; partners always suggest (the server
 * enforces it, S1); readers read, and comment where the workspace allows it. Beside the
 * text sit the comments sidebar and, below, the suggestions panel.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { EditorContent, useEditor, useEditorState, type Editor } from '@tiptap/react';
import { useTranslation } from 'react-i18next';
import type * as Y from 'yjs';
import { SUGGESTION_META_FIELD, type BlockSuggestionKind, type SuggestionMeta } from '../../../shared/suggestions/model.js';
import type { BlockedReason } from '../../../shared/suggestions/transform.js';
import type { CollabSession } from '../collab/CollabSession.js';
import { selectedPassage } from '../comments/commentAnchors.js';
import { CommentsSidebar, type CommentDraft } from '../comments/CommentsSidebar.js';
import { claimEarlyEditor, hideEarlySection, type EarlyEditor } from './earlyEditor.js';
import { LateHooks, sectionExtensions, textAttributes } from './sectionEditorSetup.js';
import { SUGGESTION_REFRESH_META } from './SuggestionMode.js';
import { SuggestionsPanel } from './SuggestionsPanel.js';
import { SuggestionPreview, ViewSwitch, type SuggestionView } from './SuggestionsView.js';
import { Toolbar } from './Toolbar.js';
import { useArticleNumbers } from './useArticleNumbers.js';
import { formatDateTime } from '../ui/formatDateTime.js';

interface SectionEditorProps {
  session: CollabSession;
  /** The person may edit directly (draft.edit): staff and admins. */
  canEdit: boolean;
  /** The person may suggest (draft.suggest): partners, and staff when they choose to. */
  canSuggest: boolean;
  /** What CollaborationCaret announces until the server stamps its own identity. */
  user: { id: string; name: string; color: string };
  workspaceSlug: string;
  /** The person may comment (draft.comment): also readers, where the workspace allows it. */
  canComment: boolean;
  /** The person may resolve, re-attach and delete anyone's (comment.moderate): staff. */
  canModerate: boolean;
  /** Bumped when this draft's threads changed on the server. */
  threadsVersion: number;
  /** A thread to open and highlight (`?thread=`). */
  focusThread: string | null;
}

const LABEL_KEYS: Record<BlockSuggestionKind, string> = {
  insert: 'suggest.labelInsert',
  split: 'suggest.labelSplit',
  join: 'suggest.labelJoin',
  retype: 'suggest.labelRetype',
  delete: 'suggest.labelDelete',
};
/** Labels of new and removed list items and rows (G1: the suggestion sits on the item). */
const NESTED_LABEL_KEYS: Record<string, string> = {
  'insert:listItem': 'suggest.labelNewItem',
  'delete:listItem': 'suggest.labelRemovedItem',
  'insert:tableRow': 'suggest.labelNewRow',
  'delete:tableRow': 'suggest.labelRemovedRow',
};

const BLOCKED_KEYS: Record<BlockedReason, string> = {
  conflict: 'suggest.blockedConflict',
  inlineNode: 'suggest.blockedInlineNode',
  markWithAttributes: 'suggest.blockedMarkWithAttributes',
  unsupported: 'suggest.blockedUnsupported',
};

/** "Name (Organisation), time" of a suggestion from the server-stamped map, or "pending…". */
export function describeSuggestion(meta: Y.Map<SuggestionMeta>, id: string, t: (key: string, options?: Record<string, unknown>) => string, language: string): string {
  const facts = meta.get(id);
  if (!facts) return t('suggest.pending');
  const time = formatDateTime(language, facts.at);
  return t('suggest.hoverCard', { person: facts.name, organisation: facts.organisation.name, time });
}

/**
 * The editor with its toolbar and suggestions panel. On the page the app opened on, the
 * editor was usually made before React had loaded (earlyEditor.ts): it is adopted;
 * otherwise the page makes its own.
 */
export function SectionEditor(props: SectionEditorProps) {
  const [early] = useState(() => claimEarlyEditor(props.session, props.canEdit, props.canSuggest));
  return early ? <AdoptedEditor {...props} early={early} /> : <OwnEditor {...props} />;
}

/** Makes the page's own editor. */
function OwnEditor(props: SectionEditorProps) {
  const { session, canEdit, canSuggest, user } = props;
  const { t } = useTranslation();
  const editable = canEdit || canSuggest;
  const hooks = useMemo(() => new LateHooks(!canEdit && canSuggest), [session, canEdit, canSuggest]);
  // The user's name and colour only seed awareness; changing them needs no new editor.
  const extensions = useMemo(() => sectionExtensions(session, { canEdit, user, hooks }), [session, canEdit, user.id, hooks]);
  const attributes = useMemo(() => textAttributes(t('editor.label'), editable, 'page'), [t, editable]);
  // One options object per set of attributes: useEditor compares it with the editor's own on
  // every render and, if it differs, sets every option again and redraws (P3). A new one (the
  // interface language changed) is how the accessible name follows without a new editor.
  const editorProps = useMemo(() => ({ attributes }), [attributes]);
  const editor = useEditor({ extensions, editable, editorProps }, [session, canEdit, canSuggest]);
  return <SectionEditorView {...props} editor={editor} hooks={hooks} />;
}

/** Takes over the editor made before React had loaded, and destroys it when done. */
function AdoptedEditor({ early, ...props }: SectionEditorProps & { early: EarlyEditor }) {
  const { t } = useTranslation();
  const { editor } = early;
  const editable = props.canEdit || props.canSuggest;
  // Destroyed once really unmounted (StrictMode unmounts and mounts again at once in development).
  const mounted = useRef(0);
  useEffect(() => {
    mounted.current += 1;
    hideEarlySection();
    return () => {
      mounted.current -= 1;
      setTimeout(() => {
        if (mounted.current === 0 && !editor.isDestroyed) editor.destroy();
      });
    };
  }, [editor]);
  // The accessible name in the interface language, should it differ from the one it was made with.
  useEffect(() => {
    const attributes = textAttributes(t('editor.label'), editable, 'before-app');
    const current = editor.options.editorProps.attributes as Record<string, string> | undefined;
    if (current?.['aria-label'] !== attributes['aria-label'] || current?.['aria-readonly'] !== attributes['aria-readonly']) {
      editor.setOptions({ editorProps: { ...editor.options.editorProps, attributes } });
    }
  }, [editor, t, editable]);
  return <SectionEditorView {...props} editor={editor} hooks={early.hooks} />;
}

/** Everything around the text: toolbar, suggestion mode, comments, the panels. */
function SectionEditorView({ session, canEdit, canSuggest, user, workspaceSlug, canComment, canModerate, threadsVersion, focusThread, editor, hooks }: SectionEditorProps & { editor: Editor | null; hooks: LateHooks }) {
  const { t, i18n } = useTranslation();
  const editable = canEdit || canSuggest;
  // Partners always suggest; staff start by editing and may switch.
  const [suggesting, setSuggesting] = useState(!canEdit && canSuggest);
  const [blocked, setBlocked] = useState<string | null>(null);
  const [view, setView] = useState<SuggestionView>('with');
  const suggestingRef = useRef(suggesting);
  suggestingRef.current = suggesting;
  const translate = useRef({ t, language: i18n.resolvedLanguage ?? i18n.language });
  translate.current = { t, language: i18n.resolvedLanguage ?? i18n.language };
  const meta = useMemo(() => session.ydoc.getMap<SuggestionMeta>(SUGGESTION_META_FIELD), [session]);
  const articlesOn = useArticleNumbers(editor, workspaceSlug, session.docName, i18n.resolvedLanguage ?? i18n.language, t('legal.brokenReference'));

  // The suggestion extension asks this page whether it is suggesting and for its words.
  const bound = useMemo(
    () => ({
      isSuggesting: () => suggestingRef.current,
      onBlocked: (reason: BlockedReason) => setBlocked(translate.current.t(BLOCKED_KEYS[reason])),
      describe: (id: string) => describeSuggestion(meta, id, translate.current.t as (key: string, options?: Record<string, unknown>) => string, translate.current.language),
      label: (kind: BlockSuggestionKind, nodeType: string) => translate.current.t(NESTED_LABEL_KEYS[`${kind}:${nodeType}`] ?? LABEL_KEYS[kind]),
    }),
    [meta],
  );
  hooks.target = bound;

  // The side panels (threads, suggestions) render once the browser has shown the text (a
  // frame, then a task): the section is shown and editable without waiting for them (P3).
  // While a new editor replaces the old one, they wait for it rather than show a destroyed one.
  const [panelsFor, setPanelsFor] = useState<Editor | null>(null);
  useEffect(() => {
    if (!editor) return;
    let task: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      task = setTimeout(() => setPanelsFor(editor));
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(task);
    };
  }, [editor]);
  const panelsEditor = panelsFor === editor ? editor : null;

  // Redraw hover cards and labels when the server stamps who and when, or the language changes.
  // A new editor drew them as it was made, before this page had bound its words (LateHooks):
  // they are drawn again once the page is idle, not by a second pass while the section opens (P3).
  const labelsDrawnBy = useRef<typeof editor>(null);
  useEffect(() => {
    if (!editor) return;
    const refresh = () => {
      if (!editor.isDestroyed) editor.view.dispatch(editor.state.tr.setMeta(SUGGESTION_REFRESH_META, true).setMeta('addToHistory', false));
    };
    meta.observe(refresh);
    let idle: number | null = null;
    if (labelsDrawnBy.current === editor) refresh();
    else idle = requestIdleCallback(refresh, { timeout: 2_000 });
    labelsDrawnBy.current = editor;
    return () => {
      meta.unobserve(refresh);
      if (idle !== null) cancelIdleCallback(idle);
    };
  }, [editor, meta, i18n.resolvedLanguage]);

  const [draft, setDraft] = useState<CommentDraft | null>(null);
  const [commentHint, setCommentHint] = useState<string | null>(null);
  const startComment = useCallback(() => {
    if (!editor || !canComment) return;
    const passage = selectedPassage(editor.state);
    if (!passage) {
      setCommentHint(t('comments.selectFirst'));
      return;
    }
    setCommentHint(null);
    setDraft({ type: 'passage', ...passage });
  }, [editor, canComment, t]);

  // Mod-Alt-M comments on the selection; a document listener, so it works in a read-only editor too.
  useEffect(() => {
    if (!canComment) return;
    const handleKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || !event.altKey || event.code !== 'KeyM') return;
      const target = event.target as Node | null;
      if (target && target !== document.body && !editor?.view.dom.contains(target)) return;
      event.preventDefault();
      startComment();
    };
    document.addEventListener('keydown', handleKey);
    return () => document.removeEventListener('keydown', handleKey);
  }, [canComment, editor, startComment]);

  // A small "Comment" bubble beside a selection.
  const bubble = useEditorState({
    editor,
    selector: ({ editor: e }) => {
      if (!e || !canComment || e.state.selection.empty) return null;
      try {
        const end = e.view.coordsAtPos(e.state.selection.to);
        const box = e.view.dom.getBoundingClientRect();
        return { top: Math.round(end.bottom - box.top + 4), left: Math.round(Math.min(end.left - box.left, box.width - 120)) };
      } catch {
        return null;
      }
    },
    equalityFn: (a, b) => a?.top === b?.top && a?.left === b?.left,
  });

  const commentButton = canComment && (
    <button type="button" className="button small secondary" title={t('comments.commentTitle')} aria-keyshortcuts="Control+Alt+M" onMouseDown={(event) => event.preventDefault()} onClick={startComment}>
      {t('comments.comment')}
    </button>
  );

  return (
    <div className="editor-with-panel">
      <div className="editor">
        {!editable && (
          <div className="toolbar-wrap">
            {/* Readers who may comment get only this: the formatting toolbar is for people who write. */}
            {canComment && (
              <div className="toolbar" role="toolbar" aria-label={t('comments.toolbar')}>
                {commentButton}
              </div>
            )}
            <div className="mode-bar">
              <ViewSwitch value={view} onChange={setView} />
            </div>
          </div>
        )}
        {editable && editor && (
          <Toolbar editor={editor} workspaceSlug={workspaceSlug} canUploadImages={canEdit} tableShape={suggesting ? 'rows' : 'all'} canInsertArticle={articlesOn} actions={commentButton}>
            <div className={`mode-bar${suggesting ? ' suggesting' : ''}`}>
              {canEdit ? (
                <div className="suggestion-mode-toggle">
                  <button type="button" className="button small secondary" aria-pressed={suggesting} onClick={() => setSuggesting((on) => !on)} aria-describedby="suggestion-mode-state">
                    {t('suggest.modeButton')}
                  </button>
                  <span id="suggestion-mode-state" className="small" aria-live="polite">
                    {suggesting ? t('suggest.modeSuggesting') : t('suggest.modeEditing')}
                  </span>
                </div>
              ) : (
                <p className="suggestion-mode-toggle small">
                  <span className="mode-pill">{t('suggest.modeButton')}</span> {t('suggest.partnerHint')}
                </p>
              )}
              <ViewSwitch value={view} onChange={setView} />
            </div>
          </Toolbar>
        )}
        <div role="status" aria-live="polite" className="suggestion-blocked">
          {blocked && (
            <p className="notice">
              {blocked}{' '}
              <button type="button" className="button small secondary" onClick={() => setBlocked(null)}>
                {t('editor.dismiss')}
              </button>
            </p>
          )}
        </div>
        {editor && view !== 'with' && <SuggestionPreview editor={editor} view={view} />}
        <div role="status" aria-live="polite">
          {commentHint && <p className="notice">{commentHint}</p>}
        </div>
        <div hidden={view !== 'with'} className="editor-surface-wrap">
          <EditorContent editor={editor} className="editor-surface" />
          {bubble && !draft && (
            <div className="comment-bubble" style={{ top: bubble.top, left: Math.max(0, bubble.left) }}>
              <button type="button" className="button small primary" aria-keyshortcuts="Control+Alt+M" tabIndex={-1} onMouseDown={(event) => event.preventDefault()} onClick={startComment}>
                {t('comments.comment')}
              </button>
            </div>
          )}
        </div>
      </div>
      {panelsEditor && (
        <CommentsSidebar
          editor={panelsEditor}
          docName={session.docName}
          workspaceSlug={workspaceSlug}
          userId={user.id}
          canComment={canComment}
          canModerate={canModerate}
          threadsVersion={threadsVersion}
          focusThread={focusThread}
          draft={draft}
          onDraftDone={() => setDraft(null)}
        />
      )}
      {panelsEditor && (
        <SuggestionsPanel
          editor={panelsEditor}
          docName={session.docName}
          meta={meta}
          userId={user.id}
          canDecide={canEdit}
          onDiscuss={canComment ? (s) => setDraft({ type: 'suggestion', suggestionId: s.id, quote: s.text || s.context }) : undefined}
        />
      )}
    </div>
  );
}

/**
 * The formatting toolbar: undo and redo, headings 1–3, bold, italic, lists, quote, link,
 * table and image, then the page's own actions (Comment) at the end of the row; below it the
 * mode bar the page passes as children (editing or suggesting, which view of the text). In a
 * table, people who edit directly also get the table's own row: add or remove rows and
 * columns, the header row, remove the table. Each button has an accessible name and shows
 * its state with aria-pressed.
 */
import { useRef, useState, type ChangeEvent, type ReactNode } from 'react';
import type { Editor } from '@tiptap/core';
import { useEditorState } from '@tiptap/react';
import { yUndoPluginKey } from '@tiptap/y-tiptap';
import { useTranslation } from 'react-i18next';
import { ALLOWED_IMAGE_TYPES, LIMITS } from '../../../shared/limits.js';
import { describeError } from '../api/describeError.js';
import { uploadImage } from '../api/workspaces.js';
import { LinkForm } from './LinkForm.js';
import { insertArticle } from './ArticleNumbering.js';
import { ArticleRefForm } from './ArticleRefForm.js';

interface ToolButtonProps {
  label: string;
  /** The editor's own keyboard shortcut for it, in aria-keyshortcuts form ("Control+B"). */
  shortcut?: string;
  pressed?: boolean;
  onClick: () => void;
  children?: ReactNode;
  disabled?: boolean;
  /**
   * Visible text shown instead of an icon ("H1"). It is also part of the accessible name
   * ("Heading 1, H1"): WCAG 2.5.3, label in name, so "click H1" works by voice.
   */
  glyph?: string;
}

/** On a Mac the editor's shortcuts use ⌘ where others use Ctrl. */
const IS_MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** "Control+Shift+8" as a person reads it on this computer: "Ctrl+Shift+8", or "⌘⇧8" on a Mac. */
function shortcutText(shortcut: string): string {
  if (!IS_MAC) return shortcut.replace('Control', 'Ctrl');
  return shortcut.replace('Control+', '⌘').replace('Alt+', '⌥').replace('Shift+', '⇧');
}

function ToolButton({ label, shortcut, pressed, onClick, children, disabled, glyph }: ToolButtonProps) {
  return (
    <button
      type="button"
      className="tool-button"
      aria-label={glyph ? `${label}, ${glyph}` : label}
      aria-keyshortcuts={shortcut}
      title={shortcut ? `${label} (${shortcutText(shortcut)})` : label}
      aria-pressed={pressed === undefined ? undefined : pressed}
      disabled={disabled}
      // Keep the selection in the editor when clicking with a mouse.
      onMouseDown={(event) => event.preventDefault()}
      onClick={onClick}
    >
      {glyph ?? children}
    </button>
  );
}

type Chain = ReturnType<Editor['chain']>;

/** The table row's buttons: the translation key under `editor.` and the command. */
const TABLE_COMMANDS: readonly [string, (chain: Chain) => Chain][] = [
  ['rowAbove', (chain) => chain.addRowBefore()],
  ['rowBelow', (chain) => chain.addRowAfter()],
  ['columnBefore', (chain) => chain.addColumnBefore()],
  ['columnAfter', (chain) => chain.addColumnAfter()],
  ['headerRow', (chain) => chain.toggleHeaderRow()],
  ['deleteRow', (chain) => chain.deleteRow()],
  ['deleteColumn', (chain) => chain.deleteColumn()],
  ['deleteTable', (chain) => chain.deleteTable()],
];
/** The table commands a suggestion can carry: new and removed rows. */
const ROW_COMMANDS = new Set(['rowAbove', 'rowBelow', 'deleteRow']);

interface ToolbarProps {
  editor: Editor;
  workspaceSlug: string;
  /** Image uploads need image.upload (staff); partners get no image button. */
  canUploadImages?: boolean;
  /**
   * The table's own row of buttons: `all` when the person edits directly; `rows` when they
   * suggest (a new or removed row is a suggestion on that row, G1; columns and removing the
   * whole table are not something a suggestion can carry); `none` without a table row.
   */
  tableShape?: 'all' | 'rows' | 'none';
  /** The workspace is written in articles (issue 24): offer "Insert article". */
  canInsertArticle?: boolean;
  /** Controls at the end of the formatting row (the Comment button). */
  actions?: ReactNode;
  /** The bar below the formatting row (editing or suggesting, the view of the text). */
  children?: ReactNode;
}

/** Toolbar for an editable section. */
export function Toolbar({ editor, workspaceSlug, canUploadImages = true, tableShape = 'none', canInsertArticle = false, actions, children }: ToolbarProps) {
  const { t } = useTranslation();
  const [linkOpen, setLinkOpen] = useState(false);
  const [refOpen, setRefOpen] = useState(false);
  const [uploading, setUploading] = useState(false);
  const [imageError, setImageError] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const active = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      h1: e.isActive('heading', { level: 1 }),
      h2: e.isActive('heading', { level: 2 }),
      h3: e.isActive('heading', { level: 3 }),
      bold: e.isActive('bold'),
      italic: e.isActive('italic'),
      bulletList: e.isActive('bulletList'),
      orderedList: e.isActive('orderedList'),
      blockquote: e.isActive('blockquote'),
      link: e.isActive('link'),
      inTable: e.isActive('table'),
      canUndo: e.can().undo(),
      canRedo: e.can().redo(),
    }),
  });

  /**
   * Runs one toolbar command as an undo step of its own. The undo manager merges changes made
   * within half a second (so typing undoes by bursts); a click is one action, so what came
   * before it and what follows are kept apart from it.
   */
  const command = (build: (chain: Chain) => Chain) => {
    const undoManager = (yUndoPluginKey.getState(editor.state) as { undoManager?: { stopCapturing(): void } } | undefined)?.undoManager;
    undoManager?.stopCapturing();
    build(editor.chain().focus()).run();
    undoManager?.stopCapturing();
  };

  const handleFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setImageError(null);
    if (!(ALLOWED_IMAGE_TYPES as readonly string[]).includes(file.type)) return setImageError(t('editor.imageWrongType'));
    if (file.size > LIMITS.maxImageBytes) return setImageError(t('editor.imageTooLarge', { limit: Math.round(LIMITS.maxImageBytes / (1024 * 1024)) }));
    setUploading(true);
    try {
      const src = await uploadImage(workspaceSlug, file);
      command((c) => c.setImage({ src, alt: file.name.replace(/\.[^.]+$/, '') }));
    } catch (caught) {
      setImageError(t('editor.imageFailed', { reason: describeError(caught, t) }));
    } finally {
      setUploading(false);
    }
  };

  return (
    <div className="toolbar-wrap">
      <div className="toolbar" role="toolbar" aria-label={t('editor.toolbar')}>
        <ToolButton label={t('editor.undo')} shortcut="Control+Z" disabled={!active.canUndo} onClick={() => command((c) => c.undo())}>
          <svg aria-hidden="true" viewBox="0 0 24 24" width="18" height="18" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round"><path d="M9 14 4 9l5-5" /><path d="M4 9h10a6 6 0 0 1 0 12h-3" /></svg>
        </ToolButton>
        <ToolButton label={t('editor.redo')} shortcut="Control+Shift+Z" disabled={!active.canRedo} onClick={() => command((c) => c.redo())}>
          <svg aria-hidden="true" viewBox="0 0 24 24" width="18" height="18" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round"><path d="m15 14 5-5-5-5" /><path d="M20 9H10a6 6 0 0 0 0 12h3" /></svg>
        </ToolButton>
        <span className="toolbar-separator" aria-hidden="true" />
        <ToolButton label={t('editor.heading1')} shortcut="Control+Alt+1" pressed={active.h1} glyph="H1" onClick={() => command((c) => c.toggleHeading({ level: 1 }))} />
        <ToolButton label={t('editor.heading2')} shortcut="Control+Alt+2" pressed={active.h2} glyph="H2" onClick={() => command((c) => c.toggleHeading({ level: 2 }))} />
        <ToolButton label={t('editor.heading3')} shortcut="Control+Alt+3" pressed={active.h3} glyph="H3" onClick={() => command((c) => c.toggleHeading({ level: 3 }))} />
        <span className="toolbar-separator" aria-hidden="true" />
        <ToolButton label={t('editor.bold')} shortcut="Control+B" pressed={active.bold} onClick={() => command((c) => c.toggleBold())}>
          <b aria-hidden="true">B</b>
        </ToolButton>
        <ToolButton label={t('editor.italic')} shortcut="Control+I" pressed={active.italic} onClick={() => command((c) => c.toggleItalic())}>
          <i aria-hidden="true">I</i>
        </ToolButton>
        <span className="toolbar-separator" aria-hidden="true" />
        <ToolButton label={t('editor.bulletList')} shortcut="Control+Shift+8" pressed={active.bulletList} onClick={() => command((c) => c.toggleBulletList())}>
          <svg aria-hidden="true" viewBox="0 0 24 24" width="18" height="18" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round"><path d="M3 12h.01" /><path d="M3 18h.01" /><path d="M3 6h.01" /><path d="M8 12h13" /><path d="M8 18h13" /><path d="M8 6h13" /></svg>
        </ToolButton>
        <ToolButton label={t('editor.orderedList')} shortcut="Control+Shift+7" pressed={active.orderedList} onClick={() => command((c) => c.toggleOrderedList())}>
          <svg aria-hidden="true" viewBox="0 0 24 24" width="18" height="18" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round"><path d="M10 12h11" /><path d="M10 18h11" /><path d="M10 6h11" /><path d="M4 10h2" /><path d="M4 6h1v4" /><path d="M6 18H4c0-1 2-2 2-3s-1-1.5-2-1" /></svg>
        </ToolButton>
        <ToolButton label={t('editor.quote')} shortcut="Control+Shift+B" pressed={active.blockquote} onClick={() => command((c) => c.toggleBlockquote())}>
          <span aria-hidden="true">❝</span>
        </ToolButton>
        <span className="toolbar-separator" aria-hidden="true" />
        <ToolButton label={t('editor.link')} pressed={active.link || linkOpen} onClick={() => setLinkOpen((open) => !open)}>
          <svg aria-hidden="true" viewBox="0 0 24 24" width="18" height="18" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round"><path d="M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1" /><path d="M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1" /></svg>
        </ToolButton>
        <ToolButton label={t('editor.insertTable')} disabled={active.inTable} onClick={() => command((c) => c.insertTable({ rows: 3, cols: 3, withHeaderRow: true }))}>
          <svg aria-hidden="true" viewBox="0 0 24 24" width="18" height="18" fill="none" stroke="currentColor" strokeWidth="2"><rect x="3" y="4" width="18" height="16" rx="1" /><path d="M3 10h18M3 15h18M9 4v16M15 4v16" /></svg>
        </ToolButton>
        {canInsertArticle && (
          <ToolButton label={t('legal.insertArticle')} onClick={() => command((c) => c.command(({ state, dispatch }) => insertArticle(state, dispatch)))}>
            <span aria-hidden="true">§</span>
          </ToolButton>
        )}
        {canInsertArticle && tableShape === 'all' && (
          // References are inline nodes, which a suggestion cannot carry: staff editing directly insert them.
          <ToolButton label={t('legal.reference')} pressed={refOpen} onClick={() => setRefOpen((open) => !open)}>
            <span aria-hidden="true">§→</span>
          </ToolButton>
        )}
        {canUploadImages && (
        <>
        <ToolButton label={t('editor.insertImage')} disabled={uploading} onClick={() => fileInput.current?.click()}>
          <svg aria-hidden="true" viewBox="0 0 24 24" width="18" height="18" fill="none" stroke="currentColor" strokeWidth="2" strokeLinejoin="round"><rect x="3" y="4" width="18" height="16" rx="2" /><circle cx="9" cy="10" r="2" /><path d="m21 17-5-5-9 8" /></svg>
        </ToolButton>
        <input
          ref={fileInput}
          className="visually-hidden"
          type="file"
          tabIndex={-1}
          aria-label={t('editor.imageFile')}
          accept={ALLOWED_IMAGE_TYPES.join(',')}
          onChange={(event) => void handleFile(event)}
        />
        </>
        )}
        {actions && <div className="toolbar-actions">{actions}</div>}
      </div>
      {tableShape !== 'none' && active.inTable && (
        <div className="toolbar table-toolbar" role="toolbar" aria-label={t('editor.tableToolbar')}>
          <span className="toolbar-caption" aria-hidden="true">
            {t('editor.tableCaption')}
          </span>
          {TABLE_COMMANDS.filter(([key]) => tableShape === 'all' || ROW_COMMANDS.has(key)).map(([key, run]) => (
            <button key={key} type="button" className={`button small ${key === 'deleteTable' ? 'danger' : 'secondary'}`} onMouseDown={(event) => event.preventDefault()} onClick={() => command(run)}>
              {t(`editor.${key}`)}
            </button>
          ))}
        </div>
      )}
      {children}
      {linkOpen && <LinkForm editor={editor} onClose={() => setLinkOpen(false)} />}
      {refOpen && <ArticleRefForm editor={editor} onClose={() => setRefOpen(false)} />}
      {uploading && (
        <p className="muted" aria-live="polite">
          {t('editor.uploading')}
        </p>
      )}
      {imageError && (
        <div className="error" role="alert">
          <span>{imageError}</span>{' '}
          <button type="button" className="button small secondary" onClick={() => setImageError(null)}>
            {t('editor.dismiss')}
          </button>
        </div>
      )}
    </div>
  );
}

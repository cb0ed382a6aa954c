/**
 * The formatting toolbar: headings 1–3, bold, italic, lists, quote, link, table and image.
 * Each button has an accessible name and shows its state with aria-pressed.
 */
import { useRef, useState, type ChangeEvent, type ReactNode } from 'react';
import type { Editor } from '@tiptap/core';
import { useEditorState } from '@tiptap/react';
import { useTranslation } from 'react-i18next';
import { ALLOWED_IMAGE_TYPES, LIMITS } from '../../../shared/limits.js';
import { describeError } from '../api/describeError.js';
import { uploadImage } from '../api/workspaces.js';
import { LinkForm } from './LinkForm.js';

interface ToolButtonProps {
  label: string;
  pressed?: boolean;
  onClick: () => void;
  children: ReactNode;
  disabled?: boolean;
}

function ToolButton({ label, pressed, onClick, children, disabled }: ToolButtonProps) {
  return (
    <button
      type="button"
      className="tool-button"
      aria-label={label}
      title={label}
      aria-pressed={pressed === undefined ? undefined : pressed}
      disabled={disabled}
      // Keep the selection in the editor when clicking with a mouse.
      onMouseDown={(event) => event.preventDefault()}
      onClick={onClick}
    >
      {children}
    </button>
  );
}

interface ToolbarProps {
  editor: Editor;
  workspaceSlug: string;
  /** Image uploads need image.upload (staff); partners get no image button. */
  canUploadImages?: boolean;
  /** Extra controls after the formatting buttons (the "Suggesting" switch). */
  children?: ReactNode;
}

/** Toolbar for an editable section. */
export function Toolbar({ editor, workspaceSlug, canUploadImages = true, children }: ToolbarProps) {
  const { t } = useTranslation();
  const [linkOpen, setLinkOpen] = useState(false);
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
    }),
  });

  const chain = () => editor.chain().focus();

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
      editor.chain().focus().setImage({ src, alt: file.name.replace(/\.[^.]+$/, '') }).run();
    } catch (caught) {
      setImageError(t('editor.imageFailed', { reason: describeError(caught, t) }));
    } finally {
      setUploading(false);
    }
  };

  return (
    <div className="toolbar-wrap">
      <div className="toolbar" role="toolbar" aria-label={t('editor.toolbar')}>
        <ToolButton label={t('editor.heading1')} pressed={active.h1} onClick={() => chain().toggleHeading({ level: 1 }).run()}>
          H1
        </ToolButton>
        <ToolButton label={t('editor.heading2')} pressed={active.h2} onClick={() => chain().toggleHeading({ level: 2 }).run()}>
          H2
        </ToolButton>
        <ToolButton label={t('editor.heading3')} pressed={active.h3} onClick={() => chain().toggleHeading({ level: 3 }).run()}>
          H3
        </ToolButton>
        <span className="toolbar-separator" aria-hidden="true" />
        <ToolButton label={t('editor.bold')} pressed={active.bold} onClick={() => chain().toggleBold().run()}>
          <b aria-hidden="true">B</b>
        </ToolButton>
        <ToolButton label={t('editor.italic')} pressed={active.italic} onClick={() => chain().toggleItalic().run()}>
          <i aria-hidden="true">I</i>
        </ToolButton>
        <span className="toolbar-separator" aria-hidden="true" />
        <ToolButton label={t('editor.bulletList')} pressed={active.bulletList} onClick={() => chain().toggleBulletList().run()}>
          <span aria-hidden="true">•≡</span>
        </ToolButton>
        <ToolButton label={t('editor.orderedList')} pressed={active.orderedList} onClick={() => chain().toggleOrderedList().run()}>
          <span aria-hidden="true">1≡</span>
        </ToolButton>
        <ToolButton label={t('editor.quote')} pressed={active.blockquote} onClick={() => chain().toggleBlockquote().run()}>
          <span aria-hidden="true">❝</span>
        </ToolButton>
        <span className="toolbar-separator" aria-hidden="true" />
        <ToolButton label={t('editor.link')} pressed={active.link || linkOpen} onClick={() => setLinkOpen((open) => !open)}>
          <svg aria-hidden="true" viewBox="0 0 24 24" width="18" height="18" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round"><path d="M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1" /><path d="M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1" /></svg>
        </ToolButton>
        <ToolButton label={t('editor.insertTable')} disabled={active.inTable} onClick={() => chain().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run()}>
          <svg aria-hidden="true" viewBox="0 0 24 24" width="18" height="18" fill="none" stroke="currentColor" strokeWidth="2"><rect x="3" y="4" width="18" height="16" rx="1" /><path d="M3 10h18M3 15h18M9 4v16M15 4v16" /></svg>
        </ToolButton>
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
      </div>
      {children}
      {linkOpen && <LinkForm editor={editor} onClose={() => setLinkOpen(false)} />}
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

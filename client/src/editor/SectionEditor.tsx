/**
 * The collaborative editor of one section draft: the shared schema (createEditorExtensions)
 * plus Collaboration on the session's Y.Doc and CollaborationCaret on its provider. Never
 * given initial content: documents are seeded on the server, once (STACK.md).
 */
import { useEffect, useMemo } from 'react';
import { EditorContent, useEditor } from '@tiptap/react';
import Collaboration, { isChangeOrigin } from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { useTranslation } from 'react-i18next';
import { createEditorExtensions } from '../../../shared/editor/extensions.js';
import { CONTENT_FIELD } from '../../../shared/protocol.js';
import type { CollabSession } from '../collab/CollabSession.js';
import { isHexColor } from '../collab/userColor.js';
import { Toolbar } from './Toolbar.js';

interface SectionEditorProps {
  session: CollabSession;
  /** The person may edit directly (draft.edit); otherwise the editor is read-only. */
  canEdit: boolean;
  /** What CollaborationCaret announces until the server stamps its own identity. */
  user: { name: string; color: string };
  workspaceSlug: string;
}

/** Caret with a name label; the label shows whatever the server stamped into awareness. */
function renderCaret(user: Record<string, unknown>): HTMLElement {
  const color = isHexColor(user.color) ? user.color : '#555555';
  const caret = document.createElement('span');
  caret.className = 'collaboration-carets__caret';
  caret.style.borderColor = color;
  const label = document.createElement('span');
  label.className = 'collaboration-carets__label';
  label.style.backgroundColor = color;
  const organisation = (user.organisation as { name?: unknown } | undefined)?.name;
  label.textContent = typeof organisation === 'string' && organisation ? `${String(user.name ?? '')} (${organisation})` : String(user.name ?? '');
  caret.append(label);
  return caret;
}

/** The editor with its toolbar. */
export function SectionEditor({ session, canEdit, user, workspaceSlug }: SectionEditorProps) {
  const { t } = useTranslation();

  const extensions = useMemo(
    () => [
      ...createEditorExtensions({
        // Only this person's own edits get block ids from here; remote ones are the server's job.
        filterBlockIdTransaction: (tr) => !isChangeOrigin(tr),
        assignBlockIds: canEdit,
      }),
      Collaboration.configure({ document: session.ydoc, field: CONTENT_FIELD }),
      CollaborationCaret.configure({ provider: session.provider, user, render: renderCaret }),
    ],
    // The user's name and colour only seed awareness; changing them needs no new editor.
    [session, canEdit],
  );

  const attributes = useMemo(
    () => ({
      role: 'textbox',
      'aria-label': t('editor.label'),
      'aria-multiline': 'true',
      'aria-readonly': canEdit ? 'false' : 'true',
      class: 'section-text',
      spellcheck: 'true',
    }),
    [t, canEdit],
  );

  const editor = useEditor(
    {
      extensions,
      editable: canEdit,
      editorProps: { attributes },
    },
    [session, canEdit],
  );

  // The accessible name follows the interface language without recreating the editor.
  useEffect(() => {
    if (editor && !editor.isDestroyed) editor.setOptions({ editorProps: { attributes } });
  }, [editor, attributes]);

  return (
    <div className="editor">
      {canEdit && editor && <Toolbar editor={editor} workspaceSlug={workspaceSlug} />}
      <EditorContent editor={editor} className="editor-surface" />
    </div>
  );
}

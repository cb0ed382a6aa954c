/**
 * What a section's editor is made of, without React: the extension list on a session and
 * the text's attributes. The section page's editor (SectionEditor) and the one boot.ts may
 * make before React has loaded (earlyEditor.ts) are built from here, so they are the same.
 */
import type { AnyExtension } from '@tiptap/core';
import Collaboration, { isChangeOrigin } from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { createEditorExtensions } from '../../../shared/editor/extensions.js';
import { CONTENT_FIELD } from '../../../shared/protocol.js';
import type { BlockSuggestionKind } from '../../../shared/suggestions/model.js';
import type { BlockedReason } from '../../../shared/suggestions/transform.js';
import type { CollabSession } from '../collab/CollabSession.js';
import { isHexColor } from '../collab/userColor.js';
import { CommentHighlights } from '../comments/CommentHighlights.js';
import { SuggestionMode } from './SuggestionMode.js';
import { ArticleContext, ArticleNumbering } from './ArticleNumbering.js';

/** What the suggestion extension asks of the page it sits in. */
export interface EditorHooks {
  isSuggesting(): boolean;
  onBlocked(reason: BlockedReason): void;
  describe(id: string): string;
  /** The small label of a structural suggestion on a block of type `nodeType`. */
  label(kind: BlockSuggestionKind, nodeType: string): string;
}

/**
 * The editor's hooks, bound later: an editor made before React has loaded starts with
 * these defaults (partners suggest; no words yet, drawn again once the page binds them),
 * and the page that adopts it sets `target`.
 */
export class LateHooks implements EditorHooks {
  target: EditorHooks | null = null;

  constructor(private readonly suggestingAtFirst: boolean) {}

  isSuggesting(): boolean {
    return this.target ? this.target.isSuggesting() : this.suggestingAtFirst;
  }
  onBlocked(reason: BlockedReason): void {
    this.target?.onBlocked(reason);
  }
  describe(id: string): string {
    return this.target?.describe(id) ?? '';
  }
  label(kind: BlockSuggestionKind, nodeType: string): string {
    return this.target?.label(kind, nodeType) ?? '';
  }
}

/** Caret with a name label; the label shows whatever the server stamped into awareness. */
export function renderCaret(user: Record<string, unknown>): HTMLElement {
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

/** The extensions of a section's editor on `session`. */
export function sectionExtensions(session: CollabSession, options: { canEdit: boolean; user: { id: string; name: string; color: string }; hooks: EditorHooks }): AnyExtension[] {
  const { canEdit, user, hooks } = options;
  return [
    ...createEditorExtensions({
      // Only this person's own edits get block ids from here; remote ones are the server's job.
      filterBlockIdTransaction: (tr) => !isChangeOrigin(tr),
      // Suggest-only clients never write ids into other people's blocks: the server assigns them.
      assignBlockIds: canEdit,
    }),
    Collaboration.configure({ document: session.ydoc, field: CONTENT_FIELD }),
    CollaborationCaret.configure({ provider: session.provider, user: { name: user.name, color: user.color }, render: renderCaret }),
    SuggestionMode.configure({
      author: user.id,
      isSuggesting: () => hooks.isSuggesting(),
      onBlocked: (reason) => hooks.onBlocked(reason),
      describe: (id) => hooks.describe(id),
      label: (kind, nodeType) => hooks.label(kind, nodeType),
    }),
    CommentHighlights,
    // Article numbers and reference labels (issue 24); the page fills in its context.
    ArticleNumbering.configure({ context: new ArticleContext() }),
  ];
}

/**
 * The text's attributes; `label` is its accessible name in the interface language, `made`
 * says which made the editor (boot.ts before the app had loaded, or the page).
 */
export function textAttributes(label: string, editable: boolean, made: 'before-app' | 'page'): Record<string, string> {
  return {
    'data-editor-made': made,
    role: 'textbox',
    'aria-label': label,
    'aria-multiline': 'true',
    'aria-readonly': editable ? 'false' : 'true',
    class: 'section-text',
    spellcheck: 'true',
  };
}

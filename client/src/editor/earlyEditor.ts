/**
 * The opening section's editor, made before React has loaded (P3: a large section is
 * editable in 1.5 s). boot.ts has all it needs before the app's code has run: the draft's
 * session (collab/earlySession.ts), who is signed in and their role in the workspace. Once
 * the server's copy has arrived, the editor is made and its text shown in the page's
 * place for it (`#early-section` in index.html); the section page then adopts that editor
 * (EditorContent moves its text into the page) instead of making its own.
 *
 * An editor the page does not adopt in time (it showed something else, or the role it
 * computed differs) is destroyed.
 */
import { Editor } from '@tiptap/core';
import type { CollabSession } from '../collab/CollabSession.js';
import { userColor } from '../collab/userColor.js';
import type { User, Workspace } from '../api/types.js';
import { en } from '../i18n/en.js';
import { fr } from '../i18n/fr.js';
import { nl } from '../i18n/nl.js';
import type { UiLanguage } from '../i18n/detectLanguage.js';
import { draftRights } from '../routes/sectionDocument.js';
import { LateHooks, sectionExtensions, textAttributes } from './sectionEditorSetup.js';

/** How long a made editor waits for its page. */
const UNCLAIMED_MS = 15_000;

/** An editor made early, and what it was made for. */
export interface EarlyEditor {
  editor: Editor;
  hooks: LateHooks;
  session: CollabSession;
  canEdit: boolean;
  canSuggest: boolean;
}

let early: (EarlyEditor & { timer: ReturnType<typeof setTimeout> }) | null = null;
let cancelled = false;

function container(): HTMLElement | null {
  return document.getElementById('early-section');
}

function discard(): void {
  const entry = early;
  early = null;
  if (entry) {
    clearTimeout(entry.timer);
    entry.editor.destroy();
  }
  hideEarlySection();
}

/**
 * Makes the section's editor as soon as `session` is synced and the person is known, if the
 * page has not made its own by then; shows its text in `#early-section`. The editor is made
 * inside the session's own listener, before React hears of the sync: the page's render that
 * follows finds it and adopts it.
 *
 * Settles once the editor is shown, or once it will not be soon: nobody is signed in, the
 * session could not connect or was refused, or the wait ran out. boot.ts loads the app then.
 */
export function makeEarlyEditor(session: CollabSession, user: Promise<User | null>, workspace: Workspace, uiLanguage: UiLanguage): Promise<void> {
  let person: User | null = null;
  let settle!: () => void;
  const settled = new Promise<void>((resolve) => (settle = resolve));
  const make = () => {
    const snapshot = session.getSnapshot();
    if (snapshot.connection === 'disconnected' || snapshot.terminal) settle();
    const element = container();
    if (!person || !element || cancelled || early || !snapshot.synced) return;
    stop();
    const { canEdit, canSuggest } = draftRights(workspace);
    const editable = canEdit || canSuggest;
    const hooks = new LateHooks(!canEdit && canSuggest);
    const label = { en, fr, nl }[uiLanguage].editor.label;
    const editor = new Editor({
      element,
      extensions: sectionExtensions(session, { canEdit, user: { id: person.id, name: person.name, color: userColor(person.id) }, hooks }),
      editable,
      editorProps: { attributes: textAttributes(label, editable, 'before-app') },
    });
    element.hidden = false;
    early = { editor, hooks, session, canEdit, canSuggest, timer: setTimeout(discard, UNCLAIMED_MS) };
    settle();
  };
  const unsubscribe = session.subscribe(make);
  const stop = () => {
    unsubscribe();
    settle();
  };
  user.then(
    (answer) => {
      person = answer;
      if (answer) make();
      else stop();
    },
    () => stop(),
  );
  setTimeout(stop, UNCLAIMED_MS);
  return settled;
}

/**
 * The early editor of `session`, if one was made for the same rights (handed out once);
 * the caller owns it from then on. Otherwise any early editor is destroyed, and none is
 * made after this call.
 */
export function claimEarlyEditor(session: CollabSession, canEdit: boolean, canSuggest: boolean): EarlyEditor | null {
  cancelled = true;
  const entry = early;
  if (!entry || entry.session !== session || entry.canEdit !== canEdit || entry.canSuggest !== canSuggest || entry.editor.isDestroyed) {
    discard();
    return null;
  }
  early = null;
  const { timer, ...claimed } = entry;
  clearTimeout(timer);
  return claimed;
}

/** Hides the (now empty) place of the early text, once the page has taken it. */
export function hideEarlySection(): void {
  const element = container();
  if (element) element.hidden = true;
}

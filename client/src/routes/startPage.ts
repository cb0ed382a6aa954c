/**
 * What the opening page needs, asked for by boot.ts before the app's code (React, the
 * translations, the app) has loaded, all at once instead of one after another: the page's
 * code, who is signed in, and on a section page the workspace list and then the draft's
 * connection (P3: a section opens in 1.5 s). Nothing here may import React.
 */
import { prefetchCurrentUser } from '../api/auth.js';
import { prefetchWorkspaces } from '../api/workspaces.js';
import { openSessionEarly } from '../collab/earlySession.js';
import type { UiLanguage } from '../i18n/detectLanguage.js';
import { preloadPage } from './pageLoaders.js';
import type { Route } from './paths.js';
import { sectionDocument } from './sectionDocument.js';

/**
 * How long the app waits for the opening section's text before it loads anyway: on a slow
 * line the page's frame and its "Opening the section…" then show while the text travels.
 */
const EARLY_TEXT_WAIT_MS = 1_000;

/** Pages people open signed out (signing in, a forgotten password, an invitation, a reset link). */
const SIGNED_OUT_PAGES: ReadonlySet<Route['type']> = new Set(['login', 'forgotPassword', 'invite', 'reset']);

/**
 * Starts loading what `route` shows; `uiLanguage` picks the section's language as the page will.
 * Settles when the app's code should run: at once, or on a section page once its text is
 * shown (or will not be soon). The app's start (React, the translations, the first render:
 * a quarter of a second of processor on a fast machine) then no longer comes between the
 * text's arrival and its display (P3).
 */
export function startPage(route: Route, search: URLSearchParams, uiLanguage: UiLanguage): Promise<void> {
  preloadPage(route);
  const user = prefetchCurrentUser();
  user.catch(() => undefined);
  // Pages for people who are signed out show no workspaces: asking would only earn a 401.
  if (SIGNED_OUT_PAGES.has(route.type)) return Promise.resolve();
  // index.html preloads the list for anyone with a session; claiming it here hands it to the page that shows it.
  const workspaces = prefetchWorkspaces();
  if (route.type !== 'section') return Promise.resolve();
  const textShown = workspaces.then((workspaces) => {
    const { workspace, docName } = sectionDocument(workspaces, route.workspace, route.section, search.get('lang'), uiLanguage);
    if (!docName || !workspace) return;
    const session = openSessionEarly(docName);
    // The editor too, once the text has arrived (editor/earlyEditor.ts); its code is the
    // section page's, already on its way.
    return import('../editor/earlyEditor.js').then(({ makeEarlyEditor }) => makeEarlyEditor(session, user, workspace, uiLanguage));
  });
  // A failure here is the page's to show: it asks again.
  return Promise.race([textShown.catch(() => undefined), new Promise<void>((resolve) => setTimeout(resolve, EARLY_TEXT_WAIT_MS))]);
}

/**
 * The opening section's collaboration session, started by main.tsx as soon as the page's
 * draft is known (the workspace list answered) rather than after the page's code has
 * loaded and rendered: the websocket, the server's room load and the document's transfer
 * then overlap the rest of the start. The section's editor claims it; one not claimed in
 * time (the page showed something else) is closed.
 */
import type { CollabSession } from './CollabSession.js';

/** How long an unclaimed early session stays open. */
const UNCLAIMED_MS = 15_000;

type Early = { docName: string; session: CollabSession | null; abandoned: boolean; timer: ReturnType<typeof setTimeout> | null };

let early: Early | null = null;

/** Opens `docName`'s session as soon as the session code has loaded. */
export function openSessionEarly(docName: string): void {
  const entry: Early = { docName, session: null, abandoned: false, timer: null };
  early = entry;
  import('./CollabSession.js').then(
    ({ CollabSession }) => {
      if (entry.abandoned) return;
      entry.session = new CollabSession(docName);
      entry.timer = setTimeout(() => {
        if (early === entry) early = null;
        entry.session?.destroy();
      }, UNCLAIMED_MS);
    },
    () => undefined, // the page loads the same code and reports the failure
  );
}

/**
 * The early session of `docName` if there is one (handed out once), else null. Called
 * before the editor creates its own, so the same draft never has two connections: an
 * early session not created yet is abandoned.
 */
export function claimEarlySession(docName: string): CollabSession | null {
  const entry = early;
  if (!entry || entry.docName !== docName) return null;
  early = null;
  if (entry.timer) clearTimeout(entry.timer);
  if (!entry.session) entry.abandoned = true;
  return entry.session;
}

/**
 * The opening section's collaboration session, started by boot.ts as soon as the page's
 * draft is known (the workspace list answered) rather than after the page's code has
 * loaded and rendered: the websocket, the server's room load and the document's transfer
 * then overlap the rest of the start. The section's editor claims it; one not claimed in
 * time (the page showed something else) is closed.
 */
import { CollabSession } from './CollabSession.js';

/** How long an unclaimed early session stays open. */
const UNCLAIMED_MS = 15_000;

type Early = { docName: string; session: CollabSession; timer: ReturnType<typeof setTimeout> };

let early: Early | null = null;

/**
 * Opens `docName`'s session now. Its code is part of the app's first chunks (the Yjs chunk
 * loads on every page anyway): waiting for the section page's chunk instead would open the
 * socket some 200 ms later (P3).
 */
export function openSessionEarly(docName: string): CollabSession {
  const session = new CollabSession(docName);
  const entry: Early = {
    docName,
    session,
    timer: setTimeout(() => {
      if (early === entry) early = null;
      session.destroy();
    }, UNCLAIMED_MS),
  };
  early = entry;
  return session;
}

/**
 * The early session of `docName`, if one is waiting, without claiming it: the section's
 * first render shows it at once, and its effect claims it (the same object).
 */
export function peekEarlySession(docName: string): CollabSession | null {
  return early?.docName === docName ? early.session : null;
}

/**
 * The early session of `docName` if there is one (handed out once), else null. Called
 * before the editor creates its own, so the same draft never has two connections.
 */
export function claimEarlySession(docName: string): CollabSession | null {
  const entry = early;
  if (!entry || entry.docName !== docName) return null;
  early = null;
  clearTimeout(entry.timer);
  return entry.session;
}

/**
 * The connection and saving state of a section, in the terms the status line uses.
 */
import { useSyncExternalStore } from 'react';
import { CloseCode } from '../../../shared/protocol.js';
import type { CollabSession, CollabSnapshot, CloseInfo } from './CollabSession.js';

/** What the status line says (a discriminated union on `type`). */
export type ConnectionStatus =
  | { type: 'connecting' }
  | { type: 'saved' }
  | { type: 'saving' }
  | { type: 'upToDate' }
  | { type: 'offline' }
  | { type: 'busy' }
  | { type: 'capabilityChanged' }
  | { type: 'tooManyUpdates' }
  | { type: 'sessionEnded' }
  | { type: 'accessRemoved' }
  | { type: 'tooLarge' }
  | { type: 'refused'; close: CloseInfo }
  | { type: 'malformed'; close: CloseInfo }
  | { type: 'clientTooOld' };

/** What the person may write in this document (edit or suggest; comment only). */
export interface StatusOptions {
  canEdit: boolean;
  canComment?: boolean;
}

/** Maps the session's state to a status; pure, so it can be tested on its own. */
export function deriveConnectionStatus(snapshot: CollabSnapshot, options: StatusOptions & { online: boolean }): ConnectionStatus {
  const { terminal } = snapshot;
  if (terminal) {
    switch (terminal.code) {
      case CloseCode.sessionEnded:
        return { type: 'sessionEnded' };
      case CloseCode.documentTooLarge:
        return { type: 'tooLarge' };
      case CloseCode.updateRefused:
        return { type: 'refused', close: terminal };
      case CloseCode.malformed:
        return { type: 'malformed', close: terminal };
      case CloseCode.clientTooOld:
        return { type: 'clientTooOld' };
      default:
        // 4403, and any other code the stock client gives up on.
        return { type: 'accessRemoved' };
    }
  }
  if (snapshot.pausedUntil !== null) return { type: 'tooManyUpdates' };
  // The browser knows it has no network before a half-open socket notices.
  if (!options.online) return { type: 'offline' };
  if (snapshot.connection !== 'connected' || !snapshot.synced) {
    if (snapshot.lastClose?.code === CloseCode.storageBusy) return { type: 'busy' };
    if (snapshot.lastClose?.code === CloseCode.capabilityChanged) return { type: 'capabilityChanged' };
    // Lost a connection we had, or could not get one: either way edits stay on this device.
    if (snapshot.connection !== 'connected' && (snapshot.failedAttempts > 0 || snapshot.everConnected)) return { type: 'offline' };
    return { type: 'connecting' };
  }
  const saving = snapshot.committed < snapshot.sent;
  // Someone who may only comment writes nothing but anchors: "Saving…" while one is on its
  // way, otherwise the text is theirs to read, "Up to date".
  if (!options.canEdit) return options.canComment && saving ? { type: 'saving' } : { type: 'upToDate' };
  return saving ? { type: 'saving' } : { type: 'saved' };
}

function subscribeOnline(callback: () => void): () => void {
  window.addEventListener('online', callback);
  window.addEventListener('offline', callback);
  return () => {
    window.removeEventListener('online', callback);
    window.removeEventListener('offline', callback);
  };
}

/** Whether the browser thinks it is online. */
export function useOnline(): boolean {
  return useSyncExternalStore(subscribeOnline, () => navigator.onLine);
}

const idleSnapshotSubscribe = () => () => undefined;

/** A session's current snapshot (null while there is no session). */
export function useSessionSnapshot(session: CollabSession | null): CollabSnapshot | null {
  return useSyncExternalStore(session ? session.subscribe : idleSnapshotSubscribe, () => session?.getSnapshot() ?? null);
}

/**
 * Whether a session's text can be shown: the server's copy has arrived, or there is no
 * server copy to wait for (offline, refused, paused…), or this device's copy has loaded
 * with text in it. Until then the page says the section is opening: an editor made before
 * the text arrives would show an empty page and then draw the whole text a second way,
 * through its change handler, which is slower than drawing it once (P3).
 */
export function textReady(status: ConnectionStatus, snapshot: CollabSnapshot | null, localHasText: boolean): boolean {
  if (!snapshot) return false;
  return status.type !== 'connecting' || (snapshot.localLoaded && localHasText);
}

/** The status of a session (or "connecting" while there is none yet). */
export function useConnectionStatus(session: CollabSession | null, options: StatusOptions): ConnectionStatus {
  const online = useOnline();
  const snapshot = useSessionSnapshot(session);
  if (!snapshot) return online ? { type: 'connecting' } : { type: 'offline' };
  return deriveConnectionStatus(snapshot, { ...options, online });
}

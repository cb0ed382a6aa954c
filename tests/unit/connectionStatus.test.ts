/**
 * The status line's rules (issue 2: "Saved" only once the server has committed, "Saving…",
 * "Offline — changes kept on this device"; the close codes of CONTRACT.md in words), as
 * the pure function the status line reads them from.
 */
import { describe, expect, it } from 'vitest';
import { deriveConnectionStatus } from '../../client/src/collab/useConnectionStatus.js';
import type { CollabSnapshot } from '../../client/src/collab/CollabSession.js';
import { CloseCode } from '../../shared/protocol.js';

const synced: CollabSnapshot = {
  connection: 'connected',
  synced: true,
  sent: 3,
  committed: 3,
  everConnected: true,
  failedAttempts: 0,
  lastClose: null,
  terminal: null,
  pausedUntil: null,
  localLoaded: true,
};
const editor = { canEdit: true, online: true };
const reader = { canEdit: false, online: true };
const commenter = { canEdit: false, canComment: true, online: true };

describe('the status line', () => {
  it('[D1] an editor sees "Saved" only once the server has committed everything sent, "Saving…" before', () => {
    expect(deriveConnectionStatus(synced, editor)).toEqual({ type: 'saved' });
    expect(deriveConnectionStatus({ ...synced, sent: 4 }, editor)).toEqual({ type: 'saving' });
  });

  it('[A2] a reader is "Up to date", never "Saved"; a commenter sees "Saving…" while an anchor is on its way', () => {
    expect(deriveConnectionStatus(synced, reader)).toEqual({ type: 'upToDate' });
    expect(deriveConnectionStatus({ ...synced, sent: 4 }, reader)).toEqual({ type: 'upToDate' });
    expect(deriveConnectionStatus({ ...synced, sent: 4 }, commenter)).toEqual({ type: 'saving' });
    expect(deriveConnectionStatus(synced, commenter)).toEqual({ type: 'upToDate' });
  });

  it('[D2] a lost connection, or a browser without network, is "Offline" (changes kept on this device)', () => {
    expect(deriveConnectionStatus(synced, { ...editor, online: false })).toEqual({ type: 'offline' });
    expect(deriveConnectionStatus({ ...synced, connection: 'disconnected', synced: false, sent: 5 }, editor)).toEqual({ type: 'offline' });
    // Never connected yet, no failure: still connecting.
    expect(deriveConnectionStatus({ ...synced, connection: 'connecting', synced: false, everConnected: false }, editor)).toEqual({ type: 'connecting' });
  });

  it('[CONTRACT] close codes in words: 4200 busy, 4100 capability changed, 4429 paused, 4401 session ended, 4422 refused', () => {
    const closed = { ...synced, connection: 'disconnected' as const, synced: false };
    expect(deriveConnectionStatus({ ...closed, lastClose: { code: CloseCode.storageBusy, refusal: null } }, editor)).toEqual({ type: 'busy' });
    expect(deriveConnectionStatus({ ...closed, lastClose: { code: CloseCode.capabilityChanged, refusal: null } }, editor)).toEqual({ type: 'capabilityChanged' });
    expect(deriveConnectionStatus({ ...synced, pausedUntil: Date.now() + 1000 }, editor)).toEqual({ type: 'tooManyUpdates' });
    expect(deriveConnectionStatus({ ...closed, terminal: { code: CloseCode.sessionEnded, refusal: null } }, editor)).toEqual({ type: 'sessionEnded' });
    const refusal = { code: CloseCode.updateRefused, refusal: null };
    expect(deriveConnectionStatus({ ...closed, terminal: refusal }, editor)).toEqual({ type: 'refused', close: refusal });
  });
});

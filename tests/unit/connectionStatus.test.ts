/**
 * The status line's rules (issue 2: "Saved" only once the server has committed, "Saving…",
 * "Offline — changes kept on this device"; the close codes of CONTRACT.md in words), as
 * the pure function the status line reads them from.
 */
import { describe, expect, it } from 'vitest';
import { deriveConnectionStatus, textReady } from '../../client/src/collab/useConnectionStatus.js';
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

describe('when the section text is shown', () => {
  const connecting: CollabSnapshot = { ...synced, connection: 'connecting', synced: false, everConnected: false, localLoaded: false, sent: 0, committed: 0 };
  const status = (snapshot: CollabSnapshot) => deriveConnectionStatus(snapshot, editor);

  it('[P3] while the server\'s copy is on its way, an empty device copy does not show an empty editor', () => {
    expect(textReady(status(connecting), connecting, false)).toBe(false);
    const loadedEmpty = { ...connecting, localLoaded: true };
    expect(textReady(status(loadedEmpty), loadedEmpty, false)).toBe(false);
    // Connected but the first sync not answered yet: still waiting.
    const open = { ...connecting, connection: 'connected' as const, everConnected: true };
    expect(textReady(status(open), open, false)).toBe(false);
  });

  it('[P3] the text shows once the server has answered the first sync', () => {
    expect(textReady(status(synced), synced, true)).toBe(true);
    expect(textReady(status(synced), synced, false)).toBe(true);
  });

  it('[D2] offline, the device copy shows at once; with no copy, the (empty) editor shows rather than waiting forever', () => {
    const local = { ...connecting, localLoaded: true };
    expect(textReady(status(local), local, true)).toBe(true);
    const failed = { ...connecting, connection: 'disconnected' as const, failedAttempts: 1 };
    expect(textReady(status(failed), failed, false)).toBe(true);
    expect(textReady(deriveConnectionStatus(connecting, { ...editor, online: false }), connecting, false)).toBe(true);
  });

  it('[CONTRACT] a server that refuses, ends the session or is busy shows the text with the reason, not "opening"', () => {
    const closed = { ...connecting, connection: 'disconnected' as const };
    for (const code of [CloseCode.sessionEnded, CloseCode.updateRefused, CloseCode.documentTooLarge]) {
      const snapshot = { ...closed, terminal: { code, refusal: null } };
      expect(textReady(status(snapshot), snapshot, false)).toBe(true);
    }
    const busy = { ...closed, lastClose: { code: CloseCode.storageBusy, refusal: null } };
    expect(textReady(status(busy), busy, false)).toBe(true);
  });

  it('[P3] no session yet: nothing to show', () => {
    expect(textReady({ type: 'connecting' }, null, false)).toBe(false);
  });
});

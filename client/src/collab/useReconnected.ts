/**
 * "Nothing stuck after a reconnect" (issue 21): a counter that goes up whenever the
 * connection comes back — the browser is online again, or a section's socket has synced
 * again after losing its connection — so panels that load over HTTP (review, history,
 * comments, decisions) put it in their effects' dependencies and load again on their own.
 */
import { useEffect, useState } from 'react';

/** Fired on `window` by a collaboration session that synced again after a lost connection. */
export const RECONNECTED_EVENT = 'atelier:reconnected';

/** Tells the panels the connection is back (called by CollabSession). */
export function announceReconnected(): void {
  window.dispatchEvent(new Event(RECONNECTED_EVENT));
}

/** How many times the connection has come back since the component mounted. */
export function useReconnected(): number {
  const [count, setCount] = useState(0);
  useEffect(() => {
    const bump = () => setCount((n) => n + 1);
    window.addEventListener('online', bump);
    window.addEventListener(RECONNECTED_EVENT, bump);
    return () => {
      window.removeEventListener('online', bump);
      window.removeEventListener(RECONNECTED_EVENT, bump);
    };
  }, []);
  return count;
}

/**
 * The live unread count of the person's inbox: the server's event stream sends
 * `event: inbox` with `{ unread }` on connecting and whenever the inbox changes.
 */
import { useEffect, useState } from 'react';
import { INBOX_EVENTS_URL } from './comments.js';

/** The unread count (null until the first event), or null when `enabled` is false. */
export function useInboxUnread(enabled: boolean): number | null {
  const [unread, setUnread] = useState<number | null>(null);
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') {
      setUnread(null);
      return;
    }
    const source = new EventSource(INBOX_EVENTS_URL, { withCredentials: true });
    const handle = (event: MessageEvent<string>) => {
      try {
        const data = JSON.parse(event.data) as { unread?: unknown };
        if (typeof data.unread === 'number') setUnread(data.unread);
      } catch {
        // Ignored: the next event carries the count again.
      }
    };
    source.addEventListener('inbox', handle);
    return () => {
      source.removeEventListener('inbox', handle);
      source.close();
    };
  }, [enabled]);
  return unread;
}

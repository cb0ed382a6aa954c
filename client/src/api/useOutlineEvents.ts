/**
 * Live outline updates: the server's event stream says `event: outline` whenever a
 * workspace's outline changed, and the page refetches.
 */
import { useEffect } from 'react';
import { outlineEventsUrl } from './workspaces.js';

/** Subscribes to `event: outline` of a workspace and calls `onChange` for each. */
export function useOutlineEvents(workspaceSlug: string, onChange: () => void): void {
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource(outlineEventsUrl(workspaceSlug), { withCredentials: true });
    const handle = () => onChange();
    source.addEventListener('outline', handle);
    return () => {
      source.removeEventListener('outline', handle);
      source.close();
    };
  }, [workspaceSlug, onChange]);
}

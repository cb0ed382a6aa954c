/**
 * Live workspace updates: the server's event stream says `event: outline` whenever a
 * workspace's outline changed (the page refetches) and `event: threads` with
 * `{ docName, threadId }` whenever a comment thread changed.
 */
import { useEffect, useRef } from 'react';
import { outlineEventsUrl } from './workspaces.js';

/** What `event: threads` carries. */
export interface ThreadsEvent {
  docName: string;
  threadId: string;
}

/**
 * Subscribes to `event: outline` of a workspace and calls `onChange` for each; with
 * `onThreads`, also to `event: threads`.
 */
export function useOutlineEvents(workspaceSlug: string, onChange: () => void, onThreads?: (event: ThreadsEvent) => void): void {
  const threadsHandler = useRef(onThreads);
  threadsHandler.current = onThreads;
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource(outlineEventsUrl(workspaceSlug), { withCredentials: true });
    const handle = () => onChange();
    const handleThreads = (event: MessageEvent<string>) => {
      try {
        const data = JSON.parse(event.data) as Partial<ThreadsEvent>;
        if (typeof data.docName === 'string' && typeof data.threadId === 'string') threadsHandler.current?.({ docName: data.docName, threadId: data.threadId });
      } catch {
        // A malformed event is ignored; the next one refetches anyway.
      }
    };
    source.addEventListener('outline', handle);
    source.addEventListener('threads', handleThreads);
    return () => {
      source.removeEventListener('outline', handle);
      source.removeEventListener('threads', handleThreads);
      source.close();
    };
  }, [workspaceSlug, onChange]);
}

/**
 * Loads the person's workspaces and reloads them on demand (after a change, or when the
 * outline's event stream says something changed).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { fetchWorkspaces, fetchWorkspacesOnce } from './workspaces.js';
import type { Workspace } from './types.js';

/** The loading state of a request. */
export type Loadable<T> = { type: 'loading' } | { type: 'error'; error: unknown } | { type: 'ready'; value: T };

/** The workspace list, with a `reload` that keeps showing the old list while it loads. */
export function useWorkspaces(options: { archived?: boolean } = {}): { state: Loadable<Workspace[]>; reload: () => Promise<void> } {
  const [state, setState] = useState<Loadable<Workspace[]>>({ type: 'loading' });
  const archived = Boolean(options.archived);
  const latest = useRef(0);

  const reload = useCallback(async () => {
    const ticket = ++latest.current;
    try {
      // The first load may take the list boot.ts asked for at startup.
      const value = await (archived ? fetchWorkspaces({ archived }) : fetchWorkspacesOnce());
      if (ticket === latest.current) setState({ type: 'ready', value });
    } catch (error) {
      // Keep a list already shown: a failed refresh is not worth hiding the outline.
      if (ticket === latest.current) setState((previous) => (previous.type === 'ready' ? previous : { type: 'error', error }));
    }
  }, [archived]);

  useEffect(() => {
    void reload();
  }, [reload]);

  return { state, reload };
}

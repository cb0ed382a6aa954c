/**
 * A tiny router on the history API: the current location as a React hook, `navigate`, and
 * the route table of the app (paths.ts). No dependency: a few routes do not need one.
 */
import { useSyncExternalStore } from 'react';

export * from './paths.js';

const NAVIGATE_EVENT = 'atelier:navigate';

/** Goes to an app path without reloading the page. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === currentHref()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

function currentHref(): string {
  return window.location.pathname + window.location.search;
}

function subscribe(callback: () => void): () => void {
  window.addEventListener('popstate', callback);
  window.addEventListener(NAVIGATE_EVENT, callback);
  return () => {
    window.removeEventListener('popstate', callback);
    window.removeEventListener(NAVIGATE_EVENT, callback);
  };
}

/** The current path and query string; re-renders on every navigation. */
export function useLocation(): { pathname: string; search: URLSearchParams; href: string } {
  const href = useSyncExternalStore(subscribe, currentHref);
  const url = new URL(href, 'http://local');
  return { pathname: url.pathname, search: url.searchParams, href };
}

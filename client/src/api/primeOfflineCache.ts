/**
 * The service worker keeps the last answers of GET /api/auth/me and GET /api/workspaces
 * for offline reloads, but it only sees requests made once it controls the page — after
 * the first visit's requests. Asking again once it is in control (and after signing in)
 * makes sure those answers are there before the network goes away.
 */

/** Fetches the two offline-fallback answers through the service worker; errors are ignored. */
export function primeOfflineCache(): void {
  if (!('serviceWorker' in navigator) || !navigator.serviceWorker.controller) return;
  for (const path of ['/api/auth/me', '/api/workspaces']) {
    void fetch(path, { credentials: 'same-origin', headers: { Accept: 'application/json' } }).catch(() => undefined);
  }
}

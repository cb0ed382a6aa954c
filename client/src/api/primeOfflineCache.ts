/**
 * The service worker keeps the last answers of GET /api/auth/me and GET /api/workspaces
 * for offline reloads, but it only sees requests made once it controls the page — after
 * the first visit's requests. Asking again once it is in control (and after signing in)
 * makes sure those answers are there before the network goes away.
 */

/** Whether someone is signed in on this page (the session provider says so). */
let signedIn = false;

/** Tells the cache whether someone is signed in: a signed-out visitor's answers would be 401s (CONTRACT: the sign-in page asks only GET /api/auth/me). */
export function setSignedIn(value: boolean): void {
  signedIn = value;
}

/** Fetches the two offline-fallback answers through the service worker, when someone is signed in; errors are ignored. */
export function primeOfflineCache(): void {
  if (!signedIn || !('serviceWorker' in navigator) || !navigator.serviceWorker.controller) return;
  for (const path of ['/api/auth/me', '/api/workspaces']) {
    void fetch(path, { credentials: 'same-origin', headers: { Accept: 'application/json' } }).catch(() => undefined);
  }
}

/**
 * Answers the opening page will ask for, requested by boot.ts before React has loaded: the
 * page's first render, its effects and its code's download then overlap these requests
 * instead of waiting for them one after another. Each answer is handed once, to the first
 * component that asks, and only while fresh; later loads go to the network as usual.
 */

/** How long an unclaimed early answer may stand in for a fresh request. */
const FRESH_MS = 10_000;

const pending = new Map<string, { promise: Promise<unknown>; at: number }>();

/** Starts `request` now and keeps its answer for `takePrefetched(key)`. */
export function prefetch<T>(key: string, request: () => Promise<T>): Promise<T> {
  const promise = request();
  promise.catch(() => undefined); // whoever takes it sees the failure; nobody else should
  pending.set(key, { promise, at: Date.now() });
  return promise;
}

/** The early answer for `key`, once, if it was asked for less than FRESH_MS ago. */
export function takePrefetched<T>(key: string): Promise<T> | null {
  const entry = pending.get(key);
  pending.delete(key);
  return entry && Date.now() - entry.at < FRESH_MS ? (entry.promise as Promise<T>) : null;
}

/**
 * Sign-in, sign-out and "who am I" calls.
 */
import { apiRequest } from './client.js';
import { prefetch, takePrefetched } from './prefetch.js';
import type { User } from './types.js';

/** Cache the service worker keeps for offline fallbacks of a few API answers (see public/sw.js). */
export const API_CACHE_NAME = 'atelier-api-v1';

/** The signed-in person, or null when signed out. */
export async function fetchCurrentUser(): Promise<User | null> {
  try {
    const { user } = await apiRequest<{ user: User }>('/api/auth/me', { quiet401: true, preloaded: true });
    return user;
  } catch (error) {
    if ((error as { status?: number }).status === 401) return null;
    throw error;
  }
}

/** Asks "who am I" at startup (api/prefetch.ts). */
export function prefetchCurrentUser(): Promise<User | null> {
  return prefetch('me', fetchCurrentUser);
}

/** The startup answer if still fresh, else a new request. */
export function fetchCurrentUserOnce(): Promise<User | null> {
  return takePrefetched<User | null>('me') ?? fetchCurrentUser();
}

/** Signs in; resolves with the person or throws an ApiError (401 wrong password, 429 too many tries). */
export async function signIn(email: string, password: string): Promise<User> {
  const { user } = await apiRequest<{ user: User }>('/api/auth/login', { json: { email, password }, quiet401: true });
  return user;
}

/** Signs out and forgets the offline copies of the person's API answers. */
export async function signOut(): Promise<void> {
  try {
    await apiRequest<unknown>('/api/auth/logout', { method: 'POST', quiet401: true });
  } finally {
    if ('caches' in window) await caches.delete(API_CACHE_NAME).catch(() => false);
  }
}

/**
 * Who is signed in, for the whole app: loads /api/auth/me once, signs in and out, and
 * notices when any API call answers 401 (the session ended).
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { fetchCurrentUserOnce, signIn as apiSignIn, signOut as apiSignOut } from '../api/auth.js';
import { setUnauthenticatedHandler } from '../api/client.js';
import { primeOfflineCache, setSignedIn } from '../api/primeOfflineCache.js';
import type { User } from '../api/types.js';

/** The session as the UI sees it. */
export type SessionState =
  | { type: 'loading' }
  | { type: 'error'; error: unknown }
  | { type: 'signedOut'; ended: boolean }
  | { type: 'signedIn'; user: User };

interface SessionValue {
  state: SessionState;
  signIn(email: string, password: string): Promise<User>;
  signOut(): Promise<void>;
  /** Takes a person the server answered (profile saved, invitation accepted: a session started). */
  replaceUser(user: User): void;
  /** Marks the session as ended (a 401 from the API or close 4401 from the collaboration server). */
  markEnded(): void;
  reload(): void;
}

const SessionContext = createContext<SessionValue | null>(null);

/** Provides the session to the app. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ type: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    // The first attempt takes the answer boot.ts asked for at startup; "try again" asks anew.
    fetchCurrentUserOnce().then(
      (user) => !cancelled && setState(user ? { type: 'signedIn', user } : { type: 'signedOut', ended: false }),
      (error: unknown) => !cancelled && setState({ type: 'error', error }),
    );
    return () => {
      cancelled = true;
    };
  }, [attempt]);

  const markEnded = useCallback(() => setState({ type: 'signedOut', ended: true }), []);

  // The offline cache is primed only for someone signed in (a visitor's answers would be 401s).
  useEffect(() => setSignedIn(state.type === 'signedIn'), [state.type]);

  useEffect(() => {
    setUnauthenticatedHandler(markEnded);
    return () => setUnauthenticatedHandler(null);
  }, [markEnded]);

  const value = useMemo<SessionValue>(
    () => ({
      state,
      async signIn(email, password) {
        const user = await apiSignIn(email, password);
        setState({ type: 'signedIn', user });
        setSignedIn(true);
        primeOfflineCache();
        return user;
      },
      async signOut() {
        try {
          await apiSignOut();
        } finally {
          setState({ type: 'signedOut', ended: false });
        }
      },
      markEnded,
      replaceUser: (user) => setState({ type: 'signedIn', user }),
      reload: () => {
        setState({ type: 'loading' });
        setAttempt((n) => n + 1);
      },
    }),
    [state, markEnded],
  );

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** The session and its actions. */
export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession needs a SessionProvider');
  return value;
}

/** The signed-in person (only inside signed-in routes). */
export function useUser(): User {
  const { state } = useSession();
  if (state.type !== 'signedIn') throw new Error('useUser needs a signed-in session');
  return state.user;
}

// Who is signed in, for the whole app: checked once on load, set by signing in, cleared by
// signing out or when the server says the session has ended.
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { ApiError, apiGet, apiSend, setCsrfToken, setUnauthorizedHandler } from '../api/client.ts';
import type { Session } from '../api/types.ts';

export type SessionState =
  | { status: 'loading' }
  | { status: 'error'; error: ApiError }
  | { status: 'signed-out'; reason: 'none' | 'expired' | 'signed-out' }
  | { status: 'signed-in'; session: Session };

interface SessionContextValue {
  state: SessionState;
  signIn(username: string, password: string): Promise<Session>;
  signOut(): Promise<void>;
  changePassword(currentPassword: string, newPassword: string): Promise<void>;
  retry(): void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  const accept = useCallback((session: Session) => {
    setCsrfToken(session.csrfToken);
    setState({ status: 'signed-in', session });
  }, []);

  useEffect(() => {
    let active = true;
    apiGet<Session>('/api/session', { expectUnauthorized: true }).then(
      (session) => active && accept(session),
      (error: unknown) => {
        if (!active) return;
        if (error instanceof ApiError && error.status === 401) {
          setState({ status: 'signed-out', reason: 'none' });
        } else if (error instanceof ApiError) {
          setState({ status: 'error', error });
        }
      },
    );
    return () => {
      active = false;
    };
  }, [accept, attempt]);

  useEffect(() => {
    setUnauthorizedHandler(() => {
      setCsrfToken(null);
      setState({ status: 'signed-out', reason: 'expired' });
    });
    return () => setUnauthorizedHandler(null);
  }, []);

  const signIn = useCallback(
    async (username: string, password: string) => {
      const session = await apiSend<Session>(
        'POST',
        '/api/session',
        { username, password },
        { expectUnauthorized: true },
      );
      accept(session);
      return session;
    },
    [accept],
  );

  const signOut = useCallback(async () => {
    try {
      await apiSend('DELETE', '/api/session', undefined, { expectUnauthorized: true });
    } catch (error) {
      // Already signed out on the server: the outcome the user asked for.
      if (!(error instanceof ApiError && error.status === 401)) throw error;
    }
    setCsrfToken(null);
    setState({ status: 'signed-out', reason: 'signed-out' });
  }, []);

  const changePassword = useCallback(
    async (currentPassword: string, newPassword: string) => {
      await apiSend('POST', '/api/session/password', { currentPassword, newPassword });
      accept(await apiGet<Session>('/api/session'));
    },
    [accept],
  );

  const retry = useCallback(() => {
    setState({ status: 'loading' });
    setAttempt((n) => n + 1);
  }, []);

  const value = useMemo(
    () => ({ state, signIn, signOut, changePassword, retry }),
    [state, signIn, signOut, changePassword, retry],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside <SessionProvider>');
  return value;
}

/** The signed-in session; only for pages behind <RequireSession>. */
export function useSignedIn(): Session {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('useSignedIn needs a signed-in session');
  return state.session;
}

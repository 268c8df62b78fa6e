import { createContext, useCallback, useContext, useEffect, useMemo, useRef } from 'react';
import type { ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { onSessionActivity, onUnauthenticated } from '../api';
import { authApi } from './auth.api';
import { signInPath, signInRoute, type SignInLocationState, type SignInReason } from './redirect';
import { announceSignOut, onOtherTabSignOut, recordSessionActivity } from './session-activity';
import { meQueryKey } from './useMe';

interface AuthContextValue {
  /** Ends the session on the server, forgets cached data and returns to sign-in. */
  signOut: () => Promise<void>;
  /** The session ended (expired, revoked): forget cached data and return to sign-in. */
  endSession: (reason: SignInReason) => void;
  /** Why the last session ended, for the sign-in page's message. */
  lastEndReason: () => SignInReason | undefined;
}

const AuthContext = createContext<AuthContextValue | null>(null);

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth needs AuthProvider');
  return value;
}

/**
 * Sits at the root of the router: turns any 401 into a return to sign-in (remembering the
 * page), and keeps the activity record the idle-expiry warning reads.
 */
export function AuthProvider(props: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const here = useRef(location);
  // Set while leaving for sign-in, so several 401s in flight navigate once.
  const ending = useRef(false);
  const endReason = useRef<SignInReason | undefined>(undefined);

  useEffect(() => {
    here.current = location;
    if (location.pathname !== signInRoute) ending.current = false;
  }, [location]);

  const forgetData = useCallback(() => {
    void queryClient.cancelQueries();
    // Tricky: remove everything but `me` and set `me` to "signed out", rather than clear():
    // the sign-in page then renders at once instead of asking the server again.
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== meQueryKey[0] });
    queryClient.setQueryData(meQueryKey, null);
  }, [queryClient]);

  const endSession = useCallback(
    (reason: SignInReason) => {
      endReason.current = reason;
      if (ending.current || here.current.pathname === signInRoute) {
        forgetData();
        return;
      }
      ending.current = true;
      const from = here.current.pathname + here.current.search;
      const state: SignInLocationState = { reason };
      void navigate(signInPath(from), { replace: true, state });
      forgetData();
    },
    [forgetData, navigate],
  );

  const signOut = useCallback(async () => {
    ending.current = true;
    endReason.current = 'signed_out';
    try {
      await authApi.logout();
    } catch {
      // Already signed out or the server is unreachable: leave locally either way.
    }
    announceSignOut();
    queryClient.clear();
    queryClient.setQueryData(meQueryKey, null);
    const state: SignInLocationState = { reason: 'signed_out' };
    await navigate(signInRoute, { replace: true, state });
  }, [navigate, queryClient]);

  useEffect(
    () =>
      onUnauthenticated((code) => {
        if (code === 'auth.session_expired' || code === 'auth.unauthenticated') endSession(code);
      }),
    [endSession],
  );
  useEffect(() => onSessionActivity(() => recordSessionActivity()), []);
  useEffect(() => onOtherTabSignOut(() => endSession('signed_out')), [endSession]);

  const value = useMemo(
    () => ({ signOut, endSession, lastEndReason: () => endReason.current }),
    [signOut, endSession],
  );
  return <AuthContext.Provider value={value}>{props.children}</AuthContext.Provider>;
}

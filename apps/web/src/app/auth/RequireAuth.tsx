import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { ErrorState, FullPageLoader } from '../shell/StatusPages';
import { useAuth } from './AuthContext';
import { signInPath, type SignInLocationState } from './redirect';
import { useMe } from './useMe';

/**
 * Renders its children only for a fully signed-in session; anyone else goes to sign-in,
 * which also finishes a half-done sign-in (TOTP, enrolment, password change).
 */
export function RequireAuth(props: { children: ReactNode }) {
  const { me, isPending, error, refetch } = useMe();
  const location = useLocation();
  const { lastEndReason } = useAuth();
  if (me && me.session.state === 'active') return <>{props.children}</>;
  if (isPending) return <FullPageLoader />;
  if (error && !me) return <ErrorState error={error} onRetry={() => void refetch()} fullPage />;
  // Tricky: AuthProvider may be navigating to sign-in at the same moment (a 401 ended the
  // session); say the same reason so whichever navigation lands last shows the message.
  const state: SignInLocationState = { reason: lastEndReason() };
  return <Navigate to={signInPath(location.pathname + location.search)} replace state={state} />;
}

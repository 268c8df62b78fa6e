/** Why the user is on the sign-in page, shown as a message there. */
export type SignInReason = 'auth.session_expired' | 'auth.unauthenticated' | 'signed_out';

export interface SignInLocationState {
  reason?: SignInReason;
}

export const signInRoute = '/sign-in';

/**
 * Where to go after signing in: only a path inside this app (never `//host` or a URL, which
 * would make the sign-in page an open redirect), and never back to sign-in itself.
 */
export function safeNext(raw: string | null | undefined): string {
  if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return '/';
  if (raw === signInRoute || raw.startsWith(`${signInRoute}?`)) return '/';
  return raw;
}

/** The sign-in page, remembering where to return to. */
export function signInPath(from?: string): string {
  const next = safeNext(from);
  return next === '/' ? signInRoute : `${signInRoute}?next=${encodeURIComponent(next)}`;
}

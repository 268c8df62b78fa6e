// The server extends a session's idle timeout whenever it sees a request, but touches the
// session at most every 30 seconds (platform/auth/session.service.ts). The shell learns the
// new expiry only from `me`, so it remembers when other calls ran: in memory and in
// localStorage, which other tabs of the same session see.
const storageKey = 'meridian:lastActivityAt';
let lastInThisTab = 0;

/** Activity closer than this to the last `me` may not have moved the server's expiry. */
export const serverTouchIntervalMs = 30_000;

export function recordSessionActivity(at = Date.now()): void {
  lastInThisTab = at;
  try {
    localStorage.setItem(storageKey, String(at));
  } catch {
    // Storage may be unavailable (private mode, quota); this tab's memory still counts.
  }
}

export function lastSessionActivityAt(): number {
  try {
    return Math.max(lastInThisTab, Number(localStorage.getItem(storageKey)) || 0);
  } catch {
    return lastInThisTab;
  }
}

/** Calls back when another tab records activity. */
export function onOtherTabActivity(listener: () => void): () => void {
  const handler = (e: StorageEvent) => {
    if (e.key === storageKey) listener();
  };
  window.addEventListener('storage', handler);
  return () => window.removeEventListener('storage', handler);
}

const signOutKey = 'meridian:signedOutAt';

/** Tells other tabs that this browser signed out, so they leave patient data at once. */
export function announceSignOut(): void {
  try {
    localStorage.setItem(signOutKey, String(Date.now()));
  } catch {
    // Other tabs will still find out at their next request.
  }
}

export function onOtherTabSignOut(listener: () => void): () => void {
  const handler = (e: StorageEvent) => {
    if (e.key === signOutKey) listener();
  };
  window.addEventListener('storage', handler);
  return () => window.removeEventListener('storage', handler);
}

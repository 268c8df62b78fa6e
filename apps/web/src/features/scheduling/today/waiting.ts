/** How long a patient has waited, and when that wait counts as long. */

/** A wait above this many minutes is long (amber); above the second, very long (red). */
export const longWaitMinutes = 20;
export const veryLongWaitMinutes = 40;

export type WaitLevel = 'normal' | 'long' | 'very_long';

/**
 * Whole minutes since `arrivedAt` at `nowMs`, never negative (a workstation clock a little
 * behind the server's must not show "-1 min"). Null when the time cannot be read.
 */
export function minutesSince(arrivedAt: string, nowMs: number): number | null {
  const arrivedMs = Date.parse(arrivedAt);
  if (!Number.isFinite(arrivedMs)) return null;
  return Math.max(0, Math.floor((nowMs - arrivedMs) / 60_000));
}

export function waitLevel(minutes: number): WaitLevel {
  if (minutes > veryLongWaitMinutes) return 'very_long';
  if (minutes > longWaitMinutes) return 'long';
  return 'normal';
}

/** A wait as hours and minutes: `{ hours: 1, minutes: 5 }` for 65 minutes. */
export function splitMinutes(total: number): { hours: number; minutes: number } {
  const whole = Math.max(0, Math.floor(total));
  return { hours: Math.floor(whole / 60), minutes: whole % 60 };
}

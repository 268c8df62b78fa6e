import { setTimeout as sleep } from 'node:timers/promises';
import { generate } from 'otplib';

const periodSeconds = 30;

/** The RFC 6238 time step (30 s) a moment falls in. */
export function totpStep(atMs = Date.now()): number {
  return Math.floor(atMs / 1000 / periodSeconds);
}

/** The code an authenticator app shows for `secret` (base32, spaces allowed) in `step`. */
export async function totpCode(secret: string, step = totpStep()): Promise<string> {
  return generate({ secret: secret.replace(/\s+/g, ''), epoch: step * periodSeconds });
}

/**
 * A code from a time step after `usedStep`, waiting for the next step when needed: the server
 * refuses a code whose step was already used (replay).
 */
export async function freshTotpCode(
  secret: string,
  usedStep: number,
): Promise<{ code: string; step: number }> {
  const nextStepAtMs = (usedStep + 1) * periodSeconds * 1000;
  const waitMs = nextStepAtMs - Date.now();
  if (waitMs > 0) await sleep(waitMs + 250);
  const step = totpStep();
  return { code: await totpCode(secret, step), step };
}

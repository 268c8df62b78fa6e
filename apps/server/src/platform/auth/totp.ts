import { randomBytes } from 'node:crypto';
import { generateSecret, generateSync, generateURI, verifySync } from 'otplib';
import { sha256Hex } from '../crypto.js';

/** RFC 6238 defaults that every authenticator app understands: SHA-1, 6 digits, 30 s. */
export const totpPeriodSeconds = 30;
/** Codes from one step before or after the current one are accepted (clock drift). */
export const totpWindowSteps = 1;
export const totpIssuer = 'Meridian';
export const recoveryCodeCount = 10;

/** A new random TOTP secret (160 bits, base32) for an authenticator app. */
export function generateTotpSecret(): string {
  return generateSecret({ length: 20 });
}

/** The otpauth:// URI an authenticator app scans: issuer Meridian, labelled with the e-mail. */
export function totpUri(secret: string, email: string): string {
  return generateURI({
    issuer: totpIssuer,
    label: email,
    secret,
    period: totpPeriodSeconds,
  });
}

/** The code an authenticator shows at `at` (tests and the CLI use it; sign-in never does). */
export function totpCodeAt(secret: string, at: Date): string {
  return generateSync({
    secret,
    epoch: Math.floor(at.getTime() / 1000),
    period: totpPeriodSeconds,
  });
}

/**
 * Checks a 6-digit code at `at`, accepting ±1 time step. `lastUsedStep` is the step of the
 * last code this user had accepted: that step and older ones are refused, so a code seen
 * over a shoulder or replayed from a log cannot be used a second time. On success `step` is
 * the matched time step, to store as the new `lastUsedStep`.
 */
export function verifyTotp(
  secret: string,
  code: string,
  at: Date,
  lastUsedStep?: number | null,
): { ok: boolean; step?: number } {
  if (!/^\d{6}$/.test(code)) return { ok: false };
  try {
    const result = verifySync({
      secret,
      token: code,
      epoch: Math.floor(at.getTime() / 1000),
      period: totpPeriodSeconds,
      epochTolerance: totpWindowSteps * totpPeriodSeconds,
      ...(lastUsedStep !== undefined && lastUsedStep !== null
        ? { afterTimeStep: lastUsedStep }
        : {}),
    });
    // The result type also covers HOTP, which has no time step; a TOTP success always has one.
    return result.valid && 'timeStep' in result
      ? { ok: true, step: result.timeStep }
      : { ok: false };
  } catch {
    // A malformed stored secret is a failed check, never a crash of the sign-in route.
    return { ok: false };
  }
}

// Crockford-style alphabet without look-alikes (no 0/O, 1/I/L, U) for codes people type.
const recoveryAlphabet = 'abcdefghjkmnpqrstvwxyz23456789';

/**
 * Ten single-use recovery codes like `k7pq-3xvm-b9tz` (12 characters from 30: ~59 bits each,
 * too many to guess, so an unsalted SHA-256 is a sufficient way to store them).
 */
export function generateRecoveryCodes(count = recoveryCodeCount): string[] {
  return Array.from({ length: count }, () => {
    let raw = '';
    while (raw.length < 12) {
      // Tricky: 256 is not a multiple of 30; rejection sampling keeps the letters uniform.
      for (const byte of randomBytes(16)) {
        if (byte < 240 && raw.length < 12) raw += recoveryAlphabet[byte % recoveryAlphabet.length];
      }
    }
    return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8, 12)}`;
  });
}

/** What a typed recovery code is compared as: case, spaces and dashes do not matter. */
export function normalizeRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, '');
}

/** The stored form of a recovery code. */
export function hashRecoveryCode(code: string): string {
  return sha256Hex(normalizeRecoveryCode(code));
}

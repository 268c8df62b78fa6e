import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { Clock } from './clock.js';
import { AppError } from './errors.js';

/** What a link lets its holder do, e.g. `reminder` (confirm or cancel), `waitlist_offer`. */
export type LinkPurpose = 'reminder' | 'waitlist_offer';

export interface LinkClaims {
  purpose: LinkPurpose;
  /** The row the link acts on (an appointment, a waitlist offer). */
  subjectId: string;
  expiresAt: Date;
}

/**
 * Links sent to patients (reminders, waitlist offers) that act without a sign-in: the token
 * carries purpose, subject and expiry, signed with HMAC-SHA-256 under a key derived from the
 * encryption key. A tampered token is `link.invalid`; an expired one `link.expired`.
 * The token holds ids only, no PHI, since it travels in e-mail and SMS.
 */
export interface LinkSigner {
  sign(claims: LinkClaims): string;
  /** Checks signature, purpose and expiry; throws link.invalid or link.expired. */
  verify(token: string, purpose: LinkPurpose): LinkClaims;
}

const purposes: readonly LinkPurpose[] = ['reminder', 'waitlist_offer'];

export function createLinkSigner(encryptionKey: Buffer, clock: Clock): LinkSigner {
  // A key of its own: a leaked link never helps with the data key, nor the other way round.
  const key = Buffer.from(hkdfSync('sha256', encryptionKey, '', 'meridian signed links v1', 32));
  const mac = (payload: string) => createHmac('sha256', key).update(payload).digest();

  return {
    sign({ purpose, subjectId, expiresAt }) {
      const payload = Buffer.from(
        JSON.stringify([purpose, subjectId, Math.floor(expiresAt.getTime() / 1000)]),
      ).toString('base64url');
      return `${payload}.${mac(payload).toString('base64url')}`;
    },
    verify(token, purpose) {
      const invalid = new AppError('link.invalid', 'the link is not valid');
      const [payload, signature, extra] = token.split('.');
      if (!payload || !signature || extra !== undefined || token.length > 512) throw invalid;
      const given = Buffer.from(signature, 'base64url');
      const expected = mac(payload);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid;
      let claims: unknown;
      try {
        claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      } catch {
        throw invalid;
      }
      if (!Array.isArray(claims) || claims.length !== 3) throw invalid;
      const [p, subjectId, exp] = claims as unknown[];
      if (
        !purposes.includes(p as LinkPurpose) ||
        p !== purpose ||
        typeof subjectId !== 'string' ||
        typeof exp !== 'number'
      ) {
        throw invalid;
      }
      const expiresAt = new Date(exp * 1000);
      if (expiresAt.getTime() <= clock.now().getTime()) {
        throw new AppError('link.expired', 'the link has expired');
      }
      return { purpose, subjectId, expiresAt };
    },
  };
}

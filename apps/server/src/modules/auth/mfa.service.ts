import QRCode from 'qrcode';
import {
  roleRequiresMfa,
  type MfaBody,
  type MfaEnrolmentResult,
  type MfaEnrolmentStart,
} from '@meridian/contracts';
import type { Platform } from '../../platform/platform.js';
import type { DbOrTx } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { Principal } from '../../platform/auth/principal.js';
import { verifyPassword } from '../../platform/auth/password.js';
import {
  generateRecoveryCodes,
  generateTotpSecret,
  hashRecoveryCode,
  totpUri,
  verifyTotp,
} from '../../platform/auth/totp.js';
import { lockRemainingSeconds } from './login-throttle.js';
import { nextSessionState } from './session-state.js';
import {
  acceptTotpStep,
  clearThrottle,
  clearTotp,
  confirmTotp,
  countUnusedRecoveryCodes,
  findThrottle,
  findUserById,
  replaceRecoveryCodes,
  setPendingTotpSecret,
  useRecoveryCode,
  type AuthUser,
} from './auth.repository.js';
import {
  commitThenThrow,
  countFailure,
  lockedError,
  meForToken,
  requirePastSecondFactor,
} from './auth-support.js';
import type { SignedIn } from './auth.service.js';

type MfaMethod = 'totp' | 'recovery_code';

const invalidCode = (path: 'code' | 'recoveryCode') =>
  new AppError('auth.mfa_invalid', 'the code is not valid', {
    errors: [{ path, rule: 'invalid', message: 'the code is not valid; try the current one' }],
  });

export function createMfaService(platform: Platform) {
  const { db, clock, audit, sessions, encryptor } = platform;

  async function currentUser(principal: Principal): Promise<AuthUser> {
    const user = await findUserById(db, principal.userId);
    if (!user) throw new AppError('auth.unauthenticated', 'sign in to continue');
    return user;
  }

  /** Checks the code, and when it is good uses it up (a TOTP step or a recovery code). */
  async function checkSecondFactor(
    tx: DbOrTx,
    user: AuthUser,
    body: MfaBody,
  ): Promise<{ ok: true } | { ok: false; reason: 'invalid_code' | 'reused_code' }> {
    if (body.recoveryCode !== undefined) {
      const used = await useRecoveryCode(
        tx,
        user.id,
        hashRecoveryCode(body.recoveryCode),
        clock.now(),
      );
      return used ? { ok: true } : { ok: false, reason: 'invalid_code' };
    }
    if (!user.totpSecretEnc || body.code === undefined)
      return { ok: false, reason: 'invalid_code' };
    const check = verifyTotp(encryptor.decrypt(user.totpSecretEnc), body.code, clock.now());
    if (!check.ok || check.step === undefined) return { ok: false, reason: 'invalid_code' };
    // RFC 6238 §5.2: one code, one use. The conditional update also settles a race of two.
    if (user.totpLastUsedStep !== null && check.step <= user.totpLastUsedStep) {
      return { ok: false, reason: 'reused_code' };
    }
    return (await acceptTotpStep(tx, user.id, check.step))
      ? { ok: true }
      : { ok: false, reason: 'reused_code' };
  }

  /**
   * The second step of signing in: a TOTP code or a recovery code. Failures count toward the
   * same per-address lockout as wrong passwords. Success rotates the session.
   */
  async function verifyMfa(principal: Principal, body: MfaBody): Promise<SignedIn> {
    if (principal.sessionState !== 'mfa_pending') {
      if (principal.sessionState === 'mfa_enrolment_required') {
        throw new AppError('auth.mfa_enrolment_required', 'enrol a second factor first');
      }
      throw new AppError('resource.conflict', 'this session has already given its second factor');
    }
    const user = await currentUser(principal);
    if (!user.mfaEnrolled) throw new AppError('auth.mfa_not_enrolled', 'no second factor enrolled');
    const method: MfaMethod = body.recoveryCode !== undefined ? 'recovery_code' : 'totp';

    const lockedSeconds = lockRemainingSeconds(await findThrottle(db, user.email), clock.now());
    if (lockedSeconds > 0) {
      await audit.record(db, {
        action: 'auth.mfa_failed',
        outcome: 'failure',
        entityType: 'user',
        entityId: user.id,
        details: { method, reason: 'locked' },
      });
      throw lockedError(lockedSeconds);
    }

    const token = await commitThenThrow(db, async (tx) => {
      const check = await checkSecondFactor(tx, user, body);
      if (!check.ok) {
        await audit.record(tx, {
          action: 'auth.mfa_failed',
          outcome: 'failure',
          entityType: 'user',
          entityId: user.id,
          details: { method, reason: check.reason },
        });
        const lockedFor = await countFailure(platform, tx, user.email, user.id);
        if (lockedFor > 0) return lockedError(lockedFor);
        return invalidCode(method === 'totp' ? 'code' : 'recoveryCode');
      }
      await clearThrottle(tx, user.email);
      const rotated = await sessions.rotate(tx, principal.sessionId, nextSessionState(user, true), {
        mfaVerified: true,
      });
      await audit.record(tx, {
        action: 'auth.mfa_verified',
        entityType: 'user_session',
        entityId: rotated.sessionId,
        details: {
          method,
          ...(method === 'recovery_code'
            ? { recoveryCodesLeft: await countUnusedRecoveryCodes(tx, user.id) }
            : {}),
        },
      });
      return rotated.token;
    });
    return { token, me: await meForToken(platform, token) };
  }

  /** Starts (or restarts) TOTP enrolment with a new pending secret. */
  async function startEnrolment(principal: Principal): Promise<MfaEnrolmentStart> {
    const user = await currentUser(principal);
    if (user.mfaEnrolled) {
      throw new AppError('auth.mfa_already_enrolled', 'a second factor is already enrolled');
    }
    const secret = generateTotpSecret();
    const otpauthUrl = totpUri(secret, user.email);
    const qrCodeDataUrl = await QRCode.toDataURL(otpauthUrl, {
      errorCorrectionLevel: 'M',
      margin: 2,
      width: 240,
    });
    await db.transaction(async (tx) => {
      await setPendingTotpSecret(tx, user.id, encryptor.encrypt(secret), clock.now());
      await audit.record(tx, {
        action: 'auth.mfa_enrolment_started',
        entityType: 'user',
        entityId: user.id,
      });
    });
    return { secret, otpauthUrl, qrCodeDataUrl };
  }

  /**
   * Confirms enrolment with a code from the new authenticator; issues recovery codes. A
   * session that was waiting for enrolment is rotated to its next state.
   */
  async function confirmEnrolment(
    principal: Principal,
    code: string,
  ): Promise<MfaEnrolmentResult & { token: string | null }> {
    const user = await currentUser(principal);
    if (user.mfaEnrolled) {
      throw new AppError('auth.mfa_already_enrolled', 'a second factor is already enrolled');
    }
    const pendingEnc = user.totpPendingSecretEnc;
    if (!pendingEnc) {
      throw new AppError('auth.mfa_not_enrolled', 'start the enrolment first');
    }
    const check = verifyTotp(encryptor.decrypt(pendingEnc), code, clock.now());
    const recoveryCodes = generateRecoveryCodes();

    return commitThenThrow(db, async (tx) => {
      if (!check.ok || check.step === undefined) {
        await audit.record(tx, {
          action: 'auth.mfa_enrolment_failed',
          outcome: 'failure',
          entityType: 'user',
          entityId: user.id,
          details: { reason: 'invalid_code' },
        });
        return invalidCode('code');
      }
      const now = clock.now();
      await confirmTotp(tx, user.id, pendingEnc, check.step, now);
      await replaceRecoveryCodes(tx, user.id, recoveryCodes.map(hashRecoveryCode), now);
      await sessions.invalidateUser(tx, user.id);
      let token: string | null = null;
      if (principal.sessionState === 'mfa_enrolment_required') {
        const state = nextSessionState({ ...user, mfaEnrolled: true }, true);
        token = (await sessions.rotate(tx, principal.sessionId, state, { mfaVerified: true }))
          .token;
      }
      await audit.record(tx, {
        action: 'auth.mfa_enrolled',
        entityType: 'user',
        entityId: user.id,
        details: { method: 'totp', recoveryCodesIssued: recoveryCodes.length },
      });
      return { recoveryCodes, token };
    });
  }

  /**
   * The password typed again before a change to one's own second factor. A wrong one is
   * audited as `failedAction` and refused on the `password` field. It does not count toward
   * the sign-in lockout: the session is already past sign-in, and the route's per-address
   * rate limit slows guessing.
   */
  async function requirePassword(
    user: AuthUser,
    password: string,
    failedAction: string,
  ): Promise<void> {
    if (await verifyPassword(user.passwordHash, password)) return;
    await audit.record(db, {
      action: failedAction,
      outcome: 'failure',
      entityType: 'user',
      entityId: user.id,
      details: { reason: 'bad_password' },
    });
    throw new AppError('auth.password_incorrect', 'the password is wrong', {
      errors: [{ path: 'password', rule: 'incorrect', message: 'the password is wrong' }],
    });
  }

  /** Removes one's own TOTP (password required), unless a role makes it mandatory. */
  async function disableMfa(principal: Principal, password: string): Promise<void> {
    requirePastSecondFactor(principal);
    const user = await currentUser(principal);
    if (!user.mfaEnrolled) throw new AppError('auth.mfa_not_enrolled', 'no second factor enrolled');
    if (roleRequiresMfa(user.roles)) {
      throw new AppError('auth.mfa_mandatory', 'your role requires a second factor');
    }
    await requirePassword(user, password, 'auth.mfa_disable_failed');
    await db.transaction(async (tx) => {
      await clearTotp(tx, user.id, clock.now());
      await sessions.invalidateUser(tx, user.id);
      await audit.record(tx, {
        action: 'auth.mfa_disabled',
        entityType: 'user',
        entityId: user.id,
      });
    });
  }

  /** New recovery codes (password required); the old ones stop working. */
  async function regenerateRecoveryCodes(
    principal: Principal,
    password: string,
  ): Promise<MfaEnrolmentResult> {
    requirePastSecondFactor(principal);
    const user = await currentUser(principal);
    if (!user.mfaEnrolled) throw new AppError('auth.mfa_not_enrolled', 'no second factor enrolled');
    await requirePassword(user, password, 'auth.mfa_recovery_codes_regenerate_failed');
    const recoveryCodes = generateRecoveryCodes();
    await db.transaction(async (tx) => {
      await replaceRecoveryCodes(tx, user.id, recoveryCodes.map(hashRecoveryCode), clock.now());
      await audit.record(tx, {
        action: 'auth.mfa_recovery_codes_regenerated',
        entityType: 'user',
        entityId: user.id,
        details: { recoveryCodesIssued: recoveryCodes.length },
      });
    });
    return { recoveryCodes };
  }

  return { verifyMfa, startEnrolment, confirmEnrolment, disableMfa, regenerateRecoveryCodes };
}

export type MfaService = ReturnType<typeof createMfaService>;

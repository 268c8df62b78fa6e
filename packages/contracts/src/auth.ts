import { z } from 'zod';
import { email, instant, singleLine, uuid } from './common.js';
import { permissions, roles } from './permissions.js';

export const passwordMinLength = 12;
export const passwordMaxLength = 128;

export const loginBody = z.strictObject({
  email,
  password: z.string().min(1).max(passwordMaxLength),
});

/**
 * Where a session stands. `active`: full access. `mfa_pending`: TOTP enrolled, code not yet
 * given. `mfa_enrolment_required`: the user's role requires TOTP and none is enrolled.
 * `password_change_required`: an admin reset the password; the user must choose a new one.
 */
export const sessionState = z.enum([
  'active',
  'mfa_pending',
  'mfa_enrolment_required',
  'password_change_required',
]);
export type SessionState = z.infer<typeof sessionState>;

export const facilitySummary = z.object({
  id: uuid,
  name: z.string(),
  code: z.string(),
  timeZone: z.string(),
});
export type FacilitySummary = z.infer<typeof facilitySummary>;

export const me = z.object({
  user: z.object({
    id: uuid,
    email: z.string(),
    displayName: z.string(),
    mfaEnrolled: z.boolean(),
  }),
  roles: z.array(z.enum(roles)),
  permissions: z.array(z.enum(permissions)),
  facilities: z.array(facilitySummary),
  currentFacilityId: uuid.nullable(),
  session: z.object({
    state: sessionState,
    idleExpiresAt: instant,
    absoluteExpiresAt: instant,
    idleTimeoutSeconds: z.number().int(),
  }),
});
export type Me = z.infer<typeof me>;

const totpCode = z.string().regex(/^\d{6}$/, { message: 'must be 6 digits' });

/** The second factor at sign-in: a 6-digit TOTP code, or one of the recovery codes. */
export const mfaBody = z
  .strictObject({
    code: totpCode.optional(),
    recoveryCode: singleLine(32).optional(),
  })
  .refine((b) => (b.code === undefined) !== (b.recoveryCode === undefined), {
    message: 'give exactly one of code or recoveryCode',
    path: ['code'],
  });
export type MfaBody = z.infer<typeof mfaBody>;

export const mfaEnrolmentStart = z.object({
  /** Base32 secret, for typing into an authenticator that cannot scan. */
  secret: z.string(),
  otpauthUrl: z.string(),
  /** A PNG of the otpauth URL as a data: URL, for an <img>. */
  qrCodeDataUrl: z.string(),
});
export type MfaEnrolmentStart = z.infer<typeof mfaEnrolmentStart>;
export const mfaEnrolmentConfirmBody = z.strictObject({ code: totpCode });
/** Shown once: only their hashes are kept. */
export const mfaEnrolmentResult = z.object({ recoveryCodes: z.array(z.string()) });
export type MfaEnrolmentResult = z.infer<typeof mfaEnrolmentResult>;

/** The password typed again, for changes a stolen session alone must not be able to make. */
const passwordAgain = z.string().min(1).max(passwordMaxLength);

/** Removing one's own TOTP needs the password again. */
export const disableMfaBody = z.strictObject({ password: passwordAgain });

/** So does issuing new recovery codes: they are a second factor of their own. */
export const regenerateRecoveryCodesBody = z.strictObject({ password: passwordAgain });

export const changePasswordBody = z.strictObject({
  currentPassword: passwordAgain,
  newPassword: z.string().max(passwordMaxLength),
});

export const switchFacilityBody = z.strictObject({ facilityId: uuid });

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

export const mfaBody = z.union([
  z.strictObject({ code: z.string().regex(/^\d{6}$/, { message: 'must be 6 digits' }) }),
  z.strictObject({ recoveryCode: singleLine(32) }),
]);

export const mfaEnrolmentStart = z.object({
  secret: z.string(),
  otpauthUrl: z.string(),
  qrCodeDataUrl: z.string(),
});
export const mfaEnrolmentConfirmBody = z.strictObject({
  code: z.string().regex(/^\d{6}$/, { message: 'must be 6 digits' }),
});
export const mfaEnrolmentResult = z.object({ recoveryCodes: z.array(z.string()) });

export const changePasswordBody = z.strictObject({
  currentPassword: z.string().min(1).max(passwordMaxLength),
  newPassword: z.string().max(passwordMaxLength),
});

export const switchFacilityBody = z.strictObject({ facilityId: uuid });

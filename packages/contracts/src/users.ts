import { z } from 'zod';
import { email, instant, page, singleLine, uuid } from './common.js';
import { passwordMaxLength } from './auth.js';
import { roles } from './permissions.js';

// ---- Users ----

export const userStatus = z.enum(['active', 'disabled']);

export const user = z.object({
  id: uuid,
  email: z.string(),
  displayName: z.string(),
  roles: z.array(z.enum(roles)),
  facilityIds: z.array(uuid),
  status: userStatus,
  mfaEnrolled: z.boolean(),
  mustChangePassword: z.boolean(),
  lockedUntil: instant.nullable(),
  lastLoginAt: instant.nullable(),
  createdAt: instant,
  version: z.number().int(),
});
export type User = z.infer<typeof user>;
export const userPage = page(user);

export const listUsersQuery = z.strictObject({
  q: z.string().trim().max(100).optional(),
  role: z.enum(roles).optional(),
  status: userStatus.optional(),
  /** Users assigned to this facility. */
  facilityId: uuid.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(512).optional(),
});

export const createUserBody = z.strictObject({
  email,
  displayName: singleLine(120),
  roles: z.array(z.enum(roles)).min(1).max(6),
  facilityIds: z.array(uuid).max(100).default([]),
  /** Initial password; the user must change it at first sign-in. */
  password: z.string().max(passwordMaxLength),
});

export const updateUserBody = z.strictObject({
  displayName: singleLine(120).optional(),
  roles: z.array(z.enum(roles)).min(1).max(6).optional(),
  facilityIds: z.array(uuid).max(100).optional(),
  status: userStatus.optional(),
});

export const resetPasswordBody = z.strictObject({
  newPassword: z.string().max(passwordMaxLength),
});

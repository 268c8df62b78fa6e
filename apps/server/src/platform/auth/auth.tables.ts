import { bigint, boolean, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { timestamptz } from '../db-columns.js';
import type { Role, SessionState } from '@meridian/contracts';

export const userAccount = pgTable('user_account', {
  id: uuid('id').primaryKey(),
  email: text('email').notNull(),
  kind: text('kind').$type<'staff' | 'patient'>().notNull(),
  displayName: text('display_name').notNull(),
  passwordHash: text('password_hash').notNull(),
  passwordChangedAt: timestamptz('password_changed_at').notNull(),
  mustChangePassword: boolean('must_change_password').notNull(),
  status: text('status').$type<'active' | 'disabled'>().notNull(),
  totpSecretEnc: text('totp_secret_enc'),
  totpPendingSecretEnc: text('totp_pending_secret_enc'),
  totpEnrolledAt: timestamptz('totp_enrolled_at'),
  /** Time step of the last accepted TOTP code; that step and older ones are refused. */
  totpLastUsedStep: bigint('totp_last_used_step', { mode: 'number' }),
  lastLoginAt: timestamptz('last_login_at'),
  version: integer('version').notNull(),
  createdAt: timestamptz('created_at').notNull(),
  updatedAt: timestamptz('updated_at').notNull(),
});

export const userRole = pgTable(
  'user_role',
  {
    userId: uuid('user_id').notNull(),
    role: text('role').$type<Role>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.role] })],
);

export const userFacility = pgTable(
  'user_facility',
  {
    userId: uuid('user_id').notNull(),
    facilityId: uuid('facility_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.facilityId] })],
);

export const mfaRecoveryCode = pgTable('mfa_recovery_code', {
  id: uuid('id').primaryKey(),
  userId: uuid('user_id').notNull(),
  codeHash: text('code_hash').notNull(),
  usedAt: timestamptz('used_at'),
  createdAt: timestamptz('created_at').notNull(),
});

export const userSession = pgTable('user_session', {
  id: text('id').primaryKey(),
  userId: uuid('user_id').notNull(),
  state: text('state').$type<SessionState>().notNull(),
  currentFacilityId: uuid('current_facility_id'),
  createdAt: timestamptz('created_at').notNull(),
  lastSeenAt: timestamptz('last_seen_at').notNull(),
  absoluteExpiresAt: timestamptz('absolute_expires_at').notNull(),
  mfaVerifiedAt: timestamptz('mfa_verified_at'),
  ip: text('ip'),
  userAgent: text('user_agent'),
  revokedAt: timestamptz('revoked_at'),
  revokedReason: text('revoked_reason'),
});

export const loginThrottle = pgTable('login_throttle', {
  email: text('email').primaryKey(),
  failedCount: integer('failed_count').notNull(),
  lockouts: integer('lockouts').notNull(),
  lockedUntil: timestamptz('locked_until'),
  lastFailedAt: timestamptz('last_failed_at'),
});

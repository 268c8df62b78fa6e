import type { z } from 'zod';
import type {
  createUserBody,
  FieldError,
  listUsersQuery,
  updateUserBody,
  User,
} from '@meridian/contracts';
import type { Platform } from '../../platform/platform.js';
import type { DbOrTx } from '../../platform/db.js';
import type { Principal } from '../../platform/auth/principal.js';
import { notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { hashPassword } from '../../platform/auth/password.js';
import { assertPasswordPolicy } from '../../platform/auth/password-policy.js';
import { createOrganizationService } from '../organization/index.js';
import * as repo from './user.repository.js';
import type { UserRecord } from './user.repository.js';
import {
  validationFailed,
  decodeUserCursor,
  encodeUserCursor,
  kindForRoles,
  normalizeIds,
  normalizeRoles,
  roleErrors,
} from './user-rules.js';
import { createUpdateUser } from './commands/update-user.js';
import { createCredentialResets } from './commands/reset-credentials.js';
import {
  provisionUser,
  type ProvisionedUser,
  type ProvisionRequest,
} from './commands/provision-user.js';
import './staff.errors.js';

export type CreateUserInput = z.output<typeof createUserBody>;
export type UpdateUserInput = z.output<typeof updateUserBody>;
export type ListUsersInput = z.output<typeof listUsersQuery>;

export interface CreateUserOptions {
  /** Join the caller's transaction (demo seed) instead of opening one. */
  tx?: DbOrTx;
  /** Default true: an administrator chose the password, the user must replace it. */
  mustChangePassword?: boolean;
  /** A TOTP secret to store as already enrolled (the CLI hands it to the operator). */
  totpSecret?: string;
  /** Where the account came from, for the audit trail: `api` unless told. */
  via?: 'api' | 'cli' | 'seed';
}

export interface StaffService {
  listUsers(query: ListUsersInput): Promise<{ items: User[]; nextCursor: string | null }>;
  getUser(id: string): Promise<User>;
  createUser(input: CreateUserInput, opts?: CreateUserOptions): Promise<User>;
  /** displayName, roles, facilityIds, status; guards self-lockout and the last admin. */
  updateUser(
    actor: Principal | null,
    id: string,
    expectedVersion: number,
    patch: UpdateUserInput,
  ): Promise<User>;
  /** Sets a new password the user must change, ends their sessions and any lockout. */
  resetPassword(id: string, newPassword: string): Promise<User>;
  /** Forgets the user's second factor; a role that requires one re-enrols at next sign-in. */
  resetMfa(id: string): Promise<User>;
  /** The CLI's `user create`: facility codes, generated password, TOTP provisioned up front. */
  provisionUser(req: ProvisionRequest): Promise<ProvisionedUser>;
}

/** The API view of a user; a lockout that has run out is no lockout. */
export function toUser(row: UserRecord, now: Date): User {
  return {
    id: row.id,
    email: row.email,
    displayName: row.displayName,
    roles: normalizeRoles(row.roles),
    facilityIds: row.facilityIds,
    status: row.status,
    mfaEnrolled: row.mfaEnrolled,
    mustChangePassword: row.mustChangePassword,
    lockedUntil: row.lockedUntil && row.lockedUntil > now ? row.lockedUntil.toISOString() : null,
    lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    version: row.version,
  };
}

export function createStaffService(platform: Platform): StaffService {
  const { db, audit, clock, encryptor } = platform;
  const organization = createOrganizationService(platform);

  async function loadUser(tx: DbOrTx, id: string): Promise<User> {
    const row = await repo.findUserById(tx, id);
    if (!row) throw notFound('user', id);
    return toUser(row, clock.now());
  }

  /**
   * Every facility id must exist; a newly assigned one must also be active (an inactive
   * facility the user already had may stay, so an unrelated edit does not fail).
   */
  async function checkFacilities(
    tx: DbOrTx,
    ids: readonly string[],
    alreadyAssigned: readonly string[] = [],
  ): Promise<FieldError[]> {
    const found = new Map(
      (await organization.findFacilities(tx, { ids })).map((f) => [f.id, f] as const),
    );
    const errors: FieldError[] = [];
    ids.forEach((id, i) => {
      const facility = found.get(id.toLowerCase());
      if (!facility) {
        errors.push({ path: `facilityIds.${i}`, rule: 'not_found', message: 'no such facility' });
      } else if (!facility.isActive && !alreadyAssigned.includes(facility.id)) {
        errors.push({
          path: `facilityIds.${i}`,
          rule: 'inactive',
          message: 'the facility is deactivated',
        });
      }
    });
    return errors;
  }

  async function createUser(input: CreateUserInput, opts: CreateUserOptions = {}): Promise<User> {
    const roles = normalizeRoles(input.roles);
    const ruleErrors = roleErrors(roles);
    if (ruleErrors.length > 0) throw validationFailed(ruleErrors);
    assertPasswordPolicy(input.password, { email: input.email, path: 'password' });
    // Hashing takes tens of milliseconds: done before the transaction holds anything.
    const passwordHash = await hashPassword(input.password);
    const run = async (tx: DbOrTx) => {
      const facilityErrors = await checkFacilities(tx, input.facilityIds);
      if (facilityErrors.length > 0) throw validationFailed(facilityErrors);
      const id = newId();
      await repo.insertUser(tx, {
        id,
        email: input.email,
        kind: kindForRoles(roles),
        displayName: input.displayName,
        passwordHash,
        mustChangePassword: opts.mustChangePassword ?? true,
        totpSecretEnc: opts.totpSecret ? encryptor.encrypt(opts.totpSecret) : null,
        roles,
        facilityIds: normalizeIds(input.facilityIds),
        now: clock.now(),
      });
      await audit.record(tx, {
        action: 'user.created',
        entityType: 'user',
        entityId: id,
        details: {
          roles,
          facilityIds: normalizeIds(input.facilityIds),
          via: opts.via ?? 'api',
          mfaProvisioned: Boolean(opts.totpSecret),
        },
      });
      return loadUser(tx, id);
    };
    return opts.tx ? run(opts.tx) : db.transaction(run);
  }

  async function listUsers(query: ListUsersInput) {
    const after = query.cursor === undefined ? undefined : decodeUserCursor(query.cursor);
    if (after === null) {
      throw validationFailed([
        { path: 'query.cursor', rule: 'invalid', message: 'is not a cursor this list handed out' },
      ]);
    }
    const rows = await repo.listUsers(db, {
      q: query.q || undefined,
      role: query.role,
      status: query.status,
      facilityId: query.facilityId,
      after,
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    const now = clock.now();
    return {
      items: page.map((r) => toUser(r, now)),
      nextCursor:
        rows.length > query.limit && last
          ? encodeUserCursor({ name: last.sortName, id: last.id })
          : null,
    };
  }

  const deps = { platform, loadUser, checkFacilities };
  const service: StaffService = {
    listUsers,
    getUser: (id) => loadUser(db, id),
    createUser,
    updateUser: createUpdateUser(deps),
    ...createCredentialResets(deps),
    provisionUser: (req) => provisionUser({ platform, staff: service, organization }, req),
  };
  return service;
}

/** What the use cases in commands/ share with the service. */
export interface StaffDeps {
  platform: Platform;
  loadUser: (tx: DbOrTx, id: string) => Promise<User>;
  checkFacilities: (
    tx: DbOrTx,
    ids: readonly string[],
    alreadyAssigned?: readonly string[],
  ) => Promise<FieldError[]>;
}

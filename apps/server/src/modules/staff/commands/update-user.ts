import { roleRequiresMfa, type FieldError, type User } from '@meridian/contracts';
import type { DbOrTx } from '../../../platform/db.js';
import type { Principal } from '../../../platform/auth/principal.js';
import { AppError, notFound } from '../../../platform/errors.js';
import { versionMismatch } from '../../../platform/http/preconditions.js';
import * as repo from '../user.repository.js';
import {
  kindForRoles,
  normalizeIds,
  normalizeRoles,
  removesActiveAdmin,
  roleErrors,
  sameList,
  validationFailed,
} from '../user-rules.js';
import type { StaffDeps, UpdateUserInput } from '../staff.service.js';

interface Target {
  displayName: string;
  roles: User['roles'];
  facilityIds: string[];
  status: User['status'];
}

function targetOf(current: User, patch: UpdateUserInput): Target {
  return {
    displayName: patch.displayName ?? current.displayName,
    roles: patch.roles ? normalizeRoles(patch.roles) : current.roles,
    facilityIds: patch.facilityIds ? normalizeIds(patch.facilityIds) : current.facilityIds,
    status: patch.status ?? current.status,
  };
}

function changedFields(current: User, next: Target): (keyof Target)[] {
  const changed: (keyof Target)[] = [];
  if (next.displayName !== current.displayName) changed.push('displayName');
  if (!sameList(next.roles, current.roles)) changed.push('roles');
  if (!sameList(next.facilityIds, current.facilityIds)) changed.push('facilityIds');
  if (next.status !== current.status) changed.push('status');
  return changed;
}

/** An administrator may not lock themselves out: no self-disable, no dropping own admin. */
function assertNotSelfLockout(actor: Principal | null, current: User, next: Target): void {
  if (!actor || actor.userId !== current.id) return;
  if (current.status === 'active' && next.status === 'disabled') {
    throw new AppError('user.cannot_disable_self', 'you cannot disable your own account');
  }
  if (current.roles.includes('admin') && !next.roles.includes('admin')) {
    throw new AppError('user.cannot_disable_self', 'you cannot remove your own admin role');
  }
}

export function createUpdateUser({ platform, loadUser, checkFacilities }: StaffDeps) {
  const { db, audit, clock, sessions } = platform;

  async function validate(tx: DbOrTx, current: User, patch: UpdateUserInput, next: Target) {
    const errors: FieldError[] = [];
    if (patch.roles) {
      const currentKind = kindForRoles(current.roles);
      errors.push(...roleErrors(next.roles, currentKind));
    }
    if (patch.facilityIds) {
      // Paths index the array as sent, so check the ids in the order they came.
      errors.push(...(await checkFacilities(tx, patch.facilityIds, current.facilityIds)));
    }
    if (errors.length > 0) throw validationFailed(errors);
  }

  /**
   * Tricky: the last-admin rule must hold when two admins demote each other at once. Both
   * transactions lock every active admin row (in id order) before counting, so the second
   * waits for the first to commit and its count — a new statement, hence a new snapshot —
   * sees the first one's demotion.
   */
  async function assertAnotherAdminRemains(tx: DbOrTx, userId: string): Promise<void> {
    if ((await repo.countActiveAdminsExcept(tx, userId)) === 0) {
      throw new AppError(
        'user.last_admin',
        'this is the last active administrator; make another user an admin first',
      );
    }
  }

  async function recordAudit(
    tx: DbOrTx,
    id: string,
    current: User,
    next: Target,
    changed: readonly (keyof Target)[],
  ): Promise<void> {
    const fields = changed.filter((f) => f !== 'status');
    if (fields.length > 0) {
      await audit.record(tx, {
        action: 'user.updated',
        entityType: 'user',
        entityId: id,
        details: {
          changed: fields,
          ...(fields.includes('roles')
            ? { rolesBefore: current.roles, rolesAfter: next.roles }
            : {}),
          ...(fields.includes('facilityIds')
            ? { facilityIdsBefore: current.facilityIds, facilityIdsAfter: next.facilityIds }
            : {}),
        },
      });
    }
    if (changed.includes('status')) {
      await audit.record(tx, {
        action: next.status === 'disabled' ? 'user.disabled' : 'user.enabled',
        entityType: 'user',
        entityId: id,
      });
    }
  }

  return async function updateUser(
    actor: Principal | null,
    id: string,
    expectedVersion: number,
    patch: UpdateUserInput,
  ): Promise<User> {
    return db.transaction(async (tx) => {
      // An unlocked look first, only to learn whether the admin rows must be locked; the
      // version check after locking catches anything that changed in between.
      const seen = await loadUser(tx, id);
      if (seen.version !== expectedVersion) throw versionMismatch('user', id, seen.version);
      const demotes = removesActiveAdmin(seen, targetOf(seen, patch));
      if (demotes) await repo.lockActiveAdmins(tx);
      if (!(await repo.lockUser(tx, id))) throw notFound('user', id);
      const current = await loadUser(tx, id);
      if (current.version !== expectedVersion) throw versionMismatch('user', id, current.version);

      const next = targetOf(current, patch);
      await validate(tx, current, patch, next);
      assertNotSelfLockout(actor, current, next);
      if (demotes) await assertAnotherAdminRemains(tx, id);

      const changed = changedFields(current, next);
      if (changed.length === 0) return current;
      const statusChanged = changed.includes('status');

      const now = clock.now();
      await repo.updateAccount(
        tx,
        id,
        {
          ...(changed.includes('displayName') ? { displayName: next.displayName } : {}),
          ...(statusChanged ? { status: next.status } : {}),
        },
        now,
      );
      if (changed.includes('roles')) await repo.replaceRoles(tx, id, next.roles);
      if (changed.includes('facilityIds')) {
        await repo.replaceFacilities(tx, id, next.facilityIds);
        await repo.clearSessionFacilitiesOutside(tx, id, next.facilityIds);
      }

      // Open sessions carry the user's roles, facilities, status and name: every instance
      // drops its cached copy when this commits, so the next request sees the change.
      await sessions.invalidateUser(tx, id);
      // A disabled account is signed out everywhere. A user newly given a role that needs
      // a second factor is signed out too, so the next sign-in makes them enrol one.
      const gainsMfaRole =
        !current.mfaEnrolled && !roleRequiresMfa(current.roles) && roleRequiresMfa(next.roles);
      if (next.status === 'disabled' && statusChanged) {
        await sessions.revokeAllForUser(tx, id, 'user_disabled');
      } else if (gainsMfaRole) {
        await sessions.revokeAllForUser(tx, id, 'mfa_required_by_role');
      }

      await recordAudit(tx, id, current, next, changed);
      return loadUser(tx, id);
    });
  };
}

import { and, eq, gt, inArray } from 'drizzle-orm';
import type { Permission } from '@meridian/contracts';
import type { AuditRecorder } from '../audit/audit.service.js';
import { breakGlassGrant } from '../audit/audit.tables.js';
import type { Clock } from '../clock.js';
import type { Db, DbOrTx } from '../db.js';
import { AppError } from '../errors.js';
import type { Principal } from './principal.js';

/**
 * The patients module's facts about records, plugged in at start-up. Ids only.
 * - restrictedPatientIds: which of `ids` are restricted (VIP, employee, confidential).
 * - linkedPatientIds: the records a portal user may reach (their own, and those they are
 *   proxy for).
 */
export interface PatientAccessPolicy {
  restrictedPatientIds(tx: DbOrTx, ids: readonly string[]): Promise<Set<string>>;
  linkedPatientIds(tx: DbOrTx, userId: string): Promise<Set<string>>;
}

/** Why a record-level check refused; recorded in the denial's audit row. */
export type AccessDenialReason = 'missing_permission' | 'not_linked' | 'break_glass_required';

/**
 * Layer 2 of access control: record-level access to patients, checked in this one file.
 * Default deny. Patient modules call `requireAccess` before reading or changing a record
 * and `filterAccessible` before showing search results in detail.
 */
export interface AccessService {
  /**
   * Throws unless `principal` holds `permission` and may reach every patient in
   * `patientIds`: 403 access.forbidden without the permission; 404 resource.not_found for a
   * portal user's unlinked patient (the same answer as a missing record); 403
   * access.break_glass_required (details.patientId) for a restricted record without an
   * unexpired grant. Every denial is audited and committed even if `tx` rolls back.
   */
  requireAccess(
    tx: DbOrTx,
    principal: Principal | null,
    permission: Permission,
    patientIds: readonly string[],
  ): Promise<void>;
  /**
   * Which of `patientIds` may be shown in detail (for lists and search results). Throws
   * access.forbidden, audited, without the permission; hidden ids are not audited as
   * denials, since nobody asked to open them.
   */
  filterAccessible(
    tx: DbOrTx,
    principal: Principal | null,
    permission: Permission,
    patientIds: readonly string[],
  ): Promise<Set<string>>;
  /**
   * Plugs in the patients module's policy; returns a function that removes it. One policy
   * at a time: registering a second is a wiring bug and throws.
   */
  registerPatientAccessPolicy(policy: PatientAccessPolicy): () => void;
}

/** With no patients module plugged in, no record is restricted and portal users reach none. */
const noPolicy: PatientAccessPolicy = {
  restrictedPatientIds: () => Promise.resolve(new Set<string>()),
  linkedPatientIds: () => Promise.resolve(new Set<string>()),
};

interface Denial {
  permission: Permission;
  reason: AccessDenialReason;
  patientIds: readonly string[];
}

export function createAccessService(deps: {
  db: Db;
  audit: AuditRecorder;
  clock: Clock;
}): AccessService {
  let policy: PatientAccessPolicy = noPolicy;

  async function activeGrantPatientIds(
    tx: DbOrTx,
    userId: string,
    ids: readonly string[],
  ): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await tx
      .selectDistinct({ patientId: breakGlassGrant.patientId })
      .from(breakGlassGrant)
      .where(
        and(
          eq(breakGlassGrant.userId, userId),
          inArray(breakGlassGrant.patientId, [...ids]),
          gt(breakGlassGrant.expiresAt, deps.clock.now()),
        ),
      );
    return new Set(rows.map((r) => r.patientId));
  }

  /**
   * Records denials on the pool, outside the caller's transaction, so they stay even when
   * the caller's transaction rolls back (as it usually does after the error we throw).
   * The caller's own audit rows are sealed only when it commits, so it holds no chain lock
   * this write could wait on (migration 0050).
   */
  async function recordDenials(principal: Principal | null, denial: Denial): Promise<void> {
    const targets = denial.patientIds.length > 0 ? denial.patientIds : [null];
    await deps.db.transaction(async (outside) => {
      for (const patientId of targets) {
        await deps.audit.record(outside, {
          action: 'access.denied',
          outcome: 'denied',
          actorUserId: principal?.userId ?? null,
          patientId,
          details: { permission: denial.permission, reason: denial.reason },
        });
      }
    });
  }

  async function requirePermission(
    tx: DbOrTx,
    principal: Principal | null,
    permission: Permission,
    patientIds: readonly string[],
  ): Promise<Principal> {
    if (principal?.permissions.has(permission)) return principal;
    await recordDenials(principal, { permission, reason: 'missing_permission', patientIds });
    throw new AppError('access.forbidden', `this needs the ${permission} permission`);
  }

  /** The subset of `ids` the principal may open, given it holds the permission. */
  async function reachable(
    tx: DbOrTx,
    principal: Principal,
    ids: readonly string[],
  ): Promise<{ allowed: Set<string>; reason: AccessDenialReason }> {
    if (principal.kind === 'patient') {
      const linked = await policy.linkedPatientIds(tx, principal.userId);
      return { allowed: new Set(ids.filter((id) => linked.has(id))), reason: 'not_linked' };
    }
    const restricted = await policy.restrictedPatientIds(tx, ids);
    const needGrant = ids.filter((id) => restricted.has(id));
    const granted = await activeGrantPatientIds(tx, principal.userId, needGrant);
    return {
      allowed: new Set(ids.filter((id) => !restricted.has(id) || granted.has(id))),
      reason: 'break_glass_required',
    };
  }

  return {
    async requireAccess(tx, principal, permission, patientIds) {
      const ids = [...new Set(patientIds)];
      const who = await requirePermission(tx, principal, permission, ids);
      if (ids.length === 0) return;
      const { allowed, reason } = await reachable(tx, who, ids);
      const denied = ids.filter((id) => !allowed.has(id));
      const first = denied[0];
      if (first === undefined) return;
      await recordDenials(who, { permission, reason, patientIds: denied });
      if (reason === 'not_linked') {
        // The same answer as a record that does not exist: a portal user learns nothing.
        throw new AppError('resource.not_found', `patient ${first} was not found`);
      }
      throw new AppError(
        'access.break_glass_required',
        `patient ${first} has a restricted record; break the glass with a reason to open it`,
        { patientId: first, patientIds: denied },
      );
    },

    async filterAccessible(tx, principal, permission, patientIds) {
      const ids = [...new Set(patientIds)];
      const who = await requirePermission(tx, principal, permission, []);
      if (ids.length === 0) return new Set();
      return (await reachable(tx, who, ids)).allowed;
    },

    registerPatientAccessPolicy(next) {
      if (policy !== noPolicy) {
        throw new Error('a patient access policy is already registered');
      }
      policy = next;
      return () => {
        if (policy === next) policy = noPolicy;
      };
    },
  };
}

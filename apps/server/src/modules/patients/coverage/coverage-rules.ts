import type { z } from 'zod';
import type { createCoverageBody, Permission } from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import type { DbOrTx } from '../../../platform/db.js';
import { AppError, fieldError, notFound } from '../../../platform/errors.js';
import { versionMismatch } from '../../../platform/http/preconditions.js';
import type { Platform } from '../../../platform/platform.js';
import type { CoverageRow, StoredSubscriber } from '../patients.tables.js';
import * as coverages from './coverage.repository.js';
import * as payers from './payer.repository.js';

export type CoverageInput = z.output<typeof createCoverageBody>;

/**
 * Record-level access first (a missing record and an unreachable one look alike to portal
 * users), then the record itself: 404 when missing, 409 patient.merged when retired. The
 * patient row is share-locked so a merge cannot retire it while the coverage is written.
 */
export async function openPatient(
  platform: Platform,
  tx: DbOrTx,
  principal: Principal | null,
  permission: Permission,
  patientId: string,
): Promise<void> {
  await platform.access.requireAccess(tx, principal, permission, [patientId]);
  const state = await coverages.findPatientState(tx, patientId, { lock: true });
  if (!state) throw notFound('patient', patientId);
  if (state.status === 'merged') {
    throw new AppError(
      'patient.merged',
      `patient ${patientId} was merged into patient ${state.mergedIntoId ?? 'unknown'}`,
      { mergedIntoId: state.mergedIntoId },
    );
  }
}

/**
 * The coverage a change is about, after the patient's checks (openPatient): locked for the
 * change, 404 when it is another patient's, 412 when it moved on from the version the
 * client edited, and 409 when it was entered in error (final: kept as it was, never edited).
 */
export async function openCoverageForChange(
  platform: Platform,
  tx: DbOrTx,
  principal: Principal | null,
  ref: { patientId: string; coverageId: string; expectedVersion: number },
): Promise<CoverageRow> {
  const { patientId, coverageId, expectedVersion } = ref;
  await openPatient(platform, tx, principal, 'patient.write', patientId);
  const row = await coverages.findCoverage(tx, patientId, coverageId, { forUpdate: true });
  if (!row) throw notFound('coverage', coverageId);
  if (row.version !== expectedVersion) throw versionMismatch('coverage', coverageId, row.version);
  if (row.status === 'entered_in_error') {
    throw new AppError(
      'resource.conflict',
      `coverage ${coverageId} was entered in error; add a new coverage instead`,
    );
  }
  return row;
}

/**
 * The payer must exist and be active, and the plan (if any) must be one of its plans and
 * active. A coverage that already names a payer or plan since retired may keep it: ending
 * an old coverage must not need a current payer.
 */
export async function checkPayerAndPlan(
  tx: DbOrTx,
  input: Pick<CoverageInput, 'payerId' | 'planId'>,
  current?: Pick<CoverageRow, 'payerId' | 'planId'>,
): Promise<void> {
  const payer = await payers.findPayerById(tx, input.payerId);
  if (!payer) throw fieldError('payerId', 'unknown_payer', 'no payer has this id');
  if (!payer.isActive && current?.payerId !== payer.id) {
    throw fieldError('payerId', 'inactive_payer', 'the payer is inactive');
  }
  if (input.planId === undefined) return;
  const plan = await payers.findPlanById(tx, input.planId);
  if (!plan) throw fieldError('planId', 'unknown_plan', 'no plan has this id');
  if (plan.payerId !== payer.id) {
    throw fieldError('planId', 'plan_not_of_payer', 'the plan belongs to another payer');
  }
  if (!plan.isActive && current?.planId !== plan.id) {
    throw fieldError('planId', 'inactive_plan', 'the plan is inactive');
  }
}

/**
 * The friendly answer to two active coverages of one priority on the same dates; the
 * exclusion constraint coverage_priority_overlap gives the guarantee under races (and is
 * mapped to the same code and field in coverage.errors.ts).
 */
export async function checkNoPriorityOverlap(
  tx: DbOrTx,
  c: Parameters<typeof coverages.findOverlappingCoverage>[1],
): Promise<void> {
  const other = await coverages.findOverlappingCoverage(tx, c);
  if (!other) return;
  const message = `coverage ${other.id} is already the active ${c.priority} coverage on overlapping dates`;
  throw new AppError('coverage.priority_overlap', message, {
    errors: [{ path: 'priority', rule: 'conflict', message }],
  });
}

function storedSubscriber(s: NonNullable<CoverageInput['subscriber']>): StoredSubscriber {
  return {
    name: {
      given: s.name.given,
      ...(s.name.middle ? { middle: s.name.middle } : {}),
      family: s.name.family,
    },
    birthDate: s.birthDate,
    ...(s.sexAtBirth ? { sexAtBirth: s.sexAtBirth } : {}),
    ...(s.phone ? { phone: s.phone } : {}),
    ...(s.relationshipDetail ? { relationshipDetail: s.relationshipDetail } : {}),
  };
}

/** The columns a coverage body sets (a PUT replaces all of them; left out means null). */
export function coverageFields(input: CoverageInput) {
  return {
    payerId: input.payerId,
    planId: input.planId ?? null,
    memberId: input.memberId,
    groupNumber: input.groupNumber ?? null,
    subscriberRelationship: input.subscriberRelationship,
    subscriber: input.subscriber ? storedSubscriber(input.subscriber) : null,
    effectiveFrom: input.effectiveFrom,
    effectiveTo: input.effectiveTo ?? null,
    priority: input.priority,
  };
}

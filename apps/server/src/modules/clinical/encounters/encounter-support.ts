import type { EncounterStep, Permission } from '@meridian/contracts';
import { encounterStepAllowed } from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import type { DbOrTx } from '../../../platform/db.js';
import { AppError, fieldError, notFound } from '../../../platform/errors.js';
import { versionMismatch } from '../../../platform/http/preconditions.js';
import type { Platform } from '../../../platform/platform.js';
import { findPractitioner } from '../../scheduling/index.js';
import type { EncounterRow } from './encounters.tables.js';
import * as repo from './encounter.repository.js';

/**
 * The encounter locked FOR UPDATE for a change: it exists, the user may reach its patient,
 * it is the version the client saw (when one is given), and its status allows `step`.
 */
export async function openEncounterForChange(
  platform: Platform,
  tx: DbOrTx,
  principal: Principal | null,
  id: string,
  o: { permission: Permission; step: EncounterStep; expectedVersion?: number },
): Promise<EncounterRow> {
  const row = await repo.findEncounter(tx, id, { lock: true });
  if (!row) throw notFound('encounter', id);
  await platform.access.requireAccess(tx, principal, o.permission, [row.patientId]);
  if (o.expectedVersion !== undefined && o.expectedVersion !== row.version) {
    throw versionMismatch('encounter', row.id, row.version);
  }
  if (!encounterStepAllowed(o.step, row.status)) {
    throw new AppError(
      'encounter.invalid_transition',
      `encounter ${row.id} is ${row.status}: it cannot ${o.step.replace(/_/g, ' ')}`,
      { errors: [{ path: 'status', rule: `not_from_${row.status}`, message: row.status }] },
    );
  }
  return row;
}

/**
 * A visit's or stay's encounter ends with its visit or stay (platform/care-episodes.ts):
 * finishing it or retiring it by hand would leave the two disagreeing.
 */
export function requireNotManaged(row: EncounterRow, step: 'finish' | 'enter_in_error'): void {
  const by = row.stayId
    ? { rule: 'managed_by_stay', what: `stay ${row.stayId}`, how: 'discharge or cancel the stay' }
    : row.appointmentId
      ? {
          rule: 'managed_by_appointment',
          what: `appointment ${row.appointmentId}`,
          how: 'complete or cancel the visit',
        }
      : null;
  if (!by) return;
  throw new AppError(
    'encounter.invalid_transition',
    `encounter ${row.id} belongs to ${by.what}: ${by.how} instead of ${step.replace(/_/g, ' ')}`,
    { errors: [{ path: 'status', rule: by.rule, message: `${by.how} instead` }] },
  );
}

/** Each named practitioner exists and is active; `path` is the list's field path. */
export async function requireParticipants(
  tx: DbOrTx,
  participants: readonly { practitionerId: string }[],
  path = 'participants',
): Promise<void> {
  for (const [i, p] of participants.entries()) {
    const row = await findPractitioner(tx, p.practitionerId);
    const at = `${path}.${i}.practitionerId`;
    if (!row) throw fieldError(at, 'not_found', 'no such practitioner');
    if (!row.isActive) throw fieldError(at, 'inactive', 'the practitioner is not active');
  }
}

/** A moment given by the client (now when left out); not in the future. */
export function momentOf(platform: Platform, given: string | undefined, path: string): Date {
  const now = platform.clock.now();
  if (given === undefined) return now;
  const at = new Date(given);
  if (at.getTime() > now.getTime()) {
    throw new AppError('encounter.in_future', `${path} ${at.toISOString()} is in the future`, {
      errors: [{ path, rule: 'not_in_future', message: 'must not be in the future' }],
    });
  }
  return at;
}

// What the stay use cases share: opening a stay for a change (lock, access, version,
// status), placing a patient in a bed (the friendly checks before changeBedState and the
// constraints), the time rules, and writing the movement, domain event and audit row.
import type {
  IsolationPrecaution,
  MovementKind,
  Permission,
  SexAtBirth,
} from '@meridian/contracts';
import { requireFacilityScope } from '../../../platform/auth/facility-scope.js';
import type { Principal } from '../../../platform/auth/principal.js';
import type { DbOrTx } from '../../../platform/db.js';
import { AppError, fieldError, notFound } from '../../../platform/errors.js';
import { recordDomainEvent } from '../../../platform/events/domain-events.js';
import { versionMismatch } from '../../../platform/http/preconditions.js';
import { newId } from '../../../platform/ids.js';
import type { Platform } from '../../../platform/platform.js';
import { patientSummaries } from '../../patients/index.js';
import type { BedRow, StayRow } from '../admissions.tables.js';
import { bedAvailability, bedSuitability, stepAllowed, type StayStep } from './stay-rules.js';
import * as repo from './stay.repository.js';
import '../admissions.errors.js';

export interface OpenStay {
  permission: Permission;
  step: StayStep;
  /** From If-Match, when the client sent one. */
  expectedVersion?: number | undefined;
}

/**
 * The stay locked FOR UPDATE for a change: it exists, the user may reach its patient and
 * work in its facility, it is the version the client saw, and its status allows `step`.
 */
export async function openStayForChange(
  platform: Platform,
  tx: DbOrTx,
  principal: Principal | null,
  stayId: string,
  o: OpenStay,
): Promise<StayRow> {
  const row = await repo.findStay(tx, stayId, { lock: true });
  if (!row) throw notFound('stay', stayId);
  await platform.access.requireAccess(tx, principal, o.permission, [row.patientId]);
  requireFacilityScope(principal, row.facilityId);
  if (o.expectedVersion !== undefined && o.expectedVersion !== row.version) {
    throw versionMismatch('stay', row.id, row.version);
  }
  requireStep(row, o.step);
  return row;
}

export function requireStep(row: StayRow, step: StayStep): void {
  if (!stepAllowed(step, row.status)) {
    throw new AppError(
      'admission.invalid_transition',
      `stay ${row.id} is ${row.status}: it cannot ${step.replace(/_/g, ' ')}`,
      { errors: [{ path: 'status', rule: `not_from_${row.status}`, message: row.status }] },
    );
  }
}

export interface Placement {
  bedId: string;
  wardId: string;
  facilityId: string;
  code: string;
  /** The bed row as locked FOR UPDATE by placeInBed, for changeBedState. */
  bed: BedRow;
}

/**
 * Locks the bed and checks it can take the stay: in the stay's facility, in service,
 * available (or already held by this stay), suitable for the patient. The guarantee under
 * races is changeBedState's lock and the constraints; this gives the refusal its field
 * and rule. The patient's sex is read only when the room is single-sex.
 */
export async function placeInBed(
  platform: Platform,
  tx: DbOrTx,
  principal: Principal | null,
  o: {
    bedId: string;
    facilityId: string;
    stayId: string | null;
    patientId: string;
    isolation: readonly IsolationPrecaution[];
    path?: string;
    /**
     * The bed as the caller already locked it, and the patient's sex at birth when the
     * caller read it too (else it is read here if the room is single-sex).
     */
    read?: { placed: repo.PlacedBed | null; sexAtBirth?: SexAtBirth | null };
  },
): Promise<Placement> {
  const path = o.path ?? 'bedId';
  const placed = o.read ? o.read.placed : await repo.lockPlacedBed(tx, o.bedId);
  if (!placed) throw fieldError(path, 'not_found', 'no such bed');
  const b = placed.bed;
  if (b.facilityId !== o.facilityId) {
    throw new AppError(
      'admission.wrong_facility',
      `bed ${b.id} is in facility ${b.facilityId}, not the stay's facility ${o.facilityId}`,
      { errors: [{ path, rule: 'same_facility', message: 'the bed is in another facility' }] },
    );
  }
  const unavailable = bedAvailability({ ...b, ...placed }, o.stayId);
  if (unavailable) {
    throw new AppError(
      'admission.bed_unavailable',
      `bed ${b.code} (${b.id}) cannot be taken: ${unavailable.replace(/_/g, ' ')}`,
      { errors: [{ path, rule: unavailable, message: `bed ${b.code} is ${b.state}` }] },
    );
  }
  const sexAtBirth = !placed.sexRestriction
    ? null
    : o.read?.sexAtBirth !== undefined
      ? o.read.sexAtBirth
      : ((await patientSummaries(platform, tx, principal, 'admission.read', [o.patientId])).get(
          o.patientId,
        )?.sexAtBirth ?? null);
  const unsuitable = bedSuitability(
    { isolationCapable: b.isolationCapable, sexRestriction: placed.sexRestriction },
    { isolation: o.isolation, sexAtBirth },
  );
  if (unsuitable) {
    throw new AppError(
      'admission.bed_unsuitable',
      `bed ${b.code} (${b.id}) does not suit the patient: ${unsuitable.replace(/_/g, ' ')}`,
      {
        rule: unsuitable,
        errors: [{ path, rule: unsuitable, message: unsuitableText[unsuitable] }],
      },
    );
  }
  return { bedId: b.id, wardId: b.wardId, facilityId: b.facilityId, code: b.code, bed: b };
}

const unsuitableText = {
  isolation_capable_required: 'airborne isolation needs an isolation-capable bed',
  room_sex_restricted: "the room is single-sex and the patient's sex at birth differs",
} as const;

/** The moment of a step: the client's or now; never in the future. */
export function momentOf(platform: Platform, given: string | undefined, path: string): Date {
  const now = platform.clock.now();
  if (given === undefined) return now;
  const at = new Date(given);
  if (at.getTime() > now.getTime()) {
    throw new AppError('admission.in_future', `${path} ${at.toISOString()} is in the future`, {
      errors: [{ path, rule: 'not_in_future', message: 'must not be in the future' }],
    });
  }
  return at;
}

/**
 * A step on an admitted stay happens at or after the admission and after the stay's last
 * bed change (the open stretch's start), or the leave's start for a return.
 */
export function requireAfter(
  at: Date,
  o: { admittedAt: Date | null; since: Date | null; path: string },
): void {
  if (o.admittedAt && at < o.admittedAt) {
    throw new AppError(
      'admission.before_admission',
      `${o.path} ${at.toISOString()} precedes the admission at ${o.admittedAt.toISOString()}`,
      {
        errors: [{ path: o.path, rule: 'not_before_admission', message: 'precedes the admission' }],
      },
    );
  }
  // Strictly after: a stretch in a bed is never empty (bed_occupancy's check).
  if (o.since && at <= o.since) {
    throw fieldError(
      o.path,
      'after_last_movement',
      `must be after the stay's last movement at ${o.since.toISOString()}`,
    );
  }
}

export interface Happening {
  stay: StayRow;
  kind: MovementKind;
  /** The domain event's and audit row's action, e.g. `admission.transferred`. */
  topic: string;
  at: Date;
  fromBedId?: string | null;
  toBedId?: string | null;
  fromWardId?: string | null;
  toWardId?: string | null;
  fromLevelOfCare?: StayRow['levelOfCare'] | null;
  toLevelOfCare?: StayRow['levelOfCare'] | null;
  reason?: string | null;
  /** Ids and codes only: goes into the domain event and the audit row. */
  facts?: Record<string, unknown>;
}

/** The movement row, the domain event and the audit row of one step, all in `tx`. */
export async function recordHappening(
  platform: Platform,
  tx: DbOrTx,
  principal: Principal | null,
  h: Happening,
): Promise<string> {
  const movementId = newId();
  const actorUserId = principal?.userId ?? null;
  await repo.insertMovement(tx, {
    id: movementId,
    stayId: h.stay.id,
    facilityId: h.stay.facilityId,
    kind: h.kind,
    occurredAt: h.at,
    fromBedId: h.fromBedId ?? null,
    toBedId: h.toBedId ?? null,
    fromWardId: h.fromWardId ?? null,
    toWardId: h.toWardId ?? null,
    fromLevelOfCare: h.fromLevelOfCare ?? null,
    toLevelOfCare: h.toLevelOfCare ?? null,
    reason: h.reason ?? null,
    actorUserId,
  });
  const facts = {
    stayId: h.stay.id,
    movementId,
    ...(h.fromBedId ? { fromBedId: h.fromBedId } : {}),
    ...(h.toBedId ? { toBedId: h.toBedId } : {}),
    ...(h.fromWardId ? { fromWardId: h.fromWardId } : {}),
    ...(h.toWardId ? { toWardId: h.toWardId } : {}),
    ...h.facts,
  };
  await recordDomainEvent(tx, {
    topic: h.topic,
    aggregateType: 'inpatient_stay',
    aggregateId: h.stay.id,
    patientId: h.stay.patientId,
    facilityId: h.stay.facilityId,
    payload: facts,
    occurredAt: h.at,
  });
  await platform.audit.record(tx, {
    action: h.topic,
    patientId: h.stay.patientId,
    entityType: 'inpatient_stay',
    entityId: h.stay.id,
    facilityId: h.stay.facilityId,
    details: facts,
  });
  return movementId;
}

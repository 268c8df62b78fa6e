import type { z } from 'zod';
import type { admitInput, SexAtBirth, Stay } from '@meridian/contracts';
import { requireFacilityScope } from '../../../platform/auth/facility-scope.js';
import type { Principal } from '../../../platform/auth/principal.js';
import type { DbOrTx } from '../../../platform/db.js';
import { AppError, fieldError, notFound } from '../../../platform/errors.js';
import { startIdempotent, type IdempotencyClaim } from '../../../platform/http/idempotency.js';
import { newId } from '../../../platform/ids.js';
import type { Platform } from '../../../platform/platform.js';
import { changeBedState } from '../beds/bed-state.js';
import type { BedRow, StayRow } from '../admissions.tables.js';
import { loadAdmissionFacts, type AdmissionFacts } from './stay-facts.repository.js';
import { momentOf, placeInBed, recordHappening, type Placement } from './stay-support.js';
import { toStay } from './stay-view.js';
import * as repo from './stay.repository.js';

export type AdmitInput = z.output<typeof admitInput>;

/** An answer of an idempotent create: fresh, or the first one's replayed. */
export interface CreateAnswer<T> {
  statusCode: number;
  body: T;
  replayed: boolean;
}

/**
 * The patient can be admitted: exists, reachable, not merged away, alive, no open stay.
 * Answers the patient's sex at birth, for a single-sex room.
 */
async function requireAdmissible(
  platform: Platform,
  tx: DbOrTx,
  principal: Principal | null,
  patientId: string,
  facts: AdmissionFacts,
): Promise<{ sexAtBirth: SexAtBirth | null }> {
  if (!facts.patient) throw notFound('patient', patientId);
  await platform.access.requireAccess(tx, principal, 'admission.write', [patientId]);
  const standing = facts.patient.standing;
  if (standing.status === 'merged') {
    throw new AppError(
      'patient.merged',
      `patient ${patientId} was merged into ${standing.mergedIntoId ?? 'another record'}`,
      { mergedIntoId: standing.mergedIntoId },
    );
  }
  if (standing.deceased) {
    throw new AppError('admission.patient_deceased', `patient ${patientId} is deceased`, {
      errors: [{ path: 'patientId', rule: 'not_deceased', message: 'the patient is deceased' }],
    });
  }
  // The friendly answer; inpatient_stay_one_open_per_patient is the guarantee under races.
  const open = facts.openStay;
  if (open) {
    throw new AppError(
      'admission.already_admitted',
      `patient ${patientId} already has open stay ${open.id} (${open.status})`,
      { errors: [{ path: 'patientId', rule: 'one_open_stay', message: `open stay ${open.id}` }] },
    );
  }
  return { sexAtBirth: facts.patient.summary(true).sexAtBirth ?? null };
}

/** Each practitioner exists and is active. */
function requirePractitioners(facts: AdmissionFacts, ids: Readonly<Record<string, string>>): void {
  for (const [path, id] of Object.entries(ids)) {
    const row = facts.practitioners.get(id);
    if (!row) throw fieldError(path, 'not_found', 'no such practitioner');
    if (!row.isActive) throw fieldError(path, 'inactive', 'the practitioner is not active');
  }
}

function checkShape(input: AdmitInput): void {
  if (input.preAdmission && input.admittedAt !== undefined) {
    throw fieldError(
      'admittedAt',
      'not_with_pre_admission',
      'a pre-admission has preAdmission.expectedAt, not admittedAt',
    );
  }
  if (!input.preAdmission && !input.bedId) {
    throw fieldError('bedId', 'required', 'admitting now needs a bed (or send preAdmission)');
  }
}

/**
 * POST /api/v1/admissions: admit now into a bed, or pre-admit (optionally reserving a bed).
 * One transaction from the idempotency key to the audit row; a refusal changes nothing.
 */
export async function admitPatient(
  platform: Platform,
  principal: Principal | null,
  input: AdmitInput,
  claim: IdempotencyClaim | null,
): Promise<CreateAnswer<Stay>> {
  checkShape(input);
  return platform.db.transaction(async (tx) => {
    const started = await startIdempotent(tx, platform.clock, claim);
    if (started.replay) {
      const body = started.replay.body as Stay;
      await platform.audit.record(tx, {
        action: 'admission.create_replayed',
        patientId: body.patientId,
        entityType: 'inpatient_stay',
        entityId: body.id,
      });
      return { statusCode: started.replay.statusCode, body, replayed: true };
    }
    const facts = await loadAdmissionFacts(tx, {
      patientId: input.patientId,
      practitionerIds: [input.admittingPractitionerId, input.attendingPractitionerId],
      bedId: input.bedId ?? null,
    });
    const patient = await requireAdmissible(platform, tx, principal, input.patientId, facts);
    requireFacilityScope(principal, input.facilityId);
    requirePractitioners(facts, {
      admittingPractitionerId: input.admittingPractitionerId,
      attendingPractitionerId: input.attendingPractitionerId,
    });
    const admittedAt = input.preAdmission
      ? null
      : momentOf(platform, input.admittedAt, 'admittedAt');
    const placement = input.bedId
      ? await placeInBed(platform, tx, principal, {
          bedId: input.bedId,
          facilityId: input.facilityId,
          stayId: null,
          patientId: input.patientId,
          isolation: input.isolation,
          read: { placed: facts.bed, sexAtBirth: patient.sexAtBirth },
        })
      : null;
    const row = await insertNewStay(platform, tx, principal, input, admittedAt);
    const held =
      admittedAt && placement
        ? await occupy(platform, tx, principal, row, placement, admittedAt)
        : await preAdmit(platform, tx, principal, row, placement);
    const answer = toStay(row, held);
    await started.complete(201, answer);
    return { statusCode: 201, body: answer, replayed: false };
  });
}

async function insertNewStay(
  platform: Platform,
  tx: DbOrTx,
  principal: Principal | null,
  input: AdmitInput,
  admittedAt: Date | null,
): Promise<StayRow> {
  const now = platform.clock.now();
  return repo.insertStay(tx, {
    id: newId(),
    patientId: input.patientId,
    facilityId: input.facilityId,
    status: admittedAt ? 'admitted' : 'pre_admitted',
    source: input.source,
    sourceDetail: input.sourceDetail,
    admittingPractitionerId: input.admittingPractitionerId,
    attendingPractitionerId: input.attendingPractitionerId,
    reason: input.reason,
    admittingDiagnosis: input.admittingDiagnosis,
    levelOfCare: input.levelOfCare,
    expectedLosDays: input.expectedLengthOfStayDays,
    isolation: [...new Set(input.isolation)],
    expectedAt: input.preAdmission ? new Date(input.preAdmission.expectedAt) : null,
    admittedAt,
    createdBy: principal?.userId ?? null,
    version: 1,
    createdAt: now,
    updatedAt: now,
  });
}

/**
 * The patient lies in the bed from `at`: bed occupied, an open stretch, the movement.
 * Answers the bed as occupied.
 */
export async function occupy(
  platform: Platform,
  tx: DbOrTx,
  principal: Principal | null,
  stay: StayRow,
  placement: Placement,
  at: Date,
  o: { fromBedId?: string | null; fromWardId?: string | null } = {},
): Promise<BedRow> {
  const occupied = await changeBedState(
    tx,
    {
      bedId: placement.bedId,
      action: 'occupy',
      at,
      actorUserId: principal?.userId ?? null,
      stayId: stay.id,
    },
    placement.bed,
  );
  await repo.openStretch(tx, {
    id: newId(),
    stayId: stay.id,
    bedId: placement.bedId,
    wardId: placement.wardId,
    facilityId: placement.facilityId,
    from: at,
  });
  // The inpatient encounter opens with the patient in the bed (a pre-admission has none).
  await platform.careEpisodes.announce(
    tx,
    {
      kind: 'stay_started',
      stayId: stay.id,
      patientId: stay.patientId,
      facilityId: stay.facilityId,
      admittingPractitionerId: stay.admittingPractitionerId,
      attendingPractitionerId: stay.attendingPractitionerId,
      reason: stay.reason,
      at,
    },
    { actorUserId: principal?.userId ?? null },
  );
  await recordHappening(platform, tx, principal, {
    stay,
    kind: 'admitted',
    topic: 'admission.admitted',
    at,
    fromBedId: o.fromBedId ?? null,
    fromWardId: o.fromWardId ?? null,
    toBedId: placement.bedId,
    toWardId: placement.wardId,
    toLevelOfCare: stay.levelOfCare,
    facts: { levelOfCare: stay.levelOfCare, source: stay.source },
  });
  return occupied;
}

/** A pre-admission, reserving the bed when one is given; answers the reserved bed. */
async function preAdmit(
  platform: Platform,
  tx: DbOrTx,
  principal: Principal | null,
  stay: StayRow,
  placement: Placement | null,
): Promise<BedRow | null> {
  const now = platform.clock.now();
  const reserved = placement
    ? await changeBedState(
        tx,
        {
          bedId: placement.bedId,
          action: 'reserve',
          at: now,
          actorUserId: principal?.userId ?? null,
          stayId: stay.id,
        },
        placement.bed,
      )
    : null;
  await recordHappening(platform, tx, principal, {
    stay,
    kind: 'pre_admitted',
    topic: 'admission.pre_admitted',
    at: now,
    toBedId: placement?.bedId ?? null,
    toWardId: placement?.wardId ?? null,
    toLevelOfCare: stay.levelOfCare,
    facts: { levelOfCare: stay.levelOfCare, source: stay.source },
  });
  return reserved;
}

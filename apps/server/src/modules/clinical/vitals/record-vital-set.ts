import type { z } from 'zod';
import {
  acvpuCodeSystem,
  acvpuDisplay,
  assessVitalSet,
  computeBmi,
  news2InputOf,
  scoreNews2,
  vitalCodes,
  type MeasuredVital,
  type News2Result,
  type recordVitalSetInput,
  type VitalSet,
} from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import type { DbOrTx } from '../../../platform/db.js';
import { AppError, fieldError } from '../../../platform/errors.js';
import { recordDomainEvent } from '../../../platform/events/domain-events.js';
import { startIdempotent, type IdempotencyClaim } from '../../../platform/http/idempotency.js';
import { newId } from '../../../platform/ids.js';
import type { Platform } from '../../../platform/platform.js';
import { openPatientForWrite } from './vitals-access.js';
import { viewVitalSet } from './vitals-view.js';
import * as repo from './vitals.repository.js';
import type { NewObservationRow } from './vitals.tables.js';
import './vitals.errors.js';

export type RecordVitalSetBody = z.output<typeof recordVitalSetInput>;

export interface CreateAnswer<T> {
  statusCode: number;
  body: T;
  replayed: boolean;
}

/** How far ahead of the server's clock a device's clock may be. */
const clockSkewMs = 5 * 60_000;

/**
 * Refuses impossible values (400 validation.failed) and unconfirmed implausible ones (422
 * vitals.implausible_unconfirmed, listing every such field) before anything is written.
 */
function requireSaneValues(input: RecordVitalSetBody): Partial<Record<MeasuredVital, number>> {
  const { values, impossible, implausible } = assessVitalSet(input);
  if (impossible.length > 0) {
    throw new AppError(
      'validation.failed',
      `vital set refused: ${impossible.map((i) => `${i.path} (${i.rule})`).join(', ')}`,
      { errors: impossible },
    );
  }
  if (implausible.length > 0 && !input.confirmImplausible) {
    throw new AppError(
      'vitals.implausible_unconfirmed',
      `implausible values need confirming (confirmImplausible: true): ${implausible
        .map((i) => i.path)
        .join(', ')}`,
      { errors: implausible },
    );
  }
  return values;
}

async function requireEncounter(tx: DbOrTx, patientId: string, encounterId: string) {
  const encounter = await repo.findEncounterPatient(tx, encounterId);
  if (!encounter || encounter.patientId !== patientId) {
    throw fieldError('encounterId', 'not_found', 'no such encounter for this patient');
  }
  if (encounter.status === 'entered_in_error' || encounter.status === 'cancelled') {
    throw fieldError('encounterId', 'encounter_retired', `the encounter is ${encounter.status}`);
  }
}

/**
 * POST /api/v1/patients/:id/vital-sets: one set, its observations (LOINC, canonical UCUM
 * units, BMI computed from the weight and this or the latest height), and its NEWS2 on the
 * patient's current SpO2 scale. One transaction from the idempotency key to the audit row.
 */
export async function recordVitalSet(
  platform: Platform,
  principal: Principal | null,
  patientId: string,
  input: RecordVitalSetBody,
  claim: IdempotencyClaim | null,
): Promise<CreateAnswer<VitalSet>> {
  const values = requireSaneValues(input);
  const now = platform.clock.now();
  const takenAt = input.takenAt ? new Date(input.takenAt) : now;
  if (takenAt.getTime() > now.getTime() + clockSkewMs) {
    throw fieldError('takenAt', 'not_in_future', 'must not be in the future');
  }
  return platform.db.transaction(async (tx) => {
    const started = await startIdempotent(tx, platform.clock, claim);
    if (started.replay) {
      const body = started.replay.body as VitalSet;
      await platform.audit.record(tx, {
        action: 'vitals.record_replayed',
        patientId: body.patientId,
        entityType: 'vital_set',
        entityId: body.id,
      });
      return { statusCode: started.replay.statusCode, body, replayed: true };
    }
    await openPatientForWrite(platform, tx, principal, patientId);
    if (input.encounterId) await requireEncounter(tx, patientId, input.encounterId);
    const { scale } = await repo.findCurrentScale(tx, patientId);
    const news2 = scoreNews2(
      news2InputOf(values, {
        onOxygen: input.onSupplementalOxygen,
        consciousness: input.consciousness,
        spo2Scale: scale,
      }),
    );
    const id = newId();
    const row = await repo.insertVitalSet(tx, {
      id,
      patientId,
      encounterId: input.encounterId ?? null,
      takenAt,
      recordedBy: principal?.userId ?? null,
      onSupplementalOxygen: input.onSupplementalOxygen,
      oxygenFlowLpm: input.oxygenFlowLpm ?? null,
      oxygenDevice: input.oxygenDevice ?? null,
      consciousness: input.consciousness ?? null,
      spo2Scale: scale,
      news2Total: news2.total,
      news2Band: news2.band,
      news2HasRedScore: news2.hasRedScore,
      news2Alert: news2.isAlert,
      news2Scores: news2.scores,
      status: 'final',
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
    const bmi = await bmiOf(tx, patientId, values);
    await repo.insertObservations(
      tx,
      observationRows({ ...row, recordedBy: row.recordedBy }, values, bmi, input.consciousness),
    );
    await recordOutcome(platform, tx, { id, patientId, takenAt, news2 });
    const answer = await viewVitalSet(tx, row);
    await started.complete(201, answer);
    return { statusCode: 201, body: answer, replayed: false };
  });
}

/** BMI from the weight and the height of this set, else the patient's latest height. */
async function bmiOf(
  tx: DbOrTx,
  patientId: string,
  values: Partial<Record<MeasuredVital, number>>,
): Promise<number | null> {
  if (values.weight === undefined) return null;
  const height = values.height ?? (await repo.latestNumeric(tx, patientId, vitalCodes.height.code));
  return height ? computeBmi(values.weight, height) : null;
}

function observationRows(
  set: {
    id: string;
    patientId: string;
    encounterId: string | null;
    takenAt: Date;
    recordedBy: string | null;
    createdAt: Date;
  },
  values: Partial<Record<MeasuredVital, number>>,
  bmi: number | null,
  consciousness: keyof typeof acvpuDisplay | undefined,
): NewObservationRow[] {
  const base = {
    patientId: set.patientId,
    encounterId: set.encounterId,
    vitalSetId: set.id,
    category: 'vital-signs' as const,
    codeSystem: 'http://loinc.org',
    effectiveAt: set.takenAt,
    status: 'final' as const,
    recordedBy: set.recordedBy,
    version: 1,
    createdAt: set.createdAt,
    updatedAt: set.createdAt,
  };
  const quantities: [keyof typeof vitalCodes, number | undefined][] = [
    ...(Object.entries(values) as [MeasuredVital, number][]),
    ['bmi', bmi ?? undefined],
  ];
  const rows: NewObservationRow[] = quantities.flatMap(([kind, value]) => {
    if (value === undefined) return [];
    const c = vitalCodes[kind];
    return [
      { ...base, id: newId(), code: c.code, display: c.display, valueNumeric: value, unit: c.unit },
    ];
  });
  if (consciousness) {
    const c = vitalCodes.consciousness;
    rows.push({
      ...base,
      id: newId(),
      code: c.code,
      display: c.display,
      valueCode: consciousness,
      valueCodeSystem: acvpuCodeSystem,
      valueCodeDisplay: acvpuDisplay[consciousness],
    });
  }
  return rows;
}

/** The audit row and the domain event (a NEWS2 alert is what notifications will pick up). */
async function recordOutcome(
  platform: Platform,
  tx: DbOrTx,
  o: { id: string; patientId: string; takenAt: Date; news2: News2Result },
): Promise<void> {
  const facts = {
    vitalSetId: o.id,
    news2Total: o.news2.total,
    news2Band: o.news2.band,
    news2Alert: o.news2.isAlert,
  };
  await recordDomainEvent(tx, {
    topic: o.news2.isAlert ? 'vitals.alert_raised' : 'vitals.recorded',
    aggregateType: 'vital_set',
    aggregateId: o.id,
    patientId: o.patientId,
    payload: facts,
    occurredAt: o.takenAt,
  });
  await platform.audit.record(tx, {
    action: 'vitals.recorded',
    patientId: o.patientId,
    entityType: 'vital_set',
    entityId: o.id,
    details: facts,
  });
}

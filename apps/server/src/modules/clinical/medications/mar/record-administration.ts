// Recording what the nurse did with a dose (given, held, refused, not given), and correcting
// a record: it is marked entered in error with a reason and, if given, a new record written
// in the same transaction. clinical.write; every write audited in its transaction. The
// record is never edited in place (the database's guard, migrations 0440/0445).
import type {
  Administration,
  AdministrationErrorInput,
  AdministrationInput,
} from '@meridian/contracts';
import { maxDosesPerDay, type FrequencyCode } from '@meridian/contracts';
import type { Principal } from '../../../../platform/auth/principal.js';
import type { DbOrTx } from '../../../../platform/db.js';
import { AppError, fieldError, notFound } from '../../../../platform/errors.js';
import { newId } from '../../../../platform/ids.js';
import type { Platform } from '../../../../platform/platform.js';
import type { AdministrationRow, PrescriptionRow } from '../medications.tables.js';
import { lockPrescription, openPatient } from '../prescribing/prescription-support.js';
import { localDateAt, scheduledDoses } from './mar-schedule.js';
import * as repo from './mar.repository.js';
import type { AdministrationWithName, MarStayRow } from './mar.repository.js';

type Who = Principal | null;

/** A record may be written this long after "now" (clock skew between devices). */
const futureToleranceMs = 60_000;
const dayMs = 86_400_000;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function viewAdministration(r: AdministrationWithName): Administration {
  return {
    id: r.id,
    patientId: r.patientId,
    prescriptionId: r.prescriptionId,
    stayId: r.stayId,
    scheduledFor: iso(r.scheduledFor),
    outcome: r.outcome,
    occurredAt: r.occurredAt.toISOString(),
    doseValue: r.doseValue,
    doseUnit: r.doseUnit,
    reason: r.reason,
    note: r.note,
    recordedBy: r.recordedBy,
    recordedByName: r.recordedByName,
    recordedAt: r.recordedAt.toISOString(),
    status: r.status,
    correctsId: r.correctsId,
    errorReason: r.errorReason,
    errorAt: iso(r.errorAt),
  };
}

type DoseFields = Omit<AdministrationInput, 'prescriptionId'>;

/**
 * Checks a dose against its prescription and stay and writes it. `correction`: the record
 * it replaces (a correction may concern a prescription stopped since, or a stay since
 * discharged, as long as the dose fell within both).
 */
async function writeDose(
  platform: Platform,
  tx: DbOrTx,
  principal: Who,
  o: {
    rx: PrescriptionRow;
    stay: MarStayRow;
    input: DoseFields;
    correction: AdministrationRow | null;
  },
): Promise<AdministrationRow> {
  const { rx, stay, input } = o;
  const now = platform.clock.now();
  const occurredAt = input.occurredAt ? new Date(input.occurredAt) : now;
  if (occurredAt.getTime() > now.getTime() + futureToleranceMs) {
    throw fieldError('occurredAt', 'not_in_future', 'a dose cannot be recorded for a future time');
  }
  if (stay.admittedAt && occurredAt < stay.admittedAt) {
    throw fieldError('occurredAt', 'during_stay', 'is before the patient was admitted');
  }
  if (stay.dischargedAt && occurredAt >= stay.dischargedAt) {
    throw fieldError('occurredAt', 'during_stay', 'is after the patient was discharged');
  }
  if (!o.correction && rx.status !== 'active') {
    throw new AppError(
      'medication.invalid_transition',
      `prescription ${rx.id} is ${rx.status}: doses are recorded against active prescriptions only`,
      { errors: [{ path: 'prescriptionId', rule: `not_from_${rx.status}`, message: rx.status }] },
    );
  }
  if (rx.status === 'draft' || rx.status === 'entered_in_error') {
    throw fieldError('prescriptionId', 'signed', `the prescription is ${rx.status}`);
  }
  const start = rx.startsAt ?? rx.signedAt;
  const end = (await repo.courseEnds(tx, [rx])).get(rx.id) ?? null;
  const inCourse = (t: Date) => !!start && t >= start && (!end || t < end);

  let scheduledFor: Date | null = null;
  if (rx.isPrn) {
    if (input.scheduledFor !== undefined) {
      throw fieldError(
        'scheduledFor',
        'prn_unscheduled',
        'an as-needed dose has no scheduled time',
      );
    }
    if (!inCourse(occurredAt)) {
      throw fieldError('occurredAt', 'within_course', 'is outside the prescription’s course');
    }
  } else {
    if (input.scheduledFor === undefined) {
      throw fieldError('scheduledFor', 'required', 'name the scheduled dose this record answers');
    }
    scheduledFor = new Date(input.scheduledFor);
    const day = localDateAt(scheduledFor, stay.timeZone);
    const due = scheduledDoses(
      { frequency: rx.frequency, isPrn: rx.isPrn, startsAt: start, endsAt: end },
      day,
      stay.timeZone,
      { from: stay.admittedAt, to: stay.dischargedAt },
    );
    if (!due.some((d) => d.scheduledFor.getTime() === scheduledFor?.getTime())) {
      throw fieldError(
        'scheduledFor',
        'is_scheduled_dose',
        'is not a scheduled dose of this prescription during the stay',
      );
    }
  }

  const given = input.outcome === 'given';
  const doseValue = given ? (input.doseValue ?? rx.doseValue) : (input.doseValue ?? null);
  const doseUnit = given ? (input.doseUnit ?? rx.doseUnit) : (input.doseUnit ?? null);
  if (given && (doseValue === null || doseUnit === null)) {
    throw fieldError('doseValue', 'required', 'give the dose that was given');
  }

  if (rx.isPrn && given && rx.frequency) {
    const max = maxDosesPerDay({
      frequency: rx.frequency as FrequencyCode,
      isPrn: true,
      prnMaxDosesPerDay: rx.prnMaxDosesPerDay,
    });
    const before = await repo.countGivenBetween(
      tx,
      rx.id,
      new Date(occurredAt.getTime() - dayMs),
      occurredAt,
    );
    if (before >= max) {
      throw new AppError(
        'medication.prn_max_reached',
        `${before} doses were given in the 24 hours before: the prescription allows ${max}`,
        {
          errors: [
            {
              path: 'occurredAt',
              rule: 'prn_max_per_day',
              message: `at most ${max} doses in 24 hours`,
            },
          ],
        },
      );
    }
  }

  return repo.insertAdministration(tx, {
    id: newId(),
    patientId: rx.patientId,
    prescriptionId: rx.id,
    stayId: stay.id,
    scheduledFor,
    outcome: input.outcome,
    occurredAt,
    doseValue,
    doseUnit,
    reason: input.reason ?? null,
    note: input.note ?? null,
    recordedBy: principal?.userId ?? null,
    recordedAt: now,
    status: 'recorded',
    correctsId: o.correction?.id ?? null,
  });
}

/** POST /api/v1/patients/:patientId/medication-administrations. */
export async function recordAdministration(
  platform: Platform,
  principal: Who,
  patientId: string,
  input: AdministrationInput,
): Promise<Administration> {
  return platform.db.transaction(async (tx) => {
    await openPatient(platform, tx, principal, patientId, 'clinical.write');
    const stay = await repo.findMarStay(tx, patientId, { lock: true });
    if (!stay) {
      throw new AppError(
        'medication.not_admitted',
        `patient ${patientId} is not admitted: the administration record is kept for inpatients`,
      );
    }
    // Locked: PRN counts and the one-record-per-dose rule see every concurrent record.
    const rx = await lockPrescription(platform, tx, principal, input.prescriptionId, {
      permission: 'clinical.write',
    });
    if (rx.patientId !== patientId) {
      throw fieldError('prescriptionId', 'of_patient', 'is a prescription of another patient');
    }
    const { prescriptionId: _ignored, ...dose } = input;
    const row = await writeDose(platform, tx, principal, {
      rx,
      stay,
      input: dose,
      correction: null,
    });
    await platform.audit.record(tx, {
      action: 'medication_administration.recorded',
      patientId,
      entityType: 'medication_administration',
      entityId: row.id,
      details: { outcome: row.outcome, scheduled: row.scheduledFor !== null },
    });
    return viewAdministration(await repo.administrationWithName(tx, row));
  });
}

/** POST /api/v1/medication-administrations/:id/entered-in-error (with an optional replacement). */
export async function enterAdministrationInError(
  platform: Platform,
  principal: Who,
  id: string,
  input: AdministrationErrorInput,
): Promise<{ corrected: Administration; replacement: Administration | null }> {
  return platform.db.transaction(async (tx) => {
    const row = await repo.lockAdministration(tx, id);
    if (!row) throw notFound('medication administration', id);
    await openPatient(platform, tx, principal, row.patientId, 'clinical.write');
    if (row.status !== 'recorded') {
      throw new AppError(
        'medication.invalid_transition',
        `administration ${id} is already entered in error`,
        { errors: [{ path: 'status', rule: `not_from_${row.status}`, message: row.status }] },
      );
    }
    const now = platform.clock.now();
    const by = principal?.userId ?? null;
    const corrected = await repo.markEnteredInError(tx, id, { reason: input.reason, by, at: now });
    await platform.audit.record(tx, {
      action: 'medication_administration.entered_in_error',
      patientId: row.patientId,
      entityType: 'medication_administration',
      entityId: id,
    });
    let replacement: AdministrationRow | null = null;
    if (input.replacement) {
      const stay = await repo.findStayById(tx, row.stayId);
      if (!stay) throw notFound('inpatient stay', row.stayId);
      const rx = await lockPrescription(platform, tx, principal, row.prescriptionId, {
        permission: 'clinical.write',
      });
      replacement = await writeDose(platform, tx, principal, {
        rx,
        stay,
        input: input.replacement,
        correction: row,
      });
      await platform.audit.record(tx, {
        action: 'medication_administration.recorded',
        patientId: row.patientId,
        entityType: 'medication_administration',
        entityId: replacement.id,
        details: { outcome: replacement.outcome, corrects: id },
      });
    }
    return {
      corrected: viewAdministration(await repo.administrationWithName(tx, corrected)),
      replacement: replacement
        ? viewAdministration(await repo.administrationWithName(tx, replacement))
        : null,
    };
  });
}

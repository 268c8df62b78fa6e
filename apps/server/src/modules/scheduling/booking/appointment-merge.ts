import type { MergeConflict, MergeHandler } from '../../../platform/patient-merge.js';
import type { Platform } from '../../../platform/platform.js';
import * as repo from './appointment.repository.js';

type Locked = Awaited<ReturnType<typeof repo.lockAppointmentsOfPatient>>[number];

const busy = (a: Locked) => repo.patientBusyStatuses.includes(a.status);

/** Pairs of active appointments of the two records at overlapping times. */
export function overlappingVisits(moving: readonly Locked[], kept: readonly Locked[]) {
  const out: { movingId: string; keptId: string }[] = [];
  for (const m of moving.filter(busy)) {
    for (const k of kept.filter(busy)) {
      if (m.startsAt < k.endsAt && k.startsAt < m.endsAt)
        out.push({ movingId: m.id, keptId: k.id });
    }
  }
  return out;
}

/**
 * Scheduling's part in a patient merge: the duplicate's appointments, series and waitlist
 * entries move to the survivor. Two active appointments at overlapping times cannot both
 * belong to one patient (appointment_patient_no_overlap), so each such pair is a conflict
 * for staff to resolve (cancel or move one) before the merge.
 */
export function createAppointmentMergeHandler(platform: Platform): MergeHandler {
  return {
    name: 'appointments',

    async preview(tx, { survivorId, duplicateId }) {
      // Both sides locked: neither record's appointments can change before apply runs.
      const moving = await repo.lockAppointmentsOfPatient(tx, duplicateId);
      const kept = await repo.lockAppointmentsOfPatient(tx, survivorId);
      const waiting = await repo.lockWaitlistOfPatient(tx, duplicateId);
      const conflicts: MergeConflict[] = overlappingVisits(moving, kept).map((p) => ({
        source: 'appointments',
        field: 'appointments.overlap',
        message: `appointment ${p.movingId} overlaps the survivor's appointment ${p.keptId}`,
      }));
      return { moves: moving.length + waiting.length, conflicts };
    },

    apply(tx, { survivorId, duplicateId }) {
      return repo.movePatientBookings(tx, duplicateId, survivorId, platform.clock.now());
    },
  };
}

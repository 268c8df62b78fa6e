import { eq, inArray, sql } from 'drizzle-orm';
import type { CareEpisodeChange, CareEpisodeListener } from '../../../platform/care-episodes.js';
import type { DbOrTx } from '../../../platform/db.js';
import { newId } from '../../../platform/ids.js';
import { encounter } from './encounters.tables.js';
import * as repo from './encounter.repository.js';

/**
 * The clinical record's side of visits and stays (platform/care-episodes.ts), inside their
 * transactions:
 * - check-in opens an ambulatory encounter (virtual for a video visit), in progress, with
 *   the appointment's practitioner as primary; completing the visit finishes it; a patient
 *   who leaves unseen after check-in cancels it. No-shows and cancellations before check-in
 *   never had one.
 * - a patient in the bed (admitted now, or a pre-admission arriving) opens an inpatient
 *   encounter with the attending and admitting practitioners; a pre-admission has none, since
 *   no care has begun and most clinical entries need a patient present. Discharge finishes
 *   it, undoing the discharge reopens it, and an admission entered in error marks it so.
 *
 * Tricky: the opening inserts are audited by the check-in's or admission's own audit row in
 * the same transaction (the encounter is found by its unique appointment_id or stay_id);
 * the admission path pays one statement for it, nothing more. Closing and reopening keep the
 * prior version in encounter_history like every change.
 */
export function createEncounterEpisodeListener(): CareEpisodeListener {
  return {
    name: 'encounters',
    async onChange(tx, change, { actorUserId }) {
      const o = { at: change.at, actorUserId };
      switch (change.kind) {
        case 'visit_started':
          return repo.insertVisitEncounter(tx, {
            id: newId(),
            patientId: change.patientId,
            facilityId: change.facilityId,
            appointmentId: change.appointmentId,
            appointmentTypeId: change.appointmentTypeId,
            practitionerId: change.practitionerId,
            isVirtual: change.modality === 'video',
            reason: change.reason,
            at: change.at,
            actorUserId,
          });
        case 'stay_started':
          return repo.insertStayEncounter(tx, {
            id: newId(),
            patientId: change.patientId,
            facilityId: change.facilityId,
            stayId: change.stayId,
            attendingPractitionerId: change.attendingPractitionerId,
            admittingPractitionerId: change.admittingPractitionerId,
            reason: change.reason,
            at: change.at,
            actorUserId,
          });
        default:
          await closeOrReopen(tx, change, o);
      }
    },
  };
}

type Later = Exclude<CareEpisodeChange, { kind: 'visit_started' | 'stay_started' }>;

async function closeOrReopen(
  tx: DbOrTx,
  change: Later,
  o: { at: Date; actorUserId: string | null },
): Promise<void> {
  const linked =
    'appointmentId' in change
      ? eq(encounter.appointmentId, change.appointmentId)
      : eq(encounter.stayId, change.stayId);
  const open = sql`${linked} and ${inArray(encounter.status, ['planned', 'in_progress'])}`;
  switch (change.kind) {
    case 'visit_finished':
    case 'stay_finished':
      // An encounter finished or retired by hand meanwhile is left as it is.
      await repo.changeEncounters(tx, open, { status: 'finished', endedAt: change.at }, o);
      return;
    case 'visit_cancelled':
      await repo.changeEncounters(
        tx,
        open,
        {
          status: 'cancelled',
          statusReason: 'left after check-in without being seen',
          endedAt: change.at,
        },
        o,
      );
      return;
    case 'stay_reopened':
      await repo.changeEncounters(
        tx,
        sql`${linked} and ${eq(encounter.status, 'finished')}`,
        { status: 'in_progress', endedAt: null },
        o,
      );
      return;
    case 'stay_entered_in_error':
      await repo.changeEncounters(
        tx,
        sql`${linked} and ${inArray(encounter.status, ['planned', 'in_progress', 'finished'])}`,
        { status: 'entered_in_error', statusReason: change.reason },
        o,
      );
      return;
  }
}

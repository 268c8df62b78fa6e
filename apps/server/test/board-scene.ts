import { sql } from 'drizzle-orm';
import type { IsolationPrecaution, LevelOfCare } from '@meridian/contracts';
import { newId } from '../src/platform/ids.js';
import type { Platform } from '../src/platform/platform.js';
import { changeBedState } from '../src/modules/admissions/beds/bed-state.js';

export interface Occupancy {
  bedId: string;
  patientId: string;
  facilityId: string;
  practitionerId: string;
  /** pre_admitted reserves the bed; admitted and on_leave occupy it. */
  status?: 'pre_admitted' | 'admitted' | 'on_leave';
  admittedAt?: Date;
  expectedAt?: Date;
  isolation?: IsolationPrecaution[];
  levelOfCare?: LevelOfCare;
  dischargeExpectedAt?: Date | null;
  leaveExpectedReturnAt?: Date | null;
}

/**
 * A stay holding a bed, written as the stays use cases would (stay row, occupancy stretch,
 * the bed through changeBedState), for board tests that do not test admission itself.
 */
export async function placeInBed(platform: Platform, o: Occupancy): Promise<{ stayId: string }> {
  const stayId = newId();
  const status = o.status ?? 'admitted';
  const now = platform.clock.now();
  const admittedAt = status === 'pre_admitted' ? null : (o.admittedAt ?? now);
  const expectedAt = status === 'pre_admitted' ? (o.expectedAt ?? now) : null;
  const isolation = `{${(o.isolation ?? []).join(',')}}`;
  await platform.db.transaction(async (tx) => {
    await tx.execute(sql`
      insert into inpatient_stay (id, patient_id, facility_id, status, source,
        admitting_practitioner_id, attending_practitioner_id, reason, level_of_care, isolation,
        expected_at, admitted_at, discharge_expected_at, leave_started_at,
        leave_expected_return_at)
      values (${stayId}, ${o.patientId}, ${o.facilityId}, ${status}, 'direct',
        ${o.practitionerId}, ${o.practitionerId}, 'Test admission', ${o.levelOfCare ?? 'acute'},
        ${isolation}::text[], ${expectedAt}, ${admittedAt}, ${o.dischargeExpectedAt ?? null},
        ${status === 'on_leave' ? now : null}, ${o.leaveExpectedReturnAt ?? null})`);
    if (admittedAt) {
      await tx.execute(sql`
        insert into bed_occupancy (id, stay_id, bed_id, ward_id, facility_id, period)
        select ${newId()}, ${stayId}, b.id, b.ward_id, b.facility_id, tstzrange(${admittedAt}, null)
          from bed b where b.id = ${o.bedId}`);
    }
    await changeBedState(tx, {
      bedId: o.bedId,
      action: admittedAt ? 'occupy' : 'reserve',
      at: admittedAt ?? now,
      actorUserId: null,
      stayId,
    });
  });
  return { stayId };
}

/** The patient leaves (discharged home at `at`): the bed turns dirty, as discharge does. */
export async function dischargeFromBed(
  platform: Platform,
  o: { bedId: string; stayId: string; at: Date },
): Promise<void> {
  await platform.db.transaction(async (tx) => {
    await tx.execute(sql`
      update bed_occupancy set period = tstzrange(lower(period), ${o.at})
       where stay_id = ${o.stayId} and upper_inf(period) and not is_void`);
    await tx.execute(sql`
      update inpatient_stay set status = 'discharged', discharged_at = ${o.at},
             disposition = 'home', version = version + 1
       where id = ${o.stayId}`);
    await changeBedState(tx, {
      bedId: o.bedId,
      action: 'vacate',
      at: o.at,
      actorUserId: null,
      stayId: o.stayId,
    });
  });
}

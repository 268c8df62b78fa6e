// The demo's admissions: Meridian General Hospital's wards, rooms and beds, a fortnight of
// stays planned by plan-occupancy.ts (about three-quarters full today), and the midnight
// census of the last ten days, inserted set-based in the demo seed's transaction.
import { sql } from 'drizzle-orm';
import { insertRowsSql } from '../../../platform/bulk-insert.js';
import type { DbOrTx } from '../../../platform/db.js';
import { newId } from '../../../platform/ids.js';
import type { Platform } from '../../../platform/platform.js';
import {
  bed,
  bedOccupancy,
  bedStateChange,
  inpatientStay,
  stayMovement,
  ward,
  wardRoom,
  type BedRow,
  type WardRoomRow,
  type WardRow,
} from '../admissions.tables.js';
import { takeMidnightCensus } from '../census/midnight-census.js';
import { addDays, localDateAt, localDayBounds } from '../census/local-day.js';
import { bedCodes, DEMO_WARDS } from './demo-wards.js';
import { planOccupancy, type PlanBed, type PlanPatient } from './plan-occupancy.js';

const DEMO_OCCUPANCY_SEED = 20_260_505;
/** Days of midnight census the demo comes with. */
export const DEMO_CENSUS_DAYS = 10;

export interface SeedDemoAdmissionsOptions {
  facilityId: string;
  departmentIdsByCode: Readonly<Record<string, string>>;
  now: Date;
}

export interface SeedDemoAdmissionsResult {
  wards: number;
  beds: number;
  stays: number;
}

function buildPlaces(o: SeedDemoAdmissionsOptions, createdAt: Date) {
  const wards: WardRow[] = [];
  const rooms: WardRoomRow[] = [];
  const beds: BedRow[] = [];
  const planBeds: PlanBed[] = [];
  const stamp = { version: 1, createdAt, updatedAt: createdAt, isActive: true };
  for (const w of DEMO_WARDS) {
    const wardId = newId();
    wards.push({
      id: wardId,
      facilityId: o.facilityId,
      departmentId: w.departmentCode ? (o.departmentIdsByCode[w.departmentCode] ?? null) : null,
      code: w.code,
      name: w.name,
      kind: w.kind,
      ...stamp,
    });
    for (const r of w.rooms) {
      const roomId = newId();
      rooms.push({
        id: roomId,
        wardId,
        code: r.code,
        name: null,
        sexRestriction: r.sexRestriction ?? null,
        ...stamp,
      });
      bedCodes(r).forEach((code, i) => {
        const id = newId();
        beds.push({
          id,
          roomId,
          wardId,
          facilityId: o.facilityId,
          code,
          isolationCapable: r.isolationCapable ?? false,
          telemetry: w.telemetry,
          bariatric: i < (r.bariatric ?? 0),
          state: 'available',
          stateSince: createdAt,
          stayId: null,
          blockedReason: null,
          blockedUntil: null,
          ...stamp,
        });
        planBeds.push({ id, wardId, kind: w.kind, roomSex: r.sexRestriction ?? null });
      });
    }
  }
  return { wards, rooms, beds, planBeds };
}

async function demoPeople(tx: DbOrTx, facilityId: string, now: Date) {
  const { rows: patients } = await tx.execute<{ id: string; sex: string; age: number }>(sql`
    select id, sex_at_birth as sex,
           extract(year from age(${now}::timestamptz, birth_date::timestamptz))::int as age
      from patient
     where home_facility_id = ${facilityId} and status = 'active' and not deceased
     order by mrn`);
  const { rows: practitioners } = await tx.execute<{ id: string }>(
    sql`select id from practitioner where facility_id = ${facilityId} and is_active order by id`,
  );
  if (practitioners.length === 0) throw new Error('the admissions demo needs practitioners');
  return {
    patients: patients.map<PlanPatient>((p) => ({ id: p.id, sex: p.sex, ageYears: p.age })),
    practitionerIds: practitioners.map((p) => p.id),
  };
}

/** Seeds the places, the stays with their history and the census snapshots. */
export async function seedDemoAdmissions(
  platform: Platform,
  tx: DbOrTx,
  o: SeedDemoAdmissionsOptions,
): Promise<SeedDemoAdmissionsResult> {
  const { now, facilityId } = o;
  const places = buildPlaces(o, new Date(now.getTime() - 30 * 86_400_000));
  await tx.execute(insertRowsSql(ward, places.wards));
  await tx.execute(insertRowsSql(wardRoom, places.rooms));
  await tx.execute(insertRowsSql(bed, places.beds));

  const people = await demoPeople(tx, facilityId, now);
  const plan = planOccupancy({
    now,
    beds: places.planBeds,
    ...people,
    newId,
    seed: DEMO_OCCUPANCY_SEED,
  });

  const stays = [...plan.stays].sort(
    (a, b) => (a.admittedAt ?? a.expectedAt!).getTime() - (b.admittedAt ?? b.expectedAt!).getTime(),
  );
  const { rows: numbers } = await tx.execute<{ n: string }>(
    sql`select nextval('inpatient_stay_number_seq')::text as n from generate_series(1, ${stays.length})`,
  );
  numbers.sort((a, b) => Number(a.n) - Number(b.n));
  await tx.execute(
    insertRowsSql(
      inpatientStay,
      stays.map((s, i) => {
        const at = s.admittedAt ?? s.expectedAt!;
        return {
          ...s,
          stayNumber: Number(numbers[i]!.n),
          facilityId,
          admittingDiagnosis: null,
          dischargeOrderedBy: null,
          dischargedBy: null,
          dischargeSummary: null,
          cancelledAt: null,
          cancelledBy: null,
          cancelReason: null,
          createdBy: null,
          version: 1,
          createdAt: at,
          updatedAt: s.dischargedAt ?? at,
        };
      }),
    ),
  );

  const changesPerBed = new Map<string, number>();
  for (const c of plan.bedChanges)
    changesPerBed.set(c.bedId, (changesPerBed.get(c.bedId) ?? 0) + 1);
  const finalBeds = [...plan.bedStates].map(([id, s]) => ({
    id,
    state: s.state,
    since: s.since.toISOString(),
    stay_id: s.stayId,
    blocked_reason: s.blockedReason,
    blocked_until: s.blockedUntil?.toISOString() ?? null,
    changes: changesPerBed.get(id) ?? 0,
  }));
  await tx.execute(sql`
    update bed b set state = x.state, state_since = x.since, stay_id = x.stay_id,
                     blocked_reason = x.blocked_reason, blocked_until = x.blocked_until,
                     version = b.version + x.changes, updated_at = x.since
      from json_to_recordset(${JSON.stringify(finalBeds)}::json)
        as x(id uuid, state text, since timestamptz, stay_id uuid, blocked_reason text,
             blocked_until timestamptz, changes int)
     where b.id = x.id and x.changes > 0`);

  await tx.execute(
    insertRowsSql(
      bedOccupancy,
      plan.stretches.map((s) => ({
        id: newId(),
        stayId: s.stayId,
        bedId: s.bedId,
        wardId: s.wardId,
        facilityId,
        period: `[${s.from.toISOString()},${s.to ? s.to.toISOString() : ''})`,
        isVoid: false,
      })),
    ),
  );
  await tx.execute(
    insertRowsSql(
      stayMovement,
      plan.movements.map((m) => ({
        id: newId(),
        facilityId,
        recordedAt: m.occurredAt,
        actorUserId: null,
        ...m,
      })),
    ),
  );
  await tx.execute(
    insertRowsSql(
      bedStateChange,
      plan.bedChanges.map((c) => ({ id: newId(), facilityId, actorUserId: null, ...c })),
    ),
  );

  const { rows: facilityRows } = await tx.execute<{ time_zone: string }>(
    sql`select time_zone from facility where id = ${facilityId}`,
  );
  const timeZone = facilityRows[0]!.time_zone;
  const today = localDateAt(now, timeZone);
  for (let back = DEMO_CENSUS_DAYS - 1; back >= 0; back -= 1) {
    const date = addDays(today, -back);
    const midnight = localDayBounds(date, timeZone).from;
    await takeMidnightCensus(tx, {
      facilityId,
      date,
      timeZone,
      takenAt: new Date(Math.min(now.getTime(), midnight.getTime() + 3 * 60_000)),
    });
  }

  await platform.audit.record(tx, {
    action: 'admissions.demo_seeded',
    actorUserId: null,
    entityType: 'facility',
    entityId: facilityId,
    facilityId,
    details: { wards: places.wards.length, beds: places.beds.length, stays: stays.length },
  });
  return { wards: places.wards.length, beds: places.beds.length, stays: stays.length };
}

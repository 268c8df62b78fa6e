// The MAR's reads and writes: the patient's stay with its facility's time zone, the
// prescriptions a day's MAR shows, and the administration records (migrations 0440, 0445).
import { and, asc, eq, gt, inArray, lt, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../../platform/db.js';
import {
  medicationAdministration,
  prescription,
  type AdministrationRow,
  type PrescriptionRow,
} from '../medications.tables.js';

export interface MarStayRow {
  id: string;
  patientId: string;
  facilityId: string;
  status: string;
  admittedAt: Date | null;
  dischargedAt: Date | null;
  timeZone: string;
}

type StaySqlRow = {
  id: string;
  patient_id: string;
  facility_id: string;
  status: string;
  admitted_at: Date | string | null;
  discharged_at: Date | string | null;
  time_zone: string;
};

const asDate = (v: Date | string | null) => (v === null ? null : new Date(v));
const toStay = (r: StaySqlRow): MarStayRow => ({
  id: r.id,
  patientId: r.patient_id,
  facilityId: r.facility_id,
  status: r.status,
  admittedAt: asDate(r.admitted_at),
  dischargedAt: asDate(r.discharged_at),
  timeZone: r.time_zone,
});

/**
 * The patient's stay in the hospital now (admitted or on leave), share-locked so a discharge
 * waits for the record being written; or the stay asked for (any but cancelled).
 */
export async function findMarStay(
  db: DbOrTx,
  patientId: string,
  o: { stayId?: string | undefined; lock?: boolean },
): Promise<MarStayRow | null> {
  const { rows } = await db.execute<StaySqlRow>(sql`
    select s.id, s.patient_id, s.facility_id, s.status, s.admitted_at, s.discharged_at,
           f.time_zone
      from inpatient_stay s join facility f on f.id = s.facility_id
     where s.patient_id = ${patientId}
       and ${
         o.stayId
           ? sql`s.id = ${o.stayId} and s.status <> 'cancelled'`
           : sql`s.status in ('admitted', 'on_leave')`
       }
     ${o.lock ? sql`for share of s` : sql``}`);
  const row = rows[0];
  return row ? toStay(row) : null;
}

/** The stay of an administration record (whatever its status now). */
export async function findStayById(db: DbOrTx, stayId: string): Promise<MarStayRow | null> {
  const { rows } = await db.execute<StaySqlRow>(sql`
    select s.id, s.patient_id, s.facility_id, s.status, s.admitted_at, s.discharged_at,
           f.time_zone
      from inpatient_stay s join facility f on f.id = s.facility_id
     where s.id = ${stayId}`);
  const row = rows[0];
  return row ? toStay(row) : null;
}

/**
 * The end of a prescription's course: its end date, when it was stopped, or when a renewal
 * (which completed it) started; null while open-ended.
 */
export async function courseEnds(
  db: DbOrTx,
  rows: readonly PrescriptionRow[],
): Promise<Map<string, Date | null>> {
  const completed = rows.filter((r) => r.status === 'completed').map((r) => r.id);
  const renewals = new Map<string, Date>();
  if (completed.length > 0) {
    const found = await db
      .select({ replacesId: prescription.replacesId, startsAt: prescription.startsAt })
      .from(prescription)
      .where(
        and(
          inArray(prescription.replacesId, completed),
          inArray(prescription.status, ['active', 'stopped', 'completed']),
        ),
      );
    for (const f of found) if (f.replacesId && f.startsAt) renewals.set(f.replacesId, f.startsAt);
  }
  const out = new Map<string, Date | null>();
  for (const r of rows) {
    const ends = [r.endsAt, r.stoppedAt, renewals.get(r.id) ?? null].filter(
      (d): d is Date => d !== null,
    );
    out.set(r.id, ends.length > 0 ? new Date(Math.min(...ends.map((d) => d.getTime()))) : null);
  }
  return out;
}

/** Signed prescriptions of the patient whose course may touch [from, to). */
export async function prescriptionsForDay(
  db: DbOrTx,
  patientId: string,
  from: Date,
  to: Date,
): Promise<PrescriptionRow[]> {
  return db
    .select()
    .from(prescription)
    .where(
      and(
        eq(prescription.patientId, patientId),
        inArray(prescription.status, ['active', 'stopped', 'completed']),
        lt(sql`coalesce(${prescription.startsAt}, ${prescription.signedAt})`, to),
        sql`(${prescription.stoppedAt} is null or ${prescription.stoppedAt} > ${from})`,
        sql`(${prescription.endsAt} is null or ${prescription.endsAt} > ${from})`,
      ),
    )
    .orderBy(asc(prescription.productDisplay), asc(prescription.id));
}

export type AdministrationWithName = AdministrationRow & { recordedByName: string | null };

/** Records of the stay in [from, to) by occurrence or schedule, entered in error included. */
export async function administrationsOfDay(
  db: DbOrTx,
  stayId: string,
  from: Date,
  to: Date,
): Promise<AdministrationWithName[]> {
  const rows = await db
    .select()
    .from(medicationAdministration)
    .where(
      and(
        eq(medicationAdministration.stayId, stayId),
        sql`((${medicationAdministration.occurredAt} >= ${from}
              and ${medicationAdministration.occurredAt} < ${to})
          or (${medicationAdministration.scheduledFor} >= ${from}
              and ${medicationAdministration.scheduledFor} < ${to}))`,
      ),
    )
    .orderBy(asc(medicationAdministration.occurredAt), asc(medicationAdministration.recordedAt));
  return attachNames(db, rows);
}

async function attachNames(
  db: DbOrTx,
  rows: AdministrationRow[],
): Promise<AdministrationWithName[]> {
  const ids = [...new Set(rows.map((r) => r.recordedBy).filter((id): id is string => !!id))];
  const names = new Map<string, string>();
  if (ids.length > 0) {
    const { rows: found } = await db.execute<{ id: string; display_name: string }>(
      sql`select id, display_name from user_account
           where id = any(${`{${ids.join(',')}}`}::uuid[])`,
    );
    for (const f of found) names.set(f.id, f.display_name);
  }
  return rows.map((r) => ({
    ...r,
    recordedByName: r.recordedBy ? (names.get(r.recordedBy) ?? null) : null,
  }));
}

export async function administrationWithName(
  db: DbOrTx,
  row: AdministrationRow,
): Promise<AdministrationWithName> {
  const [named] = await attachNames(db, [row]);
  return named ?? { ...row, recordedByName: null };
}

/** Live given doses of a prescription in (after, until]. */
export async function countGivenBetween(
  db: DbOrTx,
  prescriptionId: string,
  after: Date,
  until: Date,
): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(medicationAdministration)
    .where(
      and(
        eq(medicationAdministration.prescriptionId, prescriptionId),
        eq(medicationAdministration.outcome, 'given'),
        eq(medicationAdministration.status, 'recorded'),
        gt(medicationAdministration.occurredAt, after),
        lte(medicationAdministration.occurredAt, until),
      ),
    );
  return row?.n ?? 0;
}

export async function lockAdministration(
  db: DbOrTx,
  id: string,
): Promise<AdministrationRow | null> {
  const [row] = await db
    .select()
    .from(medicationAdministration)
    .where(eq(medicationAdministration.id, id))
    .for('update');
  return row ?? null;
}

export async function insertAdministration(
  db: DbOrTx,
  values: typeof medicationAdministration.$inferInsert,
): Promise<AdministrationRow> {
  const [row] = await db.insert(medicationAdministration).values(values).returning();
  if (!row) throw new Error('administration insert returned nothing');
  return row;
}

export async function markEnteredInError(
  db: DbOrTx,
  id: string,
  o: { reason: string; by: string | null; at: Date },
): Promise<AdministrationRow> {
  const [row] = await db
    .update(medicationAdministration)
    .set({ status: 'entered_in_error', errorReason: o.reason, errorBy: o.by, errorAt: o.at })
    .where(
      and(eq(medicationAdministration.id, id), eq(medicationAdministration.status, 'recorded')),
    )
    .returning();
  if (!row) throw new Error('administration update returned nothing');
  return row;
}

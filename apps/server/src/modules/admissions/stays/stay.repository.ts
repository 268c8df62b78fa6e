import { and, asc, desc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import { openStayStatuses, type StayStatus } from '@meridian/contracts';
import type { DbOrTx } from '../../../platform/db.js';
import { runNamed } from '../../../platform/named-statement.js';
import {
  bed,
  bedOccupancy,
  inpatientStay,
  stayMovement,
  ward,
  wardRoom,
  type BedOccupancyRow,
  type BedRow,
  type StayMovementRow,
  type StayRow,
} from '../admissions.tables.js';

export type NewStayRow = Omit<typeof inpatientStay.$inferInsert, 'stayNumber'>;
export type NewMovementRow = Omit<typeof stayMovement.$inferInsert, 'recordedAt'>;

export async function findStay(
  db: DbOrTx,
  id: string,
  opts: { lock?: boolean } = {},
): Promise<StayRow | null> {
  const q = db.select().from(inpatientStay).where(eq(inpatientStay.id, id));
  const [row] = opts.lock ? await q.for('update') : await q;
  return row ?? null;
}

/** Locks several stays in id order (two swaps of the same pair cannot deadlock). */
export async function lockStays(db: DbOrTx, ids: readonly string[]): Promise<StayRow[]> {
  return db
    .select()
    .from(inpatientStay)
    .where(inArray(inpatientStay.id, [...ids]))
    .orderBy(asc(inpatientStay.id))
    .for('update');
}

export async function findOpenStayOfPatient(
  db: DbOrTx,
  patientId: string,
): Promise<StayRow | null> {
  const [row] = await db
    .select()
    .from(inpatientStay)
    .where(
      and(
        eq(inpatientStay.patientId, patientId),
        inArray(inpatientStay.status, [...openStayStatuses]),
      ),
    );
  return row ?? null;
}

export async function insertStay(db: DbOrTx, row: NewStayRow): Promise<StayRow> {
  // The drizzle column has no default: the number comes from the migration's sequence.
  const [inserted] = await db
    .insert(inpatientStay)
    .values({ ...row, stayNumber: sql`nextval('inpatient_stay_number_seq')` })
    .returning();
  if (!inserted) throw new Error('stay insert returned nothing');
  return inserted;
}

/** Updates the stay and bumps its version; `changes` never include id or version. */
export async function updateStay(
  db: DbOrTx,
  id: string,
  changes: Partial<Omit<StayRow, 'id' | 'version' | 'stayNumber' | 'createdAt'>>,
): Promise<StayRow> {
  const [row] = await db
    .update(inpatientStay)
    .set({ ...changes, version: sql`${inpatientStay.version} + 1` })
    .where(eq(inpatientStay.id, id))
    .returning();
  if (!row) throw new Error(`stay ${id} vanished while locked`);
  return row;
}

/** A bed with what placement needs to know about its room and ward. */
export interface PlacedBed {
  bed: BedRow;
  roomIsActive: boolean;
  sexRestriction: 'female' | 'male' | null;
  wardIsActive: boolean;
}

/** Beds with their room and ward, locked FOR UPDATE in id order (a swap locks two). */
export async function lockPlacedBeds(db: DbOrTx, bedIds: readonly string[]): Promise<PlacedBed[]> {
  return db
    .select({
      bed,
      roomIsActive: wardRoom.isActive,
      sexRestriction: wardRoom.sexRestriction,
      wardIsActive: ward.isActive,
    })
    .from(bed)
    .innerJoin(wardRoom, eq(wardRoom.id, bed.roomId))
    .innerJoin(ward, eq(ward.id, bed.wardId))
    .where(inArray(bed.id, [...bedIds]))
    .orderBy(asc(bed.id))
    .for('update', { of: bed });
}

/** One bed, locked (changeBedState re-locks it in the same transaction). */
export async function lockPlacedBed(db: DbOrTx, bedId: string): Promise<PlacedBed | null> {
  const [row] = await lockPlacedBeds(db, [bedId]);
  return row ?? null;
}

/** The bed the stay holds (reserved or occupied), if any. */
export async function findHeldBed(db: DbOrTx, stayId: string): Promise<BedRow | null> {
  const [row] = await db.select().from(bed).where(eq(bed.stayId, stayId));
  return row ?? null;
}

export async function findHeldBeds(
  db: DbOrTx,
  stayIds: readonly string[],
): Promise<Map<string, BedRow>> {
  if (stayIds.length === 0) return new Map();
  const rows = await db
    .select()
    .from(bed)
    .where(inArray(bed.stayId, [...stayIds]));
  return new Map(rows.map((r) => [r.stayId ?? '', r]));
}

/**
 * Tricky: two patients trading beds. Both beds stay occupied; only their holder changes,
 * which bed_one_per_stay (deferred for this transaction) checks at commit.
 */
export async function swapBedHolders(
  db: DbOrTx,
  a: { bedId: string; stayId: string },
  b: { bedId: string; stayId: string },
  at: Date,
): Promise<void> {
  await db.execute(sql`set constraints bed_one_per_stay deferred`);
  for (const [bedId, stayId] of [
    [a.bedId, b.stayId],
    [b.bedId, a.stayId],
  ] as const) {
    await db
      .update(bed)
      .set({ stayId, version: sql`${bed.version} + 1`, updatedAt: at })
      .where(and(eq(bed.id, bedId), eq(bed.state, 'occupied')));
  }
}

// ---- Occupancy stretches ----

export async function openStretch(
  db: DbOrTx,
  row: {
    id: string;
    stayId: string;
    bedId: string;
    wardId: string;
    facilityId: string;
    from: Date;
  },
): Promise<void> {
  await db.insert(bedOccupancy).values({
    id: row.id,
    stayId: row.stayId,
    bedId: row.bedId,
    wardId: row.wardId,
    facilityId: row.facilityId,
    period: { from: row.from, to: null },
    isVoid: false,
  });
}

/** The stay's open stretch (in a bed now), if any. */
export async function findOpenStretch(db: DbOrTx, stayId: string): Promise<BedOccupancyRow | null> {
  const [row] = await db
    .select()
    .from(bedOccupancy)
    .where(
      and(
        eq(bedOccupancy.stayId, stayId),
        eq(bedOccupancy.isVoid, false),
        sql`upper_inf(${bedOccupancy.period})`,
      ),
    );
  return row ?? null;
}

/** The stay's latest stretch (by start), open or closed. */
export async function findLastStretch(db: DbOrTx, stayId: string): Promise<BedOccupancyRow | null> {
  const [row] = await db
    .select()
    .from(bedOccupancy)
    .where(and(eq(bedOccupancy.stayId, stayId), eq(bedOccupancy.isVoid, false)))
    .orderBy(desc(sql`lower(${bedOccupancy.period})`))
    .limit(1);
  return row ?? null;
}

export async function closeStretch(db: DbOrTx, id: string, at: Date): Promise<void> {
  await db
    .update(bedOccupancy)
    .set({
      period: sql`tstzrange(lower(${bedOccupancy.period}), ${at.toISOString()}::timestamptz, '[)')`,
    })
    .where(eq(bedOccupancy.id, id));
}

// Tricky: the new stretch starts where the old one ends ('[)' ranges), so the stay's
// no-overlap constraint holds between them; the insert reads the update's row, so it runs
// after it.
const moveStretchSql = `
with closed as (
  update bed_occupancy set period = tstzrange(lower(period), $2, '[)')
   where id = $1
  returning stay_id
)
insert into bed_occupancy (id, stay_id, bed_id, ward_id, facility_id, period, is_void)
select $3, closed.stay_id, $4, $5, $6, tstzrange($2, null, '[)'), false from closed
returning id`;

/** Closes the stretch `id` at `at` and opens the stay's next, in `to`, from `at`: one statement. */
export async function moveStretch(
  db: DbOrTx,
  id: string,
  at: Date,
  to: { id: string; bedId: string; wardId: string; facilityId: string },
): Promise<void> {
  const rows = await runNamed(db, 'admissions_move_stretch', moveStretchSql, [
    id,
    at,
    to.id,
    to.bedId,
    to.wardId,
    to.facilityId,
  ]);
  if (rows.length !== 1) throw new Error(`no open stretch ${id} to move from`);
}

export async function reopenStretch(db: DbOrTx, id: string): Promise<void> {
  await db
    .update(bedOccupancy)
    .set({ period: sql`tstzrange(lower(${bedOccupancy.period}), null, '[)')` })
    .where(eq(bedOccupancy.id, id));
}

export async function voidStretches(db: DbOrTx, stayId: string): Promise<number> {
  const rows = await db
    .update(bedOccupancy)
    .set({ isVoid: true })
    .where(and(eq(bedOccupancy.stayId, stayId), eq(bedOccupancy.isVoid, false)))
    .returning({ id: bedOccupancy.id });
  return rows.length;
}

// ---- Movements ----

export async function insertMovement(db: DbOrTx, row: NewMovementRow): Promise<void> {
  await db.insert(stayMovement).values(row);
}

export async function listMovements(db: DbOrTx, stayId: string): Promise<StayMovementRow[]> {
  return db
    .select()
    .from(stayMovement)
    .where(eq(stayMovement.stayId, stayId))
    .orderBy(asc(stayMovement.occurredAt), asc(stayMovement.recordedAt), asc(stayMovement.id));
}

// ---- Lists ----

export interface StayFilter {
  patientId?: string;
  facilityId?: string;
  /** Stays holding a bed in the ward now. */
  wardId?: string;
  statuses?: readonly StayStatus[];
  after?: { createdAt: Date; id: string };
  limit: number;
}

/** Newest first, keyset on (created_at, id). */
export async function listStays(db: DbOrTx, f: StayFilter): Promise<StayRow[]> {
  const conditions = [
    f.patientId ? eq(inpatientStay.patientId, f.patientId) : undefined,
    f.facilityId ? eq(inpatientStay.facilityId, f.facilityId) : undefined,
    f.statuses?.length ? inArray(inpatientStay.status, [...f.statuses]) : undefined,
    f.wardId
      ? sql`exists (select 1 from ${bed} where ${bed.stayId} = ${inpatientStay.id} and ${bed.wardId} = ${f.wardId})`
      : undefined,
    f.after
      ? or(
          lt(inpatientStay.createdAt, f.after.createdAt),
          and(eq(inpatientStay.createdAt, f.after.createdAt), lt(inpatientStay.id, f.after.id)),
        )
      : undefined,
  ];
  return db
    .select()
    .from(inpatientStay)
    .where(and(...conditions))
    .orderBy(desc(inpatientStay.createdAt), desc(inpatientStay.id))
    .limit(f.limit);
}

// ---- Merge ----

export async function lockStaysOfPatient(db: DbOrTx, patientId: string): Promise<StayRow[]> {
  return db
    .select()
    .from(inpatientStay)
    .where(eq(inpatientStay.patientId, patientId))
    .orderBy(asc(inpatientStay.id))
    .for('update');
}

export async function moveStaysToPatient(
  db: DbOrTx,
  fromPatientId: string,
  toPatientId: string,
  at: Date,
): Promise<number> {
  const rows = await db
    .update(inpatientStay)
    .set({ patientId: toPatientId, updatedAt: at, version: sql`${inpatientStay.version} + 1` })
    .where(eq(inpatientStay.patientId, fromPatientId))
    .returning({ id: inpatientStay.id });
  return rows.length;
}

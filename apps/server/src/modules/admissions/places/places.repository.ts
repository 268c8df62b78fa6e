// Wards, rooms and beds: drizzle queries only.
import { and, asc, count, eq, inArray, ne, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db.js';
import {
  bed,
  ward,
  wardRoom,
  type BedRow,
  type WardRoomRow,
  type WardRow,
} from '../admissions.tables.js';

export async function listWards(
  db: DbOrTx,
  f: { facilityIds: readonly string[]; includeInactive?: boolean },
): Promise<WardRow[]> {
  if (f.facilityIds.length === 0) return [];
  const where: SQL[] = [inArray(ward.facilityId, [...f.facilityIds])];
  if (!f.includeInactive) where.push(eq(ward.isActive, true));
  return db
    .select()
    .from(ward)
    .where(and(...where))
    .orderBy(asc(ward.code), asc(ward.id));
}

/** Active beds in active rooms, per ward. */
export async function activeBedCounts(
  db: DbOrTx,
  wardIds: readonly string[],
): Promise<Map<string, number>> {
  if (wardIds.length === 0) return new Map();
  const rows = await db
    .select({ wardId: bed.wardId, n: count() })
    .from(bed)
    .innerJoin(wardRoom, eq(wardRoom.id, bed.roomId))
    .where(
      and(inArray(bed.wardId, [...wardIds]), eq(bed.isActive, true), eq(wardRoom.isActive, true)),
    )
    .groupBy(bed.wardId);
  return new Map(rows.map((r) => [r.wardId, r.n]));
}

export async function findWard(
  db: DbOrTx,
  id: string,
  opts: { lock?: boolean } = {},
): Promise<WardRow | null> {
  const query = db.select().from(ward).where(eq(ward.id, id));
  const [row] = opts.lock ? await query.for('update') : await query;
  return row ?? null;
}

export async function findWardByCode(
  db: DbOrTx,
  facilityId: string,
  code: string,
  exceptId?: string,
): Promise<WardRow | null> {
  const [row] = await db
    .select()
    .from(ward)
    .where(
      and(
        eq(ward.facilityId, facilityId),
        eq(ward.code, code),
        exceptId ? ne(ward.id, exceptId) : undefined,
      ),
    );
  return row ?? null;
}

export async function insertWard(db: DbOrTx, row: WardRow): Promise<void> {
  await db.insert(ward).values(row);
}

export async function updateWard(
  db: DbOrTx,
  id: string,
  fields: Partial<Omit<WardRow, 'id' | 'facilityId' | 'createdAt'>>,
): Promise<WardRow> {
  const [row] = await db.update(ward).set(fields).where(eq(ward.id, id)).returning();
  if (!row) throw new Error(`ward ${id} vanished during its update`);
  return row;
}

export async function roomsOfWard(db: DbOrTx, wardId: string): Promise<WardRoomRow[]> {
  return db
    .select()
    .from(wardRoom)
    .where(eq(wardRoom.wardId, wardId))
    .orderBy(asc(wardRoom.code), asc(wardRoom.id));
}

export async function bedsOfWard(db: DbOrTx, wardId: string): Promise<BedRow[]> {
  return db.select().from(bed).where(eq(bed.wardId, wardId)).orderBy(asc(bed.code), asc(bed.id));
}

export async function findRoom(
  db: DbOrTx,
  id: string,
  opts: { lock?: boolean } = {},
): Promise<WardRoomRow | null> {
  const query = db.select().from(wardRoom).where(eq(wardRoom.id, id));
  const [row] = opts.lock ? await query.for('update') : await query;
  return row ?? null;
}

export async function findRoomByCode(
  db: DbOrTx,
  wardId: string,
  code: string,
  exceptId?: string,
): Promise<WardRoomRow | null> {
  const [row] = await db
    .select()
    .from(wardRoom)
    .where(
      and(
        eq(wardRoom.wardId, wardId),
        eq(wardRoom.code, code),
        exceptId ? ne(wardRoom.id, exceptId) : undefined,
      ),
    );
  return row ?? null;
}

export async function insertRoom(db: DbOrTx, row: WardRoomRow): Promise<void> {
  await db.insert(wardRoom).values(row);
}

export async function updateRoom(
  db: DbOrTx,
  id: string,
  fields: Partial<Omit<WardRoomRow, 'id' | 'wardId' | 'createdAt'>>,
): Promise<WardRoomRow> {
  const [row] = await db.update(wardRoom).set(fields).where(eq(wardRoom.id, id)).returning();
  if (!row) throw new Error(`room ${id} vanished during its update`);
  return row;
}

export async function findBed(
  db: DbOrTx,
  id: string,
  opts: { lock?: boolean } = {},
): Promise<BedRow | null> {
  const query = db.select().from(bed).where(eq(bed.id, id));
  const [row] = opts.lock ? await query.for('update') : await query;
  return row ?? null;
}

/** Beds of the ward that already use one of the codes (other than `exceptId`). */
export async function bedsByCodes(
  db: DbOrTx,
  wardId: string,
  codes: readonly string[],
  exceptId?: string,
): Promise<BedRow[]> {
  if (codes.length === 0) return [];
  return db
    .select()
    .from(bed)
    .where(
      and(
        eq(bed.wardId, wardId),
        inArray(bed.code, [...codes]),
        exceptId ? ne(bed.id, exceptId) : undefined,
      ),
    );
}

export async function insertBeds(db: DbOrTx, rows: BedRow[]): Promise<BedRow[]> {
  return db.insert(bed).values(rows).returning();
}

export async function updateBed(
  db: DbOrTx,
  id: string,
  fields: Partial<
    Pick<BedRow, 'code' | 'isolationCapable' | 'telemetry' | 'bariatric' | 'isActive' | 'updatedAt'>
  >,
): Promise<BedRow> {
  const [row] = await db
    .update(bed)
    .set({ ...fields, version: sql`${bed.version} + 1` })
    .where(eq(bed.id, id))
    .returning();
  if (!row) throw new Error(`bed ${id} vanished during its update`);
  return row;
}

/**
 * Locks the beds of a ward or a room (so no admission takes one meanwhile) and returns the
 * ids of those holding a patient or a reservation.
 */
export async function lockHeldBeds(
  db: DbOrTx,
  where: { wardId: string } | { roomId: string },
): Promise<string[]> {
  const scope = 'wardId' in where ? eq(bed.wardId, where.wardId) : eq(bed.roomId, where.roomId);
  const rows = await db
    .select({ id: bed.id, stayId: bed.stayId })
    .from(bed)
    .where(scope)
    .for('update');
  return rows.filter((r) => r.stayId !== null).map((r) => r.id);
}

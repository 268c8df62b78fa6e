// Resources (rooms, equipment) and appointment types, with the practitioners a type allows.
import { and, asc, eq, inArray, ne, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db.js';
import {
  appointmentType,
  appointmentTypePractitioner,
  practitioner,
  scheduleResource,
  type AppointmentTypeRow,
} from '../scheduling.tables.js';

export type ResourceRow = typeof scheduleResource.$inferSelect;

export async function listResources(
  db: DbOrTx,
  f: { facilityId?: string; kind?: ResourceRow['kind']; includeInactive?: boolean },
): Promise<ResourceRow[]> {
  const where: SQL[] = [];
  if (f.facilityId) where.push(eq(scheduleResource.facilityId, f.facilityId));
  if (f.kind) where.push(eq(scheduleResource.kind, f.kind));
  if (!f.includeInactive) where.push(eq(scheduleResource.isActive, true));
  return db
    .select()
    .from(scheduleResource)
    .where(and(...where))
    .orderBy(asc(scheduleResource.code), asc(scheduleResource.id));
}

export async function findResource(
  db: DbOrTx,
  id: string,
  opts: { lock?: boolean } = {},
): Promise<ResourceRow | null> {
  const query = db.select().from(scheduleResource).where(eq(scheduleResource.id, id));
  const [row] = opts.lock ? await query.for('update') : await query;
  return row ?? null;
}

/** Another resource of the facility with the code, if any. */
export async function findResourceByCode(
  db: DbOrTx,
  facilityId: string,
  code: string,
  exceptId?: string,
): Promise<ResourceRow | null> {
  const [row] = await db
    .select()
    .from(scheduleResource)
    .where(
      and(
        eq(scheduleResource.facilityId, facilityId),
        eq(scheduleResource.code, code),
        exceptId ? ne(scheduleResource.id, exceptId) : undefined,
      ),
    );
  return row ?? null;
}

export async function insertResource(db: DbOrTx, row: ResourceRow): Promise<void> {
  await db.insert(scheduleResource).values(row);
}

export async function updateResource(
  db: DbOrTx,
  id: string,
  fields: Partial<Omit<ResourceRow, 'id' | 'createdAt'>>,
): Promise<ResourceRow> {
  const [row] = await db
    .update(scheduleResource)
    .set(fields)
    .where(eq(scheduleResource.id, id))
    .returning();
  if (!row) throw new Error(`resource ${id} vanished during its update`);
  return row;
}

export async function listTypes(
  db: DbOrTx,
  f: { includeInactive?: boolean; ids?: readonly string[] },
): Promise<AppointmentTypeRow[]> {
  const where: SQL[] = [];
  if (!f.includeInactive) where.push(eq(appointmentType.isActive, true));
  if (f.ids) where.push(inArray(appointmentType.id, [...f.ids]));
  return db
    .select()
    .from(appointmentType)
    .where(and(...where))
    .orderBy(asc(appointmentType.code), asc(appointmentType.id));
}

export async function findType(
  db: DbOrTx,
  id: string,
  opts: { lock?: boolean } = {},
): Promise<AppointmentTypeRow | null> {
  const query = db.select().from(appointmentType).where(eq(appointmentType.id, id));
  const [row] = opts.lock ? await query.for('update') : await query;
  return row ?? null;
}

export async function findTypeByCode(
  db: DbOrTx,
  code: string,
  exceptId?: string,
): Promise<AppointmentTypeRow | null> {
  const [row] = await db
    .select()
    .from(appointmentType)
    .where(
      and(eq(appointmentType.code, code), exceptId ? ne(appointmentType.id, exceptId) : undefined),
    );
  return row ?? null;
}

export async function insertType(db: DbOrTx, row: AppointmentTypeRow): Promise<void> {
  await db.insert(appointmentType).values(row);
}

export async function updateType(
  db: DbOrTx,
  id: string,
  fields: Partial<Omit<AppointmentTypeRow, 'id' | 'createdAt'>>,
): Promise<void> {
  await db.update(appointmentType).set(fields).where(eq(appointmentType.id, id));
}

/** The allowed practitioners of each type, ids sorted. */
export async function typePractitioners(
  db: DbOrTx,
  typeIds: readonly string[],
): Promise<Map<string, string[]>> {
  const byType = new Map<string, string[]>(typeIds.map((id) => [id, []]));
  if (typeIds.length === 0) return byType;
  const rows = await db
    .select()
    .from(appointmentTypePractitioner)
    .where(inArray(appointmentTypePractitioner.appointmentTypeId, [...typeIds]))
    .orderBy(asc(appointmentTypePractitioner.practitionerId));
  for (const r of rows) byType.get(r.appointmentTypeId)?.push(r.practitionerId);
  return byType;
}

export async function replaceTypePractitioners(
  db: DbOrTx,
  typeId: string,
  practitionerIds: readonly string[],
): Promise<void> {
  await db
    .delete(appointmentTypePractitioner)
    .where(eq(appointmentTypePractitioner.appointmentTypeId, typeId));
  if (practitionerIds.length === 0) return;
  await db
    .insert(appointmentTypePractitioner)
    .values(
      practitionerIds.map((practitionerId) => ({ appointmentTypeId: typeId, practitionerId })),
    );
}

/** Which of the ids are practitioners. */
export async function existingPractitioners(
  db: DbOrTx,
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: practitioner.id })
    .from(practitioner)
    .where(inArray(practitioner.id, [...ids]));
  return new Set(rows.map((r) => r.id));
}

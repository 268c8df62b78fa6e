import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db.js';
import {
  department,
  facility,
  organization,
  type DepartmentRow,
  type FacilityRow,
  type OrganizationRow,
} from './organization.tables.js';

type NewRow<T> = Omit<T, 'version' | 'createdAt' | 'updatedAt'> & { now: Date };
type Changes<T> = Partial<Omit<T, 'id' | 'version' | 'createdAt' | 'updatedAt'>>;

// ---- organization ----

export async function findOrganization(
  db: DbOrTx,
  opts: { forUpdate?: boolean } = {},
): Promise<OrganizationRow | null> {
  const q = db.select().from(organization).limit(1);
  const rows = opts.forUpdate ? await q.for('update') : await q;
  return rows[0] ?? null;
}

export async function insertOrganization(
  db: DbOrTx,
  row: NewRow<OrganizationRow>,
): Promise<OrganizationRow> {
  const { now, ...values } = row;
  const [inserted] = await db
    .insert(organization)
    .values({ ...values, version: 1, createdAt: now, updatedAt: now })
    .returning();
  return inserted!;
}

export async function updateOrganization(
  db: DbOrTx,
  id: string,
  changes: Changes<OrganizationRow>,
  now: Date,
): Promise<OrganizationRow> {
  const [row] = await db
    .update(organization)
    .set({ ...changes, updatedAt: now, version: sql`${organization.version} + 1` })
    .where(eq(organization.id, id))
    .returning();
  return row!;
}

// ---- facilities ----

export function listFacilities(
  db: DbOrTx,
  opts: { includeInactive: boolean },
): Promise<FacilityRow[]> {
  return db
    .select()
    .from(facility)
    .where(opts.includeInactive ? undefined : eq(facility.isActive, true))
    .orderBy(asc(facility.name), asc(facility.id));
}

export async function findFacilityById(
  db: DbOrTx,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<FacilityRow | null> {
  const q = db.select().from(facility).where(eq(facility.id, id));
  const rows = opts.forUpdate ? await q.for('update') : await q;
  return rows[0] ?? null;
}

export function findFacilitiesByIds(db: DbOrTx, ids: readonly string[]): Promise<FacilityRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .select()
    .from(facility)
    .where(inArray(facility.id, [...ids]));
}

export function findFacilitiesByCodes(
  db: DbOrTx,
  codes: readonly string[],
): Promise<FacilityRow[]> {
  if (codes.length === 0) return Promise.resolve([]);
  return db
    .select()
    .from(facility)
    .where(inArray(facility.code, [...codes]));
}

export async function insertFacility(db: DbOrTx, row: NewRow<FacilityRow>): Promise<FacilityRow> {
  const { now, ...values } = row;
  const [inserted] = await db
    .insert(facility)
    .values({ ...values, version: 1, createdAt: now, updatedAt: now })
    .returning();
  return inserted!;
}

export async function updateFacility(
  db: DbOrTx,
  id: string,
  changes: Changes<FacilityRow>,
  now: Date,
): Promise<FacilityRow> {
  const [row] = await db
    .update(facility)
    .set({ ...changes, updatedAt: now, version: sql`${facility.version} + 1` })
    .where(eq(facility.id, id))
    .returning();
  return row!;
}

// ---- departments ----

export function listDepartments(
  db: DbOrTx,
  facilityId: string,
  opts: { includeInactive: boolean },
): Promise<DepartmentRow[]> {
  return db
    .select()
    .from(department)
    .where(
      and(
        eq(department.facilityId, facilityId),
        opts.includeInactive ? undefined : eq(department.isActive, true),
      ),
    )
    .orderBy(asc(department.name), asc(department.id));
}

export async function findDepartmentById(
  db: DbOrTx,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<DepartmentRow | null> {
  const q = db.select().from(department).where(eq(department.id, id));
  const rows = opts.forUpdate ? await q.for('update') : await q;
  return rows[0] ?? null;
}

export async function insertDepartment(
  db: DbOrTx,
  row: NewRow<DepartmentRow>,
): Promise<DepartmentRow> {
  const { now, ...values } = row;
  const [inserted] = await db
    .insert(department)
    .values({ ...values, version: 1, createdAt: now, updatedAt: now })
    .returning();
  return inserted!;
}

export async function updateDepartment(
  db: DbOrTx,
  id: string,
  changes: Changes<DepartmentRow>,
  now: Date,
): Promise<DepartmentRow> {
  const [row] = await db
    .update(department)
    .set({ ...changes, updatedAt: now, version: sql`${department.version} + 1` })
    .where(eq(department.id, id))
    .returning();
  return row!;
}

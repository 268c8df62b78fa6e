import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { PractitionerProfile } from '@meridian/contracts';
import { userAccount } from '../../../platform/auth/auth.tables.js';
import type { DbOrTx } from '../../../platform/db.js';
import { practitioner, type PractitionerRow } from '../scheduling.tables.js';

const profileColumns = {
  id: practitioner.id,
  userId: practitioner.userId,
  displayName: userAccount.displayName,
  facilityId: practitioner.facilityId,
  departmentId: practitioner.departmentId,
  specialty: practitioner.specialty,
  maxAppointmentsPerDay: practitioner.maxAppointmentsPerDay,
  isActive: practitioner.isActive,
  version: practitioner.version,
};

export interface PractitionerFilter {
  facilityId?: string;
  departmentId?: string;
  specialty?: string;
  includeInactive?: boolean;
}

export async function listProfiles(
  db: DbOrTx,
  f: PractitionerFilter,
): Promise<PractitionerProfile[]> {
  const where: SQL[] = [];
  if (f.facilityId) where.push(eq(practitioner.facilityId, f.facilityId));
  if (f.departmentId) where.push(eq(practitioner.departmentId, f.departmentId));
  if (f.specialty) where.push(sql`lower(${practitioner.specialty}) = lower(${f.specialty})`);
  if (!f.includeInactive) where.push(eq(practitioner.isActive, true));
  return db
    .select(profileColumns)
    .from(practitioner)
    .innerJoin(userAccount, eq(userAccount.id, practitioner.userId))
    .where(and(...where))
    .orderBy(asc(sql`lower(${userAccount.displayName})`), asc(practitioner.id));
}

export async function findProfile(db: DbOrTx, id: string): Promise<PractitionerProfile | null> {
  const [row] = await db
    .select(profileColumns)
    .from(practitioner)
    .innerJoin(userAccount, eq(userAccount.id, practitioner.userId))
    .where(eq(practitioner.id, id));
  return row ?? null;
}

export async function findById(
  db: DbOrTx,
  id: string,
  opts: { lock?: boolean } = {},
): Promise<PractitionerRow | null> {
  const query = db.select().from(practitioner).where(eq(practitioner.id, id));
  const [row] = opts.lock ? await query.for('update') : await query;
  return row ?? null;
}

export async function findByUser(db: DbOrTx, userId: string): Promise<PractitionerRow | null> {
  const [row] = await db.select().from(practitioner).where(eq(practitioner.userId, userId));
  return row ?? null;
}

export async function insert(db: DbOrTx, row: PractitionerRow): Promise<void> {
  await db.insert(practitioner).values(row);
}

export async function update(
  db: DbOrTx,
  id: string,
  fields: Partial<Omit<PractitionerRow, 'id' | 'createdAt'>>,
): Promise<void> {
  await db.update(practitioner).set(fields).where(eq(practitioner.id, id));
}

import { eq } from 'drizzle-orm';
import { newId } from '../src/platform/ids.js';
import type { Platform } from '../src/platform/platform.js';
import {
  patient,
  patientIdentifier,
  patientPhoto,
  patientPortalLink,
  type PatientRow,
} from '../src/modules/patients/patients.tables.js';

/** Sets columns of a patient row straight in the database (the record's own API is not under test). */
export async function setPatientColumns(
  platform: Platform,
  id: string,
  values: Partial<PatientRow>,
): Promise<void> {
  await platform.db.update(patient).set(values).where(eq(patient.id, id));
}

export async function addIdentifier(
  platform: Platform,
  patientId: string,
  o: { type: string; assigningAuthority: string; value: string },
): Promise<void> {
  await platform.db.insert(patientIdentifier).values({
    id: newId(),
    patientId,
    ...o,
    valueKey: o.value.toUpperCase().replace(/[^A-Z0-9]/g, ''),
    createdAt: platform.clock.now(),
  });
}

export async function addPhoto(platform: Platform, patientId: string): Promise<void> {
  await platform.db.insert(patientPhoto).values({
    patientId,
    contentType: 'image/png',
    bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47]),
    updatedAt: platform.clock.now(),
  });
}

export async function addPortalLink(
  platform: Platform,
  userId: string,
  patientId: string,
): Promise<void> {
  await platform.db.insert(patientPortalLink).values({
    userId,
    patientId,
    relationship: 'self',
    createdAt: platform.clock.now(),
  });
}

export async function patientRow(platform: Platform, id: string): Promise<PatientRow> {
  const [row] = await platform.db.select().from(patient).where(eq(patient.id, id));
  if (!row) throw new Error(`no patient ${id}`);
  return row;
}

/** A merge body for two freshly read rows. */
export function mergeBody(
  survivor: Pick<PatientRow, 'id' | 'version'>,
  duplicate: Pick<PatientRow, 'id' | 'version'>,
  reason = 'same person registered twice',
) {
  return {
    survivorId: survivor.id,
    duplicateId: duplicate.id,
    survivorVersion: survivor.version,
    duplicateVersion: duplicate.version,
    reason,
  };
}

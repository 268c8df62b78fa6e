import { eq } from 'drizzle-orm';
import type { Principal } from '../../../platform/auth/principal.js';
import type { DbOrTx } from '../../../platform/db.js';
import { AppError, notFound } from '../../../platform/errors.js';
import type { Platform } from '../../../platform/platform.js';
import type { UploadedImage } from '../image-upload.js';
import { patient } from '../patients.tables.js';
import * as repo from './patient.repository.js';

/** The patient, locked, or 404 (merged records keep their data but take no new photo). */
async function lockWritablePatient(tx: DbOrTx, id: string): Promise<void> {
  const [row] = await tx
    .select({ status: patient.status, mergedIntoId: patient.mergedIntoId })
    .from(patient)
    .where(eq(patient.id, id))
    .for('update');
  if (!row) throw notFound('patient', id);
  if (row.status === 'merged') {
    throw new AppError('patient.merged', `patient ${id} was merged into another record`, {
      mergedIntoId: row.mergedIntoId,
    });
  }
}

/** Sets or replaces the photo. The record's version does not move: a photo is not data. */
export function putPhoto(
  platform: Platform,
  principal: Principal,
  id: string,
  photo: UploadedImage,
): Promise<void> {
  const { db, access, audit, clock } = platform;
  return db.transaction(async (tx) => {
    await access.requireAccess(tx, principal, 'patient.write', [id]);
    await lockWritablePatient(tx, id);
    await repo.upsertPhoto(tx, {
      patientId: id,
      contentType: photo.contentType,
      bytes: photo.bytes,
      updatedAt: clock.now(),
      updatedBy: principal.userId,
    });
    await audit.record(tx, {
      action: 'patient.photo.updated',
      patientId: id,
      entityType: 'patient',
      entityId: id,
      details: { contentType: photo.contentType, bytes: photo.bytes.length },
    });
  });
}

/** The photo; the read is audited and committed before the bytes leave. */
export function getPhoto(
  platform: Platform,
  principal: Principal,
  id: string,
): Promise<{ contentType: string; bytes: Buffer }> {
  const { db, access, audit } = platform;
  return db.transaction(async (tx) => {
    await access.requireAccess(tx, principal, 'patient.read', [id]);
    const photo = await repo.findPhoto(tx, id);
    if (!photo) throw notFound('photo of patient', id);
    await audit.record(tx, {
      action: 'patient.photo.read',
      patientId: id,
      entityType: 'patient',
      entityId: id,
    });
    return photo;
  });
}

export function deletePhoto(platform: Platform, principal: Principal, id: string): Promise<void> {
  const { db, access, audit } = platform;
  return db.transaction(async (tx) => {
    await access.requireAccess(tx, principal, 'patient.write', [id]);
    await lockWritablePatient(tx, id);
    if (!(await repo.deletePhoto(tx, id))) throw notFound('photo of patient', id);
    await audit.record(tx, {
      action: 'patient.photo.deleted',
      patientId: id,
      entityType: 'patient',
      entityId: id,
    });
  });
}

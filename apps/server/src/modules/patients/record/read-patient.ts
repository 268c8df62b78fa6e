import { eq } from 'drizzle-orm';
import type { Patient } from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import { AppError, notFound } from '../../../platform/errors.js';
import type { Platform } from '../../../platform/platform.js';
import { patient } from '../patients.tables.js';
import { loadPatient } from './patient-mapper.js';

/**
 * Opens a record. The read's audit row commits with the transaction, before the record is
 * handed back: if the audit cannot be written, nothing is shown (fail closed).
 */
export function getPatient(platform: Platform, principal: Principal, id: string): Promise<Patient> {
  const { db, access, audit } = platform;
  return db.transaction(async (tx) => {
    await access.requireAccess(tx, principal, 'patient.read', [id]);
    const found = await loadPatient(tx, id);
    if (!found) throw notFound('patient', id);
    await audit.record(tx, {
      action: 'patient.read',
      patientId: id,
      entityType: 'patient',
      entityId: id,
    });
    return found.patient;
  });
}

/** "123456789" -> "123-45-6789". */
export function formatSsn(digits: string): string {
  return `${digits.slice(0, 3)}-${digits.slice(3, 5)}-${digits.slice(5)}`;
}

/** The full SSN, for roles with patient.ssn.read; every reveal is audited. */
export function revealSsn(
  platform: Platform,
  principal: Principal,
  id: string,
): Promise<{ ssn: string }> {
  const { db, access, audit, encryptor } = platform;
  return db.transaction(async (tx) => {
    await access.requireAccess(tx, principal, 'patient.ssn.read', [id]);
    const [row] = await tx
      .select({ ssnEncrypted: patient.ssnEncrypted })
      .from(patient)
      .where(eq(patient.id, id));
    if (!row) throw notFound('patient', id);
    if (row.ssnEncrypted === null) {
      throw new AppError('resource.not_found', `patient ${id} has no SSN on file`);
    }
    await audit.record(tx, {
      action: 'patient.ssn.read',
      patientId: id,
      entityType: 'patient',
      entityId: id,
    });
    return { ssn: formatSsn(encryptor.decrypt(row.ssnEncrypted)) };
  });
}

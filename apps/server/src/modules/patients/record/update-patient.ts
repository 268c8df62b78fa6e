import { todayIso, type Patient, type UpdatePatient } from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import type { DbOrTx } from '../../../platform/db.js';
import type { Encryptor } from '../../../platform/crypto.js';
import { AppError, notFound } from '../../../platform/errors.js';
import { versionMismatch } from '../../../platform/http/preconditions.js';
import { changedPaths } from '../history/diff.js';
import { recordHistory } from '../history/history.repository.js';
import type { PatientRow } from '../patients.tables.js';
import { historySnapshot, loadPatient, toPatient } from './patient-mapper.js';
import * as repo from './patient.repository.js';
import { keepDroppedAddresses, recordColumns } from './record-input.js';
import { assertReferences, identifierValues, type RecordDeps } from './register-patient.js';

/** The SSN columns after the update: omitted keeps, null clears, a number replaces. */
function nextSsn(
  current: PatientRow,
  ssn: string | null | undefined,
  encryptor: Encryptor,
): { changed: boolean; ssnEncrypted: string | null; ssnLast4: string | null } {
  const kept = { changed: false, ssnEncrypted: current.ssnEncrypted, ssnLast4: current.ssnLast4 };
  if (ssn === undefined) return kept;
  if (ssn === null) {
    return current.ssnEncrypted === null
      ? kept
      : { changed: true, ssnEncrypted: null, ssnLast4: null };
  }
  if (current.ssnEncrypted !== null && encryptor.decrypt(current.ssnEncrypted) === ssn) return kept;
  return { changed: true, ssnEncrypted: encryptor.encrypt(ssn), ssnLast4: ssn.slice(-4) };
}

/**
 * The practitioner after the update. Checks only the references the update changes: an
 * unrelated edit of a record whose physician has since left must not fail on the physician.
 */
async function practitionerAfter(
  tx: DbOrTx,
  current: Patient,
  input: UpdatePatient,
): Promise<Patient['primaryCarePractitioner']> {
  const facilityId = input.homeFacilityId ?? null;
  const practitionerId = input.primaryCarePractitionerId ?? null;
  const refs = {
    facilityId: facilityId === current.homeFacilityId ? null : facilityId,
    practitionerId:
      practitionerId === (current.primaryCarePractitioner?.id ?? null) ? null : practitionerId,
  };
  const check =
    refs.facilityId !== null || refs.practitionerId !== null
      ? await repo.checkReferences(tx, refs)
      : null;
  if (check) assertReferences(check, refs);
  if (practitionerId === null) return null;
  return refs.practitionerId !== null && check?.practitionerName
    ? { id: refs.practitionerId, displayName: check.practitionerName }
    : current.primaryCarePractitioner;
}

/**
 * Replaces the writable record (If-Match `expectedVersion`). Dropped current addresses are
 * kept as history; nothing is written, and the version stays, when nothing changed.
 */
export function updatePatientRecord(
  deps: RecordDeps,
  principal: Principal,
  id: string,
  expectedVersion: number,
  input: UpdatePatient,
): Promise<Patient> {
  const { db, access, audit, clock, encryptor } = deps.platform;
  return db.transaction(async (tx) => {
    await access.requireAccess(tx, principal, 'patient.write', [id]);
    const current = await loadPatient(tx, id, { forUpdate: true });
    if (!current) throw notFound('patient', id);
    if (current.row.status === 'merged') {
      throw new AppError('patient.merged', `patient ${id} was merged into another record`, {
        mergedIntoId: current.row.mergedIntoId,
      });
    }
    if (current.row.version !== expectedVersion) {
      throw versionMismatch('patient', id, current.row.version);
    }

    const now = clock.now();
    const identifiers = identifierValues(input.identifiers);
    const addresses = keepDroppedAddresses(current.row.addresses, input.addresses, todayIso(now));
    const columns = recordColumns({ ...input, addresses });
    const ssn = nextSsn(current.row, input.ssn, encryptor);
    const practitioner = await practitionerAfter(tx, current.patient, input);
    const extras = {
      identifiers: input.identifiers,
      mrnAliases: current.patient.mrnAliases,
      primaryCarePractitioner: practitioner,
      hasPhoto: current.patient.hasPhoto,
    };
    const proposed = toPatient({ ...current.row, ...columns, ...ssn }, extras);
    const changedFields = changedPaths(historySnapshot(current.patient), historySnapshot(proposed))
      .filter((path) => path !== 'ssnMasked')
      .concat(ssn.changed ? ['ssn'] : []);

    if (changedFields.length === 0) {
      await audit.record(tx, {
        action: 'patient.updated',
        patientId: id,
        entityType: 'patient',
        entityId: id,
        details: { version: current.row.version, changedFields },
      });
      return current.patient;
    }

    const version = current.row.version + 1;
    const row = await repo.updatePatient(tx, id, {
      ...columns,
      ssnEncrypted: ssn.ssnEncrypted,
      ssnLast4: ssn.ssnLast4,
      version,
      updatedAt: now,
      updatedBy: principal.userId,
    });
    if (changedFields.includes('identifiers')) {
      await repo.deleteIdentifiers(tx, id);
      await repo.insertIdentifiers(tx, id, identifiers, now);
    }
    const updated = toPatient(row, extras);
    await recordHistory(tx, {
      patientId: id,
      entityType: 'patient',
      entityId: id,
      version,
      action: 'updated',
      snapshot: historySnapshot(updated),
      recordedAt: now,
      recordedBy: principal.userId,
    });
    await audit.record(tx, {
      action: 'patient.updated',
      patientId: id,
      entityType: 'patient',
      entityId: id,
      details: { version, changedFields },
    });
    return updated;
  });
}

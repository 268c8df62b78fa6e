// The patient of an import, inside its transaction: found again by an external identifier,
// or registered through the patients module's bulk path (MRN from our sequence, history
// version 1, search keys) and audited as `patient.created`.
import { sql } from 'drizzle-orm';
import type { AuditRecorder } from '../../../platform/audit/audit.service.js';
import type { Encryptor } from '../../../platform/crypto.js';
import type { DbOrTx } from '../../../platform/db.js';
import { identifierValueKey, loadRecords } from '../../patients/index.js';
import { EntryWriteError } from './fhir-mapper.js';
import type { BundleEntry } from './bundle-reader.js';
import type { MatchKey, PatientImport } from './mappers/patient.fhir-mapper.js';

// Arbitrary and constant: the second key of the advisory locks on imported identifiers.
const identifierLockSpace = 6_130_401;

const keyText = (k: MatchKey) =>
  `${k.type}|${k.assigningAuthority.toLowerCase()}|${identifierValueKey(k.value)}`;

/**
 * Serializes imports of the same person: two imports of one bundle at once would both find
 * no patient and register two. Locks are taken in key order so they cannot deadlock.
 */
async function lockMatchKeys(tx: DbOrTx, keys: readonly MatchKey[]): Promise<void> {
  const texts = JSON.stringify([...new Set(keys.map(keyText))].sort());
  await tx.execute(sql`select count(pg_advisory_xact_lock(hashtext(s.k), ${identifierLockSpace}))
    from (select value as k from json_array_elements_text(${texts}::json) order by 1) s`);
}

async function findByMatchKeys(
  tx: DbOrTx,
  keys: readonly MatchKey[],
): Promise<{ id: string; mrn: string }[]> {
  const wanted = JSON.stringify(
    keys.map((k) => ({
      t: k.type,
      a: k.assigningAuthority.toLowerCase(),
      v: identifierValueKey(k.value),
    })),
  );
  // patient_identifier_unique is on (type, lower(assigning_authority), value_key).
  const { rows } = await tx.execute<{ id: string; mrn: string }>(sql`
    select distinct p.id, p.mrn
      from patient_identifier i join patient p on p.id = i.patient_id
     where (i.type, lower(i.assigning_authority), i.value_key) in
           (select w.t, w.a, w.v from json_to_recordset(${wanted}::json) as w(t text, a text, v text))`);
  return rows;
}

export interface PatientDeps {
  encryptor: Encryptor;
  audit: AuditRecorder;
}

export interface ImportedPatient {
  id: string;
  mrn: string;
  created: boolean;
  /** Identifiers another patient already holds (a driver's licence, ...): not attached. */
  identifiersSkipped: number;
}

/** Finds the patient by its match keys or registers it; the caller's transaction. */
export async function findOrRegisterPatient(
  tx: DbOrTx,
  deps: PatientDeps,
  entry: BundleEntry,
  patient: PatientImport,
  opts: { facilityId: string | null; actorUserId: string | null; now: Date },
): Promise<ImportedPatient> {
  await lockMatchKeys(tx, patient.matchKeys);
  const found = await findByMatchKeys(tx, patient.matchKeys);
  if (found.length > 1) {
    throw new EntryWriteError([
      {
        entry: entry.index,
        fullUrl: entry.fullUrl,
        resourceType: 'Patient',
        path: 'Patient.identifier',
        rule: 'patient.ambiguous_identifier',
        message: `identifiers match ${found.length} patients (${found.map((f) => f.id).join(', ')})`,
      },
    ]);
  }
  if (found[0]) return { ...found[0], created: false, identifiersSkipped: 0 };
  const loaded = await loadRecords(
    tx,
    [
      {
        key: 0,
        personKey: 0,
        duplicateOfKey: null,
        perturbations: [],
        input: patient.input,
        coverages: [],
      },
    ],
    {
      encryptor: deps.encryptor,
      history: true,
      actorUserId: opts.actorUserId,
      now: opts.now,
      ...(opts.facilityId ? { facilityId: opts.facilityId } : {}),
    },
  );
  const id = loaded.ids[0]!;
  await deps.audit.record(tx, {
    action: 'patient.created',
    actorUserId: opts.actorUserId,
    patientId: id,
    entityType: 'patient',
    entityId: id,
    facilityId: opts.facilityId,
    details: { version: 1, via: 'fhir_import' },
  });
  return { id, mrn: loaded.mrns[0]!, created: true, identifiersSkipped: loaded.identifiersSkipped };
}

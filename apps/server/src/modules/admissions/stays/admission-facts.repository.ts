import type { DbOrTx } from '../../../platform/db.js';
import { rowOfJson, runNamed } from '../../../platform/named-statement.js';
import { patientFactsJsonSql, patientFactsOf, type PatientFacts } from '../../patients/index.js';
import { bed } from '../admissions.tables.js';
import type { PlacedBed } from './stay.repository.js';

/*
 * An admission's reads as one named statement: like booking, an admission is CPU bound on
 * both sides and its cost was mostly per statement (five reads before the first write).
 */

/** What the checks of an admission read, in one round trip. */
export interface AdmissionFacts {
  /** Share-locked, so a merge cannot retire the record before we commit. */
  patient: PatientFacts | null;
  /** The patient's open stay (pre-admitted, admitted or on leave), if any. */
  openStay: { id: string; status: string } | null;
  /** Each named practitioner that exists, by id. */
  practitioners: Map<string, { isActive: boolean }>;
  /** The bed with its room and ward, locked FOR UPDATE; null when none was named or found. */
  bed: PlacedBed | null;
}

// The patient is locked before the bed, as every other path that takes both does.
const factsSql = `
select
  (select ${patientFactsJsonSql('p')} from patient p where p.id = $1 for share) as patient,
  (select json_build_object('id', s.id, 'status', s.status)
     from inpatient_stay s
    where s.patient_id = $1 and s.status in ('pre_admitted', 'admitted', 'on_leave')
    limit 1) as open_stay,
  (select coalesce(json_agg(json_build_array(pr.id, pr.is_active)), '[]')
     from practitioner pr where pr.id = any($2::uuid[])) as practitioners,
  (select json_build_object('bed', to_json(b), 'roomIsActive', r.is_active,
            'sexRestriction', r.sex_restriction, 'wardIsActive', w.is_active)
     from bed b join ward_room r on r.id = b.room_id join ward w on w.id = b.ward_id
    where b.id = $3::uuid
      for update of b) as bed`;

interface PlacedBedJson {
  bed: Record<string, unknown>;
  roomIsActive: boolean;
  sexRestriction: PlacedBed['sexRestriction'];
  wardIsActive: boolean;
}

function placedBedOf(json: PlacedBedJson): PlacedBed {
  return {
    bed: rowOfJson(bed, json.bed),
    roomIsActive: json.roomIsActive,
    sexRestriction: json.sexRestriction,
    wardIsActive: json.wardIsActive,
  };
}

export async function loadAdmissionFacts(
  tx: DbOrTx,
  o: { patientId: string; practitionerIds: readonly string[]; bedId: string | null },
): Promise<AdmissionFacts> {
  const [row] = await runNamed<{
    patient: unknown;
    open_stay: { id: string; status: string } | null;
    practitioners: [string, boolean][];
    bed: PlacedBedJson | null;
  }>(tx, 'admissions_admission_facts', factsSql, [
    o.patientId,
    [...new Set(o.practitionerIds)],
    o.bedId,
  ]);
  if (!row) throw new Error('the admission facts query returned no row');
  return {
    patient: row.patient ? patientFactsOf(row.patient) : null,
    openStay: row.open_stay,
    practitioners: new Map(row.practitioners.map(([id, isActive]) => [id, { isActive }])),
    bed: row.bed ? placedBedOf(row.bed) : null,
  };
}

import type { DbOrTx } from '../../../platform/db.js';
import { rowOf, runNamed } from '../../../platform/named-statement.js';
import { patientFactsJsonSql, patientFactsOf, type PatientFacts } from '../../patients/index.js';
import { bed, bedOccupancy, type BedOccupancyRow, type BedRow } from '../admissions.tables.js';
import type { PlacedBed } from './stay.repository.js';

/*
 * The reads of an admission and of a transfer, each as one named statement: like booking,
 * these are CPU bound on both sides and their cost was mostly per statement.
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

/** The bed `bedIdSql` names, with its room and ward, locked FOR UPDATE, as json. */
function placedBedJsonSql(bedIdSql: string): string {
  return `(select json_build_object('bed', to_json(b), 'roomIsActive', r.is_active,
            'sexRestriction', r.sex_restriction, 'wardIsActive', w.is_active)
     from bed b join ward_room r on r.id = b.room_id join ward w on w.id = b.ward_id
    where b.id = ${bedIdSql}
      for update of b)`;
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
  ${placedBedJsonSql('$3::uuid')} as bed`;

interface PlacedBedJson {
  bed: Record<string, unknown>;
  roomIsActive: boolean;
  sexRestriction: PlacedBed['sexRestriction'];
  wardIsActive: boolean;
}

function placedBedOf(json: PlacedBedJson): PlacedBed {
  return {
    bed: rowOf(bed, json.bed),
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

/** What a transfer reads once its stay is locked, in one round trip. */
export interface TransferFacts {
  /** The stay's open stretch; null only if the stay's invariant is broken. */
  stretch: BedOccupancyRow | null;
  /** The bed the patient goes to, with its room and ward, locked FOR UPDATE. */
  target: PlacedBed | null;
  /** The bed of the open stretch, locked FOR UPDATE after the target, as placeInBed did. */
  held: BedRow | null;
}

const transferFactsSql = `
with stretch as (
  select o.* from bed_occupancy o
   where o.stay_id = $1 and not o.is_void and upper_inf(o.period)
)
select
  (select to_json(s) from stretch s) as stretch,
  ${placedBedJsonSql('$2::uuid')} as target,
  (select to_json(b) from bed b where b.id = (select s.bed_id from stretch s) for update) as held`;

export async function loadTransferFacts(
  tx: DbOrTx,
  o: { stayId: string; bedId: string },
): Promise<TransferFacts> {
  const [row] = await runNamed<{
    stretch: Record<string, unknown> | null;
    target: PlacedBedJson | null;
    held: Record<string, unknown> | null;
  }>(tx, 'admissions_transfer_facts', transferFactsSql, [o.stayId, o.bedId]);
  if (!row) throw new Error('the transfer facts query returned no row');
  return {
    stretch: row.stretch ? rowOf(bedOccupancy, row.stretch) : null,
    target: row.target ? placedBedOf(row.target) : null,
    held: row.held ? rowOf(bed, row.held) : null,
  };
}

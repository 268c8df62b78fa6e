import { sql, type SQL } from 'drizzle-orm';
import type {
  Encounter,
  EncounterDetail,
  EncounterDiagnosis,
  EncounterTimelineItem,
} from '@meridian/contracts';
import type { DbOrTx } from '../../../platform/db.js';

/**
 * An encounter as the API shows it, built by PostgreSQL as JSON in one query for a whole page:
 * its facility, and its participants with their names (our practitioners' names, or the name
 * an import carried), attending first.
 */
const encounterJson = sql`json_build_object(
  'id', e.id, 'patientId', e.patient_id, 'class', e.class, 'status', e.status,
  'statusReason', e.status_reason, 'typeCode', e.type_code, 'typeDisplay', e.type_display,
  'reason', e.reason, 'startedAt', e.started_at, 'endedAt', e.ended_at,
  'appointmentId', e.appointment_id, 'stayId', e.stay_id, 'version', e.version,
  'facility', case when f.id is null then null
                   else json_build_object('id', f.id, 'name', f.name, 'timeZone', f.time_zone) end,
  'participants', (
    select coalesce(json_agg(json_build_object(
             'practitionerId', p.practitioner_id, 'display', coalesce(u.display_name, p.display),
             'role', p.role)
           order by array_position(
             array['attending', 'admitting', 'primary', 'consultant', 'participant'], p.role),
           coalesce(u.display_name, p.display)), '[]'::json)
      from encounter_participant p
      left join practitioner pr on pr.id = p.practitioner_id
      left join user_account u on u.id = pr.user_id
     where p.encounter_id = e.id))`;

const principalJson = sql`(
  select json_build_object('code', d.code, 'display', d.display)
    from encounter_diagnosis d
   where d.encounter_id = e.id and d.rank = 'principal' and d.status = 'active')`;

/** JSON timestamps come with an offset; the API answers in UTC. */
const utc = (s: string): string => new Date(s).toISOString();
const utcOrNull = (s: string | null): string | null => (s === null ? null : utc(s));

type EncounterJson = Encounter;

function fromJson(j: EncounterJson): Encounter {
  return { ...j, startedAt: utc(j.startedAt), endedAt: utcOrNull(j.endedAt) };
}

export interface TimelineRow {
  item: EncounterJson & { principalDiagnosis: EncounterTimelineItem['principalDiagnosis'] };
  /** started_at as PostgreSQL prints it: exact to the microsecond, for the cursor. */
  keyAt: string;
  keyId: string;
}

/**
 * One page of a patient's encounters, newest first by (started_at, id), after the cursor's
 * key: a walk down encounter_patient_timeline that stops after `limit` rows; participants
 * and the principal diagnosis come from per-row subqueries on their encounter_id indexes.
 */
export async function selectTimeline(
  tx: DbOrTx,
  q: {
    patientId: string;
    after: { at: string; id: string } | null;
    limit: number;
    includeEnteredInError: boolean;
  },
): Promise<{ rows: TimelineRow[] }> {
  const conditions: SQL[] = [sql`e.patient_id = ${q.patientId}`];
  if (q.after) {
    conditions.push(sql`(e.started_at, e.id) < (${q.after.at}::timestamptz, ${q.after.id}::uuid)`);
  }
  if (!q.includeEnteredInError) conditions.push(sql`e.status <> 'entered_in_error'`);
  const { rows } = await tx.execute<{
    item: TimelineRow['item'];
    key_at: string;
    key_id: string;
  }>(sql`
    select ${encounterJson}::jsonb || jsonb_build_object('principalDiagnosis', ${principalJson})
             as item,
           e.started_at::text as key_at, e.id as key_id
      from encounter e
      left join facility f on f.id = e.facility_id
     where ${sql.join(conditions, sql` and `)}
     order by e.started_at desc, e.id desc
     limit ${q.limit}`);
  return { rows: rows.map((r) => ({ item: r.item, keyAt: r.key_at, keyId: r.key_id })) };
}

export function toTimelineItem(row: TimelineRow): EncounterTimelineItem {
  return { ...fromJson(row.item), principalDiagnosis: row.item.principalDiagnosis };
}

interface DiagnosisJson {
  id: string;
  code: string;
  display: string;
  rank: EncounterDiagnosis['rank'];
  position: number;
  status: EncounterDiagnosis['status'];
  createdAt: string;
  removedAt: string | null;
  removedReason: string | null;
}

/** The encounter with its participants and diagnoses, in one query; undefined if missing. */
export async function selectEncounterDetail(
  tx: DbOrTx,
  id: string,
): Promise<EncounterDetail | undefined> {
  const { rows } = await tx.execute<{ item: EncounterJson; diagnoses: DiagnosisJson[] }>(sql`
    select ${encounterJson} as item,
           (select coalesce(json_agg(json_build_object(
                     'id', d.id, 'code', d.code, 'display', d.display, 'rank', d.rank,
                     'position', d.position, 'status', d.status, 'createdAt', d.created_at,
                     'removedAt', d.removed_at, 'removedReason', d.removed_reason)
                   order by d.status, d.rank, d.position, d.created_at), '[]'::json)
              from encounter_diagnosis d where d.encounter_id = e.id) as diagnoses
      from encounter e
      left join facility f on f.id = e.facility_id
     where e.id = ${id}`);
  const row = rows[0];
  if (!row) return undefined;
  return {
    ...fromJson(row.item),
    diagnoses: row.diagnoses.map((d) => ({
      ...d,
      createdAt: utc(d.createdAt),
      removedAt: utcOrNull(d.removedAt),
    })),
  };
}

import type { EncounterClass, EncounterStatus } from '@meridian/contracts';
import { newId } from '../src/platform/ids.js';
import type { Platform } from '../src/platform/platform.js';

/**
 * A few ICD-10-CM codes for diagnosis tests as these tests need them, whether or not the
 * code set is loaded in the test database: billable leaves, a category (not billable) and
 * a code retired from the current release.
 */
export const testCodes = {
  diabetes: 'E11.9',
  hypertension: 'I10',
  pneumonia: 'J18.9',
  asthma: 'J45.909',
  /** A category: not billable. */
  diabetesCategory: 'E11',
  /** No longer in the current release. */
  retired: 'U07.0',
} as const;

export async function seedIcd10cmCodes(platform: Platform): Promise<void> {
  const rows: [string, boolean, string, boolean][] = [
    ['E11.9', true, 'Type 2 diabetes mellitus without complications', true],
    ['I10', true, 'Essential (primary) hypertension', true],
    ['J18.9', true, 'Pneumonia, unspecified organism', true],
    ['J45.909', true, 'Unspecified asthma, uncomplicated', true],
    ['E11', false, 'Type 2 diabetes mellitus', true],
    ['U07.0', true, 'Vaping-related disorder', false],
  ];
  for (const [i, [code, billable, text, isCurrent]] of rows.entries()) {
    await platform.database.pool.query(
      `insert into icd10cm_code (code, billable, short_description, long_description,
                                 tabular_order, is_current, first_release, retired_in)
       values ($1, $2, $3, $3, $4, $5, '2022', $6)
       on conflict (code) do update
         set billable = excluded.billable, is_current = excluded.is_current,
             retired_in = excluded.retired_in`,
      [code, billable, text.slice(0, 100), i + 1, isCurrent, isCurrent ? null : '2023'],
    );
  }
}

/**
 * `count` finished encounters of a patient straight to the database, one a day back from
 * `newest` (every third the same start as the one before, so ties are ordered by id), each
 * with a participant and a principal diagnosis: for timeline and paging tests.
 */
export async function insertEncounters(
  platform: Platform,
  o: {
    patientId: string;
    facilityId: string;
    practitionerId: string;
    count: number;
    newest: Date;
    status?: EncounterStatus;
    class?: EncounterClass;
  },
): Promise<string[]> {
  const ids: string[] = [];
  const day = 86_400_000;
  const client = await platform.database.pool.connect();
  try {
    await client.query('begin');
    for (let i = 0; i < o.count; i += 1) {
      const id = newId();
      ids.push(id);
      const step = i - Math.floor(i / 3);
      const startedAt = new Date(o.newest.getTime() - step * day);
      await client.query(
        `insert into encounter (id, patient_id, facility_id, class, status, reason, started_at,
                                ended_at, created_at, updated_at)
         values ($1, $2, $3, $4, $5, 'Follow-up', $6, $7, $6, $6)`,
        [
          id,
          o.patientId,
          o.facilityId,
          o.class ?? 'ambulatory',
          o.status ?? 'finished',
          startedAt,
          new Date(startedAt.getTime() + 1_800_000),
        ],
      );
      await client.query(
        `insert into encounter_participant (encounter_id, practitioner_id, role)
         values ($1, $2, 'primary')`,
        [id, o.practitionerId],
      );
      await client.query(
        `insert into encounter_diagnosis (id, encounter_id, code, display, rank, position)
         values ($1, $2, 'I10', 'Essential (primary) hypertension', 'principal', 0)`,
        [newId(), id],
      );
    }
    await client.query('commit');
  } catch (err) {
    await client.query('rollback');
    throw err;
  } finally {
    client.release();
  }
  return ids;
}

export interface StoredEncounter {
  id: string;
  patient_id: string;
  class: string;
  status: string;
  status_reason: string | null;
  type_display: string | null;
  reason: string | null;
  started_at: Date;
  ended_at: Date | null;
  version: number;
  participants: { practitioner_id: string; role: string }[];
}

/** The encounter a visit or a stay opened (with its participants), or undefined. */
export async function encounterLinkedTo(
  platform: Platform,
  link: { appointmentId: string } | { stayId: string },
): Promise<StoredEncounter | undefined> {
  const [column, id] =
    'appointmentId' in link ? ['appointment_id', link.appointmentId] : ['stay_id', link.stayId];
  const { rows } = await platform.database.pool.query<StoredEncounter>(
    `select e.id, e.patient_id, e.class, e.status, e.status_reason, e.type_display, e.reason,
            e.started_at, e.ended_at, e.version,
            coalesce((select json_agg(json_build_object('practitioner_id', p.practitioner_id,
                                                        'role', p.role) order by p.role)
                        from encounter_participant p where p.encounter_id = e.id), '[]')
              as participants
       from encounter e where e.${column} = $1`,
    [id],
  );
  return rows[0];
}

/** The versions an encounter had before its changes, oldest first. */
export async function encounterHistoryOf(platform: Platform, encounterId: string) {
  const { rows } = await platform.database.pool.query<{
    version: number;
    snapshot: Record<string, unknown>;
  }>('select version, snapshot from encounter_history where encounter_id = $1 order by version', [
    encounterId,
  ]);
  return rows;
}

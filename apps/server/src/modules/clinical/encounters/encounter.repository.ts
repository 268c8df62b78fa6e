import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { EncounterParticipantRole, EncounterStatus } from '@meridian/contracts';
import type { DbOrTx } from '../../../platform/db.js';
import {
  encounter,
  encounterDiagnosis,
  encounterParticipant,
  type EncounterDiagnosisRow,
  type EncounterRow,
  type NewEncounterRow,
} from './encounters.tables.js';

export async function findEncounter(
  tx: DbOrTx,
  id: string,
  o: { lock?: boolean } = {},
): Promise<EncounterRow | undefined> {
  const q = tx.select().from(encounter).where(eq(encounter.id, id));
  const [row] = o.lock ? await q.for('update') : await q;
  return row;
}

export interface ParticipantValue {
  practitionerId: string;
  role: EncounterParticipantRole;
}

/** The encounter and its participants (one statement each). */
export async function insertEncounter(
  tx: DbOrTx,
  row: NewEncounterRow,
  participants: readonly ParticipantValue[],
): Promise<void> {
  await tx.insert(encounter).values(row);
  await insertParticipants(tx, row.id, participants);
}

export async function insertParticipants(
  tx: DbOrTx,
  encounterId: string,
  participants: readonly ParticipantValue[],
): Promise<void> {
  if (participants.length === 0) return;
  await tx
    .insert(encounterParticipant)
    .values(
      participants.map((p) => ({ encounterId, practitionerId: p.practitionerId, role: p.role })),
    );
}

export async function replaceParticipants(
  tx: DbOrTx,
  encounterId: string,
  participants: readonly ParticipantValue[],
): Promise<void> {
  await tx.delete(encounterParticipant).where(eq(encounterParticipant.encounterId, encounterId));
  await insertParticipants(tx, encounterId, participants);
}

/**
 * A visit's encounter, opened at check-in: encounter and primary participant in one
 * statement (the check-in's cost), typed by the appointment type.
 */
export async function insertVisitEncounter(
  tx: DbOrTx,
  v: {
    id: string;
    patientId: string;
    facilityId: string;
    appointmentId: string;
    appointmentTypeId: string;
    practitionerId: string;
    isVirtual: boolean;
    reason: string | null;
    at: Date;
    actorUserId: string | null;
  },
): Promise<void> {
  await tx.execute(sql`
    with e as (
      insert into encounter (id, patient_id, facility_id, class, status, type_code, type_display,
                             reason, started_at, appointment_id, created_by, updated_by,
                             created_at, updated_at)
      select ${v.id}::uuid, ${v.patientId}::uuid, ${v.facilityId}::uuid,
             ${v.isVirtual ? 'virtual' : 'ambulatory'}, 'in_progress', t.code, t.name,
             ${v.reason}::text, ${v.at}::timestamptz, ${v.appointmentId}::uuid,
             ${v.actorUserId}::uuid, ${v.actorUserId}::uuid, ${v.at}::timestamptz,
             ${v.at}::timestamptz
        from (select 1) one
        left join appointment_type t on t.id = ${v.appointmentTypeId}::uuid
      returning id)
    insert into encounter_participant (encounter_id, practitioner_id, role)
    select e.id, ${v.practitionerId}::uuid, 'primary' from e`);
}

/**
 * A stay's encounter, opened when the patient is in the bed: the encounter, its attending
 * and admitting practitioners in one statement (the admission's cost).
 */
export async function insertStayEncounter(
  tx: DbOrTx,
  v: {
    id: string;
    patientId: string;
    facilityId: string;
    stayId: string;
    attendingPractitionerId: string;
    admittingPractitionerId: string;
    reason: string | null;
    at: Date;
    actorUserId: string | null;
  },
): Promise<void> {
  await tx.execute(sql`
    with e as (
      insert into encounter (id, patient_id, facility_id, class, status, reason, started_at,
                             stay_id, created_by, updated_by, created_at, updated_at)
      values (${v.id}, ${v.patientId}, ${v.facilityId}, 'inpatient', 'in_progress', ${v.reason},
              ${v.at}, ${v.stayId}, ${v.actorUserId}, ${v.actorUserId}, ${v.at}, ${v.at})
      returning id)
    insert into encounter_participant (encounter_id, practitioner_id, role)
    select e.id, p.practitioner_id::uuid, p.role
      from e, (values (${v.attendingPractitionerId}, 'attending'),
                      (${v.admittingPractitionerId}, 'admitting')) as p (practitioner_id, role)`);
}

export interface EncounterChange {
  status?: EncounterStatus;
  statusReason?: string | null;
  reason?: string | null;
  /** `keep` leaves ended_at as it is. */
  endedAt?: Date | null | 'keep';
}

/**
 * Changes the encounters `where` selects (locked), keeping each one's prior version, with
 * its participants, in encounter_history; bumps the version. One statement. Returns the ids
 * changed.
 */
export async function changeEncounters(
  tx: DbOrTx,
  where: SQL,
  change: EncounterChange,
  o: { at: Date; actorUserId: string | null },
): Promise<string[]> {
  const sets: SQL[] = [
    sql`version = e.version + 1`,
    sql`updated_at = ${o.at}`,
    sql`updated_by = ${o.actorUserId}`,
  ];
  if (change.status !== undefined) sets.push(sql`status = ${change.status}`);
  if (change.statusReason !== undefined) sets.push(sql`status_reason = ${change.statusReason}`);
  if (change.reason !== undefined) sets.push(sql`reason = ${change.reason}`);
  if (change.endedAt !== undefined && change.endedAt !== 'keep') {
    sets.push(sql`ended_at = ${change.endedAt}`);
  }
  const { rows } = await tx.execute<{ id: string }>(sql`
    with old as (select * from encounter where ${where} for update),
    kept as (
      insert into encounter_history (encounter_id, version, snapshot, replaced_at, replaced_by)
      select old.id, old.version,
             to_jsonb(old) || jsonb_build_object('participants', (
               select coalesce(jsonb_agg(to_jsonb(p) - 'encounter_id'), '[]'::jsonb)
                 from encounter_participant p where p.encounter_id = old.id)),
             ${o.at}, ${o.actorUserId}
        from old)
    update encounter e set ${sql.join(sets, sql`, `)}
      from old where e.id = old.id
    returning e.id`);
  return rows.map((r) => r.id);
}

// ---- Diagnoses ----

export async function findActiveDiagnoses(
  tx: DbOrTx,
  encounterId: string,
): Promise<EncounterDiagnosisRow[]> {
  return tx
    .select()
    .from(encounterDiagnosis)
    .where(
      and(eq(encounterDiagnosis.encounterId, encounterId), eq(encounterDiagnosis.status, 'active')),
    )
    .orderBy(asc(encounterDiagnosis.position), asc(encounterDiagnosis.createdAt));
}

export async function insertDiagnosis(
  tx: DbOrTx,
  row: typeof encounterDiagnosis.$inferInsert,
): Promise<EncounterDiagnosisRow> {
  const [inserted] = await tx.insert(encounterDiagnosis).values(row).returning();
  if (!inserted) throw new Error(`diagnosis ${row.id} insert returned nothing`);
  return inserted;
}

export async function setDiagnosisRank(
  tx: DbOrTx,
  id: string,
  rank: EncounterDiagnosisRow['rank'],
  position: number,
): Promise<void> {
  await tx.update(encounterDiagnosis).set({ rank, position }).where(eq(encounterDiagnosis.id, id));
}

export async function retireDiagnosis(
  tx: DbOrTx,
  id: string,
  o: { at: Date; actorUserId: string | null; reason: string },
): Promise<void> {
  await tx
    .update(encounterDiagnosis)
    .set({
      status: 'entered_in_error',
      removedAt: o.at,
      removedBy: o.actorUserId,
      removedReason: o.reason,
    })
    .where(eq(encounterDiagnosis.id, id));
}

/** The diagnosis in its encounter, or undefined. */
export async function findDiagnosis(
  tx: DbOrTx,
  encounterId: string,
  id: string,
): Promise<EncounterDiagnosisRow | undefined> {
  const [row] = await tx
    .select()
    .from(encounterDiagnosis)
    .where(and(eq(encounterDiagnosis.id, id), eq(encounterDiagnosis.encounterId, encounterId)));
  return row;
}

// ---- Patient merge ----

export async function countEncountersOfPatient(tx: DbOrTx, patientId: string): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(encounter)
    .where(eq(encounter.patientId, patientId));
  return row?.n ?? 0;
}

export async function moveEncountersToPatient(
  tx: DbOrTx,
  fromPatientId: string,
  toPatientId: string,
  at: Date,
): Promise<number> {
  const moved = await tx
    .update(encounter)
    .set({ patientId: toPatientId, updatedAt: at, version: sql`${encounter.version} + 1` })
    .where(eq(encounter.patientId, fromPatientId))
    .returning({ id: encounter.id });
  return moved.length;
}

import { and, asc, eq, inArray, notInArray, sql, type SQL } from 'drizzle-orm';
import { userAccount } from '../../../platform/auth/auth.tables.js';
import type { DbOrTx } from '../../../platform/db.js';
import type { WaitlistStatus } from '@meridian/contracts';
import { periodLiteral, type Period } from '../period-column.js';
import {
  appointment,
  appointmentEvent,
  appointmentType,
  practitioner,
  waitlistEntry,
  waitlistOffer,
  type AppointmentRow,
  type AppointmentTypeRow,
  type Channel,
} from '../scheduling.tables.js';

export type WaitlistEntryRow = typeof waitlistEntry.$inferSelect;
export type NewWaitlistEntryRow = typeof waitlistEntry.$inferInsert;
export type WaitlistOfferRow = typeof waitlistOffer.$inferSelect;
export type OfferStatus = WaitlistOfferRow['status'];

/** An entry with the names and the open offer the list shows. */
export interface WaitlistEntryRecord {
  entry: WaitlistEntryRow;
  appointmentTypeName: string;
  practitionerName: string | null;
  offerExpiresAt: Date | null;
  /** created_at to the microsecond (UTC ISO 8601), for the list's keyset cursor. */
  createdAtExact: string;
}

export async function insertEntry(tx: DbOrTx, row: NewWaitlistEntryRow): Promise<WaitlistEntryRow> {
  const [saved] = await tx.insert(waitlistEntry).values(row).returning();
  if (!saved) throw new Error('waitlist entry insert returned nothing');
  return saved;
}

export async function findEntry(
  tx: DbOrTx,
  id: string,
  opts: { lock?: boolean } = {},
): Promise<WaitlistEntryRow | null> {
  const q = tx.select().from(waitlistEntry).where(eq(waitlistEntry.id, id));
  const rows = opts.lock ? await q.for('update') : await q;
  return rows[0] ?? null;
}

export async function updateEntry(
  tx: DbOrTx,
  id: string,
  fields: Partial<Pick<WaitlistEntryRow, 'status' | 'bookedAppointmentId'>>,
  now: Date,
): Promise<WaitlistEntryRow> {
  const [row] = await tx
    .update(waitlistEntry)
    .set({ ...fields, version: sql`${waitlistEntry.version} + 1`, updatedAt: now })
    .where(eq(waitlistEntry.id, id))
    .returning();
  if (!row) throw new Error(`waitlist entry ${id} vanished`);
  return row;
}

/** Entries back to waiting (their offer lapsed or the slot went to someone else). */
export async function returnEntriesToWaiting(
  tx: DbOrTx,
  ids: readonly string[],
  now: Date,
): Promise<void> {
  if (ids.length === 0) return;
  await tx
    .update(waitlistEntry)
    .set({ status: 'waiting', version: sql`${waitlistEntry.version} + 1`, updatedAt: now })
    .where(and(inArray(waitlistEntry.id, [...ids]), eq(waitlistEntry.status, 'offered')));
}

/** The list, first come first served, with the names and any open offer's expiry. */
export async function listEntryRecords(
  tx: DbOrTx,
  f: {
    facilityId: string;
    statuses: readonly WaitlistStatus[];
    practitionerId?: string | undefined;
    specialty?: string | undefined;
    ids?: readonly string[];
    /** Keyset: the entries after this one in arrival order. */
    after?: { createdAt: string; id: string } | undefined;
  },
  limit = 500,
): Promise<WaitlistEntryRecord[]> {
  const conditions: SQL[] = [
    eq(waitlistEntry.facilityId, f.facilityId),
    inArray(waitlistEntry.status, [...f.statuses]),
  ];
  if (f.practitionerId) conditions.push(eq(waitlistEntry.practitionerId, f.practitionerId));
  if (f.specialty) {
    conditions.push(sql`lower(${waitlistEntry.specialty}) = lower(${f.specialty})`);
  }
  if (f.ids) conditions.push(inArray(waitlistEntry.id, [...f.ids]));
  if (f.after) {
    conditions.push(
      sql`(${waitlistEntry.createdAt}, ${waitlistEntry.id}) > (${f.after.createdAt}::timestamptz, ${f.after.id}::uuid)`,
    );
  }
  const rows = await tx
    .select({
      entry: waitlistEntry,
      appointmentTypeName: appointmentType.name,
      practitionerName: userAccount.displayName,
      offerExpiresAt: sql<Date | null>`(
        select max(o.expires_at) from waitlist_offer o
        where o.entry_id = ${waitlistEntry.id} and o.status = 'open')`.mapWith(
        (v: string | null) => (v === null ? null : new Date(v)),
      ),
      createdAtExact: sql<string>`to_char(${waitlistEntry.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    })
    .from(waitlistEntry)
    .innerJoin(appointmentType, eq(appointmentType.id, waitlistEntry.appointmentTypeId))
    .leftJoin(practitioner, eq(practitioner.id, waitlistEntry.practitionerId))
    .leftJoin(userAccount, eq(userAccount.id, practitioner.userId))
    .where(and(...conditions))
    .orderBy(asc(waitlistEntry.createdAt), asc(waitlistEntry.id))
    .limit(limit);
  return rows;
}

// ---- Matching a freed slot ----

export interface FreedSlot {
  practitionerId: string;
  facilityId: string;
  specialty: string;
  startsAt: Date;
  blockedPeriod: Period;
  localDate: string;
  /** The patient who gave the slot up (null for a lapsed hold): not offered their own slot. */
  freedPatientId: string | null;
}

/**
 * Waiting entries that could take the slot, first come first served, locked (SKIP LOCKED:
 * an entry another transaction is offering right now is left to it). An entry matches when
 * it is at the slot's facility; wants this practitioner or their specialty; its window holds
 * the slot's local date; its type fits in the freed time and may be booked with this
 * practitioner; it was not offered this slot before; its patient is free then; and, when it
 * would move an existing appointment, the slot is earlier than that appointment.
 */
export async function findMatchingEntries(
  tx: DbOrTx,
  slot: FreedSlot,
  limit: number,
): Promise<(WaitlistEntryRow & { type: AppointmentTypeRow })[]> {
  const start = slot.startsAt.toISOString();
  const blocked = periodLiteral(slot.blockedPeriod);
  const visitEnd = sql`${start}::timestamptz + make_interval(mins => ${appointmentType.durationMinutes})`;
  const rows = await tx
    .select({ entry: waitlistEntry, type: appointmentType })
    .from(waitlistEntry)
    .innerJoin(appointmentType, eq(appointmentType.id, waitlistEntry.appointmentTypeId))
    .where(
      and(
        eq(waitlistEntry.facilityId, slot.facilityId),
        eq(waitlistEntry.status, 'waiting'),
        sql`(${waitlistEntry.practitionerId} = ${slot.practitionerId}
             or lower(${waitlistEntry.specialty}) = lower(${slot.specialty}))`,
        sql`${slot.localDate}::date between ${waitlistEntry.earliestDate} and ${waitlistEntry.latestDate}`,
        slot.freedPatientId ? sql`${waitlistEntry.patientId} <> ${slot.freedPatientId}` : sql`true`,
        eq(appointmentType.isActive, true),
        sql`${blocked}::tstzrange @> tstzrange(
              ${start}::timestamptz - make_interval(mins => ${appointmentType.bufferBeforeMinutes}),
              ${visitEnd} + make_interval(mins => ${appointmentType.bufferAfterMinutes}))`,
        sql`(not exists (select 1 from appointment_type_practitioner atp
                         where atp.appointment_type_id = ${appointmentType.id})
             or exists (select 1 from appointment_type_practitioner atp
                        where atp.appointment_type_id = ${appointmentType.id}
                          and atp.practitioner_id = ${slot.practitionerId}))`,
        sql`not exists (select 1 from waitlist_offer o
                        join appointment h on h.id = o.held_appointment_id
                        where o.entry_id = ${waitlistEntry.id}
                          and h.practitioner_id = ${slot.practitionerId}
                          and h.starts_at = ${start}::timestamptz)`,
        sql`not exists (select 1 from appointment a
                        where a.patient_id = ${waitlistEntry.patientId}
                          and a.status in ('booked', 'confirmed', 'arrived', 'in_room', 'completed')
                          and a.id is distinct from ${waitlistEntry.currentAppointmentId}
                          and tstzrange(a.starts_at, a.ends_at) && tstzrange(${start}::timestamptz, ${visitEnd}))`,
        sql`(${waitlistEntry.currentAppointmentId} is null or exists (
               select 1 from appointment c
               where c.id = ${waitlistEntry.currentAppointmentId}
                 and c.status in ('booked', 'confirmed')
                 and c.starts_at > ${start}::timestamptz))`,
      ),
    )
    .orderBy(asc(waitlistEntry.createdAt), asc(waitlistEntry.id))
    .limit(limit)
    .for('update', { of: waitlistEntry, skipLocked: true });
  return rows.map((r) => ({ ...r.entry, type: r.type }));
}

// ---- Offers ----

export async function insertOffers(
  tx: DbOrTx,
  rows: (typeof waitlistOffer.$inferInsert)[],
): Promise<void> {
  if (rows.length) await tx.insert(waitlistOffer).values(rows);
}

export async function findOffer(
  tx: DbOrTx,
  id: string,
  opts: { lock?: boolean } = {},
): Promise<WaitlistOfferRow | null> {
  const q = tx.select().from(waitlistOffer).where(eq(waitlistOffer.id, id));
  const rows = opts.lock ? await q.for('update') : await q;
  return rows[0] ?? null;
}

export async function setOfferStatus(
  tx: DbOrTx,
  id: string,
  status: OfferStatus,
  now: Date,
): Promise<void> {
  await tx.update(waitlistOffer).set({ status, answeredAt: now }).where(eq(waitlistOffer.id, id));
}

/** Closes the hold's still-open offers; returns them (their entries go back to waiting). */
export async function closeOpenOffers(
  tx: DbOrTx,
  heldAppointmentId: string,
  status: Extract<OfferStatus, 'taken' | 'expired'>,
  now: Date,
): Promise<WaitlistOfferRow[]> {
  return tx
    .update(waitlistOffer)
    .set({ status, answeredAt: now })
    .where(
      and(eq(waitlistOffer.heldAppointmentId, heldAppointmentId), eq(waitlistOffer.status, 'open')),
    )
    .returning();
}

export async function countOpenOffers(tx: DbOrTx, heldAppointmentId: string): Promise<number> {
  const rows = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(waitlistOffer)
    .where(
      and(eq(waitlistOffer.heldAppointmentId, heldAppointmentId), eq(waitlistOffer.status, 'open')),
    );
  return rows[0]?.n ?? 0;
}

/** The open offers of an entry (an entry has at most one while `offered`). */
export async function openOffersOfEntry(tx: DbOrTx, entryId: string): Promise<WaitlistOfferRow[]> {
  return tx
    .select()
    .from(waitlistOffer)
    .where(and(eq(waitlistOffer.entryId, entryId), eq(waitlistOffer.status, 'open')));
}

// ---- Held appointments ----

export async function insertHold(
  tx: DbOrTx,
  row: typeof appointment.$inferInsert,
): Promise<AppointmentRow> {
  const [saved] = await tx.insert(appointment).values(row).returning();
  if (!saved) throw new Error('hold insert returned nothing');
  return saved;
}

export async function findAppointment(
  tx: DbOrTx,
  id: string,
  opts: { lock?: boolean } = {},
): Promise<AppointmentRow | null> {
  const q = tx.select().from(appointment).where(eq(appointment.id, id));
  const rows = opts.lock ? await q.for('update') : await q;
  return rows[0] ?? null;
}

export async function updateAppointment(
  tx: DbOrTx,
  id: string,
  fields: Partial<typeof appointment.$inferInsert>,
  now: Date,
): Promise<AppointmentRow> {
  const [row] = await tx
    .update(appointment)
    .set({ ...fields, version: sql`${appointment.version} + 1`, updatedAt: now })
    .where(eq(appointment.id, id))
    .returning();
  if (!row) throw new Error(`appointment ${id} vanished`);
  return row;
}

/** Holds whose time is up, oldest first; SKIP LOCKED so several workers share the work. */
export async function lockExpiredHolds(
  tx: DbOrTx,
  now: Date,
  limit: number,
): Promise<AppointmentRow[]> {
  return tx
    .select()
    .from(appointment)
    .where(and(eq(appointment.status, 'held'), sql`${appointment.holdExpiresAt} <= ${now}`))
    .orderBy(asc(appointment.holdExpiresAt))
    .limit(limit)
    .for('update', { skipLocked: true });
}

/** An active appointment of the patient overlapping [from, to), other than `exceptId`. */
export async function findPatientOverlap(
  tx: DbOrTx,
  patientId: string,
  from: Date,
  to: Date,
  exceptIds: readonly string[],
): Promise<string | null> {
  const rows = await tx
    .select({ id: appointment.id })
    .from(appointment)
    .where(
      and(
        eq(appointment.patientId, patientId),
        inArray(appointment.status, ['booked', 'confirmed', 'arrived', 'in_room', 'completed']),
        sql`tstzrange(${appointment.startsAt}, ${appointment.endsAt}) && tstzrange(${from.toISOString()}::timestamptz, ${to.toISOString()}::timestamptz)`,
        exceptIds.length ? notInArray(appointment.id, [...exceptIds]) : sql`true`,
      ),
    )
    .limit(1);
  return rows[0]?.id ?? null;
}

export async function insertAppointmentEvent(
  tx: DbOrTx,
  e: {
    id: string;
    appointmentId: string;
    kind: 'booked' | 'status';
    fromStatus?: AppointmentRow['status'];
    toStatus: AppointmentRow['status'];
    channel: Channel;
    actorUserId: string | null;
    note?: string;
    occurredAt: Date;
  },
): Promise<void> {
  await tx.insert(appointmentEvent).values({
    id: e.id,
    appointmentId: e.appointmentId,
    kind: e.kind,
    fromStatus: e.fromStatus ?? null,
    toStatus: e.toStatus,
    channel: e.channel,
    actorUserId: e.actorUserId,
    note: e.note ?? null,
    occurredAt: e.occurredAt,
  });
}

// ---- Names and places ----

export interface SlotContext {
  practitionerName: string;
  specialty: string;
  facilityName: string;
  timeZone: string;
  appointmentTypeName: string;
}

/** The names a message or a link view shows, and the facility's zone. */
export async function findSlotContext(
  tx: DbOrTx,
  a: Pick<AppointmentRow, 'practitionerId' | 'facilityId' | 'appointmentTypeId'>,
): Promise<SlotContext> {
  const { rows } = await tx.execute<{
    practitioner_name: string;
    specialty: string;
    facility_name: string;
    time_zone: string;
    type_name: string;
  }>(sql`
    select u.display_name as practitioner_name, p.specialty, f.name as facility_name,
           f.time_zone, t.name as type_name
    from practitioner p
    join user_account u on u.id = p.user_id
    cross join facility f
    cross join appointment_type t
    where p.id = ${a.practitionerId} and f.id = ${a.facilityId} and t.id = ${a.appointmentTypeId}`);
  const row = rows[0];
  if (!row) throw new Error(`slot context of practitioner ${a.practitionerId} not found`);
  return {
    practitionerName: row.practitioner_name,
    specialty: row.specialty,
    facilityName: row.facility_name,
    timeZone: row.time_zone,
    appointmentTypeName: row.type_name,
  };
}

/** What an entry names: the facility's zone (null: no such facility), type and practitioner. */
export async function findEntryReferences(
  tx: DbOrTx,
  r: { facilityId: string; appointmentTypeId: string; practitionerId: string | null },
): Promise<{
  facilityTimeZone: string | null;
  typeActive: boolean | null;
  practitionerActive: boolean | null;
}> {
  const { rows } = await tx.execute<{
    time_zone: string | null;
    type_active: boolean | null;
    practitioner_active: boolean | null;
  }>(sql`
    select (select time_zone from facility where id = ${r.facilityId}) as time_zone,
           (select is_active from appointment_type where id = ${r.appointmentTypeId}) as type_active,
           (select is_active from practitioner where id = ${r.practitionerId}::uuid) as practitioner_active`);
  const row = rows[0];
  return {
    facilityTimeZone: row?.time_zone ?? null,
    typeActive: row?.type_active ?? null,
    practitionerActive: row?.practitioner_active ?? null,
  };
}

export async function findAppointmentType(
  tx: DbOrTx,
  id: string,
): Promise<AppointmentTypeRow | null> {
  const rows = await tx.select().from(appointmentType).where(eq(appointmentType.id, id));
  return rows[0] ?? null;
}

/** An open entry of the patient for the same visit type and target, if any. */
export async function findOpenDuplicate(
  tx: DbOrTx,
  e: Pick<
    WaitlistEntryRow,
    'patientId' | 'facilityId' | 'appointmentTypeId' | 'practitionerId' | 'specialty'
  >,
): Promise<string | null> {
  const rows = await tx
    .select({ id: waitlistEntry.id })
    .from(waitlistEntry)
    .where(
      and(
        eq(waitlistEntry.patientId, e.patientId),
        eq(waitlistEntry.facilityId, e.facilityId),
        eq(waitlistEntry.appointmentTypeId, e.appointmentTypeId),
        inArray(waitlistEntry.status, ['waiting', 'offered']),
        sql`${waitlistEntry.practitionerId} is not distinct from ${e.practitionerId}`,
        sql`lower(${waitlistEntry.specialty}) is not distinct from lower(${e.specialty})`,
      ),
    )
    .limit(1);
  return rows[0]?.id ?? null;
}

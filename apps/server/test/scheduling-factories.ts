import type { AppointmentStatus, TemplateBlock } from '@meridian/contracts';
import { newId } from '../src/platform/ids.js';
import type { Platform } from '../src/platform/platform.js';
import {
  appointment,
  appointmentType,
  appointmentTypePractitioner,
  practitioner,
  scheduleException,
  scheduleTemplate,
  scheduleTemplateBlock,
  waitlistEntry,
  type AppointmentRow,
  type AppointmentTypeRow,
  type PractitionerRow,
} from '../src/modules/scheduling/scheduling.tables.js';
import { createFacility } from './auth-helpers.js';
import { createStaff, signedInStaff } from './factories.js';

let counter = 0;

/** A facility in the given zone with one department (straight to the database). */
export async function createClinic(
  platform: Platform,
  o: { timeZone?: string; name?: string } = {},
): Promise<{ facilityId: string; departmentId: string; timeZone: string }> {
  counter += 1;
  const timeZone = o.timeZone ?? 'America/New_York';
  const f = await createFacility(platform, { timeZone, ...(o.name ? { name: o.name } : {}) });
  const departmentId = newId();
  await platform.database.pool.query(
    `insert into department (id, facility_id, name, code, is_active, version, created_at, updated_at)
     values ($1, $2, $3, $4, true, 1, now(), now())`,
    [departmentId, f.id, `Clinic ${counter}`, `C${counter}`],
  );
  return { facilityId: f.id, departmentId, timeZone };
}

export interface PractitionerOptions {
  facilityId: string;
  departmentId?: string | null;
  specialty?: string;
  maxAppointmentsPerDay?: number | null;
  displayName?: string;
  isActive?: boolean;
}

/** A physician staff user with a practitioner profile. */
export async function createPractitioner(
  platform: Platform,
  o: PractitionerOptions,
): Promise<PractitionerRow & { displayName: string }> {
  counter += 1;
  const displayName = o.displayName ?? `Dr. Test ${counter}`;
  const user = await createStaff(platform, { roles: ['physician'], displayName });
  const now = platform.clock.now();
  const [row] = await platform.db
    .insert(practitioner)
    .values({
      id: newId(),
      userId: user.id,
      facilityId: o.facilityId,
      departmentId: o.departmentId ?? null,
      specialty: o.specialty ?? 'Family medicine',
      maxAppointmentsPerDay: o.maxAppointmentsPerDay ?? null,
      isActive: o.isActive ?? true,
      version: 1,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  if (!row) throw new Error('practitioner insert returned nothing');
  return { ...row, displayName };
}

/** An appointment type (default: 30-minute in-person follow-up, no buffers). */
export async function createAppointmentType(
  platform: Platform,
  o: Partial<Omit<AppointmentTypeRow, 'id'>> & { practitionerIds?: string[] } = {},
): Promise<AppointmentTypeRow> {
  counter += 1;
  const now = platform.clock.now();
  const { practitionerIds = [], ...fields } = o;
  const [row] = await platform.db
    .insert(appointmentType)
    .values({
      id: newId(),
      code: `T${counter}-${newId().slice(-4).toUpperCase()}`,
      name: `Visit type ${counter}`,
      durationMinutes: 30,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      visitKind: 'follow_up',
      modality: 'in_person',
      color: '#1c7ed6',
      isActive: true,
      version: 1,
      createdAt: now,
      updatedAt: now,
      ...fields,
    })
    .returning();
  if (!row) throw new Error('appointment type insert returned nothing');
  if (practitionerIds.length) {
    await platform.db
      .insert(appointmentTypePractitioner)
      .values(
        practitionerIds.map((practitionerId) => ({ appointmentTypeId: row.id, practitionerId })),
      );
  }
  return row;
}

/** Monday to Friday 09:00-17:00 local time. */
export const weekdayNineToFive: TemplateBlock[] = [1, 2, 3, 4, 5].map((weekday) => ({
  weekday,
  startMinute: 9 * 60,
  endMinute: 17 * 60,
}));

/** A weekly template with its blocks (default Mon-Fri 9-17 from 2026-01-01, open-ended). */
export async function createTemplate(
  platform: Platform,
  o: {
    practitionerId: string;
    facilityId: string;
    blocks?: TemplateBlock[];
    effectiveFrom?: string;
    effectiveUntil?: string | null;
  },
): Promise<string> {
  const id = newId();
  const now = platform.clock.now();
  const from = o.effectiveFrom ?? '2026-01-01';
  const until = o.effectiveUntil ?? null;
  await platform.db.transaction(async (tx) => {
    await tx.insert(scheduleTemplate).values({
      id,
      practitionerId: o.practitionerId,
      facilityId: o.facilityId,
      name: 'Regular hours',
      effectiveFrom: from,
      effectiveUntil: until,
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
    await tx.insert(scheduleTemplateBlock).values(
      (o.blocks ?? weekdayNineToFive).map((b) => ({
        id: newId(),
        templateId: id,
        practitionerId: o.practitionerId,
        weekday: b.weekday,
        startMinute: b.startMinute,
        endMinute: b.endMinute,
        effective: { from, until },
      })),
    );
  });
  return id;
}

/** An exception (leave by default) for a practitioner, a resource or a whole facility. */
export async function createException(
  platform: Platform,
  o: {
    practitionerId?: string;
    resourceId?: string;
    facilityId?: string;
    kind?: 'leave' | 'holiday' | 'blocked';
    startsAt: string;
    endsAt: string;
    reason?: string;
  },
): Promise<string> {
  const id = newId();
  await platform.db.insert(scheduleException).values({
    id,
    kind: o.kind ?? 'leave',
    practitionerId: o.practitionerId ?? null,
    resourceId: o.resourceId ?? null,
    facilityId: o.facilityId ?? null,
    period: { from: new Date(o.startsAt), to: new Date(o.endsAt) },
    reason: o.reason ?? 'Annual leave',
    isCancelled: false,
    createdAt: platform.clock.now(),
  });
  return id;
}

/**
 * An appointment written straight to the database, bypassing the booking rules (not the
 * constraints): for tests of what reads appointments.
 */
export async function insertAppointment(
  platform: Platform,
  o: {
    patientId: string;
    practitionerId: string;
    facilityId: string;
    appointmentTypeId: string;
    startsAt: string;
    minutes?: number;
    status?: AppointmentStatus;
    departmentId?: string | null;
  },
): Promise<AppointmentRow> {
  const startsAt = new Date(o.startsAt);
  const endsAt = new Date(startsAt.getTime() + (o.minutes ?? 30) * 60_000);
  const now = platform.clock.now();
  const status = o.status ?? 'booked';
  const [row] = await platform.db
    .insert(appointment)
    .values({
      id: newId(),
      patientId: o.patientId,
      practitionerId: o.practitionerId,
      facilityId: o.facilityId,
      departmentId: o.departmentId ?? null,
      appointmentTypeId: o.appointmentTypeId,
      startsAt,
      endsAt,
      blockedPeriod: { from: startsAt, to: endsAt },
      status,
      modality: 'in_person',
      isOverbooked: false,
      bookedAt: now,
      cancelReason: status === 'cancelled' ? 'Test cancellation' : null,
      cancelledAt: status === 'cancelled' ? now : null,
      version: 1,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  if (!row) throw new Error('appointment insert returned nothing');
  return row;
}

/** A waitlist entry written straight to the database (status waiting unless told). */
export async function createWaitlistEntry(
  platform: Platform,
  o: {
    patientId: string;
    facilityId: string;
    appointmentTypeId: string;
    practitionerId?: string | null;
    specialty?: string | null;
    earliestDate?: string;
    latestDate?: string;
    currentAppointmentId?: string | null;
    status?: 'waiting' | 'offered' | 'booked' | 'cancelled' | 'expired';
  },
): Promise<typeof waitlistEntry.$inferSelect> {
  const now = platform.clock.now();
  const [row] = await platform.db
    .insert(waitlistEntry)
    .values({
      id: newId(),
      patientId: o.patientId,
      facilityId: o.facilityId,
      appointmentTypeId: o.appointmentTypeId,
      practitionerId: o.practitionerId ?? null,
      specialty: o.specialty ?? null,
      earliestDate: o.earliestDate ?? '2026-01-15',
      latestDate: o.latestDate ?? '2026-02-28',
      currentAppointmentId: o.currentAppointmentId ?? null,
      status: o.status ?? 'waiting',
      version: 1,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  if (!row) throw new Error('waitlist entry insert returned nothing');
  return row;
}

/**
 * A bookable scene (booking tests): a New York clinic, a practitioner of its department
 * working Mon-Fri 09:00-17:00 there, and a 30-minute type. The test clock's Thursday
 * 2026-01-15 is in winter time (UTC-5): 10:00 local on Monday 2026-01-19 is 15:00Z.
 */
export async function createBookingScene(
  platform: Platform,
  o: {
    practitioner?: Partial<PractitionerOptions>;
    type?: Parameters<typeof createAppointmentType>[1];
  } = {},
) {
  const clinic = await createClinic(platform);
  const doc = await createPractitioner(platform, {
    facilityId: clinic.facilityId,
    departmentId: clinic.departmentId,
    ...o.practitioner,
  });
  await createTemplate(platform, { practitionerId: doc.id, facilityId: clinic.facilityId });
  const type = await createAppointmentType(platform, o.type);
  return { clinic, doc, type };
}

/** A reminder rule (default: every type without rules of its own), straight to the database. */
export async function createReminderRule(
  platform: Platform,
  o: { hoursBefore: number; appointmentTypeId?: string | null; isActive?: boolean },
): Promise<string> {
  const id = newId();
  await platform.database.pool.query(
    `insert into reminder_rule (id, appointment_type_id, hours_before, is_active, version, created_at, updated_at)
     values ($1, $2, $3, $4, 1, now(), now())`,
    [id, o.appointmentTypeId ?? null, o.hoursBefore, o.isActive ?? true],
  );
  return id;
}

/**
 * Reserves a room for the appointment over its visit (a new room in its facility unless one
 * is given), straight to the database; returns the room's id.
 */
export async function reserveRoom(
  platform: Platform,
  a: Pick<AppointmentRow, 'id' | 'facilityId' | 'startsAt' | 'endsAt'>,
  resourceId?: string,
): Promise<string> {
  const pool = platform.database.pool;
  const roomId = resourceId ?? newId();
  if (!resourceId) {
    await pool.query(
      `insert into schedule_resource (id, facility_id, kind, code, name, is_active, version, created_at, updated_at)
       values ($1, $2, 'room', $3, 'Room', true, 1, now(), now())`,
      [roomId, a.facilityId, `R${roomId.slice(-8).toUpperCase()}`],
    );
  }
  await pool.query(
    `insert into appointment_resource (appointment_id, resource_id, period, is_active)
     values ($1, $2, tstzrange($3, $4), true)`,
    [a.id, roomId, a.startsAt, a.endsAt],
  );
  return roomId;
}

/** The audit rows about one entity whose action starts with `actionPrefix`, oldest first. */
export async function auditOfEntity(platform: Platform, entityId: string, actionPrefix: string) {
  const { rows } = await platform.database.pool.query<{
    action: string;
    actor_user_id: string | null;
    patient_id: string | null;
    details: Record<string, unknown>;
  }>(
    `select action, actor_user_id, patient_id, details from audit_event
      where entity_id = $1 and starts_with(action, $2) order by seq`,
    [entityId, actionPrefix],
  );
  return rows;
}

/**
 * What the calendar-setup tests sign in as: two clinics, an administrator of every facility,
 * the front desk (no schedule.manage), and an administrator limited to clinic B.
 */
export async function calendarSetupScene(platform: Platform) {
  const clinicA = await createClinic(platform);
  const clinicB = await createClinic(platform);
  return {
    clinicA,
    clinicB,
    admin: await signedInStaff(platform, { roles: ['admin'] }),
    frontDesk: await signedInStaff(platform, { roles: ['front_desk'] }),
    adminOfB: await signedInStaff(platform, {
      roles: ['admin'],
      facilityIds: [clinicB.facilityId],
    }),
  };
}

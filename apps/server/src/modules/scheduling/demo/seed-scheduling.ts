// The demo's scheduling: six physicians with practitioner profiles and weekly hours at
// Meridian General Hospital, the appointment types, rooms and equipment, reminder rules,
// holidays and one practitioner's leave, then about five weeks of visits around `now`
// (two weeks back, three ahead) for the demo patients. Seeded outside working hours (local
// time), two internists get one-off extended hours around `now`, so that the front desk's
// Today list always has patients seen, waiting and still to come. Audited as one event.
import { sql } from 'drizzle-orm';
import { Temporal } from 'temporal-polyfill';
import type { TemplateBlock } from '@meridian/contracts';
import type { DbOrTx } from '../../../platform/db.js';
import { newId } from '../../../platform/ids.js';
import type { Platform } from '../../../platform/platform.js';
import { createStaffService } from '../../staff/index.js';
import {
  appointmentType,
  appointmentTypePractitioner,
  practitioner,
  reminderRule,
  scheduleException,
  scheduleResource,
  scheduleTemplate,
  scheduleTemplateBlock,
} from '../scheduling.tables.js';
import type { Period } from '../period-column.js';
import { extendedHoursAround, hasWorkingHoursAround } from './demo-hours.js';
import { generateAppointments, type GeneratorType } from './generate-appointments.js';
import { loadAppointments } from './load-appointments.js';

export interface DemoPractitioner {
  /** Null: the existing demo physician account with this email. */
  displayName: string | null;
  email: string;
  departmentCode: string;
  specialty: string;
  worksSaturdayMorning?: boolean;
  isSurgeon?: boolean;
  onLeaveNextWeek?: boolean;
  /** Works the extended hours when the demo is seeded outside working hours. */
  coversExtendedHours?: boolean;
}

export const DEMO_PRACTITIONERS: readonly DemoPractitioner[] = [
  {
    displayName: null,
    email: 'physician@meridian.example',
    departmentCode: 'IM',
    specialty: 'Internal medicine',
    coversExtendedHours: true,
  },
  {
    displayName: 'Dr. Samuel Okafor',
    email: 'okafor@meridian.example',
    departmentCode: 'IM',
    specialty: 'Internal medicine',
    coversExtendedHours: true,
  },
  {
    displayName: 'Dr. Mei Chen',
    email: 'chen@meridian.example',
    departmentCode: 'IM',
    specialty: 'Internal medicine',
  },
  {
    displayName: 'Dr. Aisha Patel',
    email: 'patel@meridian.example',
    departmentCode: 'PEDS',
    specialty: 'Pediatrics',
    worksSaturdayMorning: true,
  },
  {
    displayName: 'Dr. Laura Novak',
    email: 'novak@meridian.example',
    departmentCode: 'PEDS',
    specialty: 'Pediatrics',
    onLeaveNextWeek: true,
  },
  {
    displayName: 'Dr. Daniel Kim',
    email: 'kim@meridian.example',
    departmentCode: 'SURG',
    specialty: 'General surgery',
    isSurgeon: true,
  },
];

const DEMO_TYPES = [
  {
    code: 'NEW',
    name: 'New patient visit',
    durationMinutes: 40,
    after: 5,
    visitKind: 'new',
    modality: 'in_person',
    color: '#1c7ed6',
  },
  {
    code: 'FU',
    name: 'Follow-up visit',
    durationMinutes: 20,
    after: 0,
    visitKind: 'follow_up',
    modality: 'in_person',
    color: '#2f9e44',
  },
  {
    code: 'VIDEO',
    name: 'Video follow-up',
    durationMinutes: 15,
    after: 0,
    visitKind: 'follow_up',
    modality: 'video',
    color: '#7048e8',
  },
  {
    code: 'PROC',
    name: 'Minor procedure',
    durationMinutes: 60,
    before: 10,
    after: 10,
    visitKind: 'new',
    modality: 'in_person',
    color: '#e8590c',
  },
] as const;

const DEMO_RESOURCES = [
  { kind: 'room', code: 'EXAM-1', name: 'Exam 1' },
  { kind: 'room', code: 'EXAM-2', name: 'Exam 2' },
  { kind: 'room', code: 'EXAM-3', name: 'Exam 3' },
  { kind: 'room', code: 'EXAM-4', name: 'Exam 4' },
  { kind: 'room', code: 'PROC-1', name: 'Procedure room' },
  { kind: 'equipment', code: 'ECG-1', name: 'ECG cart' },
] as const;

/** Mon-Fri 08:00-12:00 and 13:00-17:00, optionally Saturday 09:00-12:00. */
function weeklyBlocks(saturday: boolean): TemplateBlock[] {
  const blocks = [1, 2, 3, 4, 5].flatMap((weekday) => [
    { weekday, startMinute: 8 * 60, endMinute: 12 * 60 },
    { weekday, startMinute: 13 * 60, endMinute: 17 * 60 },
  ]);
  if (saturday) blocks.push({ weekday: 6, startMinute: 9 * 60, endMinute: 12 * 60 });
  return blocks;
}

const DEMO_APPOINTMENT_SEED = 20_260_415;

export interface SeedDemoSchedulingOptions {
  facilityId: string;
  departmentIdsByCode: Readonly<Record<string, string>>;
  now: Date;
  /** For the new physicians' accounts. */
  password: string;
}

export interface SeedDemoSchedulingResult {
  practitioners: number;
  appointments: number;
}

async function userIdByEmail(tx: DbOrTx, email: string): Promise<string> {
  const { rows } = await tx.execute<{ id: string }>(
    sql`select id from user_account where email = ${email}`,
  );
  if (!rows[0]) throw new Error(`demo user ${email} is missing`);
  return rows[0].id;
}

interface SeededPractitioner {
  id: string;
  demo: DemoPractitioner;
  departmentId: string | null;
}

async function seedPractitioners(
  platform: Platform,
  tx: DbOrTx,
  o: SeedDemoSchedulingOptions,
  effectiveFrom: string,
): Promise<SeededPractitioner[]> {
  const staff = createStaffService(platform);
  const seeded: SeededPractitioner[] = [];
  for (const demo of DEMO_PRACTITIONERS) {
    const userId = demo.displayName
      ? (
          await staff.createUser(
            {
              email: demo.email,
              displayName: demo.displayName,
              roles: ['physician'],
              facilityIds: [o.facilityId],
              password: o.password,
            },
            { tx, mustChangePassword: false, via: 'seed' },
          )
        ).id
      : await userIdByEmail(tx, demo.email);
    seeded.push({
      id: newId(),
      demo,
      departmentId: o.departmentIdsByCode[demo.departmentCode] ?? null,
    });
    const p = seeded[seeded.length - 1]!;
    const templateId = newId();
    const row = { createdAt: o.now, updatedAt: o.now, version: 1 };
    await tx.insert(practitioner).values({
      id: p.id,
      userId,
      facilityId: o.facilityId,
      departmentId: p.departmentId,
      specialty: demo.specialty,
      maxAppointmentsPerDay: null,
      isActive: true,
      ...row,
    });
    await tx.insert(scheduleTemplate).values({
      id: templateId,
      practitionerId: p.id,
      facilityId: o.facilityId,
      name: 'Regular hours',
      effectiveFrom,
      effectiveUntil: null,
      ...row,
    });
    await tx.insert(scheduleTemplateBlock).values(
      weeklyBlocks(demo.worksSaturdayMorning ?? false).map((b) => ({
        id: newId(),
        templateId,
        practitionerId: p.id,
        ...b,
        effective: { from: effectiveFrom, until: null },
      })),
    );
  }
  return seeded;
}

/**
 * The one-off "Extended hours" templates of the practitioners who cover them, when `now` is
 * outside everyone's working hours; their periods by practitioner, for the generator.
 */
async function seedExtendedHours(
  tx: DbOrTx,
  o: SeedDemoSchedulingOptions,
  practitioners: readonly SeededPractitioner[],
  timeZone: string,
): Promise<Map<string, Period[]>> {
  const periods = new Map<string, Period[]>();
  const regular = (p: SeededPractitioner) => weeklyBlocks(p.demo.worksSaturdayMorning ?? false);
  if (hasWorkingHoursAround(o.now, timeZone, practitioners.flatMap(regular))) return periods;
  for (const p of practitioners.filter((x) => x.demo.coversExtendedHours)) {
    const hours = extendedHoursAround(o.now, timeZone, regular(p));
    if (!hours) continue;
    const templateId = newId();
    const effective = { from: hours.effectiveFrom, until: hours.effectiveUntil };
    await tx.insert(scheduleTemplate).values({
      id: templateId,
      practitionerId: p.id,
      facilityId: o.facilityId,
      name: 'Extended hours',
      effectiveFrom: hours.effectiveFrom,
      effectiveUntil: hours.effectiveUntil,
      createdAt: o.now,
      updatedAt: o.now,
      version: 1,
    });
    await tx.insert(scheduleTemplateBlock).values(
      hours.blocks.map((b) => ({
        id: newId(),
        templateId,
        practitionerId: p.id,
        ...b,
        effective,
      })),
    );
    periods.set(p.id, hours.periods);
  }
  return periods;
}

async function seedCatalogue(
  tx: DbOrTx,
  o: SeedDemoSchedulingOptions,
  surgeonId: string,
): Promise<{ types: GeneratorType[]; byCode: Map<string, string> }> {
  const row = { isActive: true, version: 1, createdAt: o.now, updatedAt: o.now };
  const resources = DEMO_RESOURCES.map((r) => ({
    id: newId(),
    facilityId: o.facilityId,
    ...r,
    ...row,
  }));
  await tx.insert(scheduleResource).values(resources);
  const procedureRoom = resources.find((r) => r.code === 'PROC-1')!.id;
  const types = DEMO_TYPES.map((t) => ({
    id: newId(),
    code: t.code,
    name: t.name,
    durationMinutes: t.durationMinutes,
    bufferBeforeMinutes: 'before' in t ? t.before : 0,
    bufferAfterMinutes: t.after,
    visitKind: t.visitKind,
    modality: t.modality,
    color: t.color,
    ...row,
  }));
  await tx.insert(appointmentType).values(types);
  const byCode = new Map(types.map((t) => [t.code, t.id]));
  await tx
    .insert(appointmentTypePractitioner)
    .values({ appointmentTypeId: byCode.get('PROC')!, practitionerId: surgeonId });
  await tx.insert(reminderRule).values(
    [72, 24].map((hoursBefore) => ({
      id: newId(),
      appointmentTypeId: null,
      hoursBefore,
      ...row,
    })),
  );
  return {
    byCode,
    types: types.map((t) => ({
      ...t,
      resourceIds: t.code === 'PROC' ? [procedureRoom] : [],
    })),
  };
}

/** The next Christmas Day and New Year's Day (whole local days) from two weeks back. */
function holidays(today: Temporal.PlainDate): { date: Temporal.PlainDate; reason: string }[] {
  const start = today.subtract({ days: 14 });
  const christmas = Temporal.PlainDate.from({ year: start.year, month: 12, day: 25 });
  return [
    { date: christmas, reason: 'Christmas Day' },
    { date: christmas.add({ days: 7 }), reason: "New Year's Day" },
  ];
}

function localDayPeriod(date: Temporal.PlainDate, days: number, timeZone: string) {
  const from = date.toZonedDateTime({ timeZone });
  return {
    from: new Date(from.epochMilliseconds),
    to: new Date(from.add({ days }).epochMilliseconds),
  };
}

/**
 * Seeds the demo's calendars and visits in the caller's transaction. Visits are booked by
 * the demo front desk account.
 */
export async function seedDemoScheduling(
  platform: Platform,
  tx: DbOrTx,
  o: SeedDemoSchedulingOptions,
): Promise<SeedDemoSchedulingResult> {
  const { rows: facilityRows } = await tx.execute<{ time_zone: string }>(
    sql`select time_zone from facility where id = ${o.facilityId}`,
  );
  const timeZone = facilityRows[0]?.time_zone ?? 'UTC';
  const today = Temporal.Instant.fromEpochMilliseconds(o.now.getTime())
    .toZonedDateTimeISO(timeZone)
    .toPlainDate();
  const effectiveFrom = today.subtract({ days: 180 }).toString();

  const practitioners = await seedPractitioners(platform, tx, o, effectiveFrom);
  const extraPeriods = await seedExtendedHours(tx, o, practitioners, timeZone);
  const surgeon = practitioners.find((p) => p.demo.isSurgeon)!;
  const { types, byCode } = await seedCatalogue(tx, o, surgeon.id);

  const nextMonday = today.add({ days: 8 - today.dayOfWeek });
  const onLeave = practitioners.find((p) => p.demo.onLeaveNextWeek)!;
  const closures = [
    ...holidays(today).map((h) => ({
      practitionerId: null,
      facilityId: o.facilityId,
      kind: 'holiday' as const,
      reason: h.reason,
      period: localDayPeriod(h.date, 1, timeZone),
    })),
    {
      practitionerId: onLeave.id,
      facilityId: null,
      kind: 'leave' as const,
      reason: 'Annual leave',
      period: localDayPeriod(nextMonday, 3, timeZone),
    },
  ];
  await tx.insert(scheduleException).values(
    closures.map((c) => ({
      id: newId(),
      ...c,
      isCancelled: false,
      createdAt: o.now,
    })),
  );

  const { rows: patients } = await tx.execute<{ id: string }>(
    sql`select id from patient where status = 'active' and not deceased order by id`,
  );
  const code = (c: string) => byCode.get(c)!;
  const visits = generateAppointments({
    seed: DEMO_APPOINTMENT_SEED,
    now: o.now,
    timeZone,
    fromDate: today.subtract({ days: 14 }).toString(),
    toDate: today.add({ days: 21 }).toString(),
    practitioners: practitioners.map((p) => ({
      id: p.id,
      facilityId: o.facilityId,
      departmentId: p.departmentId,
      blocks: weeklyBlocks(p.demo.worksSaturdayMorning ?? false),
      extraPeriods: extraPeriods.get(p.id) ?? [],
      typeWeights: p.demo.isSurgeon
        ? [
            [code('PROC'), 3],
            [code('NEW'), 3],
            [code('FU'), 4],
          ]
        : [
            [code('NEW'), 25],
            [code('FU'), 55],
            [code('VIDEO'), 20],
          ],
    })),
    types,
    patientIds: patients.map((p) => p.id),
    closures,
    actorUserId: await userIdByEmail(tx, 'frontdesk@meridian.example'),
  });
  const loaded = await loadAppointments(tx, visits);
  await platform.audit.record(tx, {
    action: 'scheduling.demo_seeded',
    actorUserId: null,
    entityType: 'facility',
    entityId: o.facilityId,
    facilityId: o.facilityId,
    details: { practitioners: practitioners.length, appointments: loaded.appointments },
  });
  return { practitioners: practitioners.length, appointments: loaded.appointments };
}

import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness.js';
import { createPatient } from '../../../test/patient-factories.js';
import {
  createAppointmentType,
  createClinic,
  createException,
  createPractitioner,
  createTemplate,
  insertAppointment,
} from '../../../test/scheduling-factories.js';
import { scheduleException, scheduleTemplateBlock } from './scheduling.tables.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

async function setting() {
  const clinic = await createClinic(ctx.platform);
  const doc = await createPractitioner(ctx.platform, { facilityId: clinic.facilityId });
  const type = await createAppointmentType(ctx.platform);
  const base = {
    practitionerId: doc.id,
    facilityId: clinic.facilityId,
    appointmentTypeId: type.id,
  };
  return { clinic, doc, type, base };
}

function constraintOf(err: unknown): string | undefined {
  const cause =
    err instanceof Error ? (err.cause as { constraint?: string } | undefined) : undefined;
  return cause?.constraint;
}

describe('the scheduling schema', () => {
  it('reads periods and date spans back as written', async () => {
    const { clinic, doc } = await setting();
    const templateId = await createTemplate(ctx.platform, {
      practitionerId: doc.id,
      facilityId: clinic.facilityId,
      effectiveFrom: '2026-03-01',
      effectiveUntil: '2026-03-31',
    });
    const exceptionId = await createException(ctx.platform, {
      practitionerId: doc.id,
      startsAt: '2026-03-10T13:00:00Z',
      endsAt: '2026-03-10T15:30:00Z',
    });
    const blocks = await ctx.platform.db
      .select()
      .from(scheduleTemplateBlock)
      .where(eq(scheduleTemplateBlock.templateId, templateId));
    expect(blocks[0]?.effective).toEqual({ from: '2026-03-01', until: '2026-03-31' });
    const [ex] = await ctx.platform.db
      .select()
      .from(scheduleException)
      .where(eq(scheduleException.id, exceptionId));
    expect(ex?.period).toEqual({
      from: new Date('2026-03-10T13:00:00Z'),
      to: new Date('2026-03-10T15:30:00Z'),
    });
  });

  it('refuses a second active appointment that overlaps the practitioner by one minute', async () => {
    const { base } = await setting();
    const [a, b] = [await createPatient(ctx.platform), await createPatient(ctx.platform)];
    await insertAppointment(ctx.platform, {
      ...base,
      patientId: a.id,
      startsAt: '2026-03-02T14:00:00Z',
    });
    const overlap = insertAppointment(ctx.platform, {
      ...base,
      patientId: b.id,
      startsAt: '2026-03-02T14:29:00Z',
    });
    await expect(overlap).rejects.toSatisfy(
      (e) => constraintOf(e) === 'appointment_practitioner_no_overlap',
    );
    // Back to back is fine: periods are half-open.
    await insertAppointment(ctx.platform, {
      ...base,
      patientId: b.id,
      startsAt: '2026-03-02T14:30:00Z',
    });
  });

  it('lets a cancelled appointment free its time, and refuses a patient in two places', async () => {
    const { base } = await setting();
    const other = await setting();
    const p = await createPatient(ctx.platform);
    await insertAppointment(ctx.platform, {
      ...base,
      patientId: p.id,
      startsAt: '2026-03-03T14:00:00Z',
      status: 'cancelled',
    });
    await insertAppointment(ctx.platform, {
      ...base,
      patientId: p.id,
      startsAt: '2026-03-03T14:00:00Z',
    });
    const elsewhere = insertAppointment(ctx.platform, {
      ...other.base,
      patientId: p.id,
      startsAt: '2026-03-03T14:15:00Z',
    });
    await expect(elsewhere).rejects.toSatisfy(
      (e) => constraintOf(e) === 'appointment_patient_no_overlap',
    );
  });

  it('refuses template blocks of one practitioner that overlap on a weekday', async () => {
    const { clinic, doc } = await setting();
    const second = await createClinic(ctx.platform);
    await createTemplate(ctx.platform, { practitionerId: doc.id, facilityId: clinic.facilityId });
    const clash = createTemplate(ctx.platform, {
      practitionerId: doc.id,
      facilityId: second.facilityId,
      blocks: [{ weekday: 3, startMinute: 16 * 60, endMinute: 18 * 60 }],
      effectiveFrom: '2026-06-01',
    });
    await expect(clash).rejects.toSatisfy((e) => constraintOf(e) === 'schedule_block_no_overlap');
    // Saturdays at the second clinic do not clash.
    await createTemplate(ctx.platform, {
      practitionerId: doc.id,
      facilityId: second.facilityId,
      blocks: [{ weekday: 6, startMinute: 9 * 60, endMinute: 12 * 60 }],
      effectiveFrom: '2026-06-01',
    });
  });
});

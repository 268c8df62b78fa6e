import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppointmentStatus, LinkView } from '@meridian/contracts';
import { createTestContext, type TestContext } from '../../../../test/harness.js';
import type { TestProblem } from '../../../../test/http.js';
import { createPatient } from '../../../../test/patient-factories.js';
import {
  createAppointmentType,
  createClinic,
  createPractitioner,
  auditOfEntity,
  createReminderRule,
  createWaitlistEntry,
  insertAppointment,
} from '../../../../test/scheduling-factories.js';
import { newId } from '../../../platform/ids.js';
import { outboxMessage } from '../../../platform/outbox/outbox.tables.js';
import { appointment, appointmentReminder } from '../scheduling.tables.js';
import { linkRateLimitPerMinute } from './reminder.routes.js';
import { patientCancelReason } from './patient-link.service.js';
import { sendDueReminders } from './send-reminders.js';

let ctx: TestContext;
let clinic: { facilityId: string };
let typeId: string;
const visitStart = '2026-01-20T14:30:00Z';
const bookedAt = '2026-01-15T09:00:00Z';

beforeAll(async () => {
  ctx = await createTestContext();
  clinic = await createClinic(ctx.platform, { timeZone: 'America/Chicago', name: 'Lakeside' });
  typeId = (await createAppointmentType(ctx.platform, { name: 'Annual check-up' })).id;
});
afterAll(() => ctx.close());

let counter = 0;

async function visit(status: AppointmentStatus = 'booked') {
  counter += 1;
  ctx.clock.set(bookedAt);
  const patient = await createPatient(ctx.platform, { email: `links${counter}@example.org` });
  const doc = await createPractitioner(ctx.platform, {
    facilityId: clinic.facilityId,
    displayName: `Dr. Link ${counter}`,
  });
  const appt = await insertAppointment(ctx.platform, {
    patientId: patient.id,
    practitionerId: doc.id,
    facilityId: clinic.facilityId,
    appointmentTypeId: typeId,
    startsAt: visitStart,
    status,
  });
  const token = ctx.platform.links.sign({
    purpose: 'reminder',
    subjectId: appt.id,
    expiresAt: appt.startsAt,
  });
  return { appt, patient, doc, token };
}

const get = (token: string, remoteAddress?: string) =>
  ctx.app.inject({
    method: 'GET',
    url: `/api/v1/links/${token}`,
    ...(remoteAddress ? { remoteAddress } : {}),
  });
const post = (token: string, body: Record<string, unknown>) =>
  ctx.app.inject({ method: 'POST', url: `/api/v1/links/${token}`, payload: body });

async function appointmentRow(id: string) {
  const [row] = await ctx.platform.db.select().from(appointment).where(eq(appointment.id, id));
  return row;
}

const linkAudit = (appointmentId: string) =>
  auditOfEntity(ctx.platform, appointmentId, 'appointment.link');

describe('a reminder link', () => {
  it("confirms the appointment from the reminder's own message", async () => {
    const { appt, patient, doc } = await visit();
    await ctx.platform.database.pool.query(
      'update patient set consent_email = true, preferred_contact = $2 where id = $1',
      [patient.id, 'email'],
    );
    await createReminderRule(ctx.platform, { hoursBefore: 24 });
    ctx.clock.set('2026-01-19T15:00:00Z');
    await sendDueReminders(ctx.platform);
    const [sent] = await ctx.platform.db
      .select({ body: outboxMessage.body })
      .from(appointmentReminder)
      .innerJoin(outboxMessage, eq(outboxMessage.id, appointmentReminder.outboxMessageId))
      .where(eq(appointmentReminder.appointmentId, appt.id));
    const token = /\/r\/(\S+)$/m.exec(sent?.body ?? '')?.[1] ?? 'missing';

    const view = await get(token);
    expect(view.statusCode).toBe(200);
    expect(view.json<LinkView>()).toEqual({
      purpose: 'reminder',
      startsAt: '2026-01-20T14:30:00.000Z',
      endsAt: '2026-01-20T15:00:00.000Z',
      timeZone: 'America/Chicago',
      practitionerName: doc.displayName,
      facilityName: 'Lakeside',
      appointmentTypeName: 'Annual check-up',
      status: 'booked',
      actions: ['confirm', 'cancel'],
      expiresAt: '2026-01-20T14:30:00.000Z',
    });
    expect(view.body).not.toContain(patient.id);
    expect(view.body).not.toContain(patient.mrn);

    const confirmed = await post(token, { action: 'confirm' });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json<LinkView>()).toMatchObject({ status: 'confirmed', actions: ['cancel'] });
    expect(await appointmentRow(appt.id)).toMatchObject({
      status: 'confirmed',
      confirmedVia: 'patient_link',
    });
    expect(await linkAudit(appt.id)).toEqual([
      {
        action: 'appointment.link_viewed',
        actor_user_id: null,
        patient_id: patient.id,
        details: { channel: 'patient_link', purpose: 'reminder' },
      },
      {
        action: 'appointment.link_answered',
        actor_user_id: null,
        patient_id: patient.id,
        details: {
          channel: 'patient_link',
          purpose: 'reminder',
          answer: 'confirm',
          isRepeat: false,
        },
      },
    ]);
  });

  it('answers a second confirm as the first, changing nothing', async () => {
    const { appt, token } = await visit();
    expect((await post(token, { action: 'confirm' })).statusCode).toBe(200);
    const before = await appointmentRow(appt.id);
    const again = await post(token, { action: 'confirm' });
    expect(again.statusCode).toBe(200);
    expect(again.json<LinkView>().status).toBe('confirmed');
    expect((await appointmentRow(appt.id))?.version).toBe(before?.version);
  });

  it('cancels the appointment for the patient, and then offers nothing more', async () => {
    const { appt, token } = await visit('confirmed');
    const res = await post(token, { action: 'cancel' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<LinkView>()).toMatchObject({ status: 'cancelled', actions: [] });
    expect(await appointmentRow(appt.id)).toMatchObject({
      status: 'cancelled',
      cancelledVia: 'patient_link',
      cancelledBy: null,
      cancelReason: patientCancelReason,
    });
    const again = await post(token, { action: 'cancel' });
    expect(again.statusCode).toBe(409);
    expect(again.json<TestProblem>().code).toBe('scheduling.invalid_transition');
  });

  it.each<AppointmentStatus>(['cancelled', 'no_show', 'arrived', 'completed'])(
    'shows a %s appointment without actions and refuses to confirm or cancel it',
    async (status) => {
      const { appt, token } = await visit(status);
      const view = await get(token);
      expect(view.json<LinkView>()).toMatchObject({ status, actions: [] });
      for (const action of ['confirm', 'cancel']) {
        const res = await post(token, { action });
        expect(res.statusCode).toBe(409);
        expect(res.json<TestProblem>().code).toBe('scheduling.invalid_transition');
      }
      expect((await appointmentRow(appt.id))?.status).toBe(status);
    },
  );

  it('refuses the answers of a waitlist offer, naming the field', async () => {
    const { token } = await visit();
    const res = await post(token, { action: 'accept' });
    expect(res.statusCode).toBe(400);
    expect(res.json<TestProblem>()).toMatchObject({
      code: 'validation.failed',
      errors: [{ path: 'action', rule: 'invalid_value' }],
    });
  });

  it('refuses a tampered link, and changes nothing', async () => {
    const { appt, token } = await visit();
    const [payload, signature] = token.split('.') as [string, string];
    const other = await visit();
    const swapped = `${other.token.split('.')[0]}.${signature}`;
    const flipped = `${payload}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    for (const bad of [swapped, flipped, 'not-a-token', `${token}.extra`]) {
      const view = await get(bad);
      expect(view.statusCode).toBe(400);
      expect(view.json<TestProblem>().code).toBe('link.invalid');
      expect((await post(bad, { action: 'cancel' })).json<TestProblem>().code).toBe('link.invalid');
    }
    expect((await appointmentRow(appt.id))?.status).toBe('booked');
    expect((await appointmentRow(other.appt.id))?.status).toBe('booked');
  });

  it('refuses an expired link with 410', async () => {
    const { appt, token } = await visit();
    ctx.clock.set(visitStart);
    const view = await get(token);
    expect(view.statusCode).toBe(410);
    expect(view.json<TestProblem>().code).toBe('link.expired');
    expect((await post(token, { action: 'cancel' })).statusCode).toBe(410);
    expect((await appointmentRow(appt.id))?.status).toBe('booked');
    expect(await linkAudit(appt.id)).toEqual([]);
  });

  it('limits how often one address may call', async () => {
    const { token } = await visit();
    const address = '203.0.113.9';
    for (let i = 0; i < linkRateLimitPerMinute; i += 1) {
      expect((await get(token, address)).statusCode).toBe(200);
    }
    const limited = await get(token, address);
    expect(limited.statusCode).toBe(429);
    expect(limited.json<TestProblem>().code).toBe('request.rate_limited');
    expect((await get(token, '203.0.113.10')).statusCode).toBe(200);
  });
});

describe('a waitlist offer link', () => {
  /** A slot held for an offer to a waiting patient, open for 30 minutes from now. */
  async function offer() {
    counter += 1;
    ctx.clock.set(bookedAt);
    const now = ctx.platform.clock.now();
    const patient = await createPatient(ctx.platform);
    const doc = await createPractitioner(ctx.platform, { facilityId: clinic.facilityId });
    const heldId = newId();
    const startsAt = new Date(visitStart);
    const endsAt = new Date(startsAt.getTime() + 30 * 60_000);
    const holdUntil = new Date(now.getTime() + 30 * 60_000);
    await ctx.platform.db.insert(appointment).values({
      id: heldId,
      patientId: null,
      practitionerId: doc.id,
      facilityId: clinic.facilityId,
      appointmentTypeId: typeId,
      startsAt,
      endsAt,
      blockedPeriod: { from: startsAt, to: endsAt },
      status: 'held',
      modality: 'in_person',
      isOverbooked: false,
      holdExpiresAt: holdUntil,
      bookedAt: now,
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
    const entry = await createWaitlistEntry(ctx.platform, {
      patientId: patient.id,
      facilityId: clinic.facilityId,
      appointmentTypeId: typeId,
      practitionerId: doc.id,
      status: 'offered',
    });
    const offerId = newId();
    await ctx.platform.database.pool.query(
      `insert into waitlist_offer (id, entry_id, held_appointment_id, status, expires_at, created_at)
       values ($1, $2, $3, 'open', $4, $5)`,
      [offerId, entry.id, heldId, holdUntil, now],
    );
    const token = ctx.platform.links.sign({
      purpose: 'waitlist_offer',
      subjectId: offerId,
      expiresAt: holdUntil,
    });
    return { token, offerId, heldId };
  }

  it('shows the offered slot and lets the patient decline it', async () => {
    const { token } = await offer();
    const view = await get(token);
    expect(view.statusCode, view.body).toBe(200);
    expect(view.json<LinkView>()).toMatchObject({
      purpose: 'waitlist_offer',
      startsAt: '2026-01-20T14:30:00.000Z',
      facilityName: 'Lakeside',
      actions: ['accept', 'decline'],
    });
    const declined = await post(token, { action: 'decline' });
    expect(declined.statusCode, declined.body).toBe(200);
    expect(declined.json<LinkView>()).toMatchObject({ status: 'declined', actions: [] });
  });

  it('books the held slot when the patient accepts', async () => {
    const { token, heldId } = await offer();
    const res = await post(token, { action: 'accept' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<LinkView>().status).toBe('accepted');
    expect((await appointmentRow(heldId))?.status).toBe('booked');
  });

  it('refuses the answers of a reminder on an offer link', async () => {
    const { token } = await offer();
    const res = await post(token, { action: 'confirm' });
    expect(res.statusCode).toBe(400);
    expect(res.json<TestProblem>().errors?.[0]?.path).toBe('action');
  });
});

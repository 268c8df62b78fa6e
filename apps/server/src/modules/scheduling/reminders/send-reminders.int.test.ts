import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppointmentStatus } from '@meridian/contracts';
import { sessionCookieFor, signedInStaff } from '../../../../test/factories.js';
import { createTestContext, type TestContext } from '../../../../test/harness.js';
import { fakeTransports } from '../../../../test/fake-transports.js';
import { createPatient } from '../../../../test/patient-factories.js';
import {
  createAppointmentType,
  createClinic,
  createPractitioner,
  auditOfEntity,
  createReminderRule,
  createTemplate,
  insertAppointment,
} from '../../../../test/scheduling-factories.js';
import { deliverDueMessages } from '../../../platform/outbox/outbox-delivery.js';
import { outboxMessage } from '../../../platform/outbox/outbox.tables.js';
import { jobRegistry } from '../../../platform/jobs.js';
import {
  appointment,
  appointmentEvent,
  appointmentReminder,
  reminderRule,
} from '../scheduling.tables.js';
import { sendDueReminders } from './send-reminders.js';

let ctx: TestContext;
let clinic: { facilityId: string; departmentId: string };
let defaultTypeId: string;
let rule72: string;
let rule24: string;

const hour = 3_600_000;
// Tuesday 2026-01-20, 09:30 in New York (winter time, UTC-5).
const visitStart = '2026-01-20T14:30:00Z';
const at = (hoursBeforeVisit: number, extraMs = 0) =>
  new Date(Date.parse(visitStart) - hoursBeforeVisit * hour + extraMs);

beforeAll(async () => {
  ctx = await createTestContext();
  clinic = await createClinic(ctx.platform, {
    timeZone: 'America/New_York',
    name: 'Northside Clinic',
  });
  defaultTypeId = (await createAppointmentType(ctx.platform, { name: 'Oncology follow-up' })).id;
  rule72 = await createReminderRule(ctx.platform, { hoursBefore: 72 });
  rule24 = await createReminderRule(ctx.platform, { hoursBefore: 24 });
});
afterAll(() => ctx.close());

let phoneCounter = 0;

interface Contact {
  preferredContact?: 'sms' | 'email' | 'phone' | null;
  consentSms?: boolean;
  consentEmail?: boolean;
  hasMobile?: boolean;
  hasEmail?: boolean;
  flags?: { confidential?: boolean };
}

/** A patient with a mobile number and an e-mail address, and the consent given. */
async function patientWith(c: Contact = {}) {
  phoneCounter += 1;
  const mobile = `+1555020${String(phoneCounter).padStart(4, '0')}`;
  const email = `patient${phoneCounter}@example.org`;
  const p = await createPatient(ctx.platform, {
    name: { family: `Lastname${phoneCounter}` },
    phones: c.hasMobile === false ? [] : [{ kind: 'mobile', number: mobile, preferred: true }],
    ...(c.hasEmail === false ? {} : { email }),
    ...(c.flags ? { flags: c.flags } : {}),
  });
  await ctx.platform.database.pool.query(
    'update patient set consent_sms = $2, consent_email = $3, preferred_contact = $4 where id = $1',
    [p.id, c.consentSms ?? true, c.consentEmail ?? true, c.preferredContact ?? 'sms'],
  );
  return { ...p, mobile, email };
}

/** A visit at visitStart (unless told) with a practitioner of its own, booked at `bookedAt`. */
async function visit(
  o: {
    contact?: Contact;
    status?: AppointmentStatus;
    bookedAt?: Date;
    startsAt?: string;
    typeId?: string;
  } = {},
) {
  ctx.clock.set(o.bookedAt ?? '2026-01-15T09:00:00Z');
  const patient = await patientWith(o.contact);
  const doc = await createPractitioner(ctx.platform, {
    facilityId: clinic.facilityId,
    displayName: `Dr. Ana Ruiz ${phoneCounter}`,
  });
  const appt = await insertAppointment(ctx.platform, {
    patientId: patient.id,
    practitionerId: doc.id,
    facilityId: clinic.facilityId,
    appointmentTypeId: o.typeId ?? defaultTypeId,
    startsAt: o.startsAt ?? visitStart,
    status: o.status ?? 'booked',
  });
  return { appt, patient, doc };
}

async function runAt(when: Date) {
  ctx.clock.set(when);
  return sendDueReminders(ctx.platform);
}

/** The reminders recorded for an appointment, with their outbox messages. */
async function remindersOf(appointmentId: string) {
  const rows = await ctx.platform.db
    .select({
      ruleId: appointmentReminder.ruleId,
      hoursBefore: reminderRule.hoursBefore,
      outcome: appointmentReminder.outcome,
      channel: appointmentReminder.channel,
      skipReason: appointmentReminder.skipReason,
      outboxMessageId: appointmentReminder.outboxMessageId,
      startsAt: appointmentReminder.startsAt,
    })
    .from(appointmentReminder)
    .innerJoin(reminderRule, eq(reminderRule.id, appointmentReminder.ruleId))
    .where(eq(appointmentReminder.appointmentId, appointmentId))
    .orderBy(reminderRule.hoursBefore, appointmentReminder.createdAt);
  const ids = rows.flatMap((r) => (r.outboxMessageId ? [r.outboxMessageId] : []));
  const messages = ids.length
    ? await ctx.platform.db.select().from(outboxMessage).where(inArray(outboxMessage.id, ids))
    : [];
  return { rows, messages };
}

const auditOf = (appointmentId: string) =>
  auditOfEntity(ctx.platform, appointmentId, 'appointment.reminder');

describe('when reminders go out', () => {
  it('sends the 72 h reminder at its time, then the 24 h one, and nothing early or late', async () => {
    const { appt } = await visit();

    await runAt(at(72, -60_000));
    expect((await remindersOf(appt.id)).rows).toEqual([]);

    await runAt(at(72));
    let r = await remindersOf(appt.id);
    expect(r.rows).toMatchObject([{ hoursBefore: 72, outcome: 'sent', channel: 'sms' }]);
    expect(r.messages).toHaveLength(1);

    await runAt(at(24, -60_000));
    expect((await remindersOf(appt.id)).rows).toHaveLength(1);

    await runAt(at(24));
    r = await remindersOf(appt.id);
    expect(r.rows).toMatchObject([
      { hoursBefore: 24, outcome: 'sent' },
      { hoursBefore: 72, outcome: 'sent' },
    ]);
    expect(r.messages).toHaveLength(2);
  });

  it('sends nothing once the visit has started, even if no reminder went out before', async () => {
    const { appt } = await visit({ bookedAt: at(1) });
    await runAt(at(0));
    await runAt(at(-1));
    expect((await remindersOf(appt.id)).rows).toEqual([]);
  });

  it('sends only the nearest reminder for a visit booked a day ahead', async () => {
    const { appt } = await visit({ bookedAt: at(20) });
    const result = await runAt(at(20, 60_000));
    expect(result.sent).toBeGreaterThanOrEqual(1);
    const r = await remindersOf(appt.id);
    expect(r.rows).toMatchObject([
      { ruleId: rule24, outcome: 'sent', skipReason: null },
      { ruleId: rule72, outcome: 'skipped', skipReason: 'superseded', outboxMessageId: null },
    ]);
    expect(r.messages).toHaveLength(1);
  });

  it('sends the 72 h reminder at once for a visit booked two days ahead, then the 24 h one', async () => {
    const { appt } = await visit({ bookedAt: at(48) });
    await runAt(at(48, 60_000));
    expect((await remindersOf(appt.id)).rows).toMatchObject([{ ruleId: rule72, outcome: 'sent' }]);
    await runAt(at(24));
    expect((await remindersOf(appt.id)).messages).toHaveLength(2);
  });

  it.each<AppointmentStatus>(['cancelled', 'no_show', 'held', 'arrived', 'in_room', 'completed'])(
    'never reminds a %s appointment',
    async (status) => {
      const { appt } = await visit({ status });
      await runAt(at(72));
      await runAt(at(24));
      expect((await remindersOf(appt.id)).rows).toEqual([]);
      expect(await auditOf(appt.id)).toEqual([]);
    },
  );

  it('reminds a confirmed appointment', async () => {
    const { appt } = await visit({ status: 'confirmed' });
    await runAt(at(72));
    expect((await remindersOf(appt.id)).rows).toMatchObject([{ outcome: 'sent' }]);
  });
});

describe('which rules apply', () => {
  it("uses a type's own rules instead of the default ones", async () => {
    const type = await createAppointmentType(ctx.platform);
    const own = await createReminderRule(ctx.platform, {
      appointmentTypeId: type.id,
      hoursBefore: 2,
    });
    const { appt } = await visit({ typeId: type.id });
    await runAt(at(24));
    expect((await remindersOf(appt.id)).rows).toEqual([]);
    await runAt(at(2));
    expect((await remindersOf(appt.id)).rows).toMatchObject([{ ruleId: own, outcome: 'sent' }]);
  });

  it('sends nothing for a type whose only rule is switched off (not the defaults either)', async () => {
    const type = await createAppointmentType(ctx.platform);
    await createReminderRule(ctx.platform, {
      appointmentTypeId: type.id,
      hoursBefore: 24,
      isActive: false,
    });
    const { appt } = await visit({ typeId: type.id });
    await runAt(at(72));
    await runAt(at(24));
    expect((await remindersOf(appt.id)).rows).toEqual([]);
  });
});

describe('how the patient is reached', () => {
  it.each([
    ['by SMS to the mobile number when SMS is preferred', { preferredContact: 'sms' }, 'sms'],
    ['by e-mail when e-mail is preferred', { preferredContact: 'email' }, 'email'],
    [
      'by e-mail when SMS is preferred but not consented',
      { preferredContact: 'sms', consentSms: false },
      'email',
    ],
    [
      'by SMS when e-mail is preferred but the patient has no address',
      { preferredContact: 'email', hasEmail: false },
      'sms',
    ],
  ] as const)('reaches the patient %s', async (_story, contact, channel) => {
    const { appt, patient } = await visit({ contact });
    await runAt(at(72));
    const { rows, messages } = await remindersOf(appt.id);
    expect(rows).toMatchObject([{ outcome: 'sent', channel }]);
    expect(messages).toMatchObject([
      { channel, recipient: channel === 'sms' ? patient.mobile : patient.email },
    ]);
  });

  it('records the reminder as skipped for no consent, and queues nothing', async () => {
    const { appt, patient } = await visit({ contact: { consentSms: false, consentEmail: false } });
    await runAt(at(72));
    const { rows, messages } = await remindersOf(appt.id);
    expect(rows).toMatchObject([{ outcome: 'skipped', skipReason: 'no_consent', channel: null }]);
    expect(messages).toEqual([]);
    expect(await auditOf(appt.id)).toMatchObject([
      {
        action: 'appointment.reminder_skipped',
        patient_id: patient.id,
        details: { skipReason: 'no_consent' },
      },
    ]);
    // Recorded once: the next run does not try again.
    await runAt(at(71));
    expect((await remindersOf(appt.id)).rows).toHaveLength(1);
  });

  it('records no_contact when the consented channel has no number or address', async () => {
    const { appt } = await visit({ contact: { consentEmail: false, hasMobile: false } });
    await runAt(at(72));
    expect((await remindersOf(appt.id)).rows).toMatchObject([
      { outcome: 'skipped', skipReason: 'no_contact' },
    ]);
  });

  it('reminds patients with a restricted record too', async () => {
    const { appt } = await visit({ contact: { flags: { confidential: true } } });
    await runAt(at(72));
    expect((await remindersOf(appt.id)).rows).toMatchObject([{ outcome: 'sent' }]);
  });
});

describe('what a reminder says', () => {
  it('carries a signed link valid until the visit, and no reason, type or patient name', async () => {
    const { appt, patient, doc } = await visit({ contact: { preferredContact: 'email' } });
    await ctx.platform.database.pool.query(
      "update appointment set reason = 'Chest pain after chemotherapy', note = 'Bring scans' where id = $1",
      [appt.id],
    );
    await runAt(at(24));
    const [email] = (await remindersOf(appt.id)).messages;
    if (!email) throw new Error('no reminder queued');
    expect(email.subject).toBe('Appointment reminder: Tue, Jan 20, 9:30 AM EST');
    expect(email.body).toContain(
      `with ${doc.displayName} at Northside Clinic on Tuesday, January 20, 2026 at 9:30 AM EST`,
    );
    const token = /http:\/\/localhost:3000\/r\/([\w-]+\.[\w-]+)/.exec(email.body)?.[1];
    expect(token).toBeDefined();
    expect(email.html).toContain(`href="http://localhost:3000/r/${token}"`);
    expect(ctx.platform.links.verify(token ?? '', 'reminder')).toEqual({
      purpose: 'reminder',
      subjectId: appt.id,
      expiresAt: new Date(visitStart),
    });
    for (const text of [email.subject, email.body, email.html]) {
      expect(text).not.toMatch(/chest pain|chemotherapy|scans|oncology/i);
      expect(text).not.toContain(patient.familyName);
    }
  });

  it('texts a short message that a fake SMS gateway delivers', async () => {
    const { appt, patient, doc } = await visit({ contact: { preferredContact: 'sms' } });
    await runAt(at(72));
    const transports = fakeTransports();
    await deliverDueMessages(ctx.platform, transports, { batchSize: 500 });
    const text = transports.sms.accepted.find((m) => m.to === patient.mobile)?.text;
    expect(text).toMatch(
      new RegExp(
        `^Reminder: appointment with ${doc.displayName} at Northside Clinic, ` +
          'Tue, Jan 20, 9:30 AM EST\\. Confirm or cancel: http://localhost:3000/r/\\S+$',
      ),
    );
    expect((await remindersOf(appt.id)).rows).toMatchObject([{ channel: 'sms' }]);
  });

  it('writes a reminder event and an audit row of ids, without an actor', async () => {
    const { appt, patient } = await visit();
    await runAt(at(24));
    const events = await ctx.platform.db
      .select()
      .from(appointmentEvent)
      .where(eq(appointmentEvent.appointmentId, appt.id));
    expect(events).toMatchObject([
      { kind: 'reminder', channel: 'system', actorUserId: null, note: '24 h reminder sent by sms' },
    ]);
    const [reminder] = (await remindersOf(appt.id)).rows;
    expect(await auditOf(appt.id)).toEqual([
      {
        action: 'appointment.reminder_sent',
        actor_user_id: null,
        patient_id: patient.id,
        details: expect.objectContaining({
          ruleId: rule24,
          channel: 'sms',
          outboxMessageId: reminder?.outboxMessageId,
        }) as unknown,
      },
    ]);
  });
});

describe('once only', () => {
  it('sends each reminder once, whether run twice or by two workers at the same moment', async () => {
    const { appt } = await visit();
    ctx.clock.set(at(24));
    await Promise.all([sendDueReminders(ctx.platform), sendDueReminders(ctx.platform)]);
    await sendDueReminders(ctx.platform);
    const { rows, messages } = await remindersOf(appt.id);
    expect(rows).toMatchObject([
      { ruleId: rule24, outcome: 'sent' },
      { ruleId: rule72, outcome: 'skipped', skipReason: 'superseded' },
    ]);
    expect(messages).toHaveLength(1);
    expect(await auditOf(appt.id)).toHaveLength(1);
  });

  it('is the scheduling.send-reminders job, run every minute', () => {
    const job = jobRegistry.list().find((j) => j.name === 'scheduling.send-reminders');
    expect(job?.schedule).toEqual({ cron: '* * * * *', timeZone: 'UTC', data: {} });
  });
});

describe('a rescheduled appointment', () => {
  /** Moves the appointment through the API, as a clerk would, at the clock's time. */
  async function reschedule(id: string, startsAt: string) {
    const clerk = await signedInStaff(ctx.platform, { roles: ['front_desk'] });
    const [row] = await ctx.platform.db
      .select({ version: appointment.version })
      .from(appointment)
      .where(eq(appointment.id, id));
    const res = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/appointments/${id}/reschedule`,
      headers: {
        cookie: await sessionCookieFor(ctx.platform, clerk.id),
        'if-match': `"${row?.version ?? 0}"`,
      },
      payload: { startsAt },
    });
    expect(res.statusCode).toBe(200);
  }

  it('is reminded of its new time once, and its old reminders do not block it', async () => {
    const { appt, doc } = await visit();
    await createTemplate(ctx.platform, { practitionerId: doc.id, facilityId: clinic.facilityId });
    await runAt(at(72));
    expect((await remindersOf(appt.id)).rows).toMatchObject([
      { ruleId: rule72, outcome: 'sent', startsAt: new Date(visitStart) },
    ]);

    // Thursday 10:00 in New York instead of Tuesday 09:30.
    const newStart = '2026-01-22T15:00:00Z';
    ctx.clock.set(at(71));
    await reschedule(appt.id, newStart);
    await runAt(at(71, 60_000));
    expect((await remindersOf(appt.id)).rows).toHaveLength(1);

    const newDue = new Date(Date.parse(newStart) - 72 * hour);
    const first = await runAt(newDue);
    expect(first.sent).toBe(1);
    const r = await remindersOf(appt.id);
    expect(r.rows).toMatchObject([
      { ruleId: rule72, outcome: 'sent', startsAt: new Date(visitStart) },
      { ruleId: rule72, outcome: 'sent', startsAt: new Date(newStart) },
    ]);
    expect(r.messages).toHaveLength(2);
    const newMessage = r.messages.find((m) => m.id === r.rows[1]?.outboxMessageId);
    expect(newMessage?.body).toContain('Thu, Jan 22, 10:00 AM EST');

    const again = await runAt(new Date(newDue.getTime() + 60_000));
    expect(again.sent).toBe(0);
    expect((await remindersOf(appt.id)).rows).toHaveLength(2);
    expect(
      (await auditOf(appt.id)).filter((a) => a.action === 'appointment.reminder_sent'),
    ).toHaveLength(2);
  });

  it('is not reminded again when moved back to a start it was reminded of', async () => {
    const { appt, doc } = await visit();
    await createTemplate(ctx.platform, { practitionerId: doc.id, facilityId: clinic.facilityId });
    await runAt(at(24));
    ctx.clock.set(at(23));
    await reschedule(appt.id, '2026-01-20T16:00:00Z');
    ctx.clock.set(at(22));
    await reschedule(appt.id, visitStart);
    const result = await runAt(at(21));
    expect(result.sent).toBe(0);
    expect((await remindersOf(appt.id)).messages).toHaveLength(1);
  });
});

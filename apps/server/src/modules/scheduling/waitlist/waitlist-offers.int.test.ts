import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../../test/harness.js';
import { createPatient } from '../../../../test/patient-factories.js';
import {
  createAppointmentType,
  createClinic,
  createPractitioner,
  createTemplate,
  createWaitlistEntry,
  insertAppointment,
} from '../../../../test/scheduling-factories.js';
import { auditEvent } from '../../../platform/audit/audit.tables.js';
import { AppError } from '../../../platform/errors.js';
import { outboxMessage } from '../../../platform/outbox/outbox.tables.js';
import {
  appointment,
  waitlistEntry,
  waitlistOffer,
  type AppointmentRow,
} from '../scheduling.tables.js';
import { answerOfferInTx, describeOffer } from './answer-offer.js';
import { offerFreedSlot } from './offer-freed-slot.js';
import { expireHolds } from './waitlist.jobs.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

// The clock starts at Thursday 2026-01-15 09:00Z; the freed visit is the next Tuesday at
// 10:00 in New York (15:00Z), 30 minutes.
const slotStart = '2026-01-20T15:00:00Z';

async function patientWithConsent(o: { email?: string; mobile?: string } = {}) {
  const p = await createPatient(ctx.platform, {
    ...(o.email ? { email: o.email } : {}),
    ...(o.mobile ? { phones: [{ kind: 'mobile', number: o.mobile, preferred: true }] } : {}),
  });
  await ctx.platform.database.pool.query(
    `update patient set consent_email = $2, consent_sms = $3,
       preferred_contact = case when $3 then 'sms' else 'email' end where id = $1`,
    [p.id, !!o.email, !!o.mobile],
  );
  return p;
}

async function scene(o: { specialty?: string } = {}) {
  const clinic = await createClinic(ctx.platform);
  const doc = await createPractitioner(ctx.platform, {
    facilityId: clinic.facilityId,
    specialty: o.specialty ?? 'Cardiology',
    displayName: 'Dr. Ada Heart',
  });
  await createTemplate(ctx.platform, { practitionerId: doc.id, facilityId: clinic.facilityId });
  const type = await createAppointmentType(ctx.platform, { name: 'Oncology review' });
  const leaver = await createPatient(ctx.platform);
  const freed = await insertAppointment(ctx.platform, {
    patientId: leaver.id,
    practitionerId: doc.id,
    facilityId: clinic.facilityId,
    appointmentTypeId: type.id,
    startsAt: slotStart,
  });
  const wait = async (
    patientId: string,
    extra: Partial<Parameters<typeof createWaitlistEntry>[1]> = {},
  ) => {
    ctx.clock.advance(1000); // first come, first served: distinct arrival times
    return createWaitlistEntry(ctx.platform, {
      patientId,
      facilityId: clinic.facilityId,
      appointmentTypeId: type.id,
      practitionerId: doc.id,
      ...extra,
    });
  };
  return { clinic, doc, type, leaver, freed, wait };
}

/** What the booking area does on cancel: the appointment cancelled, then the seam called. */
async function cancelAndOffer(freed: AppointmentRow): Promise<void> {
  await ctx.platform.db.transaction(async (tx) => {
    await tx
      .update(appointment)
      .set({ status: 'cancelled', cancelReason: 'Patient called', cancelledAt: new Date() })
      .where(eq(appointment.id, freed.id));
    await offerFreedSlot(tx, ctx.platform, freed);
  });
}

async function holdsAt(practitionerId: string) {
  return ctx.platform.db
    .select()
    .from(appointment)
    .where(and(eq(appointment.practitionerId, practitionerId), eq(appointment.status, 'held')));
}

async function offersOf(entryIds: string[]) {
  return ctx.platform.db
    .select()
    .from(waitlistOffer)
    .where(inArray(waitlistOffer.entryId, entryIds));
}

async function entryStatus(id: string) {
  const [row] = await ctx.platform.db.select().from(waitlistEntry).where(eq(waitlistEntry.id, id));
  return row;
}

function answer(offerId: string, a: 'accept' | 'decline') {
  return ctx.platform.db.transaction((tx) => answerOfferInTx(tx, ctx.platform, offerId, a));
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
  return 'resolved';
}

describe('offering a freed slot', () => {
  type Variant = {
    name: string;
    offered: boolean;
    setup: (s: Awaited<ReturnType<typeof scene>>, patientId: string) => Promise<unknown>;
  };
  const variants: Variant[] = [
    { name: 'wants this practitioner', offered: true, setup: (s, p) => s.wait(p) },
    {
      name: "wants the practitioner's specialty (any case)",
      offered: true,
      setup: (s, p) => s.wait(p, { practitionerId: null, specialty: 'cardiology' }),
    },
    {
      name: 'wants another practitioner and specialty',
      offered: false,
      setup: async (s, p) => {
        const other = await createPractitioner(ctx.platform, {
          facilityId: s.clinic.facilityId,
          specialty: 'Dermatology',
        });
        return s.wait(p, { practitionerId: other.id, specialty: 'Dermatology' });
      },
    },
    {
      name: 'waits at another facility',
      offered: false,
      setup: async (s, p) => {
        const other = await createClinic(ctx.platform);
        return s.wait(p, { facilityId: other.facilityId });
      },
    },
    {
      name: 'has a window that ends the day before',
      offered: false,
      setup: (s, p) => s.wait(p, { earliestDate: '2026-01-16', latestDate: '2026-01-19' }),
    },
    {
      name: 'has a window that starts on the local day of the slot',
      offered: true,
      setup: (s, p) => s.wait(p, { earliestDate: '2026-01-20', latestDate: '2026-01-20' }),
    },
    {
      name: 'needs a visit longer than the freed time',
      offered: false,
      setup: async (s, p) => {
        const long = await createAppointmentType(ctx.platform, { durationMinutes: 45 });
        return s.wait(p, { appointmentTypeId: long.id });
      },
    },
    {
      name: 'needs a type only other practitioners may do',
      offered: false,
      setup: async (s, p) => {
        const other = await createPractitioner(ctx.platform, { facilityId: s.clinic.facilityId });
        const t = await createAppointmentType(ctx.platform, { practitionerIds: [other.id] });
        return s.wait(p, { appointmentTypeId: t.id });
      },
    },
    {
      name: 'is the patient who gave the slot up',
      offered: false,
      setup: (s) => s.wait(s.leaver.id),
    },
    {
      name: 'is busy elsewhere at that time',
      offered: false,
      setup: async (s, p) => {
        const other = await createPractitioner(ctx.platform, { facilityId: s.clinic.facilityId });
        await insertAppointment(ctx.platform, {
          patientId: p,
          practitionerId: other.id,
          facilityId: s.clinic.facilityId,
          appointmentTypeId: s.type.id,
          startsAt: '2026-01-20T15:15:00Z',
        });
        return s.wait(p);
      },
    },
    {
      name: 'already has an appointment earlier than the slot',
      offered: false,
      setup: async (s, p) => {
        const current = await insertAppointment(ctx.platform, {
          patientId: p,
          practitionerId: s.doc.id,
          facilityId: s.clinic.facilityId,
          appointmentTypeId: s.type.id,
          startsAt: '2026-01-19T15:00:00Z',
        });
        return s.wait(p, { currentAppointmentId: current.id });
      },
    },
    {
      name: 'has a later appointment to give up',
      offered: true,
      setup: async (s, p) => {
        const current = await insertAppointment(ctx.platform, {
          patientId: p,
          practitionerId: s.doc.id,
          facilityId: s.clinic.facilityId,
          appointmentTypeId: s.type.id,
          startsAt: '2026-02-10T15:00:00Z',
        });
        return s.wait(p, { currentAppointmentId: current.id });
      },
    },
  ];

  it.each(variants)('offers the slot to an entry that $name: $offered', async (v) => {
    const s = await scene();
    const p = await createPatient(ctx.platform);
    await v.setup(s, p.id);
    await cancelAndOffer(s.freed);
    const holds = await holdsAt(s.doc.id);
    expect(holds).toHaveLength(v.offered ? 1 : 0);
  });

  it('holds the slot and offers it to the first three waiting entries in arrival order', async () => {
    const s = await scene();
    const patients = [
      await patientWithConsent({ email: 'first@example.test' }),
      await patientWithConsent({ mobile: '+12025550143' }),
      await patientWithConsent(),
      await patientWithConsent({ email: 'fourth@example.test' }),
    ];
    const entries: { id: string; patientId: string }[] = [];
    for (const p of patients) entries.push(await s.wait(p.id));
    const now = ctx.clock.now();
    await cancelAndOffer(s.freed);

    const [hold] = await holdsAt(s.doc.id);
    expect(hold).toMatchObject({
      patientId: null,
      startsAt: new Date(slotStart),
      endsAt: s.freed.endsAt,
      holdExpiresAt: new Date(now.getTime() + 30 * 60_000),
    });
    const offers = await offersOf(entries.map((e) => e.id));
    expect(offers.map((o) => o.entryId).sort()).toEqual(
      entries
        .slice(0, 3)
        .map((e) => e.id)
        .sort(),
    );
    for (const o of offers) {
      expect(o).toMatchObject({ status: 'open', heldAppointmentId: hold?.id });
      expect(o.expiresAt).toEqual(hold?.holdExpiresAt);
    }
    expect((await entryStatus(entries[0]!.id))?.status).toBe('offered');
    expect((await entryStatus(entries[3]!.id))?.status).toBe('waiting');

    // E-mail to the first, SMS to the second, nothing to the third (no consent): the offer
    // still exists for staff to phone about.
    const byEntry = new Map(offers.map((o) => [o.entryId, o]));
    expect(byEntry.get(entries[2]!.id)?.outboxMessageId).toBeNull();
    const messages = await ctx.platform.db
      .select()
      .from(outboxMessage)
      .where(
        inArray(
          outboxMessage.id,
          offers.flatMap((o) => (o.outboxMessageId ? [o.outboxMessageId] : [])),
        ),
      );
    expect(messages.map((m) => [m.channel, m.recipient]).sort()).toEqual([
      ['email', 'first@example.test'],
      ['sms', '+12025550143'],
    ]);
    for (const m of messages) {
      expect(m.body).toMatch(/http:\/\/localhost:\d+\/r\/[\w-]+\.[\w-]+/);
      expect(m.body).toContain('Dr. Ada Heart');
      expect(m.body).toContain('10:00'); // the facility's local time
      // No clinical text and nothing that names the patient.
      expect(m.body).not.toContain('Oncology');
      expect(m.body).not.toContain(patients[0]!.familyName);
      expect(m.body).not.toContain(patients[1]!.familyName);
    }

    const audits = await ctx.platform.db
      .select()
      .from(auditEvent)
      .where(
        and(
          eq(auditEvent.action, 'waitlist.offered'),
          inArray(
            auditEvent.entityId,
            offers.map((o) => o.id),
          ),
        ),
      );
    expect(audits.map((a) => a.patientId).sort()).toEqual(
      patients
        .slice(0, 3)
        .map((p) => p.id)
        .sort(),
    );
    expect(JSON.stringify(audits.map((a) => a.details))).not.toMatch(/@|\+1202/);
  });

  it('signs a link that a patient can open and that names no identifiers', async () => {
    const s = await scene();
    const p = await patientWithConsent({ email: 'link@example.test' });
    const entry = await s.wait(p.id);
    await cancelAndOffer(s.freed);
    const [offer] = await offersOf([entry.id]);
    const [msg] = await ctx.platform.db
      .select()
      .from(outboxMessage)
      .where(eq(outboxMessage.id, offer!.outboxMessageId!));
    const token = /\/r\/(\S+)/.exec(msg!.body)?.[1];
    expect(ctx.platform.links.verify(token!, 'waitlist_offer').subjectId).toBe(offer!.id);

    const view = await ctx.platform.db.transaction((tx) =>
      describeOffer(tx, ctx.platform, offer!.id),
    );
    expect(view).toEqual({
      purpose: 'waitlist_offer',
      startsAt: '2026-01-20T15:00:00.000Z',
      endsAt: '2026-01-20T15:30:00.000Z',
      timeZone: 'America/New_York',
      practitionerName: 'Dr. Ada Heart',
      facilityName: expect.any(String) as string,
      appointmentTypeName: 'Oncology review',
      status: 'open',
      actions: ['accept', 'decline'],
      expiresAt: offer!.expiresAt.toISOString(),
    });
  });

  it('does not hold a slot that starts within two hours', async () => {
    const s = await scene();
    await s.wait((await createPatient(ctx.platform)).id);
    const soon = await insertAppointment(ctx.platform, {
      patientId: (await createPatient(ctx.platform)).id,
      practitionerId: s.doc.id,
      facilityId: s.clinic.facilityId,
      appointmentTypeId: s.type.id,
      startsAt: new Date(ctx.clock.now().getTime() + 90 * 60_000).toISOString(),
    });
    await cancelAndOffer(soon);
    expect(await holdsAt(s.doc.id)).toHaveLength(0);
  });

  it('holds nothing when nobody matches', async () => {
    const s = await scene();
    await cancelAndOffer(s.freed);
    expect(await holdsAt(s.doc.id)).toHaveLength(0);
  });

  it('makes the hold exclusive: nobody else can be booked into the held time', async () => {
    const s = await scene();
    await s.wait((await createPatient(ctx.platform)).id);
    await cancelAndOffer(s.freed);
    const clash = insertAppointment(ctx.platform, {
      patientId: (await createPatient(ctx.platform)).id,
      practitionerId: s.doc.id,
      facilityId: s.clinic.facilityId,
      appointmentTypeId: s.type.id,
      startsAt: '2026-01-20T15:10:00Z',
    });
    await expect(clash).rejects.toMatchObject({
      cause: { constraint: 'appointment_practitioner_no_overlap' },
    });
  });
});

describe('answering an offer', () => {
  async function offered(n: number) {
    const s = await scene();
    const entries: { id: string; patientId: string }[] = [];
    for (let i = 0; i < n; i += 1)
      entries.push(await s.wait((await createPatient(ctx.platform)).id));
    await cancelAndOffer(s.freed);
    const offers = await offersOf(entries.map((e) => e.id));
    const offerOf = (i: number) => offers.find((o) => o.entryId === entries[i]!.id)!;
    return { ...s, entries, offers, offerOf };
  }

  it('books the held slot for the first to accept; the second gets offer_unavailable', async () => {
    const s = await offered(2);
    const view = await answer(s.offerOf(1).id, 'accept');
    expect(view).toMatchObject({ status: 'accepted', actions: [] });

    const [booked] = await ctx.platform.db
      .select()
      .from(appointment)
      .where(eq(appointment.id, s.offerOf(1).heldAppointmentId));
    expect(booked).toMatchObject({
      status: 'booked',
      patientId: s.entries[1]!.patientId,
      appointmentTypeId: s.type.id,
      holdExpiresAt: null,
    });
    expect(await entryStatus(s.entries[1]!.id)).toMatchObject({
      status: 'booked',
      bookedAppointmentId: booked?.id,
    });
    // The other offer on the slot is taken, and its entry waits for the next one.
    const other = (await offersOf([s.entries[0]!.id]))[0];
    expect(other?.status).toBe('taken');
    expect((await entryStatus(s.entries[0]!.id))?.status).toBe('waiting');

    expect(await codeOf(answer(s.offerOf(0).id, 'accept'))).toBe('scheduling.offer_unavailable');
    expect(await codeOf(answer(s.offerOf(1).id, 'accept'))).toBe('scheduling.offer_unavailable');

    const audits = await ctx.platform.db
      .select()
      .from(auditEvent)
      .where(
        and(
          eq(auditEvent.action, 'waitlist.offer_accepted'),
          eq(auditEvent.entityId, s.offerOf(1).id),
        ),
      );
    expect(audits).toHaveLength(1);
    expect(audits[0]?.patientId).toBe(s.entries[1]!.patientId);
  });

  it('lets only one of two simultaneous accepts win', async () => {
    const s = await offered(2);
    const results = await Promise.allSettled([
      answer(s.offerOf(0).id, 'accept'),
      answer(s.offerOf(1).id, 'accept'),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const failed = results.find((r) => r.status === 'rejected');
    expect((failed?.reason as AppError).code).toBe('scheduling.offer_unavailable');
  });

  it('refuses to book a patient who has since been booked at that time (patient_busy)', async () => {
    const s = await offered(1);
    const other = await createPractitioner(ctx.platform, { facilityId: s.clinic.facilityId });
    const busy = await insertAppointment(ctx.platform, {
      patientId: s.entries[0]!.patientId,
      practitionerId: other.id,
      facilityId: s.clinic.facilityId,
      appointmentTypeId: s.type.id,
      startsAt: slotStart,
    });
    const err = await answer(s.offerOf(0).id, 'accept').catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'scheduling.patient_busy',
      details: { conflictingAppointmentId: busy.id },
    });
    expect((await offersOf([s.entries[0]!.id]))[0]?.status).toBe('open');
  });

  it('cancels the appointment the patient waited to move from', async () => {
    const s = await scene();
    const p = await createPatient(ctx.platform);
    const current = await insertAppointment(ctx.platform, {
      patientId: p.id,
      practitionerId: s.doc.id,
      facilityId: s.clinic.facilityId,
      appointmentTypeId: s.type.id,
      startsAt: '2026-02-10T15:00:00Z',
    });
    const entry = await s.wait(p.id, { currentAppointmentId: current.id });
    await cancelAndOffer(s.freed);
    const [offer] = await offersOf([entry.id]);
    await answer(offer!.id, 'accept');
    const [after] = await ctx.platform.db
      .select()
      .from(appointment)
      .where(eq(appointment.id, current.id));
    expect(after).toMatchObject({
      status: 'cancelled',
      cancelReason: 'Moved to an earlier slot from the waitlist',
    });
  });

  it('puts a declining entry back to waiting and keeps the hold for the others', async () => {
    const s = await offered(2);
    const view = await answer(s.offerOf(0).id, 'decline');
    expect(view).toMatchObject({ status: 'declined', actions: [] });
    expect((await entryStatus(s.entries[0]!.id))?.status).toBe('waiting');
    expect(await holdsAt(s.doc.id)).toHaveLength(1);
    expect((await offersOf([s.entries[1]!.id]))[0]?.status).toBe('open');
    expect(await codeOf(answer(s.offerOf(0).id, 'decline'))).toBe('scheduling.offer_unavailable');
    const audits = await ctx.platform.db
      .select()
      .from(auditEvent)
      .where(
        and(
          eq(auditEvent.action, 'waitlist.offer_declined'),
          eq(auditEvent.entityId, s.offerOf(0).id),
        ),
      );
    expect(audits).toHaveLength(1);
  });

  it('releases the slot to the next entry once everyone offered it declined', async () => {
    const s = await offered(4);
    for (const i of [0, 1, 2]) await answer(s.offerOf(i).id, 'decline');
    const holds = await holdsAt(s.doc.id);
    expect(holds).toHaveLength(1);
    const fourth = await offersOf([s.entries[3]!.id]);
    expect(fourth).toMatchObject([{ status: 'open', heldAppointmentId: holds[0]?.id }]);
    // Those who said no are not asked about the same slot again.
    expect(await offersOf(s.entries.slice(0, 3).map((e) => e.id))).toHaveLength(3);
  });
});

describe('the hold expiry job', () => {
  it('cancels a lapsed hold, expires its offers and offers the slot to the next entries', async () => {
    const s = await scene();
    const entries: { id: string; patientId: string }[] = [];
    for (let i = 0; i < 5; i += 1)
      entries.push(await s.wait((await createPatient(ctx.platform)).id));
    await cancelAndOffer(s.freed);
    const [firstHold] = await holdsAt(s.doc.id);

    ctx.clock.advance(29 * 60_000);
    await expireHolds(ctx.platform);
    expect(await holdsAt(s.doc.id)).toHaveLength(1); // not yet

    ctx.clock.advance(2 * 60_000);
    const { released } = await expireHolds(ctx.platform);
    expect(released).toBeGreaterThanOrEqual(1);
    const [lapsed] = await ctx.platform.db
      .select()
      .from(appointment)
      .where(eq(appointment.id, firstHold!.id));
    expect(lapsed).toMatchObject({
      status: 'cancelled',
      cancelReason: 'Waitlist hold expired',
      cancelledVia: 'system',
    });
    const firstOffers = await offersOf(entries.slice(0, 3).map((e) => e.id));
    expect(firstOffers.map((o) => o.status)).toEqual(['expired', 'expired', 'expired']);
    for (const e of entries.slice(0, 3)) expect((await entryStatus(e.id))?.status).toBe('waiting');

    // The next two get a new hold of the same time; the first three are not asked again.
    const [second] = await holdsAt(s.doc.id);
    expect(second?.startsAt).toEqual(new Date(slotStart));
    const next = await offersOf(entries.slice(3).map((e) => e.id));
    expect(next.map((o) => [o.status, o.heldAppointmentId])).toEqual([
      ['open', second?.id],
      ['open', second?.id],
    ]);
    expect(await offersOf(entries.slice(0, 3).map((e) => e.id))).toHaveLength(3);
    // An accept of a lapsed offer is refused.
    expect(await codeOf(answer(firstOffers[0]!.id, 'accept'))).toBe('scheduling.offer_unavailable');
  });

  it('does not offer again once the slot is too close', async () => {
    const s = await scene();
    await s.wait((await createPatient(ctx.platform)).id);
    await s.wait((await createPatient(ctx.platform)).id);
    await s.wait((await createPatient(ctx.platform)).id);
    const late = await s.wait((await createPatient(ctx.platform)).id);
    await cancelAndOffer(s.freed);
    // Jump to 90 minutes before the slot: the hold lapsed long ago.
    ctx.clock.set('2026-01-20T13:30:00Z');
    await expireHolds(ctx.platform);
    expect(await holdsAt(s.doc.id)).toHaveLength(0);
    expect(await offersOf([late.id])).toHaveLength(0);
  });
});

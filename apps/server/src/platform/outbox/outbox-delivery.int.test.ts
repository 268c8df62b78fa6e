import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness.js';
import { fakeTransports } from '../../../test/fake-transports.js';
import { loadConfig } from '../config.js';
import type { OutgoingMessage } from './outbox.js';
import { outboxMessage } from './outbox.tables.js';
import { DeliveryError } from './delivery-error.js';
import {
  createDeliveryTransports,
  deliverDueMessages,
  lostFinalAttemptError,
} from './outbox-delivery.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx.close();
});
beforeEach(async () => {
  await ctx.platform.db.delete(outboxMessage);
});

const minute = 60_000;

function email(overrides: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return {
    channel: 'email',
    recipient: 'pat.jones@example.org',
    subject: 'Your appointment',
    body: 'See you on Tuesday at 09:30.',
    html: '<p>See you on Tuesday at 09:30.</p>',
    ...overrides,
  };
}

async function enqueue(message: OutgoingMessage): Promise<string> {
  return ctx.platform.db.transaction((tx) => ctx.platform.outbox.enqueue(tx, message));
}

async function row(id: string) {
  const rows = await ctx.platform.db.select().from(outboxMessage).where(eq(outboxMessage.id, id));
  const found = rows[0];
  if (!found) throw new Error(`no outbox row ${id}`);
  return found;
}

describe('enqueueing in the business transaction', () => {
  it('leaves nothing behind when the transaction rolls back', async () => {
    await expect(
      ctx.platform.db.transaction(async (tx) => {
        await ctx.platform.outbox.enqueue(tx, email());
        throw new Error('the booking failed');
      }),
    ).rejects.toThrow('the booking failed');

    expect(await ctx.platform.db.select().from(outboxMessage)).toEqual([]);
    const transports = fakeTransports();
    expect((await deliverDueMessages(ctx.platform, transports)).claimed).toBe(0);
    expect(transports.email.calls).toEqual([]);
  });

  it('refuses a maxAttempts outside 1..20', async () => {
    await expect(enqueue(email({ maxAttempts: 0 }))).rejects.toThrow(/maxAttempts/);
    expect(await ctx.platform.db.select().from(outboxMessage)).toEqual([]);
  });
});

describe('delivering due messages', () => {
  it('sends a committed e-mail through the transport and records it as sent', async () => {
    const id = await enqueue(email());
    const transports = fakeTransports();

    const report = await deliverDueMessages(ctx.platform, transports);

    expect(report).toEqual({ claimed: 1, sent: 1, failed: 0, dead: 0, lost: 0 });
    expect(transports.email.accepted).toEqual([
      {
        to: 'pat.jones@example.org',
        subject: 'Your appointment',
        text: 'See you on Tuesday at 09:30.',
        html: '<p>See you on Tuesday at 09:30.</p>',
      },
    ]);
    const sent = await row(id);
    expect(sent).toMatchObject({
      status: 'sent',
      attempts: 1,
      transport: 'fake-email',
      lastError: null,
      claimToken: null,
    });
    expect(sent.sentAt).toEqual(ctx.clock.now());
    // Sent once: a second round finds nothing due.
    expect((await deliverDueMessages(ctx.platform, transports)).claimed).toBe(0);
    expect(transports.email.calls).toHaveLength(1);
  });

  it('sends an SMS through the SMS provider', async () => {
    const id = await enqueue({ channel: 'sms', recipient: '+15551234567', body: 'Reminder: 9:30' });
    const transports = fakeTransports();

    await deliverDueMessages(ctx.platform, transports);

    expect(transports.sms.accepted).toEqual([{ to: '+15551234567', text: 'Reminder: 9:30' }]);
    expect(transports.email.calls).toEqual([]);
    expect(await row(id)).toMatchObject({ status: 'sent', transport: 'fake-sms' });
  });

  it('does not send a message before it is due', async () => {
    const id = await enqueue(email());
    await ctx.platform.db
      .update(outboxMessage)
      .set({ nextAttemptAt: new Date(ctx.clock.now().getTime() + minute) })
      .where(eq(outboxMessage.id, id));
    const transports = fakeTransports();

    expect((await deliverDueMessages(ctx.platform, transports)).claimed).toBe(0);
    ctx.clock.advance(minute);
    expect((await deliverDueMessages(ctx.platform, transports)).sent).toBe(1);
  });

  it('backs off after failures (1 min, then 5 min) and gives up after max attempts', async () => {
    const id = await enqueue(email({ maxAttempts: 3 }));
    const transports = fakeTransports({
      alwaysFail: true,
      error: () => new Error('452 4.2.2 mailbox full for pat.jones@example.org'),
    });
    const start = ctx.clock.now().getTime();

    expect(await deliverDueMessages(ctx.platform, transports)).toMatchObject({ failed: 1 });
    let r = await row(id);
    expect(r).toMatchObject({ status: 'failed', attempts: 1, claimToken: null });
    expect(r.nextAttemptAt).toEqual(new Date(start + minute));
    expect(r.lastError).toContain('452 4.2.2 mailbox full');
    expect(r.lastError).not.toContain('pat.jones');

    // Not due again until the backoff has passed on the injected clock.
    expect((await deliverDueMessages(ctx.platform, transports)).claimed).toBe(0);
    ctx.clock.advance(minute - 1);
    expect((await deliverDueMessages(ctx.platform, transports)).claimed).toBe(0);
    ctx.clock.advance(1);
    expect(await deliverDueMessages(ctx.platform, transports)).toMatchObject({ failed: 1 });
    r = await row(id);
    expect(r).toMatchObject({ status: 'failed', attempts: 2 });
    expect(r.nextAttemptAt).toEqual(new Date(start + minute + 5 * minute));

    ctx.clock.advance(5 * minute);
    expect(await deliverDueMessages(ctx.platform, transports)).toMatchObject({ dead: 1 });
    r = await row(id);
    expect(r).toMatchObject({ status: 'dead', attempts: 3 });
    expect(r.lastError).toContain('mailbox full');

    ctx.clock.advance(24 * 60 * minute);
    expect((await deliverDueMessages(ctx.platform, transports)).claimed).toBe(0);
    expect(transports.email.calls).toHaveLength(3);
  });

  it('delivers on a later attempt after transient failures, clearing the error', async () => {
    const id = await enqueue(email());
    const transports = fakeTransports({ failTimes: 2 });

    await deliverDueMessages(ctx.platform, transports);
    ctx.clock.advance(minute);
    await deliverDueMessages(ctx.platform, transports);
    expect((await row(id)).lastError).toContain('peer unavailable');
    ctx.clock.advance(5 * minute);
    await deliverDueMessages(ctx.platform, transports);

    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 3, lastError: null });
    expect(transports.email.accepted).toHaveLength(1);
  });

  it('gives up at once when the peer refuses the message for good', async () => {
    const id = await enqueue(email());
    const transports = fakeTransports({
      alwaysFail: true,
      error: () => new DeliveryError('550 5.1.1 <pat.jones@example.org> user unknown', true),
    });

    expect(await deliverDueMessages(ctx.platform, transports)).toMatchObject({ dead: 1 });
    const r = await row(id);
    expect(r).toMatchObject({ status: 'dead', attempts: 1 });
    expect(r.lastError).toBe('550 5.1.1 <[recipient]> user unknown');
  });

  it('keeps the message text and any address or number out of last_error', async () => {
    const id = await enqueue(email({ body: 'Your biopsy result is ready to view.' }));
    const transports = fakeTransports({
      alwaysFail: true,
      error: () =>
        new Error(
          'rejected "Your biopsy result is ready to view." from clinic@example.net, call +1 (555) 010-9999',
        ),
    });

    await deliverDueMessages(ctx.platform, transports);

    const { lastError } = await row(id);
    expect(lastError).toBe('Error: rejected "[text]" from [address], call [number]');
  });

  it('counts a send that never answers as a failed attempt', async () => {
    const id = await enqueue(email());
    const transports = fakeTransports({ hang: true });

    const report = await deliverDueMessages(ctx.platform, transports, {
      sendTimeoutMs: 50,
      leaseMs: 10 * minute,
    });

    expect(report.failed).toBe(1);
    expect(await row(id)).toMatchObject({
      status: 'failed',
      lastError: 'the fake-email transport did not answer within 0.05 s',
    });
    transports.email.release();
  });
});

describe('several workers at once', () => {
  it('never sends the same message twice when two workers deliver concurrently', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 30; i += 1) ids.add(await enqueue(email({ subject: `m${i}` })));
    const transports = fakeTransports({ delayMs: 15 });

    const worker = async () => {
      let total = 0;
      for (;;) {
        const r = await deliverDueMessages(ctx.platform, transports, { batchSize: 4 });
        if (r.claimed === 0) return total;
        total += r.claimed;
      }
    };
    const [a, b] = await Promise.all([worker(), worker()]);

    expect(a + b).toBe(30);
    const subjects = transports.email.calls.map((m) => m.subject);
    expect(subjects).toHaveLength(30);
    expect(new Set(subjects).size).toBe(30);
    const rows = await ctx.platform.db.select().from(outboxMessage);
    expect(
      rows.filter((r) => ids.has(r.id)).every((r) => r.status === 'sent' && r.attempts === 1),
    ).toBe(true);
  });

  it('leaves a message alone while another worker holds it, and retries it once the lease ends', async () => {
    const id = await enqueue(email());
    const stalled = fakeTransports({ hang: true });
    const opts = { leaseMs: 5 * minute, sendTimeoutMs: 2 * minute };
    // A worker that stops answering mid-send (its process froze or died).
    const stalledRound = deliverDueMessages(ctx.platform, stalled, opts);
    await stalled.email.waitFor((p) => p.calls.length === 1);

    const healthy = fakeTransports();
    expect((await deliverDueMessages(ctx.platform, healthy, opts)).claimed).toBe(0);
    ctx.clock.advance(5 * minute);
    expect(await deliverDueMessages(ctx.platform, healthy, opts)).toMatchObject({ sent: 1 });
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 2, transport: 'fake-email' });

    // The stalled worker wakes up and answers late: the outcome it would record is dropped.
    stalled.email.release();
    await stalledRound;
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 2, transport: 'fake-email' });
  });

  it('marks a message dead, without sending again, when its final attempt was lost', async () => {
    const id = await enqueue(email({ maxAttempts: 1 }));
    const stalled = fakeTransports({ hang: true });
    const opts = { leaseMs: 5 * minute, sendTimeoutMs: 2 * minute };
    const stalledRound = deliverDueMessages(ctx.platform, stalled, opts);
    await stalled.email.waitFor((p) => p.calls.length === 1);

    ctx.clock.advance(5 * minute);
    const healthy = fakeTransports();
    expect(await deliverDueMessages(ctx.platform, healthy, opts)).toMatchObject({
      claimed: 0,
      lost: 1,
    });
    expect(healthy.email.calls).toEqual([]);
    expect(await row(id)).toMatchObject({ status: 'dead', lastError: lostFinalAttemptError });

    stalled.email.release();
    await stalledRound;
    expect((await row(id)).status).toBe('dead');
  });
});

describe('demo mode without SMTP', () => {
  it('keeps e-mail and SMS for the message viewer and marks them sent by "viewer"', async () => {
    expect(ctx.platform.config.SMTP_HOST).toBeUndefined();
    const transports = createDeliveryTransports(ctx.platform.config);
    const mailId = await enqueue(email());
    const smsId = await enqueue({ channel: 'sms', recipient: '+15551234567', body: 'Hi' });

    expect(await deliverDueMessages(ctx.platform, transports)).toMatchObject({ sent: 2 });

    expect(await row(mailId)).toMatchObject({ status: 'sent', transport: 'viewer' });
    expect(await row(smsId)).toMatchObject({ status: 'sent', transport: 'viewer' });
  });

  it('uses SMTP once SMTP_HOST is configured', () => {
    const config = loadConfig({ SMTP_HOST: 'smtp.example.org', DATABASE_URL: 'postgres://x/y' });
    expect(createDeliveryTransports(config).email.name).toBe('smtp');
  });
});

import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Platform } from '../platform.js';
import { newId } from '../ids.js';
import { createEmailTransport, type EmailTransport } from '../email/email-transport.js';
import { createSmsProvider, type SmsProvider } from '../sms/sms-provider.js';
import { DeliveryError, describeDeliveryFailure } from './delivery-error.js';
import { outboxMessage, type OutboxMessageRow } from './outbox.tables.js';

/** The peers each channel is sent through. Tests pass fakes implementing the same interfaces. */
export interface DeliveryTransports {
  email: EmailTransport;
  sms: SmsProvider;
}

export function createDeliveryTransports(config: Config): DeliveryTransports {
  return { email: createEmailTransport(config), sms: createSmsProvider(config) };
}

export interface DeliveryOptions {
  /** Messages claimed and sent (concurrently) per call. */
  batchSize?: number;
  /**
   * How long a claim keeps other workers off a message. A worker that dies mid-send leaves
   * the message to be retried once the lease ends; it must outlast sendTimeoutMs.
   */
  leaseMs?: number;
  /** A send still unanswered after this counts as a failed attempt. */
  sendTimeoutMs?: number;
  logger?: Logger;
}

export interface DeliveryReport {
  /** Messages claimed for an attempt in this call. */
  claimed: number;
  sent: number;
  /** Failed and scheduled for another attempt. */
  failed: number;
  /** Failed for good in this call: attempts used up, or refused for good by the peer. */
  dead: number;
  /**
   * Found with their final attempt interrupted (a worker stopped mid-send and its lease
   * ran out) and marked dead without sending again.
   */
  lost: number;
}

/** Waits before attempt n+1 after n failures: 1 min, 5 min, 30 min, 2 h, then 6 h. */
export const retryDelaysMs = [60_000, 300_000, 1_800_000, 7_200_000, 21_600_000] as const;

export function retryDelayMs(failedAttempts: number): number {
  const index = Math.min(Math.max(failedAttempts, 1), retryDelaysMs.length) - 1;
  return retryDelaysMs[index] ?? retryDelaysMs[0];
}

const defaults = { batchSize: 10, leaseMs: 5 * 60_000, sendTimeoutMs: 2 * 60_000 };

/** Outcome text for a message whose final attempt outlived its lease without an answer. */
export const lostFinalAttemptError =
  'the final attempt was interrupted before the transport answered (worker stopped?); ' +
  'it may or may not have been delivered, so it is not sent again automatically';

type DeliveryDeps = Pick<Platform, 'db' | 'clock'>;
type Claimed = Pick<
  OutboxMessageRow,
  'id' | 'channel' | 'recipient' | 'subject' | 'body' | 'html' | 'attempts' | 'maxAttempts'
>;

/**
 * Sends the messages that are due, once each, even with several workers running. A short
 * transaction claims due rows (FOR UPDATE SKIP LOCKED), counts the attempt and leases them
 * by moving next_attempt_at past the send; the sends happen after that commit, holding no
 * lock; each outcome is recorded only if the claim is still ours.
 */
export async function deliverDueMessages(
  platform: DeliveryDeps,
  transports: DeliveryTransports,
  opts: DeliveryOptions = {},
): Promise<DeliveryReport> {
  const batchSize = opts.batchSize ?? defaults.batchSize;
  const leaseMs = opts.leaseMs ?? defaults.leaseMs;
  const sendTimeoutMs = opts.sendTimeoutMs ?? defaults.sendTimeoutMs;
  if (leaseMs <= sendTimeoutMs) throw new RangeError('leaseMs must exceed sendTimeoutMs');

  const { token, messages, lost } = await claimDueMessages(platform, batchSize, leaseMs);
  const report: DeliveryReport = { claimed: messages.length, sent: 0, failed: 0, dead: 0, lost };
  const results = await Promise.allSettled(
    messages.map(async (m) => {
      const outcome = await attempt(platform, transports, m, token, sendTimeoutMs, opts.logger);
      report[outcome] += 1;
    }),
  );
  // A send's failure is an outcome; a rejection here is the database failing to record one.
  const broken = results.find((r) => r.status === 'rejected');
  if (broken) throw broken.reason;
  return report;
}

async function claimDueMessages(
  { db, clock }: DeliveryDeps,
  batchSize: number,
  leaseMs: number,
): Promise<{ token: string; messages: Claimed[]; lost: number }> {
  const now = clock.now();
  const token = newId();
  return db.transaction(async (tx) => {
    const due = await tx
      .select({
        id: outboxMessage.id,
        attempts: outboxMessage.attempts,
        maxAttempts: outboxMessage.maxAttempts,
      })
      .from(outboxMessage)
      .where(
        and(
          inArray(outboxMessage.status, ['pending', 'failed']),
          lte(outboxMessage.nextAttemptAt, now),
        ),
      )
      .orderBy(asc(outboxMessage.nextAttemptAt), asc(outboxMessage.id))
      .limit(batchSize)
      .for('update', { skipLocked: true });

    // Attempts are counted at claim time, so a message that keeps killing its worker still
    // runs out of attempts instead of being retried for ever.
    const lostIds = due.filter((d) => d.attempts >= d.maxAttempts).map((d) => d.id);
    const claimIds = due.filter((d) => d.attempts < d.maxAttempts).map((d) => d.id);
    if (lostIds.length > 0) {
      await tx
        .update(outboxMessage)
        .set({
          status: 'dead',
          claimToken: null,
          nextAttemptAt: now,
          lastError: lostFinalAttemptError,
        })
        .where(inArray(outboxMessage.id, lostIds));
    }
    if (claimIds.length === 0) return { token, messages: [], lost: lostIds.length };
    const messages = await tx
      .update(outboxMessage)
      .set({
        claimToken: token,
        attempts: sql`${outboxMessage.attempts} + 1`,
        lastAttemptAt: now,
        nextAttemptAt: new Date(now.getTime() + leaseMs),
      })
      .where(inArray(outboxMessage.id, claimIds))
      .returning({
        id: outboxMessage.id,
        channel: outboxMessage.channel,
        recipient: outboxMessage.recipient,
        subject: outboxMessage.subject,
        body: outboxMessage.body,
        html: outboxMessage.html,
        attempts: outboxMessage.attempts,
        maxAttempts: outboxMessage.maxAttempts,
      });
    return { token, messages, lost: lostIds.length };
  });
}

async function attempt(
  { db, clock }: DeliveryDeps,
  transports: DeliveryTransports,
  m: Claimed,
  token: string,
  sendTimeoutMs: number,
  logger: Logger | undefined,
): Promise<'sent' | 'failed' | 'dead'> {
  const record = async (outcome: Partial<OutboxMessageRow>) => {
    const updated = await db
      .update(outboxMessage)
      .set(outcome)
      .where(and(eq(outboxMessage.id, m.id), eq(outboxMessage.claimToken, token)))
      .returning({ id: outboxMessage.id });
    // Tricky: the lease ran out mid-send and another worker took the message over; its
    // outcome stands, and the message may have gone out twice.
    if (updated.length === 0) {
      logger?.warn({ messageId: m.id }, 'outbox lease expired before the outcome was recorded');
    }
  };
  const transportName = m.channel === 'email' ? transports.email.name : transports.sms.name;
  try {
    await withTimeout(send(transports, m), sendTimeoutMs, transportName);
  } catch (err) {
    const failure = describeDeliveryFailure(err, m);
    const isDead = failure.isPermanent || m.attempts >= m.maxAttempts;
    const now = clock.now();
    await record({
      status: isDead ? 'dead' : 'failed',
      claimToken: null,
      nextAttemptAt: isDead ? now : new Date(now.getTime() + retryDelayMs(m.attempts)),
      lastError: failure.message,
      transport: transportName,
    });
    logger?.warn(
      { messageId: m.id, channel: m.channel, attempt: m.attempts, isDead, error: failure.message },
      isDead ? 'outbox message dead' : 'outbox message failed; will retry',
    );
    return isDead ? 'dead' : 'failed';
  }
  await record({
    status: 'sent',
    claimToken: null,
    sentAt: clock.now(),
    transport: transportName,
    lastError: null,
  });
  return 'sent';
}

function send(transports: DeliveryTransports, m: Claimed): Promise<void> {
  if (m.channel === 'sms') return transports.sms.send({ to: m.recipient, text: m.body });
  return transports.email.send({
    to: m.recipient,
    subject: m.subject ?? '',
    text: m.body,
    html: m.html,
  });
}

async function withTimeout(work: Promise<void>, ms: number, transportName: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new DeliveryError(
            `the ${transportName} transport did not answer within ${ms / 1000} s`,
            false,
          ),
        ),
      ms,
    );
  });
  try {
    await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

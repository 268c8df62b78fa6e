import type { DbOrTx } from '../../../platform/db.js';
import { newId } from '../../../platform/ids.js';
import type { Platform } from '../../../platform/platform.js';
import { findPatientStanding } from '../../patients/index.js';
import type { AppointmentRow } from '../scheduling.tables.js';
import { composeReminderMessage, reminderLink } from './reminder-message.js';
import {
  chooseReminderChannel,
  pickNearestDue,
  type ChannelChoice,
  type ReminderChannel,
} from './reminder-policy.js';
import * as repo from './reminder.repository.js';

export interface SendRemindersResult {
  /** Appointments looked at (some may have been taken by another worker meanwhile). */
  appointments: number;
  sent: number;
  skipped: number;
}

/**
 * Sends the reminders whose time has come: for each booked or confirmed appointment that has
 * not started and each applicable rule due for it (starts_at - hoursBefore <= now), once per
 * start time: a rescheduled appointment gets the reminders of its new time. Each appointment
 * is handled in its own transaction, which writes the appointment_reminder row, queues the
 * message in the outbox, appends the appointment event and the audit row together. Safe with
 * several workers: the appointment row is locked SKIP LOCKED and the unique (appointment,
 * rule, start) constraint turns a second attempt into nothing.
 */
export async function sendDueReminders(
  platform: Platform,
  opts: { now?: Date; limit?: number } = {},
): Promise<SendRemindersResult> {
  const now = opts.now ?? platform.clock.now();
  const ids = await repo.findAppointmentsWithDueReminders(platform.db, now, opts.limit ?? 500);
  const result: SendRemindersResult = { appointments: ids.length, sent: 0, skipped: 0 };
  for (const id of ids) {
    const outcome = await platform.db.transaction((tx) => remindAppointment(tx, platform, id, now));
    result.sent += outcome.sent;
    result.skipped += outcome.skipped;
  }
  return result;
}

async function remindAppointment(
  tx: DbOrTx,
  platform: Platform,
  appointmentId: string,
  now: Date,
): Promise<{ sent: number; skipped: number }> {
  const locked = await repo.lockRemindableAppointment(tx, appointmentId, now);
  if (!locked?.patientId) return { sent: 0, skipped: 0 };
  // Read again under the lock: a worker that finished first has recorded its rules.
  const plan = pickNearestDue(await repo.findDueRules(tx, appointmentId, now));
  if (!plan) return { sent: 0, skipped: 0 };
  const patientId = locked.patientId;
  const record = (
    fields: Omit<repo.NewAppointmentReminderRow, 'appointmentId' | 'startsAt' | 'createdAt'>,
  ) =>
    repo.insertReminder(tx, {
      ...fields,
      appointmentId,
      startsAt: locked.startsAt,
      createdAt: now,
    });

  for (const rule of plan.superseded) {
    await record({ id: newId(), ruleId: rule.id, outcome: 'skipped', skipReason: 'superseded' });
  }
  const standing = await findPatientStanding(tx, patientId);
  const choice: ChannelChoice = standing ? chooseReminderChannel(standing) : { skip: 'no_contact' };
  const skipReason = 'skip' in choice ? choice.skip : null;
  const channel = 'skip' in choice ? null : choice.channel;
  const reminderId = newId();
  const isNew = await record({
    id: reminderId,
    ruleId: plan.send.id,
    outcome: skipReason ? 'skipped' : 'sent',
    channel,
    skipReason,
  });
  if (!isNew) return { sent: 0, skipped: plan.superseded.length };

  const outboxMessageId =
    'skip' in choice ? null : await queueReminder(tx, platform, locked, choice);
  if (outboxMessageId) await repo.setReminderOutboxMessage(tx, reminderId, outboxMessageId);
  await repo.insertAppointmentEvent(tx, {
    id: newId(),
    appointmentId,
    kind: 'reminder',
    channel: 'system',
    note: skipReason
      ? `${plan.send.hoursBefore} h reminder not sent: ${skipReason}`
      : `${plan.send.hoursBefore} h reminder sent by ${channel}`,
    occurredAt: now,
  });
  // Last statement: the audit chain's lock is held until commit.
  await platform.audit.record(tx, {
    action: skipReason ? 'appointment.reminder_skipped' : 'appointment.reminder_sent',
    actorUserId: null,
    patientId,
    entityType: 'appointment',
    entityId: appointmentId,
    facilityId: locked.facilityId,
    details: {
      reminderId,
      ruleId: plan.send.id,
      channel,
      outboxMessageId,
      skipReason,
      supersededRuleIds: plan.superseded.map((r) => r.id),
    },
  });
  const skipped = plan.superseded.length + (skipReason ? 1 : 0);
  return { sent: skipReason ? 0 : 1, skipped };
}

/** Queues the reminder text with its signed link (valid until the visit starts). */
async function queueReminder(
  tx: DbOrTx,
  platform: Platform,
  appt: AppointmentRow,
  to: { channel: ReminderChannel; recipient: string },
): Promise<string> {
  const setting = await repo.findAppointmentSetting(tx, appt.id);
  if (!setting) throw new Error(`appointment ${appt.id} lost its practitioner or facility`);
  const token = platform.links.sign({
    purpose: 'reminder',
    subjectId: appt.id,
    expiresAt: appt.startsAt,
  });
  const message = composeReminderMessage(to.channel, {
    startsAt: appt.startsAt,
    timeZone: setting.timeZone,
    practitionerName: setting.practitionerName,
    facilityName: setting.facilityName,
    link: reminderLink(platform.config, token),
  });
  return platform.outbox.enqueue(tx, { channel: to.channel, recipient: to.recipient, ...message });
}

import type { ReminderChannel } from './reminder-policy.js';

export interface ReminderFacts {
  startsAt: Date;
  /** The facility's IANA zone: the patient reads the time of the place they go to. */
  timeZone: string;
  practitionerName: string;
  facilityName: string;
  /** The signed confirm-or-cancel link. */
  link: string;
}

export interface ReminderMessage {
  subject: string | null;
  body: string;
  html: string | null;
}

// Tricky: ICU puts a narrow no-break space before AM/PM; plain spaces keep an SMS in the
// GSM-7 alphabet (160 characters a part instead of 70) and e-mail clients happy.
const unusualSpaces = /[\u202f\u00a0]/g;

function formatIn(timeZone: string, options: Intl.DateTimeFormatOptions, at: Date): string {
  return new Intl.DateTimeFormat('en-US', { timeZone, ...options })
    .format(at)
    .replace(unusualSpaces, ' ');
}

/** "Tuesday, January 20, 2026 at 9:30 AM EST" in the facility's zone. */
export function formatVisitTime(at: Date, timeZone: string): string {
  return formatIn(
    timeZone,
    {
      weekday: 'long',
      year: 'numeric',
      month: 'long',
      day: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      timeZoneName: 'short',
    },
    at,
  );
}

/** "Tue, Jan 20, 9:30 AM EST": short enough for a text message. */
export function formatShortVisitTime(at: Date, timeZone: string): string {
  return formatIn(
    timeZone,
    {
      weekday: 'short',
      month: 'short',
      day: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      timeZoneName: 'short',
    },
    at,
  );
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * The reminder as the patient reads it. Deliberately names no diagnosis, no reason for the
 * visit and no appointment type (a type such as "Oncology follow-up" says too much on a
 * lock screen or a shared mailbox): when, with whom, where, and the link to answer.
 */
export function composeReminderMessage(
  channel: ReminderChannel,
  facts: ReminderFacts,
): ReminderMessage {
  const { practitionerName: who, facilityName: where, link } = facts;
  if (channel === 'sms') {
    const when = formatShortVisitTime(facts.startsAt, facts.timeZone);
    return {
      subject: null,
      body: `Reminder: appointment with ${who} at ${where}, ${when}. Confirm or cancel: ${link}`,
      html: null,
    };
  }
  const when = formatVisitTime(facts.startsAt, facts.timeZone);
  const subject = `Appointment reminder: ${formatShortVisitTime(facts.startsAt, facts.timeZone)}`;
  const body = [
    'Hello,',
    '',
    `This is a reminder of your appointment with ${who} at ${where} on ${when}.`,
    '',
    `Please confirm that you will come, or cancel if you cannot: ${link}`,
    '',
    'Cancelling lets us offer the time to another patient.',
  ].join('\n');
  const html = [
    '<p>Hello,</p>',
    `<p>This is a reminder of your appointment with ${escapeHtml(who)} at ${escapeHtml(where)} on <strong>${escapeHtml(when)}</strong>.</p>`,
    `<p><a href="${escapeHtml(link)}">Confirm or cancel your appointment</a></p>`,
    '<p>Cancelling lets us offer the time to another patient.</p>',
  ].join('\n');
  return { subject, body, html };
}

/** `${PUBLIC_URL}/r/<token>`, or the local server when no public address is configured. */
export function reminderLink(
  config: { PUBLIC_URL?: string | undefined; PORT: number },
  token: string,
): string {
  const base = (config.PUBLIC_URL ?? `http://localhost:${config.PORT}`).replace(/\/+$/, '');
  return `${base}/r/${token}`;
}

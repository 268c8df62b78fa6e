import { Temporal } from 'temporal-polyfill';
import type { Period } from '../period-column.js';

/** How long a freed slot is held for the patients it is offered to. */
export const holdMinutes = 30;

/**
 * How many waiting entries one freed slot is offered to at once. The first to accept takes
 * it; three keeps the chance of a taker high without waking a long queue for one slot.
 */
export const offersPerSlot = 3;

/** A slot starting sooner than this is not offered: nobody could plan to come. */
export const minimumLeadMinutes = 120;

/** The local date (YYYY-MM-DD) an instant falls on in the zone. */
export function localDateOf(at: Date, timeZone: string): string {
  return Temporal.Instant.fromEpochMilliseconds(at.getTime())
    .toZonedDateTimeISO(timeZone)
    .toPlainDate()
    .toString();
}

/**
 * The visit an appointment type would make in a freed slot: it starts where the freed visit
 * started, and it fits when its buffers and duration stay inside the practitioner's time the
 * freed appointment had (so taking it never pushes into a neighbour).
 */
export function visitInSlot(
  freed: { startsAt: Date; blockedPeriod: Period },
  type: { durationMinutes: number; bufferBeforeMinutes: number; bufferAfterMinutes: number },
): { startsAt: Date; endsAt: Date; blockedPeriod: Period } | null {
  const minute = 60_000;
  const startsAt = freed.startsAt;
  const endsAt = new Date(startsAt.getTime() + type.durationMinutes * minute);
  const blockedPeriod = {
    from: new Date(startsAt.getTime() - type.bufferBeforeMinutes * minute),
    to: new Date(endsAt.getTime() + type.bufferAfterMinutes * minute),
  };
  const fits =
    blockedPeriod.from.getTime() >= freed.blockedPeriod.from.getTime() &&
    blockedPeriod.to.getTime() <= freed.blockedPeriod.to.getTime();
  return fits ? { startsAt, endsAt, blockedPeriod } : null;
}

/** "Tuesday, 20 January 2026 at 10:00" in the facility's zone. */
export function formatLocalTime(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    dateStyle: 'full',
    timeStyle: 'short',
    timeZone,
  }).format(at);
}

export interface OfferMessageFacts {
  startsAt: Date;
  expiresAt: Date;
  timeZone: string;
  practitionerName: string;
  facilityName: string;
  link: string;
}

/**
 * The offer as sent. Time, place, practitioner and the link only: no patient name, no
 * visit type or reason, since e-mail and SMS travel outside the hospital.
 */
export function offerMessage(
  f: OfferMessageFacts,
  channel: 'email' | 'sms',
): {
  subject: string | null;
  body: string;
} {
  const when = formatLocalTime(f.startsAt, f.timeZone);
  const until = formatLocalTime(f.expiresAt, f.timeZone);
  if (channel === 'sms') {
    return {
      subject: null,
      body: `${f.facilityName}: an earlier appointment is free on ${when} with ${f.practitionerName}. Accept or decline by ${until}: ${f.link}`,
    };
  }
  return {
    subject: 'An earlier appointment is available',
    body: [
      'Hello,',
      '',
      `An earlier appointment has become available at ${f.facilityName}:`,
      `${when} (${f.timeZone}) with ${f.practitionerName}.`,
      '',
      `It is held for you until ${until}. Other patients on the waitlist may be offered the same time; the first to accept gets it.`,
      '',
      `Accept or decline here: ${f.link}`,
    ].join('\n'),
  };
}

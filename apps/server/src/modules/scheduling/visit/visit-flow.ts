import type { AppointmentStatus, AppointmentTransition } from '@meridian/contracts';
import type { Channel } from '../scheduling.tables.js';
import { localDateAt } from './local-day.js';

/** The appointment column a transition stamps with the time it happened. */
export type StampColumn = 'confirmedAt' | 'arrivedAt' | 'inRoomAt' | 'completedAt' | 'noShowAt';

export interface TransitionRule {
  from: readonly AppointmentStatus[];
  to: AppointmentStatus;
  stamps: StampColumn;
  /** Who may make it: the patient by a signed link may only confirm. */
  channels: readonly Channel[];
  /** Only on the appointment's own local day (the facility's zone): check-in and rooming. */
  isVisitDayOnly?: true;
}

/**
 * The visit flow: booked → confirmed → arrived (check-in) → in_room → completed, and
 * no_show for a booked or confirmed visit whose start has passed. Cancel is its own use
 * case (it needs a reason), see canCancel. `held` (a slot kept for a waitlist offer) has no
 * patient and no visit flow.
 */
export const transitionRules: Readonly<Record<AppointmentTransition, TransitionRule>> = {
  confirm: {
    from: ['booked'],
    to: 'confirmed',
    stamps: 'confirmedAt',
    channels: ['staff', 'patient_link', 'system'],
  },
  // Tricky: a late patient may still be seen, so a no-show (by hand or by the job) can be
  // undone by checking the patient in; the slot is taken again, which the exclusion
  // constraints may refuse if someone else was booked into it meanwhile.
  arrive: {
    from: ['booked', 'confirmed', 'no_show'],
    to: 'arrived',
    stamps: 'arrivedAt',
    channels: ['staff'],
    isVisitDayOnly: true,
  },
  room: {
    from: ['arrived'],
    to: 'in_room',
    stamps: 'inRoomAt',
    channels: ['staff'],
    isVisitDayOnly: true,
  },
  complete: { from: ['in_room'], to: 'completed', stamps: 'completedAt', channels: ['staff'] },
  no_show: {
    from: ['booked', 'confirmed'],
    to: 'no_show',
    stamps: 'noShowAt',
    channels: ['staff', 'system'],
  },
};

export type TransitionDecision =
  | { ok: true; to: AppointmentStatus; stamps: StampColumn; undoesNoShow: boolean }
  | { ok: false; reason: 'status' | 'channel' | 'not_started' | 'not_visit_day' };

/**
 * Whether `action` may move an appointment in status `from`, and where to. `now` and
 * `startsAt` decide no_show: nobody is a no-show before their appointment has begun. They
 * also keep check-in and rooming to the visit's local day in the facility's `timeZone`: a
 * patient is not checked in for yesterday's or next week's appointment.
 */
export function decideTransition(
  from: AppointmentStatus,
  action: AppointmentTransition,
  o: { channel: Channel; now: Date; startsAt: Date; timeZone: string },
): TransitionDecision {
  const rule = transitionRules[action];
  if (!rule.from.includes(from)) return { ok: false, reason: 'status' };
  if (!rule.channels.includes(o.channel)) return { ok: false, reason: 'channel' };
  if (action === 'no_show' && o.now.getTime() < o.startsAt.getTime()) {
    return { ok: false, reason: 'not_started' };
  }
  if (
    rule.isVisitDayOnly &&
    localDateAt(o.now, o.timeZone) !== localDateAt(o.startsAt, o.timeZone)
  ) {
    return { ok: false, reason: 'not_visit_day' };
  }
  return { ok: true, to: rule.to, stamps: rule.stamps, undoesNoShow: from === 'no_show' };
}

/**
 * Whether an appointment in `status` may be cancelled: before the visit has begun, or after
 * check-in when the patient leaves without being seen. Not once in the room or finished,
 * not twice, not a no-show (that is its own outcome), and not a held slot (the waitlist
 * releases those).
 */
export function canCancel(status: AppointmentStatus): boolean {
  return status === 'booked' || status === 'confirmed' || status === 'arrived';
}

import type { EventInput } from '@fullcalendar/react';
import type { Appointment, ScheduleException, ScheduleTemplate } from '@meridian/contracts';
import { addDays } from '../scheduling-format';
import { isBeforeVisit } from '../visit-flow';

/**
 * Pure mapping from the scheduling API to what FullCalendar draws: appointments as events,
 * exceptions as background events with their reason, templates as business hours.
 */

/** Whether to draw an appointment: cancelled ones only when asked; held slots never (no patient). */
export function isShown(appt: Pick<Appointment, 'status'>, showCancelled: boolean): boolean {
  if (appt.status === 'held') return false;
  return showCancelled || appt.status !== 'cancelled';
}

/** What an appointment's patient is called on the calendar. */
export function patientLabel(
  appt: Pick<Appointment, 'patient'>,
  restrictedLabel: (mrn: string) => string,
  unknownLabel: string,
): string {
  const p = appt.patient;
  if (!p) return unknownLabel;
  if (!p.name) return restrictedLabel(p.mrn);
  return `${p.name.family}, ${p.name.given}`;
}

export interface AppointmentEventProps {
  appointment: Appointment;
}

function channel(hex: string, at: number): number {
  const c = parseInt(hex.slice(at, at + 2), 16) / 255;
  return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** WCAG relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  return 0.2126 * channel(hex, 1) + 0.7152 * channel(hex, 3) + 0.0722 * channel(hex, 5);
}

/**
 * Black or white text, whichever reads better on a type's colour (WCAG contrast ratio):
 * types choose any colour, and white on a mid green or blue falls below AA.
 */
export function textColorOn(background: string): '#000000' | '#ffffff' {
  if (!/^#[0-9a-fA-F]{6}$/.test(background)) return '#ffffff';
  const l = luminance(background);
  const onWhite = 1.05 / (l + 0.05);
  const onBlack = (l + 0.05) / 0.05;
  return onBlack >= onWhite ? '#000000' : '#ffffff';
}

/** One appointment as a FullCalendar event: the type's colour, movable only before the visit. */
export function appointmentToEvent(
  appt: Appointment,
  title: string,
  canReschedule: boolean,
): EventInput {
  const inactive = appt.status === 'cancelled' || appt.status === 'no_show';
  const color = inactive ? '#dee2e6' : appt.color;
  return {
    id: appt.id,
    title,
    start: appt.startsAt,
    end: appt.endsAt,
    color,
    contrastColor: textColorOn(color),
    startEditable: canReschedule && isBeforeVisit(appt.status),
    durationEditable: false,
    className: `meridian-appt meridian-appt--${appt.status}`,
    extendedProps: { appointment: appt } satisfies AppointmentEventProps,
  };
}

/** Leave, holidays and blocked time as shaded background, titled with the reason. */
export function exceptionToEvent(ex: ScheduleException): EventInput | null {
  if (ex.isCancelled) return null;
  return {
    id: `exception-${ex.id}`,
    title: ex.reason,
    start: ex.startsAt,
    end: ex.endsAt,
    display: 'background',
    color: ex.kind === 'holiday' ? '#fa5252' : '#868e96',
    className: `meridian-exception meridian-exception--${ex.kind}`,
    interactive: false,
  };
}

/** Minutes since local midnight as FullCalendar's "HH:mm" (1440 = "24:00"). */
export function minuteToTime(minute: number): string {
  const h = Math.floor(minute / 60);
  const m = minute % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

export interface BusinessHoursBlock {
  daysOfWeek: number[];
  startTime: string;
  endTime: string;
  startRecur: string;
  endRecur?: string;
}

/**
 * Working-hour templates as FullCalendar business hours. ISO weekdays (1 = Monday ... 7 =
 * Sunday) become FullCalendar's 0 = Sunday; `effectiveUntil` is inclusive while `endRecur`
 * is exclusive, so it moves one day on.
 */
export function templatesToBusinessHours(
  templates: readonly ScheduleTemplate[],
): BusinessHoursBlock[] {
  return templates.flatMap((tpl) =>
    tpl.blocks.map((b) => ({
      daysOfWeek: [b.weekday % 7],
      startTime: minuteToTime(b.startMinute),
      endTime: minuteToTime(b.endMinute),
      startRecur: tpl.effectiveFrom,
      ...(tpl.effectiveUntil ? { endRecur: addDays(tpl.effectiveUntil, 1) } : {}),
    })),
  );
}

/** ISO weekday (1 = Monday ... 7 = Sunday) of a local date. */
function isoWeekdayOf(isoDate: string): number {
  const day = new Date(`${isoDate}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** Whether any template has working hours on a local date (effective dates inclusive). */
export function worksOn(templates: readonly ScheduleTemplate[], isoDate: string): boolean {
  const weekday = isoWeekdayOf(isoDate);
  return templates.some(
    (tpl) =>
      tpl.effectiveFrom <= isoDate &&
      (tpl.effectiveUntil === null || isoDate <= tpl.effectiveUntil) &&
      tpl.blocks.some((b) => b.weekday === weekday),
  );
}

/**
 * The earliest start and latest end of the working hours, so the time grid opens on the
 * working day (with an hour either side) rather than at midnight. Null without templates.
 */
export function workingWindow(
  templates: readonly ScheduleTemplate[],
): { slotMinTime: string; slotMaxTime: string } | null {
  const blocks = templates.flatMap((t) => t.blocks);
  if (blocks.length === 0) return null;
  const start = Math.min(...blocks.map((b) => b.startMinute));
  const end = Math.max(...blocks.map((b) => b.endMinute));
  return {
    slotMinTime: minuteToTime(Math.max(0, Math.floor(start / 60) * 60 - 60)),
    slotMaxTime: minuteToTime(Math.min(1440, Math.ceil(end / 60) * 60 + 60)),
  };
}

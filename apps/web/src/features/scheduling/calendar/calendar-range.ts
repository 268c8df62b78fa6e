import { Temporal } from 'temporal-polyfill';
import { addDays, startOfLocalDay } from '../scheduling-format';

export type CalendarView = 'day' | 'week';

/** FullCalendar's view for ours. */
export const fullCalendarView: Record<CalendarView, string> = {
  day: 'timeGridDay',
  week: 'timeGridWeek',
};

/** The Monday of the week a local date falls in (weeks start on Monday, as in ISO 8601). */
export function mondayOf(isoDate: string): string {
  const date = Temporal.PlainDate.from(isoDate);
  return date.subtract({ days: date.dayOfWeek - 1 }).toString();
}

export interface VisibleRange {
  /** First and last local dates shown (inclusive). */
  firstDate: string;
  lastDate: string;
  /** The instants the appointment list asks for, [from, to). */
  from: string;
  to: string;
}

/** What a day or week view around a local date shows, in the calendar's zone. */
export function visibleRange(isoDate: string, view: CalendarView, timeZone: string): VisibleRange {
  const firstDate = view === 'week' ? mondayOf(isoDate) : isoDate;
  const days = view === 'week' ? 7 : 1;
  return {
    firstDate,
    lastDate: addDays(firstDate, days - 1),
    from: startOfLocalDay(firstDate, timeZone),
    to: startOfLocalDay(addDays(firstDate, days), timeZone),
  };
}

/** The date the previous / next button goes to. */
export function stepDate(isoDate: string, view: CalendarView, direction: -1 | 1): string {
  return addDays(isoDate, direction * (view === 'week' ? 7 : 1));
}

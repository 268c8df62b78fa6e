import '@fullcalendar/react/skeleton.css';
import '@fullcalendar/react/themes/classic/theme.css';
import '@fullcalendar/react/themes/classic/palette.css';
import './calendar.css';
import { useEffect, useMemo, useRef } from 'react';
import FullCalendar, {
  type CalendarRef,
  type DateSelectInfo,
  type EventClickInfo,
  type EventDisplayInfo,
  type EventDropInfo,
  type EventInput,
} from '@fullcalendar/react';
import interactionPlugin from '@fullcalendar/react/interaction';
import classicThemePlugin from '@fullcalendar/react/themes/classic';
import timeGridPlugin from '@fullcalendar/react/timegrid';
import { useComputedColorScheme } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Appointment, ScheduleException, ScheduleTemplate } from '@meridian/contracts';
import {
  appointmentToEvent,
  exceptionToEvent,
  isShown,
  patientLabel,
  templatesToBusinessHours,
  workingWindow,
  type AppointmentEventProps,
} from './calendar-events';
import { fullCalendarView, type CalendarView } from './calendar-range';
import { StatusIcon } from '../AppointmentStatusBadge';

const plugins = [timeGridPlugin, interactionPlugin, classicThemePlugin];

export interface MoveRequest {
  appointment: Appointment;
  startsAt: string;
  endsAt: string;
  /** Puts the event back where it was (the server refused the move). */
  revert: () => void;
}

/**
 * One practitioner's time grid (day or week) in the facility's zone: appointments in their
 * type's colour with status, exceptions shaded with their reason, working hours from the
 * templates. Dragging moves an appointment (duration fixed); selecting empty time books.
 */
export function ScheduleCalendar(props: {
  date: string;
  view: CalendarView;
  timeZone: string;
  appointments: readonly Appointment[];
  exceptions: readonly ScheduleException[];
  templates: readonly ScheduleTemplate[] | undefined;
  showCancelled: boolean;
  canBook: boolean;
  /** Compact: a department column, no day header, fits narrow widths. */
  compact?: boolean;
  /** A time window shared by side-by-side columns so their rows line up. */
  window?: { slotMinTime: string; slotMaxTime: string };
  onOpen: (appointment: Appointment) => void;
  onSelectRange: (startsAt: string, endsAt: string) => void;
  onMove: (move: MoveRequest) => void;
}) {
  const { t, i18n } = useTranslation('calendar');
  const ref = useRef<CalendarRef>(null);
  const colorScheme = useComputedColorScheme('light');

  // The date and view are ours (in the URL); FullCalendar follows them.
  useEffect(() => {
    ref.current?.getApi().changeView(fullCalendarView[props.view], props.date);
  }, [props.date, props.view]);

  const events = useMemo<EventInput[]>(
    () => [
      ...props.appointments
        .filter((a) => isShown(a, props.showCancelled))
        .map((a) =>
          appointmentToEvent(
            a,
            patientLabel(a, (mrn) => t('patient.restricted', { mrn }), t('patient.none')),
            props.canBook,
          ),
        ),
      ...props.exceptions.map(exceptionToEvent).filter((e): e is EventInput => e !== null),
    ],
    [props.appointments, props.exceptions, props.showCancelled, props.canBook, t],
  );
  const businessHours = useMemo(
    () => (props.templates ? templatesToBusinessHours(props.templates) : false),
    [props.templates],
  );
  const window = props.window ??
    workingWindow(props.templates ?? []) ?? { slotMinTime: '07:00', slotMaxTime: '20:00' };

  function handleClick(info: EventClickInfo) {
    const appt = (info.event.extendedProps as Partial<AppointmentEventProps>).appointment;
    if (appt) {
      info.jsEvent.preventDefault();
      props.onOpen(appt);
    }
  }

  function handleDrop(info: EventDropInfo) {
    const appt = (info.event.extendedProps as Partial<AppointmentEventProps>).appointment;
    const { start, end } = info.event;
    if (!appt || !start || !end) return info.revert();
    props.onMove({
      appointment: appt,
      startsAt: start.toISOString(),
      endsAt: end.toISOString(),
      revert: info.revert,
    });
  }

  function handleSelect(info: DateSelectInfo) {
    ref.current?.getApi().unselect();
    props.onSelectRange(info.start.toISOString(), info.end.toISOString());
  }

  return (
    <FullCalendar
      ref={ref}
      plugins={plugins}
      initialView={fullCalendarView[props.view]}
      initialDate={props.date}
      timeZone={props.timeZone}
      locale={i18n.language}
      colorScheme={colorScheme}
      headerToolbar={false}
      dayHeaders={!props.compact}
      allDaySlot={false}
      firstDay={1}
      slotDuration="00:15:00"
      slotMinHeight={30}
      eventShortHeight={44}
      snapDuration="00:05:00"
      slotMinTime={window.slotMinTime}
      slotMaxTime={window.slotMaxTime}
      scrollTime={window.slotMinTime}
      height="auto"
      nowIndicator
      businessHours={businessHours}
      events={events}
      eventInteractive
      eventClick={handleClick}
      eventContent={(info) => <EventBody info={info} />}
      backgroundEventContent={(info) => (
        <span className="meridian-exception__reason">{info.event.title}</span>
      )}
      editable={props.canBook}
      eventDurationEditable={false}
      eventDrop={handleDrop}
      selectable={props.canBook}
      selectMirror
      select={handleSelect}
    />
  );
}

function EventBody(props: { info: EventDisplayInfo }) {
  const { t } = useTranslation('calendar');
  const { event, timeText, isShort } = props.info;
  const appt = (event.extendedProps as Partial<AppointmentEventProps>).appointment;
  if (!appt) return <span className="meridian-event__title">{event.title}</span>;
  return (
    <div className={isShort ? 'meridian-event meridian-event--short' : 'meridian-event'}>
      <div className="meridian-event__line">
        <StatusIcon status={appt.status} />
        <span className="meridian-event__time">{timeText}</span>
        <span className="meridian-event__status">{t(`status.${appt.status}`)}</span>
      </div>
      <div className="meridian-event__title">{event.title}</div>
      {isShort ? null : <div className="meridian-event__type">{appt.appointmentTypeName}</div>}
    </div>
  );
}

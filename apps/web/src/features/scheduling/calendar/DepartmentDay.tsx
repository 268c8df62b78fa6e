import { Center, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useQueries } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Appointment, PractitionerProfile, ScheduleTemplate } from '@meridian/contracts';
import { LoadingState } from '../../../ui/QueryState';
import {
  templatesQuery,
  useAppointments,
  useScheduleExceptions,
  useSchedulingPractitioners,
} from '../appointments.api';
import type { BookingPreset } from './BookingDialog';
import { workingWindow, worksOn } from './calendar-events';
import { visibleRange } from './calendar-range';
import { LoadError } from './PractitionerCalendar';
import { ScheduleCalendar } from './ScheduleCalendar';
import { useMoveAppointment } from './useMoveAppointment';

/** The list API takes at most this many practitioners at once. */
const maxColumns = 50;

/**
 * A department's day: one time-grid column per practitioner, side by side in a row that
 * scrolls sideways, all on the same hours so the rows line up. (FullCalendar's resource
 * columns are premium; these are N single-day calendars.)
 */
export function DepartmentDay(props: {
  departmentId: string | null;
  date: string;
  timeZone: string;
  showCancelled: boolean;
  canBook: boolean;
  onOpen: (appointment: Appointment) => void;
  onBook: (preset: BookingPreset) => void;
}) {
  const { t } = useTranslation('calendar');
  const practitioners = useSchedulingPractitioners(
    props.departmentId ? { departmentId: props.departmentId } : {},
  );
  const columns = props.departmentId ? (practitioners.data ?? []).slice(0, maxColumns) : [];
  const range = visibleRange(props.date, 'day', props.timeZone);
  const appointments = useAppointments(
    { practitionerIds: columns.map((p) => p.id), from: range.from, to: range.to },
    columns.length > 0,
  );
  const templates = useQueries({
    queries: columns.map((p) => templatesQuery(p.id)),
  });
  const { move } = useMoveAppointment(props.timeZone);

  if (!props.departmentId) {
    return (
      <Center py="xl">
        <Text c="dimmed">{t('empty.chooseDepartment')}</Text>
      </Center>
    );
  }
  if (practitioners.isPending) return <LoadingState />;
  if (practitioners.error) {
    return <LoadError error={practitioners.error} onRetry={() => void practitioners.refetch()} />;
  }
  if (columns.length === 0) {
    return (
      <Center py="xl">
        <Text c="dimmed">{t('empty.noPractitioners')}</Text>
      </Center>
    );
  }
  if (appointments.error) {
    return <LoadError error={appointments.error} onRetry={() => void appointments.refetch()} />;
  }
  const allTemplates = templates.flatMap((q) => q.data ?? []);
  const window = workingWindow(allTemplates) ?? { slotMinTime: '07:00', slotMaxTime: '19:00' };

  return (
    <Stack gap="xs">
      <Group gap={6} mih={24}>
        {appointments.isFetching ? (
          <>
            <Loader size="xs" aria-hidden />
            <Text size="sm" c="dimmed" role="status">
              {t('loading')}
            </Text>
          </>
        ) : null}
      </Group>
      <div
        className="meridian-columns"
        role="region"
        aria-label={t('departmentColumns')}
        tabIndex={0}
      >
        {columns.map((p, i) => (
          <Column
            key={p.id}
            practitioner={p}
            templates={templates[i]?.data}
            window={window}
            appointments={(appointments.data ?? []).filter((a) => a.practitionerId === p.id)}
            date={props.date}
            timeZone={props.timeZone}
            showCancelled={props.showCancelled}
            canBook={props.canBook}
            onOpen={props.onOpen}
            onBook={props.onBook}
            onMove={(m) => void move(m)}
          />
        ))}
      </div>
    </Stack>
  );
}

function Column(props: {
  practitioner: PractitionerProfile;
  templates: ScheduleTemplate[] | undefined;
  window: { slotMinTime: string; slotMaxTime: string };
  appointments: Appointment[];
  date: string;
  timeZone: string;
  showCancelled: boolean;
  canBook: boolean;
  onOpen: (appointment: Appointment) => void;
  onBook: (preset: BookingPreset) => void;
  onMove: Parameters<typeof ScheduleCalendar>[0]['onMove'];
}) {
  const { t } = useTranslation('calendar');
  const p = props.practitioner;
  const range = visibleRange(props.date, 'day', props.timeZone);
  const exceptions = useScheduleExceptions(p.id, range.from, range.to);
  const headingId = `column-${p.id}`;
  const off = props.templates !== undefined && !worksOn(props.templates, props.date);
  return (
    <section className="meridian-column" aria-labelledby={headingId}>
      <div className="meridian-column__header">
        <Title order={2} size="h5" id={headingId}>
          {p.displayName}
        </Title>
        <Text size="xs" c="dimmed">
          {off ? t('empty.noWorkingHours') : p.specialty}
        </Text>
      </div>
      <ScheduleCalendar
        date={props.date}
        view="day"
        timeZone={props.timeZone}
        appointments={props.appointments}
        exceptions={exceptions.data ?? []}
        templates={props.templates}
        showCancelled={props.showCancelled}
        canBook={props.canBook}
        compact
        window={props.window}
        onOpen={props.onOpen}
        onSelectRange={(startsAt) =>
          props.onBook({ practitionerId: p.id, startsAt, date: props.date })
        }
        onMove={props.onMove}
      />
    </section>
  );
}

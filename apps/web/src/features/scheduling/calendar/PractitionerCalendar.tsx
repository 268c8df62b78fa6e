import { Alert, Button, Center, Group, Loader, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Appointment, PractitionerProfile } from '@meridian/contracts';
import { LoadingState } from '../../../ui/QueryState';
import { describeError } from '../../../ui/errors';
import {
  useAppointments,
  usePractitionerTemplates,
  useScheduleExceptions,
} from '../appointments.api';
import type { BookingPreset } from './BookingDialog';
import { worksOn } from './calendar-events';
import { visibleRange, type CalendarView } from './calendar-range';
import { ScheduleCalendar } from './ScheduleCalendar';
import { useMoveAppointment } from './useMoveAppointment';

/** One practitioner's day or week with its loading, empty and error states. */
export function PractitionerCalendar(props: {
  practitioner: PractitionerProfile | null;
  isLoadingPractitioners: boolean;
  date: string;
  view: CalendarView;
  timeZone: string;
  showCancelled: boolean;
  canBook: boolean;
  onOpen: (appointment: Appointment) => void;
  onBook: (preset: BookingPreset) => void;
}) {
  const { t } = useTranslation('calendar');
  const id = props.practitioner?.id ?? null;
  const range = visibleRange(props.date, props.view, props.timeZone);
  const appointments = useAppointments(
    { practitionerId: id ?? '', from: range.from, to: range.to },
    id !== null,
  );
  const exceptions = useScheduleExceptions(id, range.from, range.to);
  const templates = usePractitionerTemplates(id);
  const { move } = useMoveAppointment(props.timeZone);

  if (props.isLoadingPractitioners) return <LoadingState />;
  if (!props.practitioner) {
    return (
      <Center py="xl">
        <Text c="dimmed">{t('empty.choosePractitioner')}</Text>
      </Center>
    );
  }
  if (appointments.error) {
    return <LoadError error={appointments.error} onRetry={() => void appointments.refetch()} />;
  }
  const noHoursToday =
    props.view === 'day' && templates.data !== undefined && !worksOn(templates.data, props.date);
  return (
    <Stack gap="xs">
      <Group gap="xs" mih={24}>
        {appointments.isFetching ? (
          <Group gap={6} role="status">
            <Loader size="xs" aria-hidden />
            <Text size="sm" c="dimmed">
              {t('loading')}
            </Text>
          </Group>
        ) : null}
        {noHoursToday ? (
          <Text size="sm" c="dimmed" role="status">
            {t('empty.noWorkingHours')}
          </Text>
        ) : null}
        {appointments.data && appointments.data.length === 0 && !appointments.isFetching ? (
          <Text size="sm" c="dimmed">
            {t(props.view === 'week' ? 'empty.noAppointmentsWeek' : 'empty.noAppointmentsDay')}
          </Text>
        ) : null}
      </Group>
      <section
        className={props.view === 'week' ? 'meridian-week' : undefined}
        aria-label={t('calendarOf', { name: props.practitioner.displayName })}
      >
        <ScheduleCalendar
          date={props.date}
          view={props.view}
          timeZone={props.timeZone}
          appointments={appointments.data ?? []}
          exceptions={exceptions.data ?? []}
          templates={templates.data}
          showCancelled={props.showCancelled}
          canBook={props.canBook}
          onOpen={props.onOpen}
          onSelectRange={(startsAt) =>
            props.onBook({ practitionerId: id, startsAt, date: props.date })
          }
          onMove={(m) => void move(m)}
        />
      </section>
    </Stack>
  );
}

export function LoadError(props: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  const { message, requestId } = describeError(props.error);
  return (
    <Alert color="red" title={t('common:errors.loadFailed')} role="alert">
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{message}</Text>
        {requestId ? (
          <Text size="xs" c="dimmed">
            {t('common:errors.requestId', { requestId })}
          </Text>
        ) : null}
        <Button size="xs" variant="light" onClick={props.onRetry}>
          {t('common:retry')}
        </Button>
      </Stack>
    </Alert>
  );
}

import { useMemo, useState, type ReactNode } from 'react';
import { Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { IconCalendarPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Appointment, Patient, PatientSummary } from '@meridian/contracts';
import { useCan, useSignedInMe } from '../../../app/auth/useMe';
import { QueryState } from '../../../ui/QueryState';
import { flattenPages } from '../../admin/paging';
import { LoadMore } from '../../admin/LoadMore';
import { usePatientContext } from '../../patients/record/PatientPage';
import { useCancelAppointment } from '../appointments.api';
import { AppointmentStatusBadge } from '../AppointmentStatusBadge';
import { BookingDialog } from '../calendar/BookingDialog';
import { formatAppointmentWhen, facilityTimeZone } from '../scheduling-format';
import { isBeforeVisit } from '../visit-flow';
import { CancelAppointmentModal } from '../today/CancelAppointmentModal';
import { describeChangeError } from '../today/change-errors';
import {
  patientRanges,
  usePastAppointments,
  useUpcomingAppointments,
} from './patient-appointments.api';

/** The record as the booking dialog's patient picker shows a chosen patient. */
export function summaryOfRecord(p: Patient): PatientSummary {
  const phone = p.phones.find((x) => x.preferred) ?? p.phones[0];
  return {
    id: p.id,
    mrn: p.mrn,
    restricted: p.restricted,
    status: p.status,
    name: p.name,
    preferredName: p.preferredName,
    birthDate: p.birthDate,
    sexAtBirth: p.sexAtBirth,
    phone: phone?.number ?? null,
    city: p.addresses.find((a) => a.until === undefined)?.city ?? null,
    deceased: p.deceased,
    matchedBy: [],
    score: 0,
  };
}

/**
 * /patients/:id/appointments: the patient's upcoming visits (cancel with a reason) and the
 * past two years', with a way to book another in the calendar.
 */
export function PatientAppointmentsTab() {
  const { t } = useTranslation('visits');
  const { patient } = usePatientContext();
  const me = useSignedInMe();
  const can = useCan();
  const zoneOf = (appt: Appointment) => facilityTimeZone(me.facilities, appt.facilityId);
  const ranges = useMemo(() => patientRanges(), []);
  const upcoming = useUpcomingAppointments(patient.id, ranges.upcoming);
  const past = usePastAppointments(patient.id, ranges.past);
  const cancel = useCancelAppointment();
  const [cancelling, setCancelling] = useState<Appointment | null>(null);
  const [booking, setBooking] = useState(false);
  const canBook = can('appointment.book');
  const isBookable = patient.status !== 'merged' && !patient.deceased;

  const closeCancel = () => {
    cancel.reset();
    setCancelling(null);
  };
  const failure = cancel.error ? describeChangeError(cancel.error) : null;

  return (
    <Stack gap="lg">
      <Group justify="space-between" wrap="wrap">
        <Title order={2} size="h3">
          {t('patientTab.title')}
        </Title>
        {canBook && isBookable ? (
          <Button
            onClick={() => setBooking(true)}
            leftSection={<IconCalendarPlus size={16} aria-hidden />}
          >
            {t('patientTab.book')}
          </Button>
        ) : null}
      </Group>
      <BookingDialog
        opened={booking}
        preset={{ patient: summaryOfRecord(patient) }}
        onClose={() => setBooking(false)}
      />

      <Section
        id="appointments-upcoming"
        title={t('patientTab.upcoming')}
        range={t('patientTab.upcomingRange')}
      >
        <QueryState
          query={{ ...upcoming, data: upcoming.data ? flattenPages(upcoming.data) : undefined }}
          isEmpty={(items) => items.length === 0}
          empty={t('patientTab.noUpcoming')}
        >
          {(items) => (
            <>
              <AppointmentTable
                items={items}
                labelledBy="appointments-upcoming"
                zoneOf={zoneOf}
                onCancel={canBook ? setCancelling : null}
              />
              <LoadMore
                shown={items.length}
                hasNextPage={upcoming.hasNextPage}
                isFetchingNextPage={upcoming.isFetchingNextPage}
                fetchNextPage={() => upcoming.fetchNextPage()}
              />
            </>
          )}
        </QueryState>
      </Section>

      <Section
        id="appointments-past"
        title={t('patientTab.past')}
        range={t('patientTab.pastRange')}
      >
        <QueryState
          query={past}
          isEmpty={(items) => items.length === 0}
          empty={t('patientTab.noPast')}
        >
          {(items) => (
            <AppointmentTable
              items={items}
              labelledBy="appointments-past"
              zoneOf={zoneOf}
              onCancel={null}
            />
          )}
        </QueryState>
      </Section>

      <CancelAppointmentModal
        opened={cancelling !== null}
        summary={
          cancelling
            ? t('cancel.summary', {
                time: formatAppointmentWhen(cancelling, zoneOf(cancelling)),
                practitioner: cancelling.practitionerName,
                type: cancelling.appointmentTypeName,
              })
            : ''
        }
        isPending={cancel.isPending}
        error={failure?.message ?? null}
        onSubmit={(reason) =>
          cancelling &&
          cancel.mutate(
            { id: cancelling.id, version: cancelling.version, reason },
            { onSuccess: closeCancel },
          )
        }
        onClose={closeCancel}
      />
    </Stack>
  );
}

/** A titled part of the tab; the title names the table inside (by `id`). */
function Section(props: { id: string; title: string; range: string; children: ReactNode }) {
  return (
    <section aria-labelledby={props.id}>
      <Title order={3} size="h4" id={props.id}>
        {props.title}
      </Title>
      <Text size="sm" c="dimmed" mb="xs">
        {props.range}
      </Text>
      {props.children}
    </section>
  );
}

function AppointmentTable(props: {
  items: Appointment[];
  /** The id of the section heading that names the table. */
  labelledBy: string;
  zoneOf: (appt: Appointment) => string;
  /** Null: no cancel column (past visits, or no permission to book). */
  onCancel: ((appt: Appointment) => void) | null;
}) {
  const { t } = useTranslation('visits');
  const { onCancel } = props;
  return (
    <Table.ScrollContainer minWidth={600}>
      <Table verticalSpacing="sm" aria-labelledby={props.labelledBy}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('patientTab.when')}</Table.Th>
            <Table.Th scope="col">{t('patientTab.with')}</Table.Th>
            <Table.Th scope="col">{t('patientTab.status')}</Table.Th>
            {onCancel ? <Table.Th scope="col">{t('patientTab.actions')}</Table.Th> : null}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.items.map((appt) => {
            const when = formatAppointmentWhen(appt, props.zoneOf(appt));
            return (
              <Table.Tr key={appt.id}>
                <Table.Td>
                  <Text size="sm" fw={600}>
                    {when}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{appt.practitionerName}</Text>
                  <Text size="xs" c="dimmed">
                    {appt.appointmentTypeName}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Stack gap={2} align="flex-start">
                    <AppointmentStatusBadge status={appt.status} />
                    {appt.cancelReason ? (
                      <Text size="xs" c="dimmed">
                        {t('patientTab.cancelReason', { reason: appt.cancelReason })}
                      </Text>
                    ) : null}
                  </Stack>
                </Table.Td>
                {onCancel ? (
                  <Table.Td>
                    {isBeforeVisit(appt.status) && appt.status !== 'held' ? (
                      <Button
                        size="xs"
                        variant="light"
                        color="red"
                        aria-label={t('patientTab.cancelOne', { when })}
                        onClick={() => onCancel(appt)}
                      >
                        {t('patientTab.cancel')}
                      </Button>
                    ) : null}
                  </Table.Td>
                ) : null}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

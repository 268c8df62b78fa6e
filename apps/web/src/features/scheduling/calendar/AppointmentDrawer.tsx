import { useState } from 'react';
import { Anchor, Badge, Button, Drawer, Group, Stack, Text, Title } from '@mantine/core';
import { TimeInput } from '@mantine/dates';
import { IconExternalLink } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Appointment, AppointmentTransition } from '@meridian/contracts';
import { useCan, useSignedInMe } from '../../../app/auth/useMe';
import { DateField } from '../../coverage/DateField';
import { notifyDone } from '../../coverage/notify';
import { FormAlert } from '../../../ui/FormAlert';
import { formatDateTime } from '../../../ui/format';
import {
  useAppointment,
  useCancelAppointment,
  useTransitionAppointment,
} from '../appointments.api';
import { AppointmentStatusBadge } from '../AppointmentStatusBadge';
import { CancelAppointmentForm } from '../today/CancelAppointmentModal';
import { describeChangeError } from '../today/change-errors';
import {
  facilityTimeZone,
  formatAppointmentWhen,
  instantOfLocal,
  localDateOf,
  localTimeOf,
} from '../scheduling-format';
import { isBeforeVisit, transitionsFrom } from '../visit-flow';
import { patientLabel } from './calendar-events';
import { PractitionerSelect } from './PractitionerSelect';
import { describeRefusal, useMoveAppointment } from './useMoveAppointment';

type Panel = 'details' | 'reschedule' | 'cancel';

/**
 * One appointment: who, when, status and its timestamps, and what staff can do next (check
 * in and the rest of the visit flow, reschedule by form, cancel with a reason).
 */
export function AppointmentDrawer(props: { appointment: Appointment | null; onClose: () => void }) {
  const { t } = useTranslation('calendar');
  const detail = useAppointment(props.appointment?.id ?? null);
  const appt = detail.data ?? props.appointment;
  const title = appt
    ? patientLabel(appt, (mrn) => t('patient.restricted', { mrn }), t('patient.none'))
    : '';
  return (
    <Drawer
      opened={props.appointment !== null}
      onClose={props.onClose}
      position="right"
      size="md"
      title={title}
      closeButtonProps={{ 'aria-label': t('drawer.close') }}
    >
      {appt ? <DrawerBody key={appt.id} appointment={appt} onClose={props.onClose} /> : null}
    </Drawer>
  );
}

function DrawerBody(props: { appointment: Appointment; onClose: () => void }) {
  const { t } = useTranslation('calendar');
  const can = useCan();
  const me = useSignedInMe();
  const appt = props.appointment;
  const timeZone = facilityTimeZone(me.facilities, appt.facilityId);
  const [panel, setPanel] = useState<Panel>('details');
  const canWrite = can('appointment.book');
  const transition = useTransitionAppointment();
  const [actionError, setActionError] = useState<string | null>(null);

  async function runTransition(action: AppointmentTransition) {
    setActionError(null);
    try {
      await transition.mutateAsync({ id: appt.id, version: appt.version, action });
      notifyDone(t(`transition.done.${action}`));
    } catch (error) {
      setActionError(await describeRefusal(t, error, timeZone));
    }
  }

  return (
    <Stack gap="md">
      <Group gap="xs">
        <AppointmentStatusBadge status={appt.status} />
        {appt.isOverbooked ? (
          <Badge color="yellow" variant="light">
            {t('drawer.overbooked')}
          </Badge>
        ) : null}
        {appt.patient?.restricted ? (
          <Badge color="red" variant="light">
            {t('patient.restrictedBadge')}
          </Badge>
        ) : null}
      </Group>
      <dl className="meridian-details">
        <Detail label={t('drawer.when')}>{formatAppointmentWhen(appt, timeZone)}</Detail>
        <Detail label={t('drawer.type')}>
          {appt.appointmentTypeName} · {t(`modality.${appt.modality}`)}
        </Detail>
        <Detail label={t('drawer.practitioner')}>{appt.practitionerName}</Detail>
        {appt.patient ? <Detail label={t('drawer.mrn')}>{appt.patient.mrn}</Detail> : null}
        {appt.reason ? <Detail label={t('drawer.reason')}>{appt.reason}</Detail> : null}
        {appt.note ? <Detail label={t('drawer.note')}>{appt.note}</Detail> : null}
        {appt.overbookReason ? (
          <Detail label={t('drawer.overbookReason')}>{appt.overbookReason}</Detail>
        ) : null}
        {appt.cancelReason ? (
          <Detail label={t('drawer.cancelReason')}>{appt.cancelReason}</Detail>
        ) : null}
      </dl>
      <Timeline appointment={appt} timeZone={timeZone} />
      {appt.patientId ? (
        <Anchor component={Link} to={`/patients/${appt.patientId}`}>
          <Group gap={4} component="span">
            {t('drawer.openRecord')}
            <IconExternalLink size={14} aria-hidden />
          </Group>
        </Anchor>
      ) : null}

      {canWrite && panel === 'details' ? (
        <>
          {transitionsFrom(appt.status).length > 0 ? (
            <Group gap="xs" role="group" aria-label={t('drawer.visitActions')}>
              {transitionsFrom(appt.status).map((action, i) => (
                <Button
                  key={action}
                  size="sm"
                  variant={i === 0 ? 'filled' : 'default'}
                  color={action === 'no_show' ? 'red' : undefined}
                  loading={transition.isPending && transition.variables?.action === action}
                  onClick={() => void runTransition(action)}
                >
                  {t(`transition.${action}`)}
                </Button>
              ))}
            </Group>
          ) : null}
          <FormAlert error={null} message={actionError} />
          {isBeforeVisit(appt.status) ? (
            <Group gap="xs">
              <Button variant="default" onClick={() => setPanel('reschedule')}>
                {t('drawer.reschedule')}
              </Button>
              <Button variant="default" color="red" onClick={() => setPanel('cancel')}>
                {t('drawer.cancel')}
              </Button>
            </Group>
          ) : null}
        </>
      ) : null}
      {panel === 'reschedule' ? (
        <RescheduleForm appointment={appt} timeZone={timeZone} onDone={() => setPanel('details')} />
      ) : null}
      {panel === 'cancel' ? (
        <CancelPanel
          appointment={appt}
          timeZone={timeZone}
          onBack={() => setPanel('details')}
          onCancelled={props.onClose}
        />
      ) : null}
    </Stack>
  );
}

function Detail(props: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text component="dt" size="xs" c="dimmed" fw={600}>
        {props.label}
      </Text>
      <Text component="dd" size="sm" m={0}>
        {props.children}
      </Text>
    </div>
  );
}

const stamps = [
  ['bookedAt', 'booked'],
  ['confirmedAt', 'confirmed'],
  ['arrivedAt', 'arrived'],
  ['inRoomAt', 'in_room'],
  ['completedAt', 'completed'],
  ['noShowAt', 'no_show'],
  ['cancelledAt', 'cancelled'],
] as const;

/** Every step's timestamp so far. */
function Timeline(props: { appointment: Appointment; timeZone: string }) {
  const { t } = useTranslation('calendar');
  const rows = stamps.filter(([field]) => props.appointment[field]);
  return (
    <section aria-label={t('drawer.history')}>
      <Text size="xs" c="dimmed" fw={600}>
        {t('drawer.history')}
      </Text>
      <ul className="meridian-timeline">
        {rows.map(([field, status]) => (
          <li key={field}>
            <Text size="sm" span>
              {t(`status.${status}`)}: {formatDateTime(props.appointment[field], props.timeZone)}
            </Text>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Move by form (the keyboard's way to reschedule): a local date, a time and a practitioner. */
function RescheduleForm(props: { appointment: Appointment; timeZone: string; onDone: () => void }) {
  const { t } = useTranslation('calendar');
  const appt = props.appointment;
  const [date, setDate] = useState(localDateOf(appt.startsAt, props.timeZone));
  const [time, setTime] = useState(localTimeOf(appt.startsAt, props.timeZone));
  const [practitionerId, setPractitionerId] = useState<string | null>(appt.practitionerId);
  const [error, setError] = useState<string | null>(null);
  const { move, isPending } = useMoveAppointment(props.timeZone);
  const durationMs = Date.parse(appt.endsAt) - Date.parse(appt.startsAt);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!date || !/^\d{2}:\d{2}$/.test(time)) {
      setError(t('reschedule.needTime'));
      return;
    }
    setError(null);
    const startsAt = instantOfLocal(date, time, props.timeZone);
    const refusal = await move({
      quiet: true,
      appointment: appt,
      startsAt,
      endsAt: new Date(Date.parse(startsAt) + durationMs).toISOString(),
      ...(practitionerId && practitionerId !== appt.practitionerId ? { practitionerId } : {}),
    });
    if (refusal === null) props.onDone();
    else setError(refusal);
  }

  return (
    <form onSubmit={(e) => void submit(e)} aria-label={t('reschedule.title')}>
      <Stack gap="sm">
        <Title order={3} size="h5">
          {t('reschedule.title')}
        </Title>
        <Group grow align="flex-start">
          <DateField label={t('reschedule.date')} value={date} onChange={setDate} required />
          <TimeInput
            label={t('reschedule.time')}
            value={time}
            onChange={(e) => setTime(e.currentTarget.value)}
            required
          />
        </Group>
        <PractitionerSelect
          label={t('reschedule.practitioner')}
          value={practitionerId}
          onChange={(id) => setPractitionerId(id)}
        />
        <Text size="xs" c="dimmed">
          {t('reschedule.zoneHint', { zone: props.timeZone })}
        </Text>
        <FormAlert error={null} message={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onDone}>
            {t('actions.back')}
          </Button>
          <Button type="submit" loading={isPending}>
            {t('reschedule.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Cancel in place, with the same form as the Today list and the patient's record. */
function CancelPanel(props: {
  appointment: Appointment;
  timeZone: string;
  onBack: () => void;
  onCancelled: () => void;
}) {
  const { t } = useTranslation('calendar');
  const cancel = useCancelAppointment();
  const appt = props.appointment;
  return (
    <CancelAppointmentForm
      heading={t('visits:cancel.title')}
      summary={t('visits:cancel.summary', {
        time: formatAppointmentWhen(appt, props.timeZone),
        practitioner: appt.practitionerName,
        type: appt.appointmentTypeName,
      })}
      isPending={cancel.isPending}
      error={cancel.error ? describeChangeError(cancel.error).message : null}
      onSubmit={(reason) =>
        cancel.mutate(
          { id: appt.id, version: appt.version, reason },
          {
            onSuccess: () => {
              notifyDone(t('cancel.done'));
              props.onCancelled();
            },
          },
        )
      }
      onClose={props.onBack}
    />
  );
}

import { useState, type ReactNode } from 'react';
import {
  Anchor,
  Badge,
  Button,
  Drawer,
  Group,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { StayDetail, StayMovement } from '@meridian/contracts';
import { useCan, useSignedInMe } from '../../../app/auth/useMe';
import { FormAlert } from '../../../ui/FormAlert';
import { formatDateTime } from '../../../ui/format';
import { listName } from '../../../ui/patient-display';
import { QueryState } from '../../../ui/QueryState';
import { notifyDone } from '../../coverage/notify';
import { usePatient } from '../../patients/patients.api';
import { useSchedulingPractitioners } from '../../scheduling/appointments.api';
import { facilityTimeZone } from '../../scheduling/scheduling-format';
import { bedLabels } from './BedSelect';
import { DischargeDialog } from './DischargeDialog';
import { describeStayError } from './stay-errors';
import { useBedBoard } from '../board/board.api';
import { useCancelDischargeOrder, useStay, useStayStep } from './stays.api';
import { CorrectionDialog, DischargeOrderDialog, LeaveDialog } from './StepDialogs';
import { StayStatusBadge } from './StayStatusBadge';

type Dialog = 'leave' | 'order' | 'discharge' | 'cancel' | 'undo-discharge' | null;

/**
 * One stay: the patient, where they are, who cares for them, the movement history, and
 * the next steps staff may take (arrival, leave and return, discharge order, discharge;
 * cancel or undo for those allowed to correct).
 */
export function StayDrawer(props: { stayId: string | null; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const stay = useStay(props.opened ? props.stayId : null);
  return (
    <Drawer
      opened={props.opened}
      onClose={props.onClose}
      position="right"
      size="lg"
      title={
        stay.data
          ? t('admissions:drawer.number', { number: stay.data.stayNumber })
          : t('admissions:drawer.title')
      }
      closeButtonProps={{ 'aria-label': t('admissions:drawer.close') }}
    >
      {props.opened && props.stayId ? (
        <QueryState query={stay}>{(data) => <StayBody key={data.id} stay={data} />}</QueryState>
      ) : null}
    </Drawer>
  );
}

function StayBody(props: { stay: StayDetail }) {
  const { t } = useTranslation();
  const { stay } = props;
  const me = useSignedInMe();
  const timeZone = facilityTimeZone(me.facilities, stay.facilityId);
  const board = useBedBoard(stay.facilityId);
  const beds = bedLabels(t, board.data);
  const practitioners = useSchedulingPractitioners();
  const nameOf = (id: string) => practitioners.data?.find((p) => p.id === id)?.displayName ?? '…';
  const when = (iso: string | null) => formatDateTime(iso, timeZone);

  return (
    <Stack gap="md">
      <PatientLine patientId={stay.patientId} />
      <Group gap="xs">
        <StayStatusBadge status={stay.status} />
        {stay.isolation.map((p) => (
          <Badge key={p} color="orange" variant="light">
            {t('admissions:drawer.isolationBadge', { precaution: t(`admissions:isolation.${p}`) })}
          </Badge>
        ))}
      </Group>
      <StayNotices stay={stay} when={when} />
      <SimpleGrid component="dl" cols={{ base: 1, xs: 2 }} spacing="sm" verticalSpacing="xs" m={0}>
        <Detail label={t('admissions:drawer.bed')}>
          {stay.bedId
            ? (beds.get(stay.bedId)?.label ?? t('admissions:unknownBed'))
            : t('admissions:drawer.noBed')}
        </Detail>
        {stay.admittedAt ? (
          <Detail label={t('admissions:drawer.admitted')}>{when(stay.admittedAt)}</Detail>
        ) : (
          <Detail label={t('admissions:drawer.expected')}>{when(stay.expectedAt)}</Detail>
        )}
        <Detail label={t('admissions:drawer.attending')}>
          {nameOf(stay.attendingPractitionerId)}
        </Detail>
        <Detail label={t('admissions:drawer.admitting')}>
          {nameOf(stay.admittingPractitionerId)}
        </Detail>
        <Detail label={t('admissions:drawer.source')}>
          {t(`admissions:source.${stay.source}`)}
          {stay.sourceDetail ? ` · ${stay.sourceDetail}` : ''}
        </Detail>
        <Detail label={t('admissions:drawer.levelOfCare')}>
          {t(`admissions:levelOfCare.${stay.levelOfCare}`)}
        </Detail>
        <Detail label={t('admissions:drawer.reason')}>{stay.reason}</Detail>
        <Detail label={t('admissions:drawer.diagnosis')}>{stay.admittingDiagnosis ?? '—'}</Detail>
        <Detail label={t('admissions:drawer.expectedLength')}>
          {stay.expectedLengthOfStayDays === null
            ? '—'
            : t('admissions:drawer.days', { count: stay.expectedLengthOfStayDays })}
        </Detail>
      </SimpleGrid>
      <StayActions stay={stay} timeZone={timeZone} />
      <Movements
        movements={stay.movements}
        bedName={(id) => beds.get(id)?.label ?? t('admissions:unknownBed')}
        when={when}
      />
    </Stack>
  );
}

/** The patient's name and MRN with a link to the record; withheld for a restricted record. */
function PatientLine(props: { patientId: string }) {
  const { t } = useTranslation();
  const patient = usePatient(props.patientId);
  const name = patient.data ? listName(patient.data.name) : t('admissions:drawer.restricted');
  return (
    <Group gap="xs" align="baseline">
      <Anchor component={Link} to={`/patients/${props.patientId}`} fw={700} size="lg">
        {patient.isPending ? '…' : name}
      </Anchor>
      {patient.data ? (
        <Text size="sm" c="dimmed">
          {t('visits:patient.mrn', { mrn: patient.data.mrn })}
        </Text>
      ) : null}
    </Group>
  );
}

function StayNotices(props: { stay: StayDetail; when: (iso: string | null) => string }) {
  const { t } = useTranslation();
  const { stay, when } = props;
  const lines: string[] = [];
  if (stay.status === 'on_leave') {
    lines.push(
      stay.leaveExpectedReturnAt
        ? t('admissions:drawer.onLeaveUntil', { when: when(stay.leaveExpectedReturnAt) })
        : t('admissions:drawer.onLeave'),
    );
  }
  if (stay.dischargeExpectedAt && stay.status !== 'discharged') {
    lines.push(t('admissions:drawer.dischargeOrdered', { when: when(stay.dischargeExpectedAt) }));
  }
  if (stay.cancelledAt) {
    lines.push(
      t('admissions:drawer.cancelled', {
        when: when(stay.cancelledAt),
        reason: stay.cancelReason ?? '',
      }),
    );
  }
  return (
    <>
      {lines.map((line) => (
        <Text key={line} size="sm" fw={600}>
          {line}
        </Text>
      ))}
      {stay.status === 'discharged' ? (
        <SimpleGrid component="dl" cols={{ base: 1, xs: 2 }} spacing="sm" m={0}>
          <Detail label={t('admissions:drawer.disposition')}>
            {stay.disposition ? t(`admissions:disposition.${stay.disposition}`) : '—'}
            {' · '}
            {when(stay.dischargedAt)}
          </Detail>
          {stay.dischargeDestination ? (
            <Detail label={t('admissions:drawer.destination')}>{stay.dischargeDestination}</Detail>
          ) : null}
          {stay.dischargeSummary ? (
            <Detail label={t('admissions:drawer.summary')}>
              <span style={{ whiteSpace: 'pre-wrap' }}>{stay.dischargeSummary}</span>
            </Detail>
          ) : null}
        </SimpleGrid>
      ) : null}
    </>
  );
}

/** The steps the stay's status and the user's permissions allow. */
function StayActions(props: { stay: StayDetail; timeZone: string }) {
  const { t } = useTranslation();
  const can = useCan();
  const { stay, timeZone } = props;
  const [dialog, setDialog] = useState<Dialog>(null);
  const step = useStayStep();
  const cancelOrder = useCancelDischargeOrder();
  const [error, setError] = useState<unknown>(null);
  const canWrite = can('admission.write');
  const canCorrect = can('admission.correct');
  const isOpen = stay.status !== 'discharged' && stay.status !== 'cancelled';
  const close = () => setDialog(null);

  const runNow = async (run: () => Promise<unknown>) => {
    setError(null);
    try {
      await run();
      notifyDone(t('admissions:drawer.stepDone'));
    } catch (e) {
      setError(e);
    }
  };

  const buttons: ReactNode[] = [];
  const add = (key: string, label: string, onClick: () => void, color?: string) =>
    buttons.push(
      <Button key={key} size="sm" variant="light" color={color} onClick={onClick}>
        {label}
      </Button>,
    );
  if (canWrite && stay.status === 'pre_admitted') {
    add(
      'arrive',
      t('admissions:drawer.arrive'),
      () => void runNow(() => step.mutateAsync({ step: 'admit', stay, body: {} })),
    );
  }
  if (canWrite && stay.status === 'admitted') {
    add('leave', t('admissions:drawer.leave'), () => setDialog('leave'));
  }
  if (canWrite && stay.status === 'on_leave') {
    add(
      'return',
      t('admissions:drawer.return'),
      () => void runNow(() => step.mutateAsync({ step: 'return', stay, body: {} })),
    );
  }
  if (canWrite && (stay.status === 'admitted' || stay.status === 'on_leave')) {
    add(
      'order',
      stay.dischargeExpectedAt
        ? t('admissions:drawer.changeOrder')
        : t('admissions:drawer.orderDischarge'),
      () => setDialog('order'),
    );
    if (stay.dischargeExpectedAt) {
      add(
        'cancel-order',
        t('admissions:drawer.cancelOrder'),
        () => void runNow(() => cancelOrder.mutateAsync(stay)),
      );
    }
    add('discharge', t('admissions:drawer.discharge'), () => setDialog('discharge'));
  }
  if (canCorrect && isOpen) {
    add('cancel', t('admissions:drawer.cancelAdmission'), () => setDialog('cancel'), 'red');
  }
  if (canCorrect && stay.status === 'discharged') {
    add('undo', t('admissions:drawer.undoDischarge'), () => setDialog('undo-discharge'), 'red');
  }

  const stepProps = { stay, timeZone, onClose: close };
  return (
    <>
      {buttons.length > 0 ? (
        <Group gap="xs" role="group" aria-label={t('admissions:drawer.actions')}>
          {buttons}
        </Group>
      ) : null}
      <FormAlert error={null} message={error ? describeStayError(error) : null} />
      <LeaveDialog {...stepProps} opened={dialog === 'leave'} />
      <DischargeOrderDialog
        {...stepProps}
        opened={dialog === 'order'}
        dischargeExpectedAt={stay.dischargeExpectedAt}
      />
      <DischargeDialog stay={stay} opened={dialog === 'discharge'} onClose={close} />
      <CorrectionDialog {...stepProps} kind="cancel" opened={dialog === 'cancel'} />
      <CorrectionDialog {...stepProps} kind="undo-discharge" opened={dialog === 'undo-discharge'} />
    </>
  );
}

function Movements(props: {
  movements: StayMovement[];
  bedName: (bedId: string) => string;
  when: (iso: string | null) => string;
}) {
  const { t } = useTranslation();
  const where = (m: StayMovement) => {
    const from = m.fromBedId ? props.bedName(m.fromBedId) : null;
    const to = m.toBedId ? props.bedName(m.toBedId) : null;
    const care =
      m.fromLevelOfCare && m.toLevelOfCare && m.fromLevelOfCare !== m.toLevelOfCare
        ? ` (${t(`admissions:levelOfCare.${m.fromLevelOfCare}`)} → ${t(`admissions:levelOfCare.${m.toLevelOfCare}`)})`
        : '';
    if (from && to && from !== to) return t('admissions:drawer.fromTo', { from, to }) + care;
    if (to) return to + care;
    if (from) return t('admissions:drawer.from', { place: from }) + care;
    return care || '—';
  };
  return (
    <section aria-labelledby="stay-movements">
      <Title order={3} size="h5" id="stay-movements" mb="xs">
        {t('admissions:drawer.history')}
      </Title>
      {props.movements.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('admissions:drawer.historyEmpty')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={480}>
          <Table aria-labelledby="stay-movements" verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('admissions:drawer.when')}</Table.Th>
                <Table.Th scope="col">{t('admissions:drawer.what')}</Table.Th>
                <Table.Th scope="col">{t('admissions:drawer.where')}</Table.Th>
                <Table.Th scope="col">{t('admissions:drawer.why')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {props.movements.map((m) => (
                <Table.Tr key={m.id}>
                  <Table.Td>{props.when(m.occurredAt)}</Table.Td>
                  <Table.Td>{t(`admissions:movement.${m.kind}`)}</Table.Td>
                  <Table.Td>{where(m)}</Table.Td>
                  <Table.Td>{m.reason ?? '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </section>
  );
}

function Detail(props: { label: string; children: ReactNode }) {
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

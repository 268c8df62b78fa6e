import { ActionIcon, Badge, Button, Group, Menu, Stack, Table, Text } from '@mantine/core';
import { IconDots, IconVideo } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { AppointmentTransition } from '@meridian/contracts';
import { AppointmentStatusBadge } from '../AppointmentStatusBadge';
import { formatClock as formatTime } from '../scheduling-format';
import { PatientCell, patientLabel } from './PatientCell';
import type { TodayEntry } from './today.api';
import { rowActions } from './today-list';
import { WaitingTime } from './WaitingTime';

const actionKey: Record<AppointmentTransition, string> = {
  confirm: 'visits:today.actions.confirm',
  arrive: 'visits:today.actions.arrive',
  room: 'visits:today.actions.room',
  complete: 'visits:today.actions.complete',
  no_show: 'visits:today.actions.noShow',
};

export interface RowHandlers {
  onTransition: (entry: TodayEntry, action: AppointmentTransition) => void;
  onNoShow: (entry: TodayEntry) => void;
  onCancel: (entry: TodayEntry) => void;
}

/**
 * Today's appointments by time. Five columns keep it readable at tablet width: the
 * practitioner and type share one, the waiting time sits under the status.
 */
export function TodayTable(
  props: {
    items: TodayEntry[];
    timeZone: string;
    now: number;
    canAct: boolean;
    pendingId: string | null;
  } & RowHandlers,
) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={680}>
      <Table verticalSpacing="sm" highlightOnHover aria-label={t('visits:today.table.caption')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('visits:today.table.time')}</Table.Th>
            <Table.Th scope="col">{t('visits:today.table.patient')}</Table.Th>
            <Table.Th scope="col">{t('visits:today.table.with')}</Table.Th>
            <Table.Th scope="col">{t('visits:today.table.status')}</Table.Th>
            {props.canAct ? (
              <Table.Th scope="col">{t('visits:today.table.actions')}</Table.Th>
            ) : null}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.items.map((entry) => (
            <TodayRow key={entry.id} entry={entry} {...props} />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function TodayRow(
  props: {
    entry: TodayEntry;
    timeZone: string;
    now: number;
    canAct: boolean;
    pendingId: string | null;
  } & RowHandlers,
) {
  const { t } = useTranslation();
  const { entry, timeZone } = props;
  return (
    <Table.Tr>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <Text size="sm" fw={600}>
          {formatTime(entry.startsAt, timeZone)}
        </Text>
        <Text size="xs" c="dimmed">
          {formatTime(entry.endsAt, timeZone)}
        </Text>
      </Table.Td>
      <Table.Td>
        <PatientCell patientId={entry.patientId} patient={entry.patient} />
      </Table.Td>
      <Table.Td>
        <Text size="sm">{entry.practitionerName}</Text>
        <Group gap={4} wrap="nowrap">
          <Text size="xs" c="dimmed">
            {entry.appointmentTypeName}
          </Text>
          {entry.modality === 'video' ? (
            <Badge
              size="xs"
              variant="outline"
              color="gray"
              leftSection={<IconVideo size={10} aria-hidden />}
            >
              {t('visits:today.table.video')}
            </Badge>
          ) : null}
        </Group>
      </Table.Td>
      <Table.Td>
        <Stack gap={4} align="flex-start">
          <AppointmentStatusBadge status={entry.status} />
          {entry.status === 'arrived' && entry.arrivedAt ? (
            <WaitingTime arrivedAt={entry.arrivedAt} now={props.now} />
          ) : null}
          {entry.status === 'in_room' && entry.inRoomAt ? (
            <Text size="xs" c="dimmed">
              {t('visits:wait.since', { time: formatTime(entry.inRoomAt, timeZone) })}
            </Text>
          ) : null}
        </Stack>
      </Table.Td>
      {props.canAct ? (
        <Table.Td>
          <RowActions {...props} />
        </Table.Td>
      ) : null}
    </Table.Tr>
  );
}

const moreKey: Record<AppointmentTransition | 'cancel', string> = {
  ...actionKey,
  cancel: 'visits:today.actions.cancel',
};

function RowActions(
  props: {
    entry: TodayEntry;
    timeZone: string;
    now: number;
    pendingId: string | null;
  } & RowHandlers,
) {
  const { t } = useTranslation();
  const { entry } = props;
  const { primary, more } = rowActions(entry, props.now);
  if (!primary && more.length === 0) return null;
  const isPending = props.pendingId === entry.id;
  // Each button names its row for screen readers, starting with the words on it.
  const forRow = (label: string) =>
    t('visits:today.actions.forPatient', {
      action: label,
      patient: patientLabel(t, entry.patient),
      time: formatTime(entry.startsAt, props.timeZone),
    });
  const choose = (item: AppointmentTransition | 'cancel') => {
    if (item === 'cancel') props.onCancel(entry);
    else if (item === 'no_show') props.onNoShow(entry);
    else props.onTransition(entry, item);
  };
  return (
    <Group gap={4} wrap="nowrap">
      {primary ? (
        <Button
          size="xs"
          variant={primary === 'arrive' ? 'filled' : 'light'}
          loading={isPending}
          aria-label={forRow(t(actionKey[primary]))}
          onClick={() => props.onTransition(entry, primary)}
        >
          {t(actionKey[primary])}
        </Button>
      ) : null}
      {more.length > 0 ? (
        <Menu position="bottom-end" withinPortal withInitialFocusPlaceholder={false}>
          <Menu.Target>
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label={forRow(t('visits:today.actions.more'))}
              disabled={isPending}
            >
              <IconDots size={18} aria-hidden />
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            {more.map((item) => (
              <Menu.Item key={item} onClick={() => choose(item)}>
                {t(moreKey[item])}
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
      ) : null}
    </Group>
  );
}

import { useState } from 'react';
import { Badge, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconEdit, IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Bed, Room, WardDetail } from '@meridian/contracts';
import { QueryState } from '../../../ui/QueryState';
import { AddBedsModal, BedModal } from './BedModals';
import { RoomModal } from './RoomModal';
import { WardModal } from './WardModal';
import { useWardDetail } from './wardSetup.api';

type Editing =
  | { kind: 'ward' }
  | { kind: 'room'; room: Room | null }
  | { kind: 'beds'; room: Room }
  | { kind: 'bed'; bed: Bed };

function ServiceBadge(props: { isActive: boolean }) {
  const { t } = useTranslation('wardSetup');
  return props.isActive ? (
    <Badge variant="light" color="green">
      {t('common.active')}
    </Badge>
  ) : (
    <Badge variant="light" color="gray">
      {t('common.inactive')}
    </Badge>
  );
}

function BedAttributes(props: { bed: Bed }) {
  const { t } = useTranslation('wardSetup');
  const on = (['isolationCapable', 'telemetry', 'bariatric'] as const).filter((a) => props.bed[a]);
  return on.length === 0 ? (
    <Text size="sm" c="dimmed">
      —
    </Text>
  ) : (
    <Group gap={4}>
      {on.map((a) => (
        <Badge key={a} variant="outline" color="blue" size="sm">
          {t(`beds.attributes.${a}`)}
        </Badge>
      ))}
    </Group>
  );
}

function RoomCard(props: { room: Room; onEdit: (e: Editing) => void }) {
  const { t } = useTranslation('wardSetup');
  const { room } = props;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={`room-${room.id}`}>
      <Group justify="space-between" mb="sm" wrap="wrap" gap="xs">
        <Group gap="sm">
          <Title order={3} size="h4" id={`room-${room.id}`}>
            {t('rooms.heading', { code: room.code })}
            {room.name ? ` · ${room.name}` : ''}
          </Title>
          {room.sexRestriction ? (
            <Badge variant="light" color="grape">
              {t(`rooms.sex.${room.sexRestriction}`)}
            </Badge>
          ) : null}
          {room.isActive ? null : <ServiceBadge isActive={false} />}
        </Group>
        <Group gap="xs">
          <Button
            size="compact-sm"
            variant="subtle"
            leftSection={<IconEdit size={14} aria-hidden />}
            aria-label={t('rooms.editNamed', { code: room.code })}
            onClick={() => props.onEdit({ kind: 'room', room })}
          >
            {t('common.edit')}
          </Button>
          <Button
            size="compact-sm"
            variant="light"
            leftSection={<IconPlus size={14} aria-hidden />}
            aria-label={t('beds.addNamed', { code: room.code })}
            onClick={() => props.onEdit({ kind: 'beds', room })}
          >
            {t('beds.add')}
          </Button>
        </Group>
      </Group>
      {room.beds.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('rooms.noBeds')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={520} type="native">
          <Table
            layout="fixed"
            verticalSpacing={6}
            aria-label={t('rooms.bedsLabel', { code: room.code })}
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col" w="14%">
                  {t('beds.fields.code')}
                </Table.Th>
                <Table.Th scope="col" w="38%">
                  {t('beds.fields.attributes')}
                </Table.Th>
                <Table.Th scope="col" w="16%">
                  {t('beds.fields.state')}
                </Table.Th>
                <Table.Th scope="col" w="16%">
                  {t('common.status')}
                </Table.Th>
                <Table.Th scope="col" w="16%">
                  {t('common.actions')}
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {room.beds.map((bed) => (
                <Table.Tr key={bed.id}>
                  <Table.Td ff="monospace">{bed.code}</Table.Td>
                  <Table.Td>
                    <BedAttributes bed={bed} />
                  </Table.Td>
                  <Table.Td>{t(`beds.states.${bed.state}`)}</Table.Td>
                  <Table.Td miw={110}>
                    <ServiceBadge isActive={bed.isActive} />
                  </Table.Td>
                  <Table.Td>
                    <Button
                      size="compact-sm"
                      variant="subtle"
                      leftSection={<IconEdit size={14} aria-hidden />}
                      aria-label={t('beds.editNamed', { code: bed.code })}
                      onClick={() => props.onEdit({ kind: 'bed', bed })}
                    >
                      {t('common.edit')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}

function WardHeading(props: {
  ward: WardDetail;
  onBack: () => void;
  onEdit: (e: Editing) => void;
}) {
  const { t } = useTranslation('wardSetup');
  const { ward } = props;
  return (
    <Group justify="space-between" wrap="wrap" gap="sm">
      <Stack gap={2}>
        <Title order={2} size="h3">
          {ward.name}{' '}
          <Text span c="dimmed" ff="monospace">
            {ward.code}
          </Text>
        </Title>
        <Group gap="xs">
          <Text size="sm">{t(`kinds.${ward.kind}`)}</Text>
          <Text size="sm" c="dimmed">
            {t('wards.bedCount', { count: ward.bedCount })}
          </Text>
          {ward.isActive ? null : <ServiceBadge isActive={false} />}
        </Group>
      </Stack>
      <Group gap="xs">
        <Button
          variant="default"
          leftSection={<IconArrowLeft size={16} aria-hidden />}
          onClick={props.onBack}
        >
          {t('wards.back')}
        </Button>
        <Button
          variant="default"
          leftSection={<IconEdit size={16} aria-hidden />}
          onClick={() => props.onEdit({ kind: 'ward' })}
        >
          {t('wards.editNamed', { name: ward.name })}
        </Button>
        <Button
          leftSection={<IconPlus size={16} aria-hidden />}
          onClick={() => props.onEdit({ kind: 'room', room: null })}
        >
          {t('rooms.new')}
        </Button>
      </Group>
    </Group>
  );
}

/** One ward: its rooms with their beds, each editable; rooms and beds added here. */
export function WardRooms(props: { wardId: string; onBack: () => void }) {
  const { t } = useTranslation('wardSetup');
  const detail = useWardDetail(props.wardId);
  const [editing, setEditing] = useState<Editing | null>(null);
  const close = () => setEditing(null);

  return (
    <QueryState query={detail}>
      {(ward) => (
        <Stack>
          <WardHeading ward={ward} onBack={props.onBack} onEdit={setEditing} />
          {ward.rooms.length === 0 ? (
            <Text c="dimmed" py="lg" ta="center">
              {t('rooms.empty')}
            </Text>
          ) : (
            ward.rooms.map((room) => <RoomCard key={room.id} room={room} onEdit={setEditing} />)
          )}
          {editing?.kind === 'ward' ? (
            <WardModal facilityId={ward.facilityId} ward={ward} onClose={close} />
          ) : null}
          {editing?.kind === 'room' ? (
            <RoomModal wardId={ward.id} room={editing.room} onClose={close} />
          ) : null}
          {editing?.kind === 'beds' ? <AddBedsModal room={editing.room} onClose={close} /> : null}
          {editing?.kind === 'bed' ? <BedModal bed={editing.bed} onClose={close} /> : null}
        </Stack>
      )}
    </QueryState>
  );
}

import { Box, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AppointmentType } from '@meridian/contracts';
import type { DataColumn } from '../../../ui/DataTable';
import { AppointmentTypeModal } from './AppointmentTypeModal';
import { usePractitionerProfiles, useTypes } from './setup.api';
import { SetupTable } from './SetupParts';

/** Appointment types: what can be booked, for how long, by whom, in person or by video. */
export function AppointmentTypesTab() {
  const { t } = useTranslation('scheduleSetup');
  const types = useTypes();
  const practitioners = usePractitionerProfiles();
  const practitionerName = (id: string) =>
    practitioners.data?.find((p) => p.id === id)?.displayName ?? '…';

  const columns: DataColumn<AppointmentType>[] = [
    {
      key: 'name',
      header: t('types.fields.name'),
      cell: (x) => (
        <Group gap="xs" wrap="nowrap">
          <Box aria-hidden w={14} h={14} bg={x.color} style={{ borderRadius: 3, flexShrink: 0 }} />
          <div>
            <Text size="sm" fw={500}>
              {x.name}
            </Text>
            <Text size="xs" c="dimmed" ff="monospace">
              {x.code}
            </Text>
          </div>
        </Group>
      ),
    },
    {
      key: 'duration',
      header: t('types.fields.duration'),
      cell: (x) => t('types.minutes', { count: x.durationMinutes }),
    },
    {
      key: 'buffers',
      header: t('types.buffers'),
      cell: (x) =>
        t('types.bufferPair', { before: x.bufferBeforeMinutes, after: x.bufferAfterMinutes }),
    },
    {
      key: 'visitKind',
      header: t('types.fields.visitKind'),
      cell: (x) => t(`types.visitKind.${x.visitKind}`),
    },
    {
      key: 'modality',
      header: t('types.fields.modality'),
      cell: (x) => t(`types.modality.${x.modality}`),
    },
    {
      key: 'practitioners',
      header: t('types.fields.practitioners'),
      cell: (x) =>
        x.practitionerIds.length === 0
          ? t('types.anyPractitioner')
          : x.practitionerIds.map(practitionerName).join(', '),
    },
  ];

  return (
    <SetupTable
      query={types}
      label={t('tabs.types')}
      empty={t('types.empty')}
      addLabel={t('types.new')}
      minWidth={720}
      columns={columns}
      rowName={(x) => x.name}
      editor={(type, close) => (
        <AppointmentTypeModal
          type={type}
          practitioners={practitioners.data ?? []}
          onClose={close}
        />
      )}
    />
  );
}

import { useState } from 'react';
import { Box, Group, Paper, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../../ui/QueryState';
import { ActiveBadge } from '../../admin/AdminBadges';
import { AppointmentTypeModal } from './AppointmentTypeModal';
import { usePractitionerProfiles, useTypes } from './setup.api';
import { EditButton, ListToolbar } from './SetupParts';

/** Appointment types: what can be booked, for how long, by whom, in person or by video. */
export function AppointmentTypesTab() {
  const { t } = useTranslation('scheduleSetup');
  const types = useTypes();
  const practitioners = usePractitionerProfiles();
  const [includeInactive, setIncludeInactive] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const shown = (types.data ?? []).filter((x) => includeInactive || x.isActive);

  return (
    <Paper withBorder p="md">
      <ListToolbar
        includeInactive={includeInactive}
        onIncludeInactive={setIncludeInactive}
        addLabel={t('types.new')}
        onAdd={() => setEditing('new')}
      />
      <QueryState query={types} isEmpty={() => shown.length === 0} empty={t('types.empty')}>
        {() => (
          <Table.ScrollContainer minWidth={720} type="native">
            <Table striped verticalSpacing="xs" aria-label={t('tabs.types')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('types.fields.name')}</Table.Th>
                  <Table.Th scope="col">{t('types.fields.duration')}</Table.Th>
                  <Table.Th scope="col">{t('types.buffers')}</Table.Th>
                  <Table.Th scope="col">{t('types.fields.visitKind')}</Table.Th>
                  <Table.Th scope="col">{t('types.fields.modality')}</Table.Th>
                  <Table.Th scope="col">{t('types.fields.practitioners')}</Table.Th>
                  <Table.Th scope="col">{t('common.status')}</Table.Th>
                  <Table.Th scope="col">{t('common.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {shown.map((x) => (
                  <Table.Tr key={x.id}>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <Box
                          aria-hidden
                          w={14}
                          h={14}
                          bg={x.color}
                          style={{ borderRadius: 3, flexShrink: 0 }}
                        />
                        <div>
                          <Text size="sm" fw={500}>
                            {x.name}
                          </Text>
                          <Text size="xs" c="dimmed" ff="monospace">
                            {x.code}
                          </Text>
                        </div>
                      </Group>
                    </Table.Td>
                    <Table.Td>{t('types.minutes', { count: x.durationMinutes })}</Table.Td>
                    <Table.Td>
                      {t('types.bufferPair', {
                        before: x.bufferBeforeMinutes,
                        after: x.bufferAfterMinutes,
                      })}
                    </Table.Td>
                    <Table.Td>{t(`types.visitKind.${x.visitKind}`)}</Table.Td>
                    <Table.Td>{t(`types.modality.${x.modality}`)}</Table.Td>
                    <Table.Td>
                      {x.practitionerIds.length === 0
                        ? t('types.anyPractitioner')
                        : x.practitionerIds
                            .map(
                              (id) =>
                                practitioners.data?.find((p) => p.id === id)?.displayName ?? '…',
                            )
                            .join(', ')}
                    </Table.Td>
                    <Table.Td miw={88}>
                      <ActiveBadge isActive={x.isActive} />
                    </Table.Td>
                    <Table.Td>
                      <EditButton name={x.name} onClick={() => setEditing(x.id)} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryState>
      {editing ? (
        <AppointmentTypeModal
          key={editing}
          type={editing === 'new' ? null : (types.data?.find((x) => x.id === editing) ?? null)}
          practitioners={practitioners.data ?? []}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </Paper>
  );
}

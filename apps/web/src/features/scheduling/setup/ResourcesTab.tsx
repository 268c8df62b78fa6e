import { useState } from 'react';
import { Paper, Select, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../../ui/QueryState';
import { ActiveBadge } from '../../admin/AdminBadges';
import { facilityOptions } from '../../admin/options';
import { useFacilities } from '../../admin/organization.api';
import { ResourceModal } from './ResourceModal';
import { useResources } from './setup.api';
import { EditButton, ListToolbar } from './SetupParts';

/** Rooms and equipment an appointment can also reserve, per facility. */
export function ResourcesTab() {
  const { t } = useTranslation('scheduleSetup');
  const resources = useResources();
  const facilities = useFacilities();
  const [facilityId, setFacilityId] = useState<string | null>(null);
  const [includeInactive, setIncludeInactive] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const facilityName = (id: string) => facilities.data?.find((f) => f.id === id)?.name ?? '—';
  const shown = (resources.data ?? []).filter(
    (r) => (includeInactive || r.isActive) && (!facilityId || r.facilityId === facilityId),
  );

  return (
    <Paper withBorder p="md">
      <ListToolbar
        includeInactive={includeInactive}
        onIncludeInactive={setIncludeInactive}
        addLabel={t('resources.new')}
        onAdd={() => setEditing('new')}
      >
        <Select
          label={t('resources.facility')}
          placeholder={t('resources.allFacilities')}
          clearable
          data={facilityOptions(t, facilities.data ?? [])}
          value={facilityId}
          onChange={setFacilityId}
        />
      </ListToolbar>
      <QueryState query={resources} isEmpty={() => shown.length === 0} empty={t('resources.empty')}>
        {() => (
          <Table.ScrollContainer minWidth={600} type="native">
            <Table striped verticalSpacing="xs" aria-label={t('tabs.resources')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('resources.fields.name')}</Table.Th>
                  <Table.Th scope="col">{t('resources.fields.kind')}</Table.Th>
                  <Table.Th scope="col">{t('resources.facility')}</Table.Th>
                  <Table.Th scope="col">{t('common.status')}</Table.Th>
                  <Table.Th scope="col">{t('common.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {shown.map((r) => (
                  <Table.Tr key={r.id}>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {r.name}
                      </Text>
                      <Text size="xs" c="dimmed" ff="monospace">
                        {r.code}
                      </Text>
                    </Table.Td>
                    <Table.Td>{t(`resources.kind.${r.kind}`)}</Table.Td>
                    <Table.Td>{facilityName(r.facilityId)}</Table.Td>
                    <Table.Td miw={88}>
                      <ActiveBadge isActive={r.isActive} />
                    </Table.Td>
                    <Table.Td>
                      <EditButton name={r.name} onClick={() => setEditing(r.id)} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryState>
      {editing ? (
        <ResourceModal
          key={editing}
          resource={
            editing === 'new' ? null : (resources.data?.find((r) => r.id === editing) ?? null)
          }
          defaultFacilityId={facilityId}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </Paper>
  );
}

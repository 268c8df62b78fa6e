import { useState } from 'react';
import { Select, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ScheduleResource } from '@meridian/contracts';
import type { DataColumn } from '../../../ui/DataTable';
import { facilityOptions } from '../../admin/options';
import { useFacilities } from '../../admin/organization.api';
import { ResourceModal } from './ResourceModal';
import { useResources } from './setup.api';
import { SetupTable } from './SetupParts';

/** Rooms and equipment an appointment can also reserve, per facility. */
export function ResourcesTab() {
  const { t } = useTranslation('scheduleSetup');
  const resources = useResources();
  const facilities = useFacilities();
  const [facilityId, setFacilityId] = useState<string | null>(null);
  const facilityName = (id: string) => facilities.data?.find((f) => f.id === id)?.name ?? '—';

  const columns: DataColumn<ScheduleResource>[] = [
    {
      key: 'name',
      header: t('resources.fields.name'),
      cell: (r) => (
        <>
          <Text size="sm" fw={500}>
            {r.name}
          </Text>
          <Text size="xs" c="dimmed" ff="monospace">
            {r.code}
          </Text>
        </>
      ),
    },
    { key: 'kind', header: t('resources.fields.kind'), cell: (r) => t(`resources.kind.${r.kind}`) },
    { key: 'facility', header: t('resources.facility'), cell: (r) => facilityName(r.facilityId) },
  ];

  return (
    <SetupTable
      query={resources}
      label={t('tabs.resources')}
      empty={t('resources.empty')}
      addLabel={t('resources.new')}
      minWidth={600}
      columns={columns}
      rowName={(r) => r.name}
      filters={
        <Select
          label={t('resources.facility')}
          placeholder={t('resources.allFacilities')}
          clearable
          data={facilityOptions(t, facilities.data ?? [])}
          value={facilityId}
          onChange={setFacilityId}
        />
      }
      select={(rows) => rows.filter((r) => !facilityId || r.facilityId === facilityId)}
      editor={(resource, close) => (
        <ResourceModal resource={resource} defaultFacilityId={facilityId} onClose={close} />
      )}
    />
  );
}

import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { PractitionerProfile } from '@meridian/contracts';
import type { DataColumn } from '../../../ui/DataTable';
import { useDepartments, useFacilities } from '../../admin/organization.api';
import { PractitionerModal } from './PractitionerModal';
import { usePractitionerProfiles } from './setup.api';
import { SetupTable } from './SetupParts';

/** Practitioners: who has a calendar, where, in which specialty, and their daily cap. */
export function PractitionersTab() {
  const { t } = useTranslation('scheduleSetup');
  const practitioners = usePractitionerProfiles();
  const facilities = useFacilities();
  const facilityName = (id: string) => facilities.data?.find((f) => f.id === id)?.name ?? '—';

  const columns: DataColumn<PractitionerProfile>[] = [
    {
      key: 'name',
      header: t('practitioners.fields.name'),
      cell: (p) => (
        <Text size="sm" fw={500}>
          {p.displayName}
        </Text>
      ),
    },
    { key: 'specialty', header: t('practitioners.fields.specialty'), cell: (p) => p.specialty },
    {
      key: 'department',
      header: t('practitioners.fields.department'),
      cell: (p) => <DepartmentName practitioner={p} />,
    },
    {
      key: 'facility',
      header: t('practitioners.fields.facility'),
      cell: (p) => facilityName(p.facilityId),
    },
    {
      key: 'dailyCap',
      header: t('practitioners.fields.dailyCap'),
      cell: (p) => p.maxAppointmentsPerDay ?? t('practitioners.noCap'),
    },
  ];

  return (
    <SetupTable
      query={practitioners}
      label={t('tabs.practitioners')}
      empty={t('practitioners.empty')}
      addLabel={t('practitioners.new')}
      minWidth={720}
      columns={columns}
      rowName={(p) => p.displayName}
      editor={(practitioner, close) => (
        <PractitionerModal
          practitioner={practitioner}
          existing={practitioners.data ?? []}
          onClose={close}
        />
      )}
    />
  );
}

function DepartmentName(props: { practitioner: PractitionerProfile }) {
  const departments = useDepartments(
    props.practitioner.departmentId ? props.practitioner.facilityId : null,
  );
  const id = props.practitioner.departmentId;
  if (!id) return <>—</>;
  return <>{departments.data?.find((d) => d.id === id)?.name ?? '…'}</>;
}

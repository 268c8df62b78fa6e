import { useState } from 'react';
import { Paper, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { PractitionerProfile } from '@meridian/contracts';
import { QueryState } from '../../../ui/QueryState';
import { ActiveBadge } from '../../admin/AdminBadges';
import { useDepartments, useFacilities } from '../../admin/organization.api';
import { PractitionerModal } from './PractitionerModal';
import { usePractitionerProfiles } from './setup.api';
import { EditButton, ListToolbar } from './SetupParts';

/** Practitioners: who has a calendar, where, in which specialty, and their daily cap. */
export function PractitionersTab() {
  const { t } = useTranslation('scheduleSetup');
  const practitioners = usePractitionerProfiles();
  const facilities = useFacilities();
  const [includeInactive, setIncludeInactive] = useState(false);
  // 'new', the id being edited, or null; the modal mounts only while open.
  const [editing, setEditing] = useState<string | null>(null);
  const facilityName = (id: string) => facilities.data?.find((f) => f.id === id)?.name ?? '—';

  return (
    <Paper withBorder p="md">
      <ListToolbar
        includeInactive={includeInactive}
        onIncludeInactive={setIncludeInactive}
        addLabel={t('practitioners.new')}
        onAdd={() => setEditing('new')}
      />
      <QueryState
        query={practitioners}
        isEmpty={(data) => data.filter((p) => includeInactive || p.isActive).length === 0}
        empty={t('practitioners.empty')}
      >
        {(data) => (
          <Table.ScrollContainer minWidth={720} type="native">
            <Table striped verticalSpacing="xs" aria-label={t('tabs.practitioners')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('practitioners.fields.name')}</Table.Th>
                  <Table.Th scope="col">{t('practitioners.fields.specialty')}</Table.Th>
                  <Table.Th scope="col">{t('practitioners.fields.department')}</Table.Th>
                  <Table.Th scope="col">{t('practitioners.fields.facility')}</Table.Th>
                  <Table.Th scope="col">{t('practitioners.fields.dailyCap')}</Table.Th>
                  <Table.Th scope="col">{t('common.status')}</Table.Th>
                  <Table.Th scope="col">{t('common.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data
                  .filter((p) => includeInactive || p.isActive)
                  .map((p) => (
                    <Table.Tr key={p.id}>
                      <Table.Td>
                        <Text size="sm" fw={500}>
                          {p.displayName}
                        </Text>
                      </Table.Td>
                      <Table.Td>{p.specialty}</Table.Td>
                      <Table.Td>
                        <DepartmentName practitioner={p} />
                      </Table.Td>
                      <Table.Td>{facilityName(p.facilityId)}</Table.Td>
                      <Table.Td>{p.maxAppointmentsPerDay ?? t('practitioners.noCap')}</Table.Td>
                      <Table.Td miw={88}>
                        <ActiveBadge isActive={p.isActive} />
                      </Table.Td>
                      <Table.Td>
                        <EditButton name={p.displayName} onClick={() => setEditing(p.id)} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryState>
      {editing ? (
        <PractitionerModal
          key={editing}
          practitioner={
            editing === 'new' ? null : (practitioners.data?.find((p) => p.id === editing) ?? null)
          }
          existing={practitioners.data ?? []}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </Paper>
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

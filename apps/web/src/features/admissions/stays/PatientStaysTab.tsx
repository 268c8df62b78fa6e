import { useState } from 'react';
import { Button, Group, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { IconBed } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { openStayStatuses, type Stay } from '@meridian/contracts';
import { useCan, useSignedInMe } from '../../../app/auth/useMe';
import { formatDateTime } from '../../../ui/format';
import { QueryState } from '../../../ui/QueryState';
import { usePatientContext } from '../../patients/record/PatientPage';
import { summaryOfRecord } from '../../scheduling/patient/PatientAppointmentsTab';
import { facilityTimeZone } from '../../scheduling/scheduling-format';
import { AdmitDialog } from './AdmitDialog';
import { StayDrawer } from './StayDrawer';
import { StayStatusBadge } from './StayStatusBadge';
import { usePatientStays } from './stays.api';

const isOpenStay = (s: Stay) => (openStayStatuses as readonly string[]).includes(s.status);

/** /patients/:id/stays: the patient's inpatient stays, each opening its drawer; admit here. */
export function PatientStaysTab() {
  const { t } = useTranslation();
  const { patient } = usePatientContext();
  const me = useSignedInMe();
  const can = useCan();
  const stays = usePatientStays(patient.id);
  const [isAdmitting, setIsAdmitting] = useState(false);
  const [openStayId, setOpenStayId] = useState<string | null>(null);
  const hasOpenStay = (stays.data?.items ?? []).some(isOpenStay);
  const facilityId = me.currentFacilityId;
  const canAdmit =
    can('admission.write') &&
    facilityId !== null &&
    patient.status !== 'merged' &&
    !patient.deceased &&
    stays.data !== undefined &&
    !hasOpenStay;

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Title order={2} size="h3" id="patient-stays">
          {t('admissions:tab.title')}
        </Title>
        {canAdmit ? (
          <Button
            leftSection={<IconBed size={16} aria-hidden />}
            onClick={() => setIsAdmitting(true)}
          >
            {t('admissions:tab.admit')}
          </Button>
        ) : null}
      </Group>
      {hasOpenStay ? (
        <Text size="sm" c="dimmed">
          {t('admissions:tab.hasOpenStay')}
        </Text>
      ) : null}
      <QueryState
        query={stays}
        isEmpty={(page) => page.items.length === 0}
        empty={t('admissions:tab.empty')}
      >
        {(page) => (
          <Table.ScrollContainer minWidth={640}>
            <Table aria-labelledby="patient-stays" verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('admissions:tab.number')}</Table.Th>
                  <Table.Th scope="col">{t('admissions:tab.status')}</Table.Th>
                  <Table.Th scope="col">{t('admissions:tab.admitted')}</Table.Th>
                  <Table.Th scope="col">{t('admissions:tab.discharged')}</Table.Th>
                  <Table.Th scope="col">{t('admissions:tab.reason')}</Table.Th>
                  <Table.Th scope="col">
                    <VisuallyHidden>{t('admissions:tab.open')}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {page.items.map((stay) => {
                  const zone = facilityTimeZone(me.facilities, stay.facilityId);
                  return (
                    <Table.Tr key={stay.id}>
                      <Table.Td fw={600}>{stay.stayNumber}</Table.Td>
                      <Table.Td>
                        <StayStatusBadge status={stay.status} />
                      </Table.Td>
                      <Table.Td>
                        {formatDateTime(stay.admittedAt ?? stay.expectedAt, zone)}
                      </Table.Td>
                      <Table.Td>{formatDateTime(stay.dischargedAt, zone)}</Table.Td>
                      <Table.Td>{stay.reason}</Table.Td>
                      <Table.Td>
                        <Button
                          size="xs"
                          variant="light"
                          aria-label={t('admissions:tab.openOne', { number: stay.stayNumber })}
                          onClick={() => setOpenStayId(stay.id)}
                        >
                          {t('admissions:tab.open')}
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryState>
      {facilityId ? (
        <AdmitDialog
          facilityId={facilityId}
          patient={summaryOfRecord(patient)}
          opened={isAdmitting}
          onClose={() => setIsAdmitting(false)}
          onAdmitted={(stay) => setOpenStayId(stay.id)}
        />
      ) : null}
      <StayDrawer
        stayId={openStayId}
        opened={openStayId !== null}
        onClose={() => setOpenStayId(null)}
      />
    </Stack>
  );
}

import { SimpleGrid, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../../app/auth/useMe';
import {
  AllergiesPanel,
  AppointmentsPanel,
  MedicationsPanel,
  ProblemsPanel,
  ResultsPanel,
  StayPanel,
  VitalsPanel,
} from './panels';

/**
 * The chart summary on /patients/:id (issue 6 point 11): one panel per part of the record,
 * each with its own query and states, so the summary never waits on its slowest part.
 * Shown to staff with clinical.read; the appointments and stay panels also need their own
 * read permission.
 */
export function ChartSummary(props: { patientId: string }) {
  const { t } = useTranslation('chart');
  const can = useCan();
  if (!can('clinical.read')) return null;
  const { patientId } = props;
  return (
    <Stack gap="sm" component="section" aria-labelledby="chart-summary-heading">
      <Title order={2} size="h4" id="chart-summary-heading">
        {t('summary.title')}
      </Title>
      <SimpleGrid cols={{ base: 1, md: 2, lg: 3 }} spacing="md" verticalSpacing="md">
        <ProblemsPanel patientId={patientId} />
        <MedicationsPanel patientId={patientId} />
        <AllergiesPanel patientId={patientId} />
        <VitalsPanel patientId={patientId} />
        <ResultsPanel patientId={patientId} />
        {can('appointment.read') ? <AppointmentsPanel patientId={patientId} /> : null}
        {can('admission.read') ? <StayPanel patientId={patientId} /> : null}
      </SimpleGrid>
    </Stack>
  );
}

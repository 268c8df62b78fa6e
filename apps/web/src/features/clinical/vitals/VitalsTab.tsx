import { useState, type ReactNode } from 'react';
import { Group, SegmentedControl, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../../app/auth/useMe';
import { QueryState } from '../../../ui/QueryState';
import { usePatientContext } from '../../patients/record/PatientPage';
import { News2AlertBanner } from './News2AlertBanner';
import { Spo2ScaleCard } from './Spo2ScaleCard';
import { useFlowsheet, useLatestVitals } from './vitals.api';
import { VitalSetsList } from './VitalSetsList';
import { VitalsFlowsheet } from './VitalsFlowsheet';
import { VitalsForm } from './VitalsForm';
import { VitalsTrends } from './VitalsTrends';

function Section(props: { id: string; title: string; actions?: ReactNode; children: ReactNode }) {
  return (
    <Stack gap="xs" component="section" aria-labelledby={props.id}>
      <Group justify="space-between" wrap="wrap">
        <Title order={3} size="h4" id={props.id}>
          {props.title}
        </Title>
        {props.actions}
      </Group>
      {props.children}
    </Stack>
  );
}

const ranges = [1, 3, 7, 30] as const;

/**
 * /patients/:id/vitals: the NEWS2 alert when the latest set raises one, the SpO2 scale,
 * entry of a new set (for clinical.write), the flowsheet and trends of the chosen range,
 * and the recorded sets (entered in error from there). Each part loads on its own.
 */
export function VitalsTab() {
  const { t } = useTranslation('vitals');
  const { patient } = usePatientContext();
  const can = useCan();
  const canWrite = can('clinical.write') && patient.status !== 'merged';
  const latest = useLatestVitals(patient.id);
  const [days, setDays] = useState<(typeof ranges)[number]>(3);
  const sheet = useFlowsheet(patient.id, days);
  const spo2Scale = latest.data?.spo2Scale ?? 1;

  return (
    <Stack gap="lg">
      <Title order={2} size="h3">
        {t('title')}
      </Title>
      <News2AlertBanner news2={latest.data?.news2 ?? null} />
      <Spo2ScaleCard patientId={patient.id} canWrite={canWrite} />
      {canWrite ? <VitalsForm patientId={patient.id} spo2Scale={spo2Scale} /> : null}
      <Section
        id="vitals-flowsheet-title"
        title={t('flowsheet.title')}
        actions={
          <SegmentedControl
            aria-label={t('flowsheet.range')}
            size="xs"
            value={String(days)}
            onChange={(v) => setDays(Number(v) as (typeof ranges)[number])}
            data={ranges.map((d) => ({
              value: String(d),
              label: t('flowsheet.days', { count: d }),
            }))}
          />
        }
      >
        <QueryState
          query={sheet}
          isEmpty={(s) => s.rows.every((r) => r.points.length === 0) && s.news2.length === 0}
          empty={t('flowsheet.empty')}
        >
          {(s) => (
            <Stack gap="md">
              <VitalsFlowsheet sheet={s} />
              <Title order={4} size="h5">
                {t('trends.title')}
              </Title>
              <VitalsTrends sheet={s} />
            </Stack>
          )}
        </QueryState>
      </Section>
      <Section id="vitals-sets-title" title={t('sets.title')}>
        <VitalSetsList patientId={patient.id} canWrite={canWrite} />
      </Section>
    </Stack>
  );
}

import { useState } from 'react';
import { Button, Card, Center, Group, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { IconAmbulance } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { EncounterTimelineItem } from '@meridian/contracts';
import { useCan, useSignedInMe } from '../../../app/auth/useMe';
import { QueryState } from '../../../ui/QueryState';
import { flattenPages } from '../../admin/paging';
import { usePatientContext } from '../../patients/record/PatientPage';
import { EncounterDrawer } from './EncounterDrawer';
import { EncounterClassIcon, EncounterStatusBadge, formatPeriod } from './encounter-look';
import { useEncounterTimeline } from './encounters.api';
import { StartEncounterDialog } from './StartEncounterDialog';

/**
 * /patients/:id/encounters: the encounter timeline, newest first, 20 at a time; each
 * encounter opens its drawer (details and diagnoses). Clinicians start an emergency (or
 * other) encounter here; visits and stays open theirs at check-in and admission.
 */
export function EncountersTab() {
  const { t } = useTranslation();
  const { patient } = usePatientContext();
  const me = useSignedInMe();
  const can = useCan();
  const timeline = useEncounterTimeline(patient.id);
  const [openId, setOpenId] = useState<string | null>(null);
  const [isStarting, setIsStarting] = useState(false);
  const facilityId = me.currentFacilityId;
  const canStart = can('clinical.write') && facilityId !== null && patient.status !== 'merged';
  const items = flattenPages(timeline.data);

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Title order={2} size="h3" id="patient-encounters">
          {t('encounters:tab.title')}
        </Title>
        {canStart ? (
          <Button
            leftSection={<IconAmbulance size={16} aria-hidden />}
            onClick={() => setIsStarting(true)}
          >
            {t('encounters:tab.start')}
          </Button>
        ) : null}
      </Group>
      <QueryState
        query={{ ...timeline, data: timeline.data ? items : undefined }}
        isEmpty={(list) => list.length === 0}
        empty={t('encounters:tab.empty')}
      >
        {(list) => (
          <Stack gap="xs" component="ol" aria-labelledby="patient-encounters" p={0} m={0}>
            {list.map((item) => (
              <TimelineEntry key={item.id} item={item} onOpen={() => setOpenId(item.id)} />
            ))}
          </Stack>
        )}
      </QueryState>
      {timeline.hasNextPage ? (
        <Center>
          <Button
            variant="light"
            loading={timeline.isFetchingNextPage}
            onClick={() => void timeline.fetchNextPage()}
          >
            {t('encounters:tab.loadMore')}
          </Button>
        </Center>
      ) : null}
      {facilityId ? (
        <StartEncounterDialog
          patientId={patient.id}
          facilityId={facilityId}
          opened={isStarting}
          onClose={() => setIsStarting(false)}
          onStarted={(e) => setOpenId(e.id)}
        />
      ) : null}
      <EncounterDrawer
        encounterId={openId}
        opened={openId !== null}
        onClose={() => setOpenId(null)}
      />
    </Stack>
  );
}

function TimelineEntry(props: { item: EncounterTimelineItem; onOpen: () => void }) {
  const { t } = useTranslation();
  const { item } = props;
  const period = formatPeriod(item.startedAt, item.endedAt, item.facility?.timeZone, (start) =>
    t('encounters:since', { start }),
  );
  const title = [t(`encounters:class.${item.class}`), item.typeDisplay].filter(Boolean).join(' · ');
  return (
    <Card component="li" withBorder padding={0} style={{ listStyle: 'none' }}>
      <UnstyledButton onClick={props.onOpen} p="sm" w="100%">
        <Group gap="sm" wrap="nowrap" align="flex-start">
          <EncounterClassIcon encounterClass={item.class} />
          <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
            <Group gap="xs" justify="space-between" wrap="wrap">
              <Text fw={600}>{title}</Text>
              <EncounterStatusBadge status={item.status} />
            </Group>
            <Text size="sm">
              {period}
              {item.facility ? ` · ${item.facility.name}` : ''}
            </Text>
            {item.reason ? (
              <Text size="sm" c="dimmed" lineClamp={1}>
                {item.reason}
              </Text>
            ) : null}
            {item.participants.length > 0 ? (
              <Text size="sm" c="dimmed" lineClamp={1}>
                {item.participants
                  .map((p) => `${p.display ?? '—'} (${t(`encounters:role.${p.role}`)})`)
                  .join(', ')}
              </Text>
            ) : null}
            {item.principalDiagnosis ? (
              <Text size="sm">
                <Text span fw={600}>
                  {item.principalDiagnosis.code}
                </Text>{' '}
                {item.principalDiagnosis.display}
              </Text>
            ) : null}
          </Stack>
        </Group>
      </UnstyledButton>
    </Card>
  );
}

import { useState } from 'react';
import { Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { IconAlertTriangle, IconCheck, IconSparkles } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { HousekeepingItem } from '@meridian/contracts';
import { ApiError } from '../../../app/api';
import { useSignedInMe } from '../../../app/auth/useMe';
import { FormAlert } from '../../../ui/FormAlert';
import { errorMessage } from '../../../ui/errors';
import { formatTime } from '../../../ui/format';
import { PageHeader } from '../../../ui/PageHeader';
import { QueryState } from '../../../ui/QueryState';
import { notifyDone } from '../../coverage/notify';
import { facilityTimeZone } from '../../scheduling/scheduling-format';
import { useNow } from '../../scheduling/today/useNow';
import { admissionKeys } from '../admissions.keys';
import { useBedBoardEvents } from '../live';
import { housekeepingGroups, minutesWaiting } from './housekeeping-list';
import { useChangeBedState } from '../board/board.api';
import { useHousekeepingList } from './housekeeping.api';

/** Waiting times tick every half minute without asking the server. */
const tickMs = 30_000;

/**
 * /beds/housekeeping: the facility's dirty beds by waiting time and the beds being cleaned,
 * with one big button each (housekeepers carry phones and tablets). Beds a patient with
 * isolation precautions left need a terminal clean. Live: a bed that turns dirty anywhere
 * shows up within seconds.
 */
export function HousekeepingPage() {
  const { t } = useTranslation();
  const me = useSignedInMe();
  const facilityId = me.currentFacilityId;
  const list = useHousekeepingList(facilityId);
  const queryClient = useQueryClient();
  const refresh = () =>
    void queryClient.invalidateQueries({ queryKey: admissionKeys.housekeeping(facilityId ?? '') });
  useBedBoardEvents(facilityId, refresh, refresh, 'housekeeping');
  const change = useChangeBedState();
  const [failure, setFailure] = useState<string | null>(null);
  const now = useNow(tickMs);
  const timeZone = facilityTimeZone(me.facilities, facilityId);

  const act = (item: HousekeepingItem) => {
    setFailure(null);
    const action = item.state === 'dirty' ? 'start_cleaning' : 'finish_cleaning';
    const bed = t('housekeeping:bed', { room: item.roomCode, bed: item.bedCode });
    change.mutate(
      { bed: { id: item.bedId, version: item.version }, body: { action } },
      {
        onSuccess: () =>
          notifyDone(
            t(action === 'start_cleaning' ? 'housekeeping:started' : 'housekeeping:finished', {
              bed,
            }),
          ),
        onError: (error) => setFailure(describeBedError(t, error)),
      },
    );
  };

  return (
    <Stack gap="lg">
      <PageHeader title={t('shell:nav.housekeeping')} description={t('housekeeping:description')} />
      {facilityId === null ? (
        <Text>{t('housekeeping:noFacility')}</Text>
      ) : (
        <QueryState query={list}>
          {(data) => {
            const groups = housekeepingGroups(data.items);
            const card = (item: HousekeepingItem) => (
              <BedCard
                key={item.bedId}
                item={item}
                nowMs={now}
                timeZone={timeZone}
                isBusy={change.isPending && change.variables.bed.id === item.bedId}
                onAct={() => act(item)}
              />
            );
            return (
              <Stack gap="lg">
                <FormAlert error={null} message={failure} />
                <Section id="hk-waiting" title={t('housekeeping:waiting')}>
                  {groups.waiting.length === 0 ? (
                    <Text c="dimmed">{t('housekeeping:noneWaiting')}</Text>
                  ) : (
                    <CardList labelledBy="hk-waiting">{groups.waiting.map(card)}</CardList>
                  )}
                </Section>
                <Section id="hk-cleaning" title={t('housekeeping:cleaning')}>
                  {groups.cleaning.length === 0 ? (
                    <Text c="dimmed">{t('housekeeping:noneCleaning')}</Text>
                  ) : (
                    <CardList labelledBy="hk-cleaning">{groups.cleaning.map(card)}</CardList>
                  )}
                </Section>
              </Stack>
            );
          }}
        </QueryState>
      )}
    </Stack>
  );
}

function describeBedError(t: TFunction, error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 412 || error.code === 'resource.version_mismatch') {
      return t('housekeeping:errors.changed');
    }
    if (error.code === 'admission.bed_invalid_transition') return t('housekeeping:errors.refused');
  }
  return errorMessage(error);
}

function Section(props: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={props.id}>
      <Title order={2} size="h3" id={props.id} mb="sm">
        {props.title}
      </Title>
      {props.children}
    </section>
  );
}

function CardList(props: { labelledBy: string; children: React.ReactNode }) {
  return (
    <SimpleGrid
      component="ul"
      aria-labelledby={props.labelledBy}
      cols={{ base: 1, sm: 2, lg: 3 }}
      spacing="md"
      p={0}
      m={0}
      style={{ listStyle: 'none' }}
    >
      {props.children}
    </SimpleGrid>
  );
}

/** "1 h 05 min" or "25 min". */
function formatWait(t: TFunction, totalMinutes: number): string {
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  return hours > 0
    ? t('housekeeping:hours', { hours, minutes: String(minutes).padStart(2, '0') })
    : t('housekeeping:minutes', { minutes });
}

function BedCard(props: {
  item: HousekeepingItem;
  nowMs: number;
  timeZone: string;
  isBusy: boolean;
  onAct: () => void;
}) {
  const { t } = useTranslation();
  const { item } = props;
  const bed = t('housekeeping:bed', { room: item.roomCode, bed: item.bedCode });
  const isDirty = item.state === 'dirty';
  const wait = formatWait(t, minutesWaiting(item.since, props.nowMs));
  const needsTerminal = item.lastIsolation.length > 0;
  return (
    <Card component="li" withBorder radius="md" padding="md">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <div>
            <Text fw={700} size="lg">
              {bed}
            </Text>
            <Text size="sm" c="dimmed">
              {item.wardName}
            </Text>
          </div>
          <Badge
            color={isDirty ? 'orange' : 'blue'}
            variant="light"
            size="lg"
            style={{ flexShrink: 0, overflow: 'visible' }}
          >
            {t(`housekeeping:state.${item.state}`)}
          </Badge>
        </Group>
        <Text fw={600}>
          {isDirty
            ? t('housekeeping:waitingFor', { duration: wait })
            : t('housekeeping:cleaningFor', { duration: wait })}{' '}
          <Text span size="sm" c="dimmed" fw={400}>
            {t('housekeeping:since', { time: formatTime(item.since, props.timeZone) })}
          </Text>
        </Text>
        {needsTerminal ? (
          <Stack gap={4}>
            <Badge
              color="red"
              variant="filled"
              size="lg"
              leftSection={<IconAlertTriangle size={14} aria-hidden />}
            >
              {t('housekeeping:terminal')}
            </Badge>
            <Text size="sm">
              {t('housekeeping:terminalHint', {
                precautions: item.lastIsolation
                  .map((p) => t(`admissions:isolation.${p}`).toLowerCase())
                  .join(', '),
              })}
            </Text>
          </Stack>
        ) : null}
        <Button
          size="lg"
          fullWidth
          color={isDirty ? 'blue' : 'teal.9'}
          leftSection={
            isDirty ? <IconSparkles size={20} aria-hidden /> : <IconCheck size={20} aria-hidden />
          }
          loading={props.isBusy}
          aria-label={t(isDirty ? 'housekeeping:startOne' : 'housekeeping:finishOne', {
            bed,
            ward: item.wardName,
          })}
          onClick={props.onAct}
        >
          {isDirty ? t('housekeeping:start') : t('housekeeping:finish')}
        </Button>
      </Stack>
    </Card>
  );
}

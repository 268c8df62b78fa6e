import { Alert, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { PractitionerProfile, Slot, SlotSearchQuery } from '@meridian/contracts';
import { LoadingState } from '../../../ui/QueryState';
import { describeError } from '../../../ui/errors';
import { useSlotSearch } from '../appointments.api';
import { formatClock, formatLocalDay } from '../scheduling-format';
import { groupSlotsByDay, slotKey } from './slot-groups';

/**
 * The free slots a search finds, by local day, each a button: choosing one fills the
 * booking's time. Slots name their practitioner when the search covers several.
 */
export function SlotFinder(props: {
  query: SlotSearchQuery | null;
  chosen: Slot | null;
  onChoose: (slot: Slot) => void;
  zoneOf: (facilityId: string) => string;
  practitioners: readonly PractitionerProfile[];
  headingId: string;
}) {
  const { t } = useTranslation('calendar');
  const search = useSlotSearch(props.query);
  if (!props.query) {
    return (
      <Text size="sm" c="dimmed">
        {t('booking.slotsHint')}
      </Text>
    );
  }
  if (search.isPending) return <LoadingState />;
  if (search.error) {
    return (
      <Alert color="red" role="alert" title={t('booking.slotsFailed')}>
        <Stack gap="xs" align="flex-start">
          <Text size="sm">{describeError(search.error).message}</Text>
          <Button size="xs" variant="light" onClick={() => void search.refetch()}>
            {t('common:retry')}
          </Button>
        </Stack>
      </Alert>
    );
  }
  const days = groupSlotsByDay(search.data.items, props.zoneOf);
  if (days.length === 0) {
    return (
      <Text size="sm" c="dimmed" role="status">
        {t('booking.noSlots')}
      </Text>
    );
  }
  const manyPractitioners = new Set(search.data.items.map((s) => s.practitionerId)).size > 1;
  const nameOf = (id: string) => props.practitioners.find((p) => p.id === id)?.displayName ?? '';
  const chosenKey = props.chosen ? slotKey(props.chosen) : null;
  return (
    <Stack gap="sm" aria-labelledby={props.headingId} component="section">
      {days.map((day) => {
        const dayHeading = `${props.headingId}-${day.date}`;
        return (
          <div key={day.date}>
            <Title order={4} size="h6" id={dayHeading} mb={4}>
              {formatLocalDay(day.date)}
            </Title>
            <Group gap={6} role="group" aria-labelledby={dayHeading}>
              {day.slots.map((slot) => {
                const key = slotKey(slot);
                const isChosen = key === chosenKey;
                const time = formatClock(slot.startsAt, props.zoneOf(slot.facilityId));
                return (
                  <Button
                    key={key}
                    size="compact-sm"
                    variant={isChosen ? 'filled' : 'default'}
                    aria-pressed={isChosen}
                    onClick={() => props.onChoose(slot)}
                  >
                    {manyPractitioners ? `${time} · ${nameOf(slot.practitionerId)}` : time}
                  </Button>
                );
              })}
            </Group>
          </div>
        );
      })}
      {search.data.truncated ? (
        <Text size="xs" c="dimmed">
          {t('booking.truncated')}
        </Text>
      ) : null}
    </Stack>
  );
}

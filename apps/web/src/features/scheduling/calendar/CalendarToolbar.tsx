import { ActionIcon, Button, Group, SegmentedControl, Switch, Text } from '@mantine/core';
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { formatLocalDay } from '../scheduling-format';
import { stepDate, visibleRange, type CalendarView } from './calendar-range';

/** Date navigation (previous, today, next), day/week, and whether cancelled ones show. */
export function CalendarToolbar(props: {
  date: string;
  view: CalendarView;
  today: string;
  timeZone: string;
  /** The department's side-by-side view is a day only. */
  allowWeek: boolean;
  showCancelled: boolean;
  onDate: (date: string) => void;
  onView: (view: CalendarView) => void;
  onShowCancelled: (show: boolean) => void;
}) {
  const { t } = useTranslation('calendar');
  const range = visibleRange(props.date, props.view, props.timeZone);
  const title =
    props.view === 'week'
      ? t('toolbar.weekTitle', {
          first: formatLocalDay(range.firstDate),
          last: formatLocalDay(range.lastDate),
        })
      : formatLocalDay(props.date);
  return (
    <Group justify="space-between" gap="sm" wrap="wrap">
      <Group gap="xs" wrap="nowrap">
        <ActionIcon
          variant="default"
          size="lg"
          aria-label={t(props.view === 'week' ? 'toolbar.previousWeek' : 'toolbar.previousDay')}
          onClick={() => props.onDate(stepDate(props.date, props.view, -1))}
        >
          <IconChevronLeft size={18} aria-hidden />
        </ActionIcon>
        <Button
          variant="default"
          onClick={() => props.onDate(props.today)}
          disabled={props.date === props.today}
        >
          {t('toolbar.today')}
        </Button>
        <ActionIcon
          variant="default"
          size="lg"
          aria-label={t(props.view === 'week' ? 'toolbar.nextWeek' : 'toolbar.nextDay')}
          onClick={() => props.onDate(stepDate(props.date, props.view, 1))}
        >
          <IconChevronRight size={18} aria-hidden />
        </ActionIcon>
        <Text fw={600} aria-live="polite">
          {title}
        </Text>
      </Group>
      <Group gap="md">
        {props.allowWeek ? (
          <SegmentedControl
            aria-label={t('toolbar.viewLabel')}
            value={props.view}
            onChange={props.onView}
            data={[
              { value: 'day', label: t('toolbar.day') },
              { value: 'week', label: t('toolbar.week') },
            ]}
          />
        ) : null}
        <Switch
          label={t('toolbar.showCancelled')}
          checked={props.showCancelled}
          onChange={(e) => props.onShowCancelled(e.currentTarget.checked)}
        />
      </Group>
    </Group>
  );
}

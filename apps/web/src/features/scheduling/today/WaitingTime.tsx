import { Group, Text } from '@mantine/core';
import { IconAlertTriangle, IconClock } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { minutesSince, splitMinutes, waitLevel, type WaitLevel } from './waiting';

/** "12 min", "1 h 5 min". */
export function formatWait(t: TFunction, totalMinutes: number): string {
  const { hours, minutes } = splitMinutes(totalMinutes);
  return hours === 0
    ? t('visits:wait.minutes', { count: minutes })
    : t('visits:wait.hoursMinutes', { hours, minutes });
}

const levelColor: Record<WaitLevel, string | undefined> = {
  normal: undefined,
  // The theme's darkened "light" text shades: they pass AA on white.
  long: 'var(--mantine-color-orange-light-color)',
  very_long: 'var(--mantine-color-red-light-color)',
};

/**
 * How long an arrived patient has waited, from `arrivedAt` and the clock `now` (which the
 * page re-reads every 30 s): amber past 20 minutes and red past 40, said in words too.
 */
export function WaitingTime(props: { arrivedAt: string; now: number }) {
  const { t } = useTranslation();
  const minutes = minutesSince(props.arrivedAt, props.now);
  if (minutes === null) return null;
  const level = waitLevel(minutes);
  const Icon = level === 'normal' ? IconClock : IconAlertTriangle;
  const color = levelColor[level];
  return (
    <Group gap={4} wrap="nowrap" c={color} data-wait-level={level}>
      <Icon size={16} aria-hidden />
      <Text size="sm" fw={level === 'normal' ? 400 : 700} c={color}>
        {t('visits:wait.waiting', { duration: formatWait(t, minutes) })}
        {level === 'long' ? ` · ${t('visits:wait.long')}` : null}
        {level === 'very_long' ? ` · ${t('visits:wait.veryLong')}` : null}
      </Text>
    </Group>
  );
}

import { Group, Paper, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TodaySummary as Summary } from './today-list';

const chips: { key: keyof Summary; labelKey: string; color?: string }[] = [
  { key: 'expected', labelKey: 'visits:today.summary.expected' },
  {
    key: 'waiting',
    labelKey: 'visits:today.summary.waiting',
    color: 'var(--mantine-color-orange-light-color)',
  },
  {
    key: 'inRoom',
    labelKey: 'visits:today.summary.inRoom',
    color: 'var(--mantine-color-grape-light-color)',
  },
  {
    key: 'completed',
    labelKey: 'visits:today.summary.completed',
    color: 'var(--mantine-color-green-light-color)',
  },
  {
    key: 'noShow',
    labelKey: 'visits:today.summary.noShow',
    color: 'var(--mantine-color-red-light-color)',
  },
  { key: 'cancelled', labelKey: 'visits:today.summary.cancelled' },
];

/** The day in numbers: how many are still expected, waiting, in a room, done or missed. */
export function TodaySummary(props: { summary: Summary }) {
  const { t } = useTranslation();
  return (
    <Group component="ul" aria-label={t('visits:today.summary.label')} gap="xs" p={0} m={0}>
      {chips.map((chip) => (
        <Paper
          component="li"
          key={chip.key}
          withBorder
          radius="md"
          px="sm"
          py={6}
          style={{ listStyle: 'none' }}
        >
          <Group gap={6} wrap="nowrap" align="baseline">
            <Text fw={700} size="lg" c={props.summary[chip.key] > 0 ? chip.color : undefined}>
              {props.summary[chip.key]}
            </Text>
            <Text size="sm">{t(chip.labelKey)}</Text>
          </Group>
        </Paper>
      ))}
    </Group>
  );
}

import { Box, SimpleGrid, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { minutesToTime, previewWindow, timeToMinutes, type WeekRows } from './week-hours';
import { weekdayNames } from './weekdays';

const heightPx = 140;

/**
 * The week at a glance: seven columns with the working ranges drawn as blocks. The drawing
 * is decoration; each column's ranges are also written out as text under it.
 */
export function WeekPreview(props: { rows: WeekRows }) {
  const { t } = useTranslation('scheduleSetup');
  const { startMinute, endMinute } = previewWindow(props.rows);
  const span = endMinute - startMinute;
  const short = weekdayNames('short');
  const long = weekdayNames('long');

  return (
    <Stack gap={4}>
      <Text size="sm" fw={500} id="week-preview-title">
        {t('templates.preview', { from: minutesToTime(startMinute), to: minutesToTime(endMinute) })}
      </Text>
      <SimpleGrid cols={7} spacing={6} role="list" aria-labelledby="week-preview-title">
        {props.rows.map((ranges, day) => {
          const valid = ranges.flatMap((r) => {
            const s = timeToMinutes(r.start);
            const e = timeToMinutes(r.end);
            return s !== null && e !== null && e > s ? [{ s, e }] : [];
          });
          return (
            <Stack key={day} gap={2} role="listitem" aria-label={long[day]}>
              <Text size="xs" fw={600} ta="center" aria-hidden>
                {short[day]}
              </Text>
              <Box
                aria-hidden
                pos="relative"
                h={heightPx}
                bg="var(--mantine-color-gray-1)"
                style={{ borderRadius: 4 }}
              >
                {valid.map(({ s, e }) => (
                  <Box
                    key={`${s}-${e}`}
                    pos="absolute"
                    left={2}
                    right={2}
                    top={`${((s - startMinute) / span) * 100}%`}
                    h={`${((e - s) / span) * 100}%`}
                    bg="var(--mantine-color-meridian-6, var(--mantine-color-blue-6))"
                    style={{ borderRadius: 3 }}
                  />
                ))}
              </Box>
              <Text size="xs" ta="center">
                {valid.length === 0
                  ? t('templates.off')
                  : valid.map(({ s, e }) => `${minutesToTime(s)}–${minutesToTime(e)}`).join(', ')}
              </Text>
            </Stack>
          );
        })}
      </SimpleGrid>
    </Stack>
  );
}

import { SimpleGrid, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { LinkView } from '@meridian/contracts';

/** "Thursday, 15 January 2026" in the facility's zone. */
function formatDay(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeZone }).format(new Date(iso));
}

/** "9:30 – 9:50 AM EST" in the facility's zone. */
function formatHours(startsAt: string, endsAt: string, timeZone: string): string {
  return new Intl.DateTimeFormat(undefined, {
    hour: 'numeric',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).formatRange(new Date(startsAt), new Date(endsAt));
}

/**
 * When, with whom, where and what: read in the facility's time zone (the patient goes
 * there), whatever zone the phone is set to.
 */
export function LinkDetails(props: { view: LinkView }) {
  const { t } = useTranslation('links');
  const { view } = props;
  const rows = [
    { label: t('details.with'), value: view.practitionerName },
    { label: t('details.where'), value: view.facilityName },
    { label: t('details.type'), value: view.appointmentTypeName },
  ];
  return (
    <Stack gap="sm" component="section" aria-label={t('details.label')}>
      <div>
        <Text size="sm" c="dimmed">
          {t('details.when')}
        </Text>
        <Text fz="xl" fw={700}>
          {formatDay(view.startsAt, view.timeZone)}
        </Text>
        <Text fz="lg">{formatHours(view.startsAt, view.endsAt, view.timeZone)}</Text>
        <Text size="sm" c="dimmed">
          {t('details.timeZone', { place: view.facilityName, timeZone: view.timeZone })}
        </Text>
      </div>
      <SimpleGrid component="dl" cols={{ base: 1, xs: 3 }} spacing="sm" m={0}>
        {rows.map((row) => (
          <div key={row.label}>
            <Text component="dt" size="sm" c="dimmed">
              {row.label}
            </Text>
            <Text component="dd" m={0} fw={600}>
              {row.value}
            </Text>
          </div>
        ))}
      </SimpleGrid>
    </Stack>
  );
}

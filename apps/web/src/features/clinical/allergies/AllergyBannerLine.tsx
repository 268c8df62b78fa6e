import { Badge, Group, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { AllergySummary } from '@meridian/contracts';
import { useCan } from '../../../app/auth/useMe';
import { useAllergySummary } from './allergies.api';

/**
 * The banner's allergy line. Never silent: "not recorded" (nobody asked) is shown as
 * clearly as "no known allergies", and a failed load says so.
 */
export function AllergyBannerLine(props: { patientId: string }) {
  const can = useCan();
  const canRead = can('clinical.read');
  const summary = useAllergySummary(props.patientId, canRead);
  if (!canRead) return null;
  return (
    <AllergyBannerView
      summary={summary.data}
      isPending={summary.isPending}
      isError={summary.isError}
    />
  );
}

/** The line itself, from the summary (separate so its states are tested without a server). */
export function AllergyBannerView(props: {
  summary: AllergySummary | undefined;
  isPending: boolean;
  isError: boolean;
}) {
  const { t } = useTranslation();
  const label = (
    <Text span size="sm" fw={700}>
      {t('allergies:banner.label')}
    </Text>
  );
  let body;
  if (props.isError) {
    body = (
      <Badge color="orange" variant="outline" data-state="error">
        {t('allergies:banner.loadFailed')}
      </Badge>
    );
  } else if (props.isPending || !props.summary) {
    body = (
      <Text span size="sm" c="dimmed">
        {t('allergies:banner.loading')}
      </Text>
    );
  } else if (props.summary.state === 'not_recorded') {
    body = (
      <Badge color="yellow.9" c="dark.8" variant="outline" data-state="not_recorded">
        {t('allergies:banner.notRecorded')}
      </Badge>
    );
  } else if (props.summary.state === 'no_known_allergies') {
    body = (
      <Badge color="green.9" variant="light" data-state="no_known_allergies">
        {t('allergies:banner.nka')}
      </Badge>
    );
  } else {
    body = (
      <Group
        gap={4}
        wrap="wrap"
        component="ul"
        style={{ listStyle: 'none', margin: 0, padding: 0 }}
      >
        {props.summary.items.map((a) => {
          const isHigh = a.criticality === 'high';
          return (
            <li key={a.id}>
              <Badge
                color="red.9"
                variant={isHigh ? 'filled' : 'outline'}
                leftSection={isHigh ? <IconAlertTriangle size={12} aria-hidden /> : null}
                data-criticality={a.criticality}
              >
                {a.display}
                {isHigh ? ` · ${t('allergies:banner.high')}` : ''}
                {a.type === 'intolerance' ? ` · ${t('allergies:banner.intolerance')}` : ''}
                {a.verificationStatus === 'unconfirmed'
                  ? ` (${t('allergies:banner.unconfirmed')})`
                  : ''}
              </Badge>
            </li>
          );
        })}
      </Group>
    );
  }
  return (
    <Group gap={6} wrap="wrap" align="center" aria-live="polite" data-testid="allergy-banner">
      {label}
      {body}
    </Group>
  );
}

import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { IconAlertOctagon } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../../app/auth/useMe';
import { formatDateTime } from '../../../ui/format';
import { FormAlert } from '../../../ui/FormAlert';
import { FlagBadge } from './lab-display';
import { useAcknowledgeCritical, useCriticalAlerts } from './labs.api';

/** Unacknowledged critical results of the patient, on top of the tab, each to acknowledge. */
export function CriticalResultsPanel(props: { patientId: string }) {
  const { t } = useTranslation('labs');
  const can = useCan();
  const alerts = useCriticalAlerts({ patientId: props.patientId });
  const acknowledge = useAcknowledgeCritical();
  const items = alerts.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Alert
      color="red"
      variant="filled"
      icon={<IconAlertOctagon size={22} aria-hidden />}
      title={t('critical.title', { count: items.length })}
      role="alert"
    >
      <Stack gap="xs">
        <FormAlert error={acknowledge.error} />
        {items.map((a) => (
          <Group key={a.id} justify="space-between" wrap="wrap" gap="xs">
            <Group gap="xs">
              <Text fw={700}>
                {a.shortName} {a.valueNumeric ?? ''} {a.unit ?? ''}
              </Text>
              <FlagBadge flag={a.flag} />
              <Text size="sm">
                {t('critical.raised', { at: formatDateTime(a.raisedAt), order: a.orderNumber })}
                {a.escalatedAt
                  ? ` · ${t('critical.escalated')}`
                  : a.isOverdue
                    ? ` · ${t('critical.overdue')}`
                    : ''}
              </Text>
            </Group>
            {can('clinical.write') ? (
              <Button
                size="xs"
                color="dark"
                variant="white"
                loading={acknowledge.isPending && acknowledge.variables === a.id}
                onClick={() => acknowledge.mutate(a.id)}
                aria-label={t('critical.acknowledgeOne', { test: a.shortName })}
              >
                {t('critical.acknowledge')}
              </Button>
            ) : null}
          </Group>
        ))}
      </Stack>
    </Alert>
  );
}

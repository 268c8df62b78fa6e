import { Alert, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { News2Point } from '@meridian/contracts';
import { formatDateTime } from '../../../ui/format';

/** The latest set's NEWS2 alert (aggregate 5+ or a red score) with the RCP response. */
export function News2AlertBanner(props: { news2: News2Point | null }) {
  const { t } = useTranslation('vitals');
  const n = props.news2;
  if (!n?.isAlert) return null;
  const band = n.band ?? 'low_medium';
  return (
    <Alert
      color={band === 'high' || band === 'medium' ? 'red' : 'orange'}
      variant="filled"
      icon={<IconAlertTriangle aria-hidden />}
      title={
        n.total === null ? t('news2.alertTitleRed') : t('news2.alertTitle', { total: n.total })
      }
      role="alert"
    >
      <Text size="sm" fw={600}>
        {t(`news2.band.${band}`)}
      </Text>
      <Text size="sm">{t(`news2.response.${band}`)}</Text>
      <Text size="xs">{t('news2.alertTaken', { when: formatDateTime(n.at) })}</Text>
    </Alert>
  );
}

import { Badge } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { News2Band } from '@meridian/contracts';
import { news2BandLook } from './news2-look';

export interface News2Glance {
  total: number | null;
  band: News2Band | null;
  isAlert: boolean;
}

/**
 * NEWS2 at a glance: the aggregate coloured by band, with a warning icon and "alert" when
 * the alert rule holds (aggregate 5+ or a red score); "red score" for an incomplete set.
 */
export function News2Badge(props: { news2: News2Glance; size?: 'xs' | 'sm' | 'md' }) {
  const { t } = useTranslation('vitals');
  const { total, band, isAlert } = props.news2;
  const look = band ? news2BandLook[band] : isAlert ? news2BandLook.high : null;
  const label =
    total === null
      ? t(isAlert ? 'news2.badgeRedScore' : 'news2.badgeIncomplete')
      : t(isAlert ? 'news2.badgeAlert' : 'news2.badge', { total });
  return (
    <Badge
      size={props.size ?? 'sm'}
      color={look?.color ?? 'gray'}
      variant={look?.variant ?? 'outline'}
      leftSection={isAlert ? <IconAlertTriangle size={12} aria-hidden /> : null}
      title={band ? t(`news2.band.${band}`) : undefined}
    >
      {label}
    </Badge>
  );
}

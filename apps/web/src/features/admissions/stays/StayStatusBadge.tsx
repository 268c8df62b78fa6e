import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { StayStatus } from '@meridian/contracts';

const statusColors: Record<StayStatus, string> = {
  pre_admitted: 'blue',
  admitted: 'teal',
  on_leave: 'yellow',
  discharged: 'gray',
  cancelled: 'red',
};

export function StayStatusBadge(props: { status: StayStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={statusColors[props.status]} variant="light">
      {t(`admissions:status.${props.status}`)}
    </Badge>
  );
}

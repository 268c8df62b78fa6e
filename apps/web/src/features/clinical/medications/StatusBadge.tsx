import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

const colors: Record<string, string> = {
  draft: 'gray',
  active: 'green',
  stopped: 'orange',
  completed: 'blue',
  entered_in_error: 'red',
};

/** A prescription's or home medication's status, in words and colour. */
export function StatusBadge(props: { status: string }) {
  const { t } = useTranslation();
  return (
    <Badge color={colors[props.status] ?? 'gray'} variant="light">
      {t(`medications:status.${props.status}`)}
    </Badge>
  );
}

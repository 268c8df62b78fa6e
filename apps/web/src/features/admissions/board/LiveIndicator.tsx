import { Group, Text } from '@mantine/core';
import { IconPlugConnectedX, IconWifi } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { LiveStatus } from '../live';

/** "Live" or "Reconnecting…", announced politely when it changes. */
export function LiveIndicator(props: { status: LiveStatus }) {
  const { t } = useTranslation();
  const isLive = props.status === 'live';
  const Icon = isLive ? IconWifi : IconPlugConnectedX;
  return (
    <Group gap={4} wrap="nowrap" role="status" aria-live="polite">
      <Icon
        size={16}
        aria-hidden
        color={`var(--mantine-color-${isLive ? 'green-8' : 'orange-8'})`}
      />
      <Text
        size="sm"
        fw={600}
        c={`var(--mantine-color-${isLive ? 'green' : 'orange'}-light-color)`}
      >
        {t(`beds:live.${props.status}`)}
      </Text>
    </Group>
  );
}

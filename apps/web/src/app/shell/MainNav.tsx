import { useId } from 'react';
import { Box, NavLink, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import type { Permission } from '@meridian/contracts';
import { visibleNavGroups, type NavGroup, type NavItem } from '../navigation';

function covers(item: NavItem, pathname: string): boolean {
  if (item.path === '/') return pathname === '/';
  return pathname === item.path || pathname.startsWith(`${item.path}/`);
}

/**
 * The item whose page this is: the longest path that covers the address, so /schedule/today
 * is Today's, not also the Calendar's (/schedule).
 */
function currentItemId(groups: readonly NavGroup[], pathname: string): string | null {
  let best: NavItem | null = null;
  for (const item of groups.flatMap((g) => g.items)) {
    if (covers(item, pathname) && (!best || item.path.length > best.path.length)) best = item;
  }
  return best?.id ?? null;
}

/** The navbar's links: only what the user's permissions open, grouped. */
export function MainNav(props: { permissions: readonly Permission[]; onNavigate?: () => void }) {
  const groups = visibleNavGroups(props.permissions);
  const currentId = currentItemId(groups, useLocation().pathname);
  return (
    <Stack gap="lg">
      {groups.map((group) => (
        <NavGroupLinks
          key={group.id}
          group={group}
          currentId={currentId}
          onNavigate={props.onNavigate}
        />
      ))}
    </Stack>
  );
}

function NavGroupLinks(props: {
  group: NavGroup;
  currentId: string | null;
  onNavigate?: (() => void) | undefined;
}) {
  const { t } = useTranslation();
  const labelId = useId();
  const { group } = props;
  const links = group.items.map((item) => {
    const active = item.id === props.currentId;
    const Icon = item.icon;
    return (
      <NavLink
        key={item.id}
        component={Link}
        to={item.path}
        label={t(item.labelKey)}
        leftSection={<Icon size={20} stroke={1.6} aria-hidden />}
        active={active}
        aria-current={active ? 'page' : undefined}
        onClick={props.onNavigate}
        variant="light"
        fw={500}
        style={{ borderRadius: 'var(--mantine-radius-md)' }}
      />
    );
  });
  if (!group.labelKey) return <Box>{links}</Box>;
  return (
    <Box role="group" aria-labelledby={labelId}>
      <Text id={labelId} size="xs" fw={700} tt="uppercase" c="dimmed" px="sm" mb={6}>
        {t(group.labelKey)}
      </Text>
      {links}
    </Box>
  );
}

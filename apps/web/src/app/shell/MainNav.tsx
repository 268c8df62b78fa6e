import { useId } from 'react';
import { Box, NavLink, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import type { Permission } from '@meridian/contracts';
import { visibleNavGroups, type NavGroup, type NavItem } from '../navigation';

function isActive(item: NavItem, pathname: string): boolean {
  if (item.path === '/') return pathname === '/';
  return pathname === item.path || pathname.startsWith(`${item.path}/`);
}

/** The navbar's links: only what the user's permissions open, grouped. */
export function MainNav(props: { permissions: readonly Permission[]; onNavigate?: () => void }) {
  const groups = visibleNavGroups(props.permissions);
  return (
    <Stack gap="lg">
      {groups.map((group) => (
        <NavGroupLinks key={group.id} group={group} onNavigate={props.onNavigate} />
      ))}
    </Stack>
  );
}

function NavGroupLinks(props: { group: NavGroup; onNavigate?: (() => void) | undefined }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const labelId = useId();
  const { group } = props;
  const links = group.items.map((item) => {
    const active = isActive(item, pathname);
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

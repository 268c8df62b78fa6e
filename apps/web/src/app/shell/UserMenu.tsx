import {
  Avatar,
  Box,
  Group,
  Menu,
  Text,
  UnstyledButton,
  useComputedColorScheme,
  useMantineColorScheme,
} from '@mantine/core';
import {
  IconChevronDown,
  IconLogout,
  IconMoon,
  IconSun,
  IconUserCircle,
} from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Me } from '@meridian/contracts';
import { useAuth } from '../auth/AuthContext';
import classes from './shell.module.css';

/** The signed-in user: name and roles, their account, the colour scheme, and sign out. */
export function UserMenu(props: { me: Me }) {
  const { t } = useTranslation();
  const { signOut } = useAuth();
  const { setColorScheme } = useMantineColorScheme();
  const scheme = useComputedColorScheme('light');
  const { user, roles } = props.me;
  const roleNames = roles.map((r) => t(`common:roles.${r}`)).join(', ');

  return (
    // Rendered inside the header rather than in a portal at the end of <body>: there its
    // items sat outside every landmark (axe: region).
    <Menu position="bottom-end" width={260} shadow="md" withinPortal={false}>
      {/* The name and roles sit beside the button, not in it: the button's name must be
          exactly "User menu", and a name differing from its visible text fails WCAG 2.5.3. */}
      <Group gap="xs" wrap="nowrap">
        <Box visibleFrom="sm" maw={200} ta="right">
          <Text size="sm" fw={600} truncate="end">
            {user.displayName}
          </Text>
          <Text size="xs" c="dimmed" truncate="end">
            {roleNames}
          </Text>
        </Box>
        <Menu.Target>
          <UnstyledButton aria-label={t('shell:userMenu.label')} className={classes.userButton}>
            <Group gap={4} wrap="nowrap">
              {/* No initials: text in the button would again differ from its name. */}
              <Avatar color="meridian" radius="xl" size={34} aria-hidden />
              <IconChevronDown size={16} aria-hidden />
            </Group>
          </UnstyledButton>
        </Menu.Target>
      </Group>
      <Menu.Dropdown>
        <Box px="sm" py="xs">
          <Text size="sm" fw={600}>
            {user.displayName}
          </Text>
          <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            {user.email}
          </Text>
          <Text size="xs" c="dimmed" mt={4}>
            {roleNames}
          </Text>
        </Box>
        <Menu.Divider />
        <Menu.Item
          component={Link}
          to="/account"
          leftSection={<IconUserCircle size={18} aria-hidden />}
        >
          {t('shell:userMenu.account')}
        </Menu.Item>
        <Menu.Item
          leftSection={
            scheme === 'dark' ? (
              <IconSun size={18} aria-hidden />
            ) : (
              <IconMoon size={18} aria-hidden />
            )
          }
          onClick={() => setColorScheme(scheme === 'dark' ? 'light' : 'dark')}
        >
          {scheme === 'dark' ? t('shell:userMenu.lightTheme') : t('shell:userMenu.darkTheme')}
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item
          leftSection={<IconLogout size={18} aria-hidden />}
          onClick={() => void signOut()}
        >
          {t('shell:userMenu.signOut')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

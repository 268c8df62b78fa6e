import { Suspense, useEffect, useRef } from 'react';
import { AppShell, Burger, Group, Text, ThemeIcon, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconHeartbeat } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useMatches } from 'react-router';
import { LoadingState } from '../../ui/QueryState';
import { useSignedInMe } from '../auth/useMe';
import { FacilitySwitcher } from './FacilitySwitcher';
import { MainNav } from './MainNav';
import { SessionExpiryWatcher } from './SessionExpiry';
import { UserMenu } from './UserMenu';
import { usePageTitle } from './usePageTitle';
import classes from './shell.module.css';

/** What a route may declare in its `handle`: the page title for the browser tab. */
export interface RouteHandle {
  titleKey?: string;
}

function useRouteTitle(): string | undefined {
  const { t } = useTranslation();
  const matches = useMatches();
  const key = [...matches]
    .reverse()
    .map((m) => (m.handle as RouteHandle | undefined)?.titleKey)
    .find(Boolean);
  return key ? t(key) : undefined;
}

/** The staff workspace frame: header, role-aware navbar, main content, session expiry. */
export function AppLayout() {
  const { t } = useTranslation();
  const me = useSignedInMe();
  const [navOpened, nav] = useDisclosure(false);
  const { pathname } = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);
  usePageTitle(useRouteTitle());

  // After navigation, move focus to the new page (as a full page load would) and close
  // the navbar drawer on tablets.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    nav.close();
    // A page that placed focus itself (a search box) keeps it.
    if (!mainRef.current?.contains(document.activeElement)) {
      mainRef.current?.focus({ preventScroll: true });
    }
    window.scrollTo({ top: 0 });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only on a new path
  }, [pathname]);

  return (
    <>
      <a href="#main-content" className={classes.skipLink}>
        {t('shell:skipToContent')}
      </a>
      <AppShell
        header={{ height: 60 }}
        navbar={{ width: 248, breakpoint: 'md', collapsed: { mobile: !navOpened } }}
        padding={{ base: 'md', md: 'lg' }}
      >
        <AppShell.Header>
          <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="sm">
            <Group gap="sm" wrap="nowrap">
              <Burger
                opened={navOpened}
                onClick={nav.toggle}
                hiddenFrom="md"
                size="sm"
                aria-label={navOpened ? t('shell:nav.close') : t('shell:nav.open')}
                aria-expanded={navOpened}
                aria-controls="main-navigation"
              />
              <UnstyledButton
                component={Link}
                to="/"
                aria-label={t('shell:homeLink')}
                className={classes.brand}
              >
                <Group gap={8} wrap="nowrap">
                  <ThemeIcon size={32} radius="md" aria-hidden>
                    <IconHeartbeat size={20} />
                  </ThemeIcon>
                  <Text fw={700} size="lg" visibleFrom="xs" aria-hidden>
                    {t('common:appName')}
                  </Text>
                </Group>
              </UnstyledButton>
            </Group>
            <Group gap="sm" wrap="nowrap">
              <FacilitySwitcher me={me} />
              <UserMenu me={me} />
            </Group>
          </Group>
        </AppShell.Header>
        <AppShell.Navbar id="main-navigation" aria-label={t('shell:nav.label')} p="sm">
          <MainNav permissions={me.permissions} onNavigate={nav.close} />
        </AppShell.Navbar>
        <AppShell.Main id="main-content" tabIndex={-1} ref={mainRef} className={classes.main}>
          <Suspense fallback={<LoadingState />}>
            <Outlet />
          </Suspense>
        </AppShell.Main>
      </AppShell>
      <SessionExpiryWatcher />
    </>
  );
}

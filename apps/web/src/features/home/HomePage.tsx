import {
  Alert,
  Anchor,
  Badge,
  Card,
  Group,
  SimpleGrid,
  Stack,
  Text,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { IconArrowRight, IconShieldLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate } from 'react-router';
import { navItems, visibleNavGroups, type NavItem } from '../../app/navigation';
import { useSignedInMe } from '../../app/auth/useMe';
import { formatDate } from '../../ui/format';
import classes from './home.module.css';

function greetingKey(timeZone: string | undefined): string {
  const hour = Number(
    new Intl.DateTimeFormat('en-GB', {
      hour: 'numeric',
      hourCycle: 'h23',
      ...(timeZone ? { timeZone } : {}),
    }).format(new Date()),
  );
  if (hour < 5) return 'shell:home.greeting.evening';
  if (hour < 12) return 'shell:home.greeting.morning';
  if (hour < 18) return 'shell:home.greeting.afternoon';
  return 'shell:home.greeting.evening';
}

function AreaCard(props: { item: NavItem }) {
  const { t } = useTranslation();
  const Icon = props.item.icon;
  return (
    <Card component={Link} to={props.item.path} className={classes.card}>
      <Group wrap="nowrap" align="flex-start" gap="md">
        <ThemeIcon size={44} radius="md" variant="light" aria-hidden>
          <Icon size={24} stroke={1.6} />
        </ThemeIcon>
        <Stack gap={4} style={{ flex: 1 }}>
          <Group gap={6} wrap="nowrap" justify="space-between">
            <Text fw={600} c="var(--mantine-color-anchor)">
              {t(props.item.labelKey)}
            </Text>
            <IconArrowRight size={18} aria-hidden />
          </Group>
          <Text size="sm" c="dimmed">
            {t(props.item.descriptionKey)}
          </Text>
        </Stack>
      </Group>
    </Card>
  );
}

/** Home: who and where you are, and the areas your roles open. */
export function HomePage() {
  const { t } = useTranslation();
  const me = useSignedInMe();
  const facility = me.facilities.find((f) => f.id === me.currentFacilityId);
  // The front desk's work starts with finding a patient: their home is the search.
  const isFrontDesk = me.roles.includes('front_desk') && me.permissions.includes('patient.read');
  const groups = visibleNavGroups(me.permissions)
    .map((g) => ({ ...g, items: g.items.filter((i) => i.id !== navItems.home.id) }))
    .filter((g) => g.items.length > 0);

  if (isFrontDesk) return <Navigate to={navItems.patients.path} replace />;
  return (
    <Stack gap="xl" maw={1100}>
      <Stack gap={6}>
        <Title order={1} size="h2">
          {t(greetingKey(facility?.timeZone), { name: me.user.displayName })}
        </Title>
        <Group gap="xs" wrap="wrap">
          <Text c="dimmed">
            {facility
              ? t('shell:home.facilityToday', {
                  facility: facility.name,
                  date: formatDate(new Date().toISOString(), facility.timeZone),
                })
              : t('shell:home.noFacility')}
          </Text>
          {me.roles.map((r) => (
            <Badge key={r} variant="light">
              {t(`common:roles.${r}`)}
            </Badge>
          ))}
        </Group>
      </Stack>

      {me.user.mfaEnrolled ? null : (
        <Alert
          variant="light"
          icon={<IconShieldLock size={20} aria-hidden />}
          title={t('shell:home.mfaTitle')}
        >
          <Text size="sm">
            {t('shell:home.mfaBody')}{' '}
            <Anchor component={Link} to={navItems.account.path} size="sm" fw={600}>
              {t('shell:home.mfaAction')}
            </Anchor>
          </Text>
        </Alert>
      )}

      {groups.map((group) => (
        <Stack key={group.id} gap="sm" component="section" aria-labelledby={`home-${group.id}`}>
          <Title order={2} size="h4" id={`home-${group.id}`}>
            {group.labelKey ? t(group.labelKey) : t('shell:home.yourWork')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
            {group.items.map((item) => (
              <AreaCard key={item.id} item={item} />
            ))}
          </SimpleGrid>
        </Stack>
      ))}

      <Stack gap="sm" component="section" aria-labelledby="home-you">
        <Title order={2} size="h4" id="home-you">
          {t('shell:home.yourAccount')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
          <AreaCard item={navItems.account} />
        </SimpleGrid>
      </Stack>

      <Text size="sm" c="dimmed">
        {t('shell:home.comingLater')}
      </Text>
    </Stack>
  );
}

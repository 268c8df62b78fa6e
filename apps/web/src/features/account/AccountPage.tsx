import type { ReactNode } from 'react';
import { Badge, Box, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import type { Me } from '@meridian/contracts';
import { useRefreshMe, useSignedInMe } from '../../app/auth/useMe';
import { PageHeader } from '../../ui/PageHeader';
import { formatDateTime } from '../../ui/format';
import { PasswordChangeForm } from '../auth/PasswordChangeForm';
import { TwoFactorSection } from './TwoFactorSection';

function Detail(props: { term: string; children: ReactNode }) {
  return (
    <Box>
      <Text component="dt" size="xs" fw={700} c="dimmed" tt="uppercase">
        {props.term}
      </Text>
      <Text component="dd" m={0} mt={2}>
        {props.children}
      </Text>
    </Box>
  );
}

function ProfileCard(props: { me: Me }) {
  const { t } = useTranslation();
  const { me } = props;
  const facility = me.facilities.find((f) => f.id === me.currentFacilityId);
  return (
    <Card>
      <Stack gap="md">
        <Title order={2} size="h3">
          {t('account:profile.title')}
        </Title>
        <SimpleGrid component="dl" cols={{ base: 1, sm: 2 }} spacing="md" m={0}>
          <Detail term={t('account:profile.name')}>{me.user.displayName}</Detail>
          <Detail term={t('account:profile.email')}>{me.user.email}</Detail>
          <Detail term={t('account:profile.roles')}>
            <Group gap={6} component="span">
              {me.roles.map((r) => (
                <Badge key={r} variant="light" component="span">
                  {t(`common:roles.${r}`)}
                </Badge>
              ))}
            </Group>
          </Detail>
          <Detail term={t('account:profile.facilities')}>
            {me.facilities.length > 0
              ? me.facilities.map((f) => f.name).join(', ')
              : t('account:profile.noFacilities')}
          </Detail>
          <Detail term={t('account:profile.session')}>
            {t('account:profile.sessionEnds', {
              time: formatDateTime(me.session.absoluteExpiresAt, facility?.timeZone),
            })}
          </Detail>
        </SimpleGrid>
        <Text size="sm" c="dimmed">
          {t('account:profile.changeHint')}
        </Text>
      </Stack>
    </Card>
  );
}

/** /account: who you are, your password, and two-factor authentication. */
export function AccountPage() {
  const { t } = useTranslation();
  const me = useSignedInMe();
  const refreshMe = useRefreshMe();
  return (
    <Stack gap="lg" maw={880}>
      <PageHeader title={t('account:title')} description={t('account:description')} />
      <ProfileCard me={me} />
      <Card>
        <Stack gap="md">
          <Title order={2} size="h3">
            {t('account:password.title')}
          </Title>
          <Box maw={420}>
            <PasswordChangeForm
              onChanged={async (body) => {
                notifications.show({ message: t('account:password.changed') });
                await refreshMe(body);
              }}
            />
          </Box>
        </Stack>
      </Card>
      <TwoFactorSection me={me} />
    </Stack>
  );
}

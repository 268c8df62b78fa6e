import { useState, type ReactNode } from 'react';
import {
  Alert,
  Anchor,
  Box,
  Center,
  Group,
  Loader,
  Paper,
  Stack,
  Text,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { IconHeartbeat, IconInfoCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useSearchParams } from 'react-router';
import { useAuth } from '../../app/auth/AuthContext';
import { safeNext, type SignInLocationState } from '../../app/auth/redirect';
import { useMe, useRefreshMe } from '../../app/auth/useMe';
import { ErrorState } from '../../app/shell/StatusPages';
import { usePageTitle } from '../../app/shell/usePageTitle';
import { CredentialsStep } from './CredentialsStep';
import { MfaChallengeStep } from './MfaChallengeStep';
import { MfaEnrolment } from './MfaEnrolment';
import { PasswordChangeForm } from './PasswordChangeForm';
import { RecoveryCodes } from './RecoveryCodes';

/** The card every sign-in step sits in: brand, one h1, the step. */
function SignInFrame(props: {
  title: string;
  description?: string;
  wide?: boolean;
  children: ReactNode;
  footer?: ReactNode;
}) {
  const { t } = useTranslation();
  usePageTitle(props.title);
  return (
    <Center component="main" mih="100vh" p="md" bg="var(--mantine-color-default-hover)">
      <Box w="100%" maw={props.wide ? 600 : 420}>
        <Group gap={8} justify="center" mb="lg">
          <ThemeIcon size={40} radius="md" aria-hidden>
            <IconHeartbeat size={24} />
          </ThemeIcon>
          <Text fw={700} fz={24} aria-hidden>
            {t('common:appName')}
          </Text>
        </Group>
        <Paper withBorder shadow="sm" p={{ base: 'lg', sm: 'xl' }}>
          <Stack gap="lg">
            <Stack gap={6}>
              <Title order={1} size="h2">
                {props.title}
              </Title>
              {props.description ? (
                <Text size="sm" c="dimmed">
                  {props.description}
                </Text>
              ) : null}
            </Stack>
            {props.children}
          </Stack>
        </Paper>
        {props.footer ? (
          <Group justify="center" mt="md">
            {props.footer}
          </Group>
        ) : null}
        <Text size="xs" c="dimmed" ta="center" mt="lg">
          {t('auth:signIn.notice')}
        </Text>
      </Box>
    </Center>
  );
}

function ReasonAlert(props: { reason: SignInLocationState['reason'] }) {
  const { t } = useTranslation();
  if (props.reason !== 'auth.session_expired' && props.reason !== 'signed_out') return null;
  return (
    <Alert variant="light" icon={<IconInfoCircle size={20} aria-hidden />} role="status">
      <Text size="sm">
        {props.reason === 'signed_out' ? t('auth:signIn.signedOut') : t('auth:signIn.expired')}
      </Text>
    </Alert>
  );
}

/**
 * /sign-in: email and password, then whatever the session still needs (TOTP code, TOTP
 * enrolment, a new password), then back to the page the user came from.
 */
export function SignInPage() {
  const { t } = useTranslation();
  const { me, isPending, error, refetch } = useMe();
  const { signOut } = useAuth();
  const refreshMe = useRefreshMe();
  const location = useLocation();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const reason = (location.state as SignInLocationState | null)?.reason;
  // Held here, not derived from `me`: once enrolment is confirmed the session may already be
  // active, and the codes must stay on screen until the user says they are saved.
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);

  const switchUser = (
    <Anchor component="button" type="button" size="sm" onClick={() => void signOut()}>
      {t('auth:signIn.switchUser')}
    </Anchor>
  );

  if (recoveryCodes && me) {
    return (
      <SignInFrame title={t('auth:recovery.title')} wide>
        <RecoveryCodes
          codes={recoveryCodes}
          email={me.user.email}
          onDone={() => {
            void refreshMe().then(() => setRecoveryCodes(null));
          }}
        />
      </SignInFrame>
    );
  }
  if (isPending) {
    return (
      <Center component="main" mih="100vh" role="status">
        <Loader size="sm" aria-label={t('common:loading')} />
      </Center>
    );
  }
  if (error && !me) return <ErrorState error={error} onRetry={() => void refetch()} fullPage />;
  if (!me) {
    return (
      <SignInFrame title={t('auth:signIn.title')}>
        <ReasonAlert reason={reason} />
        <CredentialsStep />
      </SignInFrame>
    );
  }
  switch (me.session.state) {
    case 'active':
      return <Navigate to={next} replace />;
    case 'mfa_pending':
      return (
        <SignInFrame title={t('auth:mfa.title')} footer={switchUser}>
          <MfaChallengeStep />
        </SignInFrame>
      );
    case 'mfa_enrolment_required':
      return (
        <SignInFrame
          title={t('auth:enrol.title')}
          description={t('auth:enrol.requiredIntro')}
          wide
          footer={switchUser}
        >
          <MfaEnrolment onEnrolled={setRecoveryCodes} />
        </SignInFrame>
      );
    case 'password_change_required':
      return (
        <SignInFrame
          title={t('auth:password.requiredTitle')}
          description={t('auth:password.requiredIntro')}
          footer={switchUser}
        >
          <PasswordChangeForm onChanged={(body) => refreshMe(body)} />
        </SignInFrame>
      );
  }
}

import type { ReactNode } from 'react';
import { Alert, Button, Center, Code, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconHome, IconLock, IconRefresh } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, isRouteErrorResponse, useRouteError } from 'react-router';
import { describeError } from '../../ui/errors';
import { usePageTitle } from './usePageTitle';

export function FullPageLoader() {
  const { t } = useTranslation();
  return (
    <Center h="100vh" role="status" aria-live="polite">
      <Group gap="sm">
        <Loader size="sm" aria-hidden />
        <Text c="dimmed">{t('common:loading')}</Text>
      </Group>
    </Center>
  );
}

/** A page-sized message: icon, one h1, text and actions. */
function StatusLayout(props: {
  icon: ReactNode;
  title: string;
  children?: ReactNode;
  actions?: ReactNode;
  fullPage?: boolean;
}) {
  const body = (
    <Stack align="center" gap="md" maw={560} mx="auto" py="xl" ta="center">
      {props.icon}
      <Title order={1} size="h2">
        {props.title}
      </Title>
      {props.children}
      {props.actions ? (
        <Group justify="center" gap="sm">
          {props.actions}
        </Group>
      ) : null}
    </Stack>
  );
  return props.fullPage ? (
    <Center component="main" mih="100vh" p="md">
      {body}
    </Center>
  ) : (
    body
  );
}

function HomeButton() {
  const { t } = useTranslation();
  return (
    <Button component={Link} to="/" leftSection={<IconHome size={18} aria-hidden />}>
      {t('shell:backHome')}
    </Button>
  );
}

export function ForbiddenPage() {
  const { t } = useTranslation();
  return (
    <StatusLayout
      icon={<IconLock size={48} stroke={1.5} aria-hidden />}
      title={t('shell:forbidden.title')}
      actions={<HomeButton />}
    >
      <Text c="dimmed">{t('shell:forbidden.body')}</Text>
    </StatusLayout>
  );
}

export function NotFoundPage() {
  const { t } = useTranslation();
  usePageTitle(t('shell:notFound.title'));
  return (
    <StatusLayout
      icon={
        <Text fz={48} fw={700} c="dimmed" aria-hidden>
          404
        </Text>
      }
      title={t('shell:notFound.title')}
      actions={<HomeButton />}
    >
      <Text c="dimmed">{t('shell:notFound.body')}</Text>
    </StatusLayout>
  );
}

/** A failed load with a way to try again, for gates that have nothing else to show. */
export function ErrorState(props: { error: unknown; onRetry: () => void; fullPage?: boolean }) {
  const { t } = useTranslation();
  const { message, requestId } = describeError(props.error);
  return (
    <StatusLayout
      fullPage={props.fullPage}
      icon={<IconAlertTriangle size={48} stroke={1.5} aria-hidden />}
      title={t('shell:error.title')}
      actions={
        <Button onClick={props.onRetry} leftSection={<IconRefresh size={18} aria-hidden />}>
          {t('common:retry')}
        </Button>
      }
    >
      <Text role="alert">{message}</Text>
      {requestId ? <RequestId requestId={requestId} /> : null}
    </StatusLayout>
  );
}

function RequestId(props: { requestId: string }) {
  const { t } = useTranslation();
  return (
    <Text size="sm" c="dimmed">
      {t('shell:error.requestIdLabel')} <Code>{props.requestId}</Code>
    </Text>
  );
}

function isChunkLoadError(error: unknown): boolean {
  return (
    error instanceof Error &&
    /dynamically imported module|Importing a module script failed|Loading chunk/i.test(
      error.message,
    )
  );
}

/**
 * The router's error element: a friendly message, the request id when the server gave one,
 * and a reload. `fullPage` when it replaces the whole app rather than one page in the shell.
 */
export function RouteErrorPage(props: { fullPage?: boolean }) {
  const { t } = useTranslation();
  const error = useRouteError();
  usePageTitle(t('shell:error.title'));
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage />;
  const updated = isChunkLoadError(error);
  const { message, requestId } = updated
    ? { message: t('shell:error.updated'), requestId: undefined }
    : describeError(error);
  return (
    <StatusLayout
      fullPage={props.fullPage}
      icon={<IconAlertTriangle size={48} stroke={1.5} aria-hidden />}
      title={t('shell:error.title')}
      actions={
        <>
          <Button
            onClick={() => window.location.reload()}
            leftSection={<IconRefresh size={18} aria-hidden />}
          >
            {t('shell:error.reload')}
          </Button>
          <Button variant="default" component="a" href="/">
            {t('shell:backHome')}
          </Button>
        </>
      }
    >
      <Text>{message}</Text>
      {requestId ? <RequestId requestId={requestId} /> : null}
      {updated ? null : (
        <Alert variant="light" color="gray" w="100%" ta="left">
          <Text size="sm">{t('shell:error.help')}</Text>
        </Alert>
      )}
    </StatusLayout>
  );
}

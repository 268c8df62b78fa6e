import type { ReactNode } from 'react';
import { Alert, Button, Center, Loader, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { describeError } from './errors';

export interface QueryLike<T> {
  data: T | undefined;
  error: unknown;
  isPending: boolean;
  refetch: () => unknown;
}

/** The query with its data passed through `f` (flattened pages, a filter), states kept. */
export function mapQuery<T, U>(query: QueryLike<T>, f: (data: T) => U): QueryLike<U> {
  return {
    data: query.data === undefined ? undefined : f(query.data),
    error: query.error,
    isPending: query.isPending,
    refetch: query.refetch,
  };
}

/** "Loading…" with a spinner, announced politely. */
export function LoadingState() {
  const { t } = useTranslation();
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Loader size="sm" aria-hidden />
      <Text ml="sm" size="sm" c="dimmed">
        {t('common:loading')}
      </Text>
    </Center>
  );
}

/**
 * Loading, error and empty states for one query, so every list has all three. Renders
 * `children(data)` once data is there and not empty.
 */
export function QueryState<T>(props: {
  query: QueryLike<T>;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  const { t } = useTranslation();
  const { query } = props;
  if (query.isPending) return <LoadingState />;
  if (query.error || query.data === undefined) {
    const { message, requestId } = describeError(query.error);
    return (
      <Alert color="red" title={t('common:errors.loadFailed')} role="alert">
        <Stack gap="xs" align="flex-start">
          <Text size="sm">{message}</Text>
          {requestId ? (
            <Text size="xs" c="dimmed">
              {t('common:errors.requestId', { requestId })}
            </Text>
          ) : null}
          <Button size="xs" variant="light" onClick={() => void query.refetch()}>
            {t('common:retry')}
          </Button>
        </Stack>
      </Alert>
    );
  }
  if (props.isEmpty?.(query.data)) {
    return (
      <Center py="xl">
        <Text c="dimmed">{props.empty ?? t('common:empty')}</Text>
      </Center>
    );
  }
  return <>{props.children(query.data)}</>;
}

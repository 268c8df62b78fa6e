import { Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** The footer of a cursor-paginated list: how many rows are shown and "Load more". */
export function LoadMore(props: {
  shown: number;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
}) {
  const { t } = useTranslation();
  return (
    <Group justify="space-between" mt="sm">
      <Text size="sm" c="dimmed" aria-live="polite">
        {props.hasNextPage
          ? t('admin:common.shownMore', { count: props.shown })
          : t('admin:common.shownAll', { count: props.shown })}
      </Text>
      {props.hasNextPage ? (
        <Button
          variant="default"
          loading={props.isFetchingNextPage}
          onClick={() => void props.fetchNextPage()}
        >
          {t('common:loadMore')}
        </Button>
      ) : null}
    </Group>
  );
}

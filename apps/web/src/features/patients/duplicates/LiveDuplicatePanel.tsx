import { useId } from 'react';
import { Alert, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { IconCopy } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../../ui/errors';
import { DuplicateCandidates } from './DuplicateCandidates';
import type { LiveMatch } from './useLiveMatch';

/** Possible duplicates of the patient being typed, refreshed as the form fills. */
export function LiveDuplicatePanel(props: { live: LiveMatch }) {
  const { t } = useTranslation();
  const headingId = useId();
  const { input, match, candidates } = props.live;

  let status: string;
  if (!input) status = t('patients:match.needMore');
  else if (match.isError) status = t('patients:match.failed');
  else if (match.isPending) status = t('patients:match.checking');
  else if (candidates.length === 0) status = t('patients:match.none');
  else status = t('patients:match.found', { count: candidates.length });

  return (
    <Paper withBorder p="md" radius="md" component="aside" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Group gap="xs" wrap="nowrap">
          <IconCopy size={18} aria-hidden />
          <Title order={2} size="h4" id={headingId}>
            {t('patients:match.title')}
          </Title>
          {input && match.isFetching ? <Loader size="xs" aria-hidden /> : null}
        </Group>
        <Text size="sm" c="dimmed" role="status" aria-live="polite">
          {status}
        </Text>
        {match.isError && input ? (
          <Alert color="orange" variant="light">
            <Text size="sm">{describeError(match.error).message}</Text>
          </Alert>
        ) : null}
        {candidates.length > 0 ? <DuplicateCandidates candidates={candidates} /> : null}
      </Stack>
    </Paper>
  );
}

import { Alert, Badge, List, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { compareRecords } from './comparison';
import type { MergePreview } from './merge.api';
import classes from './merge.module.css';

/** The two records side by side, what would move, and what blocks the merge. */
export function MergePreviewPanel(props: { preview: MergePreview }) {
  const { t } = useTranslation();
  const { preview } = props;
  const rows = compareRecords(t, preview.duplicate, preview.survivor);
  const moves = Object.entries(preview.moves).filter(([, n]) => n > 0);

  return (
    <Stack gap="md">
      {preview.conflicts.length > 0 ? (
        <Alert
          color="red"
          role="alert"
          icon={<IconAlertTriangle size={20} aria-hidden />}
          title={t('merge:conflicts.title', { count: preview.conflicts.length })}
        >
          <Stack gap="xs">
            <Text size="sm">{t('merge:conflicts.explain')}</Text>
            <List size="sm" spacing={4}>
              {preview.conflicts.map((c) => (
                <List.Item key={`${c.source}:${c.field}`}>
                  <Text span size="sm" fw={600}>
                    {t(`merge:modules.${c.source}`, { defaultValue: c.source })} · {c.field}
                  </Text>
                  {': '}
                  {c.message}
                </List.Item>
              ))}
            </List>
          </Stack>
        </Alert>
      ) : null}

      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="sm">
          {t('merge:compare.title')}
        </Title>
        <Table.ScrollContainer minWidth={560} type="native">
          <Table verticalSpacing="xs" aria-label={t('merge:compare.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('merge:compare.field')}</Table.Th>
                <Table.Th scope="col">{t('merge:compare.duplicate')}</Table.Th>
                <Table.Th scope="col">{t('merge:compare.survivor')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.key} className={r.differs ? classes.differs : undefined}>
                  <Table.Th scope="row" fw={500}>
                    <Stack gap={2} align="flex-start">
                      {r.label}
                      {r.differs ? (
                        <Badge color="dark" variant="outline" size="xs">
                          {t('merge:compare.differs')}
                        </Badge>
                      ) : null}
                    </Stack>
                  </Table.Th>
                  <Table.Td>{r.duplicate}</Table.Td>
                  <Table.Td>{r.survivor}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>

      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="xs">
          {t('merge:moves.title')}
        </Title>
        {moves.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('merge:moves.none')}
          </Text>
        ) : (
          <List size="sm" spacing={4}>
            {moves.map(([module, count]) => (
              <List.Item key={module}>
                {t('merge:moves.line', {
                  module: t(`merge:modules.${module}`, { defaultValue: module }),
                  count,
                })}
              </List.Item>
            ))}
          </List>
        )}
        <Text size="sm" c="dimmed" mt="xs">
          {t('merge:moves.alias', { mrn: preview.duplicate.mrn })}
        </Text>
      </Paper>
    </Stack>
  );
}

import type { ReactNode } from 'react';
import { Anchor, Group, Paper, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { QueryState, type QueryLike } from '../../../ui/QueryState';

/** At most this many rows per panel; the full tab has the rest. */
export const panelLimit = 5;

/**
 * One panel of the chart summary: a heading, a "View all" link to the full tab, and its own
 * query's loading, error (with retry) and empty states, so no panel waits on another.
 */
export function SummaryPanel<T>(props: {
  id: string;
  title: string;
  to: string;
  query: QueryLike<T>;
  isEmpty: (data: T) => boolean;
  empty: string;
  children: (data: T) => ReactNode;
}) {
  const { t } = useTranslation('chart');
  const headingId = `chart-summary-${props.id}`;
  return (
    <Paper
      withBorder
      p="md"
      radius="md"
      component="section"
      aria-labelledby={headingId}
      data-testid={headingId}
    >
      <Group justify="space-between" align="baseline" mb="xs" wrap="nowrap">
        <Title order={3} size="h5" id={headingId}>
          {props.title}
        </Title>
        <Anchor
          component={Link}
          to={props.to}
          size="sm"
          style={{ whiteSpace: 'nowrap', flexShrink: 0 }}
          aria-label={t('summary.viewAllOf', { what: props.title })}
        >
          {t('summary.viewAll')}
        </Anchor>
      </Group>
      <QueryState query={props.query} isEmpty={props.isEmpty} empty={props.empty}>
        {props.children}
      </QueryState>
    </Paper>
  );
}

/**
 * A SummaryPanel over a list: empty when the list is, its first `panelLimit` rows, then
 * "+ N more".
 */
export function SummaryListPanel<T>(props: {
  id: string;
  title: string;
  to: string;
  query: QueryLike<T[]>;
  empty: string;
  rowKey: (row: T) => string;
  children: (row: T) => ReactNode;
}) {
  const { rowKey, children, ...panel } = props;
  return (
    <SummaryPanel {...panel} isEmpty={(rows) => rows.length === 0}>
      {(rows) => (
        <PanelRows rows={rows} rowKey={rowKey}>
          {children}
        </PanelRows>
      )}
    </SummaryPanel>
  );
}

/** The first `panelLimit` rows as a compact list (no bullets), then "+ N more". */
export function PanelRows<T>(props: {
  rows: readonly T[];
  rowKey: (row: T) => string;
  children: (row: T) => ReactNode;
}) {
  const { t } = useTranslation('chart');
  const more = props.rows.length - panelLimit;
  return (
    <>
      <ul style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 6 }}>
        {props.rows.slice(0, panelLimit).map((row) => (
          <li key={props.rowKey(row)}>{props.children(row)}</li>
        ))}
      </ul>
      {more > 0 ? (
        <Text size="xs" c="dimmed" mt={6}>
          {t('summary.more', { count: more })}
        </Text>
      ) : null}
    </>
  );
}

/** A row's name, a dimmed line under it, and a badge or two on the right. */
export function PanelRow(props: { title: ReactNode; detail?: ReactNode; aside?: ReactNode }) {
  return (
    <Group gap={6} wrap="nowrap" justify="space-between" align="flex-start">
      <div>
        <Text size="sm" fw={600}>
          {props.title}
        </Text>
        {props.detail ? (
          <Text size="xs" c="dimmed">
            {props.detail}
          </Text>
        ) : null}
      </div>
      {props.aside ? <div style={{ flexShrink: 0 }}>{props.aside}</div> : null}
    </Group>
  );
}

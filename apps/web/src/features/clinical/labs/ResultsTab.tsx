import { useMemo, useState } from 'react';
import { Button, Group, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { IconTestPipe } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { LabOrder, LabResult } from '@meridian/contracts';
import { useCan, useSignedInMe } from '../../../app/auth/useMe';
import { formatDateTime } from '../../../ui/format';
import { mapQuery, QueryState } from '../../../ui/QueryState';
import { flattenPages } from '../../admin/paging';
import { usePatientContext } from '../../patients/record/PatientPage';
import { CriticalResultsPanel } from './CriticalResultsPanel';
import { CumulativeResults } from './CumulativeResults';
import { FlagBadge, formatLabValue, formatRange, OrderStatusBadge } from './lab-display';
import { useLabCatalogue, usePatientLabOrders, useResultHistory } from './labs.api';
import { OrderLabDialog } from './OrderLabDialog';
import { AmendDialog } from './ResultEntryDialog';

/** /patients/:id/results: critical results to acknowledge, orders with results, cumulative view. */
export function ResultsTab() {
  const { t } = useTranslation('labs');
  const { patient } = usePatientContext();
  const me = useSignedInMe();
  const can = useCan();
  const orders = usePatientLabOrders(patient.id);
  const orderList = mapQuery(orders, flattenPages);
  const [isOrdering, setIsOrdering] = useState(false);
  const [amending, setAmending] = useState<LabResult | null>(null);
  const [historyOf, setHistoryOf] = useState<LabResult | null>(null);
  const catalogue = useLabCatalogue('');
  const definitions = useMemo(
    () =>
      new Map((catalogue.data?.items ?? []).flatMap((i) => i.components).map((c) => [c.code, c])),
    [catalogue.data],
  );
  const facts = { sexAtBirth: patient.sexAtBirth ?? null, birthDate: patient.birthDate ?? null };
  // New orders are for the living; the server refuses them too (not_deceased).
  const canOrder =
    can('order.write') &&
    me.currentFacilityId !== null &&
    patient.status !== 'merged' &&
    !patient.deceased;

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Title order={2} size="h3" id="lab-orders">
          {t('tab.title')}
        </Title>
        {canOrder ? (
          <Button
            leftSection={<IconTestPipe size={16} aria-hidden />}
            onClick={() => setIsOrdering(true)}
          >
            {t('tab.order')}
          </Button>
        ) : null}
      </Group>
      <CriticalResultsPanel patientId={patient.id} />
      <QueryState query={orderList} isEmpty={(all) => all.length === 0} empty={t('tab.empty')}>
        {(all) => (
          <Stack gap="sm">
            {all.map((order) => (
              <OrderCard
                key={order.id}
                order={order}
                decimalsOf={(code) => definitions.get(code)?.decimals ?? null}
                canAmend={can('result.write')}
                onAmend={setAmending}
                onHistory={setHistoryOf}
              />
            ))}
            {orders.hasNextPage ? (
              <Group>
                <Button
                  variant="default"
                  loading={orders.isFetchingNextPage}
                  onClick={() => void orders.fetchNextPage()}
                >
                  {t('common:loadMore')}
                </Button>
              </Group>
            ) : null}
          </Stack>
        )}
      </QueryState>
      <CumulativeResults patientId={patient.id} patient={facts} />
      {me.currentFacilityId ? (
        <OrderLabDialog
          patientId={patient.id}
          facilityId={me.currentFacilityId}
          opened={isOrdering}
          onClose={() => setIsOrdering(false)}
        />
      ) : null}
      <AmendDialog
        result={amending}
        test={amending ? (definitions.get(amending.testCode) ?? null) : null}
        patient={facts}
        onClose={() => setAmending(null)}
      />
      <HistoryDialog result={historyOf} onClose={() => setHistoryOf(null)} />
    </Stack>
  );
}

function OrderCard(props: {
  order: LabOrder;
  decimalsOf: (code: string) => number | null;
  canAmend: boolean;
  onAmend: (r: LabResult) => void;
  onHistory: (r: LabResult) => void;
}) {
  const { t } = useTranslation('labs');
  const { order } = props;
  const headingId = `lab-order-${order.id}`;
  const hasHistory = (r: LabResult) => r.revision > 1;
  const canAmend = (r: LabResult) => props.canAmend && r.status !== 'preliminary';
  // The actions column only when a row has one: final results read without an empty column.
  const withActions = order.results.some((r) => hasHistory(r) || canAmend(r));
  return (
    <Stack
      gap={4}
      p="sm"
      style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8 }}
    >
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Group gap="xs">
          <Text fw={700} id={headingId}>
            {order.orderNumber} · {order.tests.map((x) => x.shortName).join(', ')}
          </Text>
          <OrderStatusBadge status={order.status} reportStatus={order.reportStatus} />
          {order.priority !== 'routine' ? (
            <Text size="sm" c="red.8" fw={700}>
              {t(`priority.${order.priority}`)}
            </Text>
          ) : null}
        </Group>
        <Text size="sm" c="dimmed">
          {/* An imported order names no orderer: say when, not "by —". */}
          {order.orderedByName
            ? t('tab.orderedBy', {
                at: formatDateTime(order.orderedAt),
                who: order.orderedByName,
              })
            : t('tab.orderedAt', { at: formatDateTime(order.orderedAt) })}
        </Text>
      </Group>
      {order.cancelReason ? (
        <Text size="sm">{t('tab.cancelled', { reason: order.cancelReason })}</Text>
      ) : null}
      {order.results.length > 0 ? (
        <Table.ScrollContainer minWidth={520}>
          <Table aria-labelledby={headingId} verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('entry.test')}</Table.Th>
                <Table.Th scope="col">{t('entry.value')}</Table.Th>
                <Table.Th scope="col">{t('entry.flag')}</Table.Th>
                <Table.Th scope="col">{t('entry.range')}</Table.Th>
                <Table.Th scope="col">{t('tab.resultStatus')}</Table.Th>
                {withActions ? <Table.Th scope="col">{t('tab.actions')}</Table.Th> : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {order.results.map((r) => (
                <Table.Tr
                  key={r.id}
                  bg={r.critical && !r.critical.acknowledgedAt ? 'red.0' : undefined}
                >
                  <Table.Td>{r.shortName}</Table.Td>
                  <Table.Td fw={r.flag ? 700 : 400}>
                    {formatLabValue(r, props.decimalsOf(r.testCode))} {r.unit ?? ''}
                  </Table.Td>
                  <Table.Td>
                    <FlagBadge flag={r.flag} />
                  </Table.Td>
                  <Table.Td>{formatRange(r.rangeLow, r.rangeHigh)}</Table.Td>
                  <Table.Td>
                    {t(`reportStatus.${r.status}`)}
                    {r.critical?.acknowledgedAt
                      ? ` · ${t('critical.acknowledgedBy', { who: r.critical.acknowledgedByName ?? '—' })}`
                      : ''}
                  </Table.Td>
                  {withActions ? (
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        {hasHistory(r) ? (
                          <Button
                            size="compact-xs"
                            variant="subtle"
                            onClick={() => props.onHistory(r)}
                          >
                            {t('tab.history')}
                          </Button>
                        ) : null}
                        {canAmend(r) ? (
                          <Button
                            size="compact-xs"
                            variant="light"
                            color="orange"
                            onClick={() => props.onAmend(r)}
                          >
                            {t('amend.open')}
                          </Button>
                        ) : null}
                      </Group>
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
    </Stack>
  );
}

function HistoryDialog(props: { result: LabResult | null; onClose: () => void }) {
  const { t } = useTranslation('labs');
  const history = useResultHistory(props.result?.id ?? null);
  return (
    <Modal
      opened={props.result !== null}
      onClose={props.onClose}
      title={props.result ? t('history.title', { test: props.result.shortName }) : ''}
      size="lg"
    >
      <QueryState query={history}>
        {(h) => (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('history.when')}</Table.Th>
                <Table.Th scope="col">{t('tab.resultStatus')}</Table.Th>
                <Table.Th scope="col">{t('entry.value')}</Table.Th>
                <Table.Th scope="col">{t('history.by')}</Table.Th>
                <Table.Th scope="col">{t('amend.reason')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {h.items.map((i) => (
                <Table.Tr key={i.revision}>
                  <Table.Td>{formatDateTime(i.recordedAt)}</Table.Td>
                  <Table.Td>{t(`reportStatus.${i.status}`)}</Table.Td>
                  <Table.Td>
                    {formatLabValue(i)} {i.unit ?? ''} <FlagBadge flag={i.flag} />
                  </Table.Td>
                  <Table.Td>{i.recordedByName ?? '—'}</Table.Td>
                  <Table.Td>{i.reason ?? ''}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </QueryState>
    </Modal>
  );
}

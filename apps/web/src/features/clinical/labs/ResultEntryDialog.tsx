import { useMemo, useState } from 'react';
import { Button, Group, Modal, Radio, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { LabOrder, LabResult, LabTestDefinition, LabValueInput } from '@meridian/contracts';
import { FormAlert } from '../../../ui/FormAlert';
import { FlagBadge, formatRange, liveFlag, type PatientFacts } from './lab-display';
import { useAmendResult, useEnterResults, useLabCatalogue } from './labs.api';

interface Entry {
  value: string;
  unit: string;
}

/** The components an order calls for, from the catalogue, in order. */
function useComponents(order: Pick<LabOrder, 'tests'>): LabTestDefinition[] {
  const catalogue = useLabCatalogue('');
  return useMemo(() => {
    const items = catalogue.data?.items ?? [];
    const seen = new Set<string>();
    return order.tests
      .flatMap((t) => items.find((i) => i.code === t.code)?.components ?? [])
      .filter((c) => (seen.has(c.code) ? false : (seen.add(c.code), true)));
  }, [catalogue.data, order.tests]);
}

function toValue(test: LabTestDefinition, e: Entry): LabValueInput | null {
  if (test.valueType === 'coded') return e.value ? { kind: 'coded', code: e.value } : null;
  const n = Number(e.value);
  return e.value.trim() === '' || !Number.isFinite(n)
    ? null
    : { kind: 'numeric', value: n, unit: e.unit };
}

/** One component's input row: value, unit, the live flag and the reference range. */
function EntryRow(props: {
  test: LabTestDefinition;
  entry: Entry;
  onChange: (e: Entry) => void;
  patient: PatientFacts;
  at: Date;
}) {
  const { t } = useTranslation('labs');
  const { test, entry } = props;
  const flag = liveFlag(test, entry, props.patient, props.at);
  const units = [test.unit ?? '', ...test.conversions.map((c) => c.unit)];
  return (
    <Table.Tr>
      <Table.Td>
        <Text size="sm" fw={600}>
          {test.shortName}
        </Text>
        <Text size="xs" c="dimmed">
          {test.code}
        </Text>
      </Table.Td>
      <Table.Td>
        {test.valueType === 'coded' ? (
          <Select
            aria-label={t('entry.valueOf', { test: test.shortName })}
            data={test.answers ?? []}
            value={entry.value || null}
            onChange={(v) => props.onChange({ ...entry, value: v ?? '' })}
            clearable
          />
        ) : (
          <Group gap="xs" wrap="nowrap">
            <TextInput
              aria-label={t('entry.valueOf', { test: test.shortName })}
              inputMode="decimal"
              value={entry.value}
              onChange={(e) => props.onChange({ ...entry, value: e.currentTarget.value })}
              w={100}
              error={flag === 'unit' ? t('entry.unitMismatch') : undefined}
            />
            <Select
              aria-label={t('entry.unitOf', { test: test.shortName })}
              data={units}
              value={entry.unit}
              onChange={(v) => props.onChange({ ...entry, unit: v ?? test.unit ?? '' })}
              allowDeselect={false}
              w={120}
            />
          </Group>
        )}
      </Table.Td>
      <Table.Td>{flag && flag !== 'unit' ? <FlagBadge flag={flag} /> : null}</Table.Td>
      <Table.Td>
        <Text size="xs" c="dimmed">
          {test.valueType === 'numeric'
            ? `${formatRange(
                test.ranges.find((r) => r.sex === 'any' && r.ageToYears === null)?.low ?? null,
                test.ranges.find((r) => r.sex === 'any' && r.ageToYears === null)?.high ?? null,
              )} ${test.unit ?? ''}`
            : (test.normalAnswers ?? []).join(', ')}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}

/** The lab's result entry for a collected order: every component, flags computed as typed. */
export function ResultEntryDialog(props: {
  order: LabOrder | null;
  patient: PatientFacts;
  onClose: () => void;
}) {
  const { t } = useTranslation('labs');
  const order = props.order;
  return (
    <Modal
      opened={order !== null}
      onClose={props.onClose}
      title={order ? t('entry.title', { number: order.orderNumber }) : ''}
      size="xl"
    >
      {order ? <EntryForm order={order} patient={props.patient} onDone={props.onClose} /> : null}
    </Modal>
  );
}

function EntryForm(props: { order: LabOrder; patient: PatientFacts; onDone: () => void }) {
  const { t } = useTranslation('labs');
  const components = useComponents(props.order);
  const enter = useEnterResults();
  const existing = new Map(props.order.results.map((r) => [r.testCode, r]));
  const [entries, setEntries] = useState<Record<string, Entry>>({});
  const [status, setStatus] = useState<'preliminary' | 'final'>('final');
  const at = new Date(props.order.collectedAt ?? props.order.orderedAt);
  const entryOf = (test: LabTestDefinition): Entry => {
    const prior = existing.get(test.code);
    return (
      entries[test.code] ?? {
        value: prior ? String(prior.valueNumeric ?? prior.valueCode ?? '') : '',
        unit: test.unit ?? '',
      }
    );
  };
  const submit = () => {
    const results = components.flatMap((test) => {
      const value = toValue(test, entryOf(test));
      return value ? [{ testCode: test.code, value }] : [];
    });
    enter.mutate({ order: props.order, body: { status, results } }, { onSuccess: props.onDone });
  };
  return (
    <Stack>
      <FormAlert error={enter.error} />
      <Table.ScrollContainer minWidth={560}>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('entry.test')}</Table.Th>
              <Table.Th scope="col">{t('entry.value')}</Table.Th>
              <Table.Th scope="col">{t('entry.flag')}</Table.Th>
              <Table.Th scope="col">{t('entry.range')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {components.map((test) => (
              <EntryRow
                key={test.code}
                test={test}
                entry={entryOf(test)}
                onChange={(e) => setEntries((all) => ({ ...all, [test.code]: e }))}
                patient={props.patient}
                at={at}
              />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Radio.Group label={t('entry.report')} value={status} onChange={(v) => setStatus(v)}>
        <Group mt="xs">
          <Radio value="preliminary" label={t('reportStatus.preliminary')} />
          <Radio value="final" label={t('reportStatus.final')} />
        </Group>
      </Radio.Group>
      <Group justify="flex-end">
        <Button variant="default" onClick={props.onDone}>
          {t('common:cancel')}
        </Button>
        <Button onClick={submit} loading={enter.isPending}>
          {t('entry.submit')}
        </Button>
      </Group>
    </Stack>
  );
}

/** Amending a final result: the new value (flag live), and why. */
export function AmendDialog(props: {
  result: LabResult | null;
  test: LabTestDefinition | null;
  patient: PatientFacts;
  onClose: () => void;
}) {
  const { t } = useTranslation('labs');
  const amend = useAmendResult();
  const [entry, setEntry] = useState<Entry>({ value: '', unit: props.test?.unit ?? '' });
  const [reason, setReason] = useState('');
  const { result, test } = props;
  const close = () => {
    setEntry({ value: '', unit: '' });
    setReason('');
    amend.reset();
    props.onClose();
  };
  const value = test ? toValue(test, { ...entry, unit: entry.unit || (test.unit ?? '') }) : null;
  return (
    <Modal
      opened={result !== null}
      onClose={close}
      title={result ? t('amend.title', { test: result.shortName }) : ''}
    >
      {result && test ? (
        <Stack>
          <FormAlert error={amend.error} />
          <Text size="sm">
            {t('amend.current', {
              value: result.valueNumeric ?? result.valueCode,
              unit: result.unit ?? '',
            })}
          </Text>
          <Table>
            <Table.Tbody>
              <EntryRow
                test={test}
                entry={{ ...entry, unit: entry.unit || (test.unit ?? '') }}
                onChange={setEntry}
                patient={props.patient}
                at={new Date(result.observedAt)}
              />
            </Table.Tbody>
          </Table>
          <TextInput
            label={t('amend.reason')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            required
            maxLength={500}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common:cancel')}
            </Button>
            <Button
              color="orange"
              loading={amend.isPending}
              disabled={!value || reason.trim() === ''}
              onClick={() =>
                value &&
                amend.mutate(
                  { result, body: { value, reason: reason.trim() } },
                  { onSuccess: close },
                )
              }
            >
              {t('amend.submit')}
            </Button>
          </Group>
        </Stack>
      ) : null}
    </Modal>
  );
}

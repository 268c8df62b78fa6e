import { useEffect, useMemo, useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import {
  doseUnitsFor,
  frequencyCodes,
  medicationRoutes,
  prescriptionInstructions,
  type AlertSeverity,
  type CheckResult,
  type DoseUnit,
  type DrugHit,
  type FrequencyCode,
  type MedicationAlert,
  type MedicationRoute,
  type Prescription,
} from '@meridian/contracts';
import { api, ApiError } from '../../../app/api';
import { FormAlert } from '../../../ui/FormAlert';
import { applyServerErrors } from '../../../ui/forms';
import { notifyDone } from '../../coverage/notify';
import { DrugPicker } from './DrugPicker';
import { useDraftSteps } from './medications.api';

/** What the dialog starts from: a new order, a revision of a signed one, or a saved draft. */
export type PrescribeStart =
  | { kind: 'new' }
  | { kind: 'modify' | 'renew'; from: Prescription }
  | { kind: 'draft'; draft: Prescription };

interface Values {
  doseValue: number | string;
  doseUnit: DoseUnit;
  route: MedicationRoute;
  frequency: FrequencyCode;
  isPrn: boolean;
  prnReason: string;
  prnMaxDosesPerDay: number | string;
  durationDays: number | string;
  quantity: number | string;
  refills: number | string;
  note: string;
}

const numberOr = (v: number | string) => (typeof v === 'number' ? v : undefined);

function initialValues(from: Prescription | null): Values {
  return {
    doseValue: from?.doseValue ?? '',
    doseUnit: (from?.doseUnit as DoseUnit | null) ?? 'tablet',
    route: (from?.route as MedicationRoute | null) ?? 'oral',
    frequency: (from?.frequency as FrequencyCode | null) ?? 'bid',
    isPrn: from?.isPrn ?? false,
    prnReason: from?.prnReason ?? '',
    prnMaxDosesPerDay: from?.prnMaxDosesPerDay ?? '',
    durationDays: from?.durationDays ?? '',
    quantity: from?.quantity ?? '',
    refills: from?.refills ?? 0,
    note: from?.note ?? '',
  };
}

/** The order body the server takes, from the form. */
export function orderBody(product: DrugHit | null, v: Values): Record<string, unknown> {
  return {
    productRxcui: product?.rxcui,
    doseValue: numberOr(v.doseValue),
    doseUnit: v.doseUnit,
    route: v.route,
    frequency: v.frequency,
    isPrn: v.isPrn,
    prnReason: v.isPrn && v.prnReason.trim() ? v.prnReason.trim() : undefined,
    prnMaxDosesPerDay: v.isPrn ? numberOr(v.prnMaxDosesPerDay) : undefined,
    durationDays: numberOr(v.durationDays),
    quantity: numberOr(v.quantity),
    refills: numberOr(v.refills) ?? 0,
    note: v.note.trim() || undefined,
  };
}

const fields = [
  'doseValue',
  'doseUnit',
  'route',
  'frequency',
  'prnReason',
  'prnMaxDosesPerDay',
  'durationDays',
  'quantity',
  'refills',
  'note',
];

export const severityColor: Record<AlertSeverity, string> = {
  contraindicated: 'red',
  high: 'red',
  moderate: 'orange',
  low: 'yellow',
};

/** Whether Sign may be pressed: checked, and a reason (3+ characters) for every alert. */
export function canSign(alerts: readonly MedicationAlert[], reasons: Record<string, string>) {
  return alerts.every((a) => (reasons[a.key] ?? '').trim().length >= 3);
}

export function PrescribeDialog(props: {
  patientId: string;
  start: PrescribeStart | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const title =
    props.start?.kind === 'modify'
      ? t('medications:prescribe.modifyTitle')
      : props.start?.kind === 'renew'
        ? t('medications:prescribe.renewTitle')
        : t('medications:prescribe.title');
  return (
    <Modal
      opened={props.start !== null}
      onClose={props.onClose}
      size="xl"
      title={title}
      closeButtonProps={{ 'aria-label': t('common:close') }}
    >
      {props.start ? (
        <PrescribeForm patientId={props.patientId} start={props.start} onClose={props.onClose} />
      ) : null}
    </Modal>
  );
}

function PrescribeForm(props: { patientId: string; start: PrescribeStart; onClose: () => void }) {
  const { t } = useTranslation();
  const { start } = props;
  const from = start.kind === 'new' ? null : start.kind === 'draft' ? start.draft : start.from;
  const steps = useDraftSteps(props.patientId);
  const form = useForm<Values>({ initialValues: initialValues(from) });
  const [product, setProduct] = useState<DrugHit | null>(null);
  const [productError, setProductError] = useState<string | undefined>();
  const [draft, setDraft] = useState<Prescription | null>(
    start.kind === 'draft' ? start.draft : null,
  );
  const [check, setCheck] = useState<{ result: CheckResult; body: string } | null>(null);
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);

  // A revision or draft names its product: find it in the catalogue for units and strength.
  useEffect(() => {
    if (!from) return;
    const controller = new AbortController();
    void api<{ items: DrugHit[] }>('GET', '/api/v1/drugs', {
      query: { q: from.productDisplay.slice(0, 100), type: 'product', limit: 50 },
      signal: controller.signal,
    })
      .then((r) => setProduct(r.items.find((i) => i.rxcui === from.productRxcui) ?? null))
      .catch(() => undefined);
    return () => controller.abort();
  }, [from]);

  const v = form.values;
  const body = orderBody(product, v);
  const bodyKey = JSON.stringify(body);
  const isChecked = check !== null && check.body === bodyKey;
  const alerts = isChecked ? check.result.alerts : [];
  const units = doseUnitsFor(product?.formUnit ?? null);
  const single = product && product.ingredients.length === 1 ? product.ingredients[0] : null;
  const instructions = useMemo(() => {
    if (!product || typeof v.doseValue !== 'number' || v.doseValue <= 0) return null;
    return prescriptionInstructions({
      doseValue: v.doseValue,
      doseUnit: v.doseUnit,
      route: v.route,
      frequency: v.frequency,
      isPrn: v.isPrn,
      prnReason: v.isPrn ? v.prnReason.trim() || null : null,
      prnMaxDosesPerDay: v.isPrn ? (numberOr(v.prnMaxDosesPerDay) ?? null) : null,
      durationDays: numberOr(v.durationDays) ?? null,
      product: { formUnit: product.formUnit, mgPerUnit: single?.mgPerUnit ?? null },
    });
  }, [product, single, v]);

  const placeErrors = (error: unknown) => {
    if (error instanceof ApiError) {
      const byField = error.fieldErrors();
      if (byField.productRxcui) setProductError(byField.productRxcui);
      if (error.code === 'resource.version_mismatch') {
        setMessage(t('medications:prescribe.changedMeanwhile'));
        return;
      }
      if (error.code === 'medication.invalid_transition') {
        setMessage(t('medications:prescribe.cannotChange', { detail: error.message }));
        return;
      }
    }
    const rest = applyServerErrors(form, error, [...fields, 'productRxcui']);
    setMessage(rest);
  };

  const runCheck = async () => {
    setMessage(null);
    setProductError(undefined);
    if (!product) {
      setProductError(t('medications:prescribe.productRequired'));
      return;
    }
    try {
      const saved = await steps.save.mutateAsync({
        draft,
        revise:
          !draft && (start.kind === 'modify' || start.kind === 'renew')
            ? { id: start.from.id, kind: start.kind }
            : null,
        body,
      });
      setDraft(saved);
      const result = await steps.check.mutateAsync(saved.id);
      setCheck({ result, body: bodyKey });
    } catch (error) {
      placeErrors(error);
    }
  };

  const sign = async () => {
    if (!draft || !isChecked) return;
    setMessage(null);
    try {
      await steps.sign.mutateAsync({
        id: draft.id,
        overrides: alerts.map((a) => ({ key: a.key, reason: (reasons[a.key] ?? '').trim() })),
      });
      notifyDone(t('medications:prescribe.signed'));
      props.onClose();
    } catch (error) {
      if (error instanceof ApiError && error.code === 'medication.alerts_need_override') {
        const fresh = (error.problem.alerts ?? []) as MedicationAlert[];
        setCheck({
          result: { ...check?.result, alerts: fresh },
          body: bodyKey,
        });
        setMessage(t('medications:prescribe.newAlerts'));
        return;
      }
      placeErrors(error);
    }
  };

  const busy = steps.save.isPending || steps.check.isPending || steps.sign.isPending;
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void (isChecked ? sign() : runCheck());
      }}
    >
      <Stack gap="sm">
        <DrugPicker
          label={t('medications:prescribe.product')}
          value={product}
          initialText={from?.productDisplay}
          autoFocus
          error={productError}
          onChange={(hit) => {
            setProduct(hit);
            setProductError(undefined);
            if (hit?.formUnit && !doseUnitsFor(hit.formUnit).includes(v.doseUnit)) {
              form.setFieldValue('doseUnit', doseUnitsFor(hit.formUnit)[3] ?? 'mg');
            }
            if (hit?.route && (medicationRoutes as readonly string[]).includes(hit.route)) {
              form.setFieldValue('route', hit.route as MedicationRoute);
            }
          }}
        />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <NumberInput
            label={t('medications:prescribe.dose')}
            required
            min={0}
            decimalScale={3}
            {...form.getInputProps('doseValue')}
          />
          <Select
            label={t('medications:prescribe.unit')}
            required
            allowDeselect={false}
            data={units.map((u) => ({ value: u, label: t(`medications:unit.${u}`) }))}
            {...form.getInputProps('doseUnit')}
          />
          <Select
            label={t('medications:prescribe.route')}
            required
            allowDeselect={false}
            data={medicationRoutes.map((r) => ({ value: r, label: t(`medications:route.${r}`) }))}
            {...form.getInputProps('route')}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Select
            label={t('medications:prescribe.frequency')}
            required
            allowDeselect={false}
            data={frequencyCodes.map((f) => ({
              value: f,
              label: t(`medications:frequency.${f}`),
            }))}
            {...form.getInputProps('frequency')}
          />
          <NumberInput
            label={t('medications:prescribe.duration')}
            min={1}
            max={365}
            allowDecimal={false}
            {...form.getInputProps('durationDays')}
          />
          <NumberInput
            label={t('medications:prescribe.quantity')}
            min={0}
            {...form.getInputProps('quantity')}
          />
        </SimpleGrid>
        <Group align="flex-end" gap="md" wrap="wrap">
          <Checkbox
            label={t('medications:prescribe.prn')}
            {...form.getInputProps('isPrn', { type: 'checkbox' })}
          />
          <NumberInput
            label={t('medications:prescribe.refills')}
            min={0}
            max={11}
            allowDecimal={false}
            w={120}
            {...form.getInputProps('refills')}
          />
        </Group>
        {v.isPrn ? (
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label={t('medications:prescribe.prnReason')}
              {...form.getInputProps('prnReason')}
            />
            <NumberInput
              label={t('medications:prescribe.prnMax')}
              min={1}
              max={24}
              allowDecimal={false}
              {...form.getInputProps('prnMaxDosesPerDay')}
            />
          </SimpleGrid>
        ) : null}
        <Textarea
          label={t('medications:prescribe.note')}
          autosize
          minRows={1}
          {...form.getInputProps('note')}
        />
        <Paper withBorder p="sm" bg="var(--mantine-color-gray-0)">
          <Text size="xs" c="dimmed" fw={600}>
            {t('medications:prescribe.instructions')}
          </Text>
          <Text size="sm" aria-live="polite">
            {instructions ?? t('medications:prescribe.instructionsPending')}
          </Text>
        </Paper>
        {isChecked ? (
          <AlertPanel
            result={check.result}
            reasons={reasons}
            onReason={(key, reason) => setReasons((r) => ({ ...r, [key]: reason }))}
          />
        ) : check ? (
          <Text size="sm" c="orange.9" role="status">
            {t('medications:prescribe.recheck')}
          </Text>
        ) : null}
        <FormAlert error={null} message={message} />
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            {t('common:cancel')}
          </Button>
          <Button
            variant={isChecked ? 'default' : 'filled'}
            loading={steps.save.isPending || steps.check.isPending}
            disabled={busy}
            onClick={() => void runCheck()}
          >
            {t('medications:prescribe.check')}
          </Button>
          <Button
            type="submit"
            loading={steps.sign.isPending}
            disabled={!isChecked || !canSign(alerts, reasons) || busy}
          >
            {t('medications:prescribe.sign')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The decision-support answer: each alert with its severity, reason, source and override. */
export function AlertPanel(props: {
  result: CheckResult;
  reasons: Record<string, string>;
  onReason: (key: string, reason: string) => void;
}) {
  const { t } = useTranslation();
  const { alerts, checks } = props.result;
  const failed = Object.entries(checks)
    .filter(([, state]) => state === 'failed')
    .map(([name]) => t(`medications:checks.${name}`));
  return (
    <Stack gap="xs" aria-labelledby="rx-alerts-title">
      <Title order={3} size="h5" id="rx-alerts-title">
        {t('medications:alerts.title', { count: alerts.length })}
      </Title>
      {alerts.length === 0 ? (
        <Alert color="green" variant="light" role="status">
          {t('medications:alerts.none')}
        </Alert>
      ) : (
        <Text size="sm">{t('medications:alerts.overrideHint')}</Text>
      )}
      {failed.length > 0 ? (
        <Text size="sm" c="orange.9" fw={600}>
          {t('medications:alerts.failedChecks', { checks: failed.join(', ') })}
        </Text>
      ) : null}
      {alerts.map((a) => {
        const unavailable = a.kind === 'check_unavailable';
        const color = unavailable ? 'gray' : severityColor[a.severity];
        const reason = props.reasons[a.key] ?? '';
        return (
          <Alert
            key={a.key}
            color={color}
            variant={a.severity === 'contraindicated' ? 'outline' : 'light'}
            title={
              <Group gap="xs">
                <Badge color={color} variant="filled">
                  {unavailable
                    ? t('medications:alerts.unavailable')
                    : t(`medications:severity.${a.severity}`)}
                </Badge>
                <Text size="sm" fw={700} c="dark.9">
                  {t(`medications:kind.${a.kind}`)}
                </Text>
              </Group>
            }
          >
            <Stack gap={6}>
              <Text size="sm" c="dark.9">
                {a.reason}
              </Text>
              {a.management ? (
                <Text size="sm" c="dark.9">
                  <b>{t('medications:alerts.management')}</b> {a.management}
                </Text>
              ) : null}
              {a.factors.length > 0 ? (
                <Text size="xs" c="dark.7">
                  {t('medications:alerts.factors', { factors: a.factors.join('; ') })}
                </Text>
              ) : null}
              <Text size="xs" c="dark.7">
                {t('medications:alerts.source', { source: a.source })}
              </Text>
              <TextInput
                label={t('medications:alerts.overrideReason')}
                required
                value={reason}
                maxLength={500}
                error={
                  reason.length > 0 && reason.trim().length < 3
                    ? t('medications:alerts.reasonShort')
                    : undefined
                }
                onChange={(e) => props.onReason(a.key, e.currentTarget.value)}
              />
            </Stack>
          </Alert>
        );
      })}
    </Stack>
  );
}

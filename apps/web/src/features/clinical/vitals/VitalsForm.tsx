import { useState } from 'react';
import {
  Alert,
  Button,
  Group,
  List,
  Modal,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import {
  acceptedUnits,
  acvpuLevels,
  assessVitalSet,
  news2InputOf,
  oxygenDevices,
  recordVitalSetInput,
  scoreNews2,
  type Acvpu,
  type FieldError,
  type News2Result,
  type OxygenDevice,
  type RecordVitalSetInput,
} from '@meridian/contracts';
import { ApiError } from '../../../app/api';
import { News2Badge } from './News2Badge';
import { useRecordVitals } from './vitals.api';

type Num = number | string;

export interface VitalsFormValues {
  systolic: Num;
  diastolic: Num;
  heartRate: Num;
  respiratoryRate: Num;
  spo2: Num;
  onSupplementalOxygen: boolean;
  oxygenFlowLpm: Num;
  oxygenDevice: OxygenDevice | null;
  consciousness: Acvpu | null;
  temperature: Num;
  temperatureUnit: 'Cel' | '[degF]';
  weight: Num;
  weightUnit: 'kg' | '[lb_av]';
  height: Num;
  heightUnit: 'cm' | '[in_i]';
  pain: Num;
  takenAt: string;
}

const emptyValues: VitalsFormValues = {
  systolic: '',
  diastolic: '',
  heartRate: '',
  respiratoryRate: '',
  spo2: '',
  onSupplementalOxygen: false,
  oxygenFlowLpm: '',
  oxygenDevice: null,
  consciousness: null,
  temperature: '',
  temperatureUnit: 'Cel',
  weight: '',
  weightUnit: 'kg',
  height: '',
  heightUnit: 'cm',
  pain: '',
  takenAt: '',
};

const num = (v: Num): number | undefined =>
  v === '' || v === null || Number.isNaN(Number(v)) ? undefined : Number(v);
const measure = (v: Num, unit?: string) => {
  const value = num(v);
  return value === undefined ? undefined : unit ? { value, unit } : { value };
};

/** The request body of what is typed (blank fields left out). */
export function bodyOf(v: VitalsFormValues): RecordVitalSetInput {
  const body: Record<string, unknown> = {
    systolic: measure(v.systolic),
    diastolic: measure(v.diastolic),
    heartRate: measure(v.heartRate),
    respiratoryRate: measure(v.respiratoryRate),
    spo2: measure(v.spo2),
    temperature: measure(v.temperature, v.temperatureUnit),
    weight: measure(v.weight, v.weightUnit),
    height: measure(v.height, v.heightUnit),
    pain: measure(v.pain),
    consciousness: v.consciousness ?? undefined,
    onSupplementalOxygen: v.onSupplementalOxygen,
    oxygenFlowLpm: v.onSupplementalOxygen ? num(v.oxygenFlowLpm) : undefined,
    oxygenDevice: v.onSupplementalOxygen ? (v.oxygenDevice ?? undefined) : undefined,
    takenAt: v.takenAt ? new Date(v.takenAt).toISOString() : undefined,
  };
  return Object.fromEntries(Object.entries(body).filter(([, x]) => x !== undefined));
}

/** NEWS2 of what is typed so far, on the patient's scale (null when nothing parses). */
export function liveNews2(v: VitalsFormValues, spo2Scale: 1 | 2): News2Result | null {
  const parsed = recordVitalSetInput.safeParse(bodyOf(v));
  if (!parsed.success) return null;
  const { values } = assessVitalSet(parsed.data);
  return scoreNews2(
    news2InputOf(values, {
      onOxygen: parsed.data.onSupplementalOxygen,
      consciousness: parsed.data.consciousness,
      spo2Scale,
    }),
  );
}

/** The form field of a server error path: `heartRate.value` -> heartRate, `temperature.unit` -> temperatureUnit. */
export function fieldOfPath(path: string): keyof VitalsFormValues | null {
  const [head, tail] = path.split('.');
  if (!head || !(head in emptyValues)) return null;
  if (tail === 'unit' && `${head}Unit` in emptyValues)
    return `${head}Unit` as keyof VitalsFormValues;
  return head as keyof VitalsFormValues;
}

function LiveNews2(props: { result: News2Result | null; spo2Scale: 1 | 2 }) {
  const { t } = useTranslation('vitals');
  const r = props.result;
  return (
    <Paper withBorder p="xs" aria-live="polite" role="status" aria-label={t('news2.live')}>
      <Group gap="sm" wrap="wrap">
        <Text size="sm" fw={600}>
          {t('news2.live')}
        </Text>
        {r ? <News2Badge news2={r} /> : <Text size="sm">—</Text>}
        {r?.band ? <Text size="sm">{t(`news2.band.${r.band}`)}</Text> : null}
        <Text size="xs" c="dimmed">
          {t('news2.scale', { scale: props.spo2Scale })}
        </Text>
      </Group>
      {r && r.missing.length > 0 ? (
        <Text size="xs" c="dimmed" mt={4}>
          {t('news2.liveMissing', {
            params: r.missing.map((p) => t(`news2.parameter.${p}`)).join(', '),
          })}
        </Text>
      ) : null}
    </Paper>
  );
}

function ConfirmImplausible(props: {
  issues: FieldError[] | null;
  onConfirm: () => void;
  onCancel: () => void;
  isSaving: boolean;
}) {
  const { t } = useTranslation('vitals');
  const label = (path: string) => {
    const field = fieldOfPath(path);
    return field ? t(`form.${field}`) : path;
  };
  return (
    <Modal
      opened={props.issues !== null}
      onClose={props.onCancel}
      title={t('form.confirmTitle')}
      closeButtonProps={{ 'aria-label': t('close') }}
    >
      <Stack>
        <Text size="sm">{t('form.confirmBody')}</Text>
        <List size="sm">
          {(props.issues ?? []).map((i) => (
            <List.Item key={i.path}>
              <Text span fw={600} size="sm">
                {label(i.path)}
              </Text>
              : {i.message}
            </List.Item>
          ))}
        </List>
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onCancel} data-autofocus>
            {t('form.confirmBack')}
          </Button>
          <Button color="red.9" onClick={props.onConfirm} loading={props.isSaving}>
            {t('form.confirmSave')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/**
 * Entering one set of vitals: every field optional, units where they vary, the NEWS2 of
 * what is typed shown live, implausible values confirmed in a dialog, server field errors
 * next to their fields.
 */
export function VitalsForm(props: { patientId: string; spo2Scale: 1 | 2 }) {
  const { t } = useTranslation('vitals');
  const record = useRecordVitals(props.patientId);
  const form = useForm<VitalsFormValues>({ initialValues: emptyValues });
  const [confirming, setConfirming] = useState<FieldError[] | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const v = form.getValues();
  const live = liveNews2(v, props.spo2Scale);

  const save = (body: RecordVitalSetInput) => {
    setFormError(null);
    record.mutate(body, {
      onSuccess: () => {
        setConfirming(null);
        form.reset();
        notifications.show({
          color: 'green',
          message: t('form.saved'),
          closeButtonProps: { 'aria-label': t('close') },
        });
      },
      onError: (error) => {
        setConfirming(null);
        if (error instanceof ApiError && error.code === 'vitals.implausible_unconfirmed') {
          setConfirming(error.problem.errors ?? []);
          return;
        }
        let unplaced = !(error instanceof ApiError) || (error.problem.errors ?? []).length === 0;
        if (error instanceof ApiError) {
          for (const e of error.problem.errors ?? []) {
            const field = fieldOfPath(e.path);
            if (field) form.setFieldError(field, e.message);
            else unplaced = true;
          }
        }
        if (unplaced) setFormError(error.message);
      },
    });
  };
  const units = (kind: 'temperature' | 'weight' | 'height') =>
    acceptedUnits[kind]
      .filter((u) => u !== 'g' && u !== 'm')
      .map((u) => ({ value: u, label: t(`form.unit.${u}`) }));
  const numberField = (
    name: keyof VitalsFormValues,
    o: { min?: number; decimals?: number } = {},
  ) => (
    <NumberInput
      label={t(`form.${name}`)}
      allowDecimal={(o.decimals ?? 0) > 0}
      decimalScale={o.decimals ?? 0}
      min={o.min ?? 0}
      hideControls
      key={form.key(name)}
      {...form.getInputProps(name)}
    />
  );

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="vitals-form-title">
      <form onSubmit={form.onSubmit((values) => save(bodyOf(values)))} noValidate>
        <Stack gap="sm">
          <Title order={3} size="h4" id="vitals-form-title">
            {t('form.title')}
          </Title>
          <SimpleGrid cols={{ base: 2, sm: 3, lg: 4 }} spacing="sm">
            {numberField('systolic')}
            {numberField('diastolic')}
            {numberField('heartRate')}
            {numberField('respiratoryRate')}
            {numberField('spo2')}
            <Select
              label={t('form.consciousness')}
              data={acvpuLevels.map((l) => ({ value: l, label: `${l} — ${t(`acvpu.${l}`)}` }))}
              clearable
              key={form.key('consciousness')}
              {...form.getInputProps('consciousness')}
            />
            <Group gap={4} wrap="nowrap" align="flex-start">
              {numberField('temperature', { decimals: 1 })}
              <Select
                label={t('form.unit.label')}
                aria-label={t('form.temperatureUnit')}
                data={units('temperature')}
                allowDeselect={false}
                w={96}
                key={form.key('temperatureUnit')}
                {...form.getInputProps('temperatureUnit')}
              />
            </Group>
            {numberField('pain')}
            <Group gap={4} wrap="nowrap" align="flex-start">
              {numberField('weight', { decimals: 2 })}
              <Select
                label={t('form.unit.label')}
                aria-label={t('form.weightUnit')}
                data={units('weight')}
                allowDeselect={false}
                w={96}
                key={form.key('weightUnit')}
                {...form.getInputProps('weightUnit')}
              />
            </Group>
            <Group gap={4} wrap="nowrap" align="flex-start">
              {numberField('height', { decimals: 1 })}
              <Select
                label={t('form.unit.label')}
                aria-label={t('form.heightUnit')}
                data={units('height')}
                allowDeselect={false}
                w={96}
                key={form.key('heightUnit')}
                {...form.getInputProps('heightUnit')}
              />
            </Group>
            <TextInput
              type="datetime-local"
              label={t('form.takenAt')}
              key={form.key('takenAt')}
              {...form.getInputProps('takenAt')}
            />
          </SimpleGrid>
          <Group gap="md" align="flex-end" wrap="wrap">
            <Switch
              label={t('form.onOxygen')}
              key={form.key('onSupplementalOxygen')}
              {...form.getInputProps('onSupplementalOxygen', { type: 'checkbox' })}
            />
            {v.onSupplementalOxygen ? (
              <>
                {numberField('oxygenFlowLpm', { decimals: 1 })}
                <Select
                  label={t('form.oxygenDevice')}
                  data={oxygenDevices.map((d) => ({ value: d, label: t(`device.${d}`) }))}
                  clearable
                  key={form.key('oxygenDevice')}
                  {...form.getInputProps('oxygenDevice')}
                />
              </>
            ) : null}
          </Group>
          <LiveNews2 result={live} spo2Scale={props.spo2Scale} />
          {formError ? (
            <Alert color="red" title={t('form.failed')} role="alert">
              {formError}
            </Alert>
          ) : null}
          <Group justify="flex-end">
            <Button type="submit" loading={record.isPending && confirming === null}>
              {t('form.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
      <ConfirmImplausible
        issues={confirming}
        isSaving={record.isPending}
        onCancel={() => setConfirming(null)}
        onConfirm={() => save({ ...bodyOf(form.getValues()), confirmImplausible: true })}
      />
    </Paper>
  );
}

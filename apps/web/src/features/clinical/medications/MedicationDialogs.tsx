import { useState } from 'react';
import {
  Badge,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import {
  doseUnits,
  frequencyCodes,
  type DrugHit,
  type HomeMedication,
  type Prescription,
} from '@meridian/contracts';
import { ApiError } from '../../../app/api';
import { FormAlert } from '../../../ui/FormAlert';
import { applyServerErrors } from '../../../ui/forms';
import { formatDateTime } from '../../../ui/format';
import { QueryState } from '../../../ui/QueryState';
import { FormButtons } from '../../admin/FormParts';
import { notifyDone } from '../../coverage/notify';
import { DrugPicker } from './DrugPicker';
import {
  useEndMedication,
  usePrescriptionDetail,
  useRecordHomeMedication,
} from './medications.api';
import { severityColor } from './PrescribeDialog';
import { StatusBadge } from './StatusBadge';

export interface EndTarget {
  kind: 'prescriptions' | 'home-medications';
  item: Prescription | HomeMedication;
  step: 'stop' | 'entered-in-error';
}

const nameOf = (item: Prescription | HomeMedication) =>
  'productDisplay' in item ? item.productDisplay : item.display;

/** Stop or enter in error, with a confirmation and a reason. */
export function EndMedicationDialog(props: { target: EndTarget | null; onClose: () => void }) {
  const { t } = useTranslation();
  const target = props.target;
  return (
    <Modal
      opened={target !== null}
      onClose={props.onClose}
      title={target ? t(`medications:end.${target.step}.title`) : ''}
      closeButtonProps={{ 'aria-label': t('common:close') }}
    >
      {target ? <EndForm target={target} onClose={props.onClose} /> : null}
    </Modal>
  );
}

function EndForm(props: { target: EndTarget; onClose: () => void }) {
  const { t } = useTranslation();
  const end = useEndMedication();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [message, setMessage] = useState<string | null>(null);
  const { target } = props;
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!reason.trim()) {
          setError(t('medications:end.reasonRequired'));
          return;
        }
        end.mutate(
          { kind: target.kind, item: target.item, step: target.step, reason: reason.trim() },
          {
            onSuccess: () => {
              notifyDone(t(`medications:end.${target.step}.done`));
              props.onClose();
            },
            onError: (err) => {
              if (err instanceof ApiError && err.fieldErrors().reason) {
                setError(err.fieldErrors().reason);
              } else if (err instanceof ApiError && err.code === 'resource.version_mismatch') {
                setMessage(t('medications:prescribe.changedMeanwhile'));
              } else {
                setMessage(err.message);
              }
            },
          },
        );
      }}
    >
      <Stack gap="sm">
        <Text size="sm">
          {t(`medications:end.${target.step}.confirm`, { name: nameOf(target.item) })}
        </Text>
        <TextInput
          label={t('medications:end.reason')}
          required
          data-autofocus
          maxLength={500}
          value={reason}
          error={error}
          onChange={(e) => {
            setReason(e.currentTarget.value);
            setError(undefined);
          }}
        />
        <FormAlert error={null} message={message} />
        <FormButtons
          submitLabel={t(`medications:end.${target.step}.submit`)}
          color="red"
          isPending={end.isPending}
          onCancel={props.onClose}
        />
      </Stack>
    </form>
  );
}

interface HomeValues {
  text: string;
  doseValue: number | string;
  doseUnit: string | null;
  frequency: string | null;
  reportedBy: string;
  note: string;
}

/** Add a home medication: a catalogue product, or free text when it is not in the catalogue. */
export function HomeMedicationDialog(props: {
  patientId: string;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      size="lg"
      title={t('medications:home.addTitle')}
      closeButtonProps={{ 'aria-label': t('common:close') }}
    >
      {props.opened ? <HomeForm patientId={props.patientId} onClose={props.onClose} /> : null}
    </Modal>
  );
}

function HomeForm(props: { patientId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const record = useRecordHomeMedication(props.patientId);
  const [product, setProduct] = useState<DrugHit | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const form = useForm<HomeValues>({
    initialValues: {
      text: '',
      doseValue: '',
      doseUnit: null,
      frequency: null,
      reportedBy: 'patient',
      note: '',
    },
  });
  const submit = form.onSubmit(async (v) => {
    setMessage(null);
    if (!product && !v.text.trim()) {
      form.setFieldError('text', t('medications:home.productOrText'));
      return;
    }
    try {
      await record.mutateAsync({
        productRxcui: product?.rxcui,
        text: product ? undefined : v.text.trim(),
        doseValue: typeof v.doseValue === 'number' ? v.doseValue : undefined,
        doseUnit: typeof v.doseValue === 'number' ? (v.doseUnit ?? undefined) : undefined,
        frequency: v.frequency ?? undefined,
        reportedBy: v.reportedBy,
        note: v.note.trim() || undefined,
      });
      notifyDone(t('medications:home.added'));
      props.onClose();
    } catch (error) {
      setMessage(
        applyServerErrors(form, error, ['text', 'doseValue', 'doseUnit', 'frequency', 'note']),
      );
    }
  });
  return (
    <form noValidate onSubmit={submit}>
      <Stack gap="sm">
        <DrugPicker
          label={t('medications:home.product')}
          value={product}
          onChange={setProduct}
          autoFocus
        />
        {product ? null : (
          <TextInput
            label={t('medications:home.text')}
            description={t('medications:home.textHint')}
            maxLength={300}
            {...form.getInputProps('text')}
          />
        )}
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <NumberInput
            label={t('medications:prescribe.dose')}
            min={0}
            {...form.getInputProps('doseValue')}
          />
          <Select
            label={t('medications:prescribe.unit')}
            clearable
            data={doseUnits.map((u) => ({ value: u, label: t(`medications:unit.${u}`) }))}
            {...form.getInputProps('doseUnit')}
          />
          <Select
            label={t('medications:prescribe.frequency')}
            clearable
            data={frequencyCodes.map((f) => ({ value: f, label: t(`medications:frequency.${f}`) }))}
            {...form.getInputProps('frequency')}
          />
        </SimpleGrid>
        <Select
          label={t('medications:home.reportedBy')}
          allowDeselect={false}
          data={['patient', 'caregiver', 'pharmacy_record', 'outside_record', 'clinician'].map(
            (r) => ({ value: r, label: t(`medications:reportedBy.${r}`) }),
          )}
          {...form.getInputProps('reportedBy')}
        />
        <Textarea
          label={t('medications:prescribe.note')}
          autosize
          minRows={1}
          {...form.getInputProps('note')}
        />
        <FormAlert error={null} message={message} />
        <FormButtons
          submitLabel={t('medications:home.add')}
          isPending={record.isPending}
          onCancel={props.onClose}
        />
      </Stack>
    </form>
  );
}

/** A prescription's versions and the alerts shown for it (with overrides). */
export function HistoryDialog(props: { prescriptionId: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const detail = usePrescriptionDetail(props.prescriptionId);
  return (
    <Modal
      opened={props.prescriptionId !== null}
      onClose={props.onClose}
      size="xl"
      title={t('medications:history.title')}
      closeButtonProps={{ 'aria-label': t('common:close') }}
    >
      {props.prescriptionId ? (
        <QueryState query={detail}>
          {(d) => (
            <Stack gap="md">
              <Text fw={600}>{d.productDisplay}</Text>
              <Table.ScrollContainer minWidth={560}>
                <Table aria-label={t('medications:history.versions')} verticalSpacing="xs">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{t('medications:history.version')}</Table.Th>
                      <Table.Th scope="col">{t('medications:history.when')}</Table.Th>
                      <Table.Th scope="col">{t('medications:history.status')}</Table.Th>
                      <Table.Th scope="col">{t('medications:history.instructions')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {d.history.map((h) => (
                      <Table.Tr key={h.version}>
                        <Table.Td>{h.version}</Table.Td>
                        <Table.Td>{formatDateTime(h.recordedAt)}</Table.Td>
                        <Table.Td>
                          <StatusBadge status={h.status} />
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{h.instructions ?? '—'}</Text>
                          {h.statusReason ? (
                            <Text size="xs" c="dimmed">
                              {t('medications:history.reason', { reason: h.statusReason })}
                            </Text>
                          ) : null}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              {d.alerts.length > 0 ? (
                <Stack gap="xs">
                  <Text fw={600} size="sm">
                    {t('medications:history.alerts')}
                  </Text>
                  {d.alerts.map((a) => (
                    <Stack key={a.key} gap={2}>
                      <Text size="sm">
                        <Badge
                          color={
                            a.kind === 'check_unavailable' ? 'gray' : severityColor[a.severity]
                          }
                          variant="filled"
                          mr={6}
                        >
                          {a.kind === 'check_unavailable'
                            ? t('medications:alerts.unavailable')
                            : t(`medications:severity.${a.severity}`)}
                        </Badge>
                        {a.reason}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {a.overrideReason
                          ? t('medications:history.overridden', {
                              reason: a.overrideReason,
                              at: formatDateTime(a.overriddenAt),
                            })
                          : t('medications:history.notOverridden')}
                      </Text>
                    </Stack>
                  ))}
                </Stack>
              ) : null}
            </Stack>
          )}
        </QueryState>
      ) : null}
    </Modal>
  );
}

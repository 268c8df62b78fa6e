import { useState } from 'react';
import {
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import {
  administrationOutcomes,
  doseUnits,
  type Administration,
  type AdministrationOutcome,
  type Mar,
  type MarDose,
  type MarRow,
} from '@meridian/contracts';
import { ApiError } from '../../../app/api';
import { FormAlert } from '../../../ui/FormAlert';
import { formatDate, formatTime } from '../../../ui/format';
import { QueryState } from '../../../ui/QueryState';
import { notifyDone } from '../../coverage/notify';
import { useCorrectAdministration, useMar, useRecordAdministration } from './medications.api';

const outcomeColor: Record<AdministrationOutcome, string> = {
  given: 'green',
  held: 'orange',
  refused: 'red',
  not_given: 'gray',
};

function shiftDate(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The value of a datetime-local input for an instant, in the browser's zone. */
function localInput(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

type DoseTarget =
  | { mode: 'record'; row: MarRow; dose: MarDose | null }
  | { mode: 'correct'; row: MarRow; record: Administration };

/** The MAR of an admitted patient: a day's doses by time slot, recording and correcting them. */
export function MarSection(props: { patientId: string; canRecord: boolean }) {
  const { t } = useTranslation();
  const [date, setDate] = useState<string | null>(null);
  const mar = useMar(props.patientId, date);
  const [target, setTarget] = useState<DoseTarget | null>(null);
  if (mar.data && mar.data.stay === null) return null;
  return (
    <Stack gap="xs">
      <Title order={3} size="h4" id="mar-title">
        {t('medications:mar.title')}
      </Title>
      <QueryState query={mar}>
        {(data) => (
          <MarDay
            data={data}
            canRecord={props.canRecord}
            onDate={setDate}
            onDose={(row, dose) =>
              setTarget(
                dose?.administration
                  ? { mode: 'correct', row, record: dose.administration }
                  : { mode: 'record', row, dose },
              )
            }
            onRecord={(row, record) => setTarget({ mode: 'correct', row, record })}
          />
        )}
      </QueryState>
      <DoseDialog
        patientId={props.patientId}
        target={target}
        timeZone={mar.data?.timeZone}
        canRecord={props.canRecord}
        onClose={() => setTarget(null)}
      />
    </Stack>
  );
}

function MarDay(props: {
  data: Mar;
  canRecord: boolean;
  onDate: (date: string) => void;
  onDose: (row: MarRow, dose: MarDose | null) => void;
  onRecord: (row: MarRow, record: Administration) => void;
}) {
  const { t } = useTranslation();
  const { data } = props;
  const tz = data.timeZone;
  const firstDay = data.stay?.admittedAt ? data.stay.admittedAt.slice(0, 10) : null;
  const dayLabel = formatDate(`${data.date}T12:00:00Z`, 'UTC');
  const hasPrn = data.rows.some((r) => r.prescription.isPrn);
  const records = data.rows.flatMap((r) => r.records.map((rec) => ({ row: r, rec })));
  records.sort((a, b) => a.rec.occurredAt.localeCompare(b.rec.occurredAt));
  return (
    <Stack gap="sm">
      <Group gap="xs" wrap="wrap">
        <Button
          variant="default"
          size="compact-sm"
          leftSection={<IconChevronLeft size={14} aria-hidden />}
          disabled={firstDay !== null && data.date <= shiftDate(firstDay, -1)}
          onClick={() => props.onDate(shiftDate(data.date, -1))}
        >
          {t('medications:mar.previous')}
        </Button>
        <Text fw={600} size="sm" aria-live="polite" miw={120} ta="center">
          {dayLabel}
        </Text>
        <Button
          variant="default"
          size="compact-sm"
          rightSection={<IconChevronRight size={14} aria-hidden />}
          onClick={() => props.onDate(shiftDate(data.date, 1))}
        >
          {t('medications:mar.next')}
        </Button>
        <Text size="xs" c="dimmed">
          {t('medications:mar.timeZone', { zone: tz })}
        </Text>
      </Group>
      {data.rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('medications:mar.empty')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={Math.max(560, 240 + data.slots.length * 110)}>
          <Table aria-labelledby="mar-title" withColumnBorders verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('medications:mar.medication')}</Table.Th>
                {data.slots.map((s) => (
                  <Table.Th scope="col" key={s} ta="center">
                    {s}
                  </Table.Th>
                ))}
                {hasPrn ? (
                  <Table.Th scope="col" ta="center">
                    {t('medications:mar.asNeeded')}
                  </Table.Th>
                ) : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.rows.map((row) => (
                <Table.Tr key={row.prescription.id}>
                  <Table.Th scope="row" fw={400}>
                    <Text size="sm" fw={600}>
                      {row.prescription.productDisplay}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {row.prescription.instructions}
                    </Text>
                    {row.prescription.status !== 'active' ? (
                      <Text size="xs" c="orange.9">
                        {t(`medications:status.${row.prescription.status}`)}
                      </Text>
                    ) : null}
                  </Table.Th>
                  {data.slots.map((slot) => {
                    const dose = row.doses.find((d) => d.time === slot);
                    return (
                      <Table.Td key={slot} ta="center">
                        {dose ? (
                          <DoseCell
                            dose={dose}
                            row={row}
                            canRecord={props.canRecord}
                            onOpen={() => props.onDose(row, dose)}
                          />
                        ) : null}
                      </Table.Td>
                    );
                  })}
                  {hasPrn ? (
                    <Table.Td ta="center">
                      {row.prescription.isPrn ? (
                        <Stack gap={4} align="center">
                          <Text size="xs">
                            {t('medications:mar.prnCount', {
                              given: row.prnGivenLast24h ?? 0,
                              max: row.prnMaxPerDay ?? 0,
                            })}
                          </Text>
                          {props.canRecord && row.prescription.status === 'active' ? (
                            <Button
                              size="compact-xs"
                              variant="light"
                              aria-label={t('medications:mar.recordPrnFor', {
                                name: row.prescription.productDisplay,
                              })}
                              onClick={() => props.onDose(row, null)}
                            >
                              {t('medications:mar.recordPrn')}
                            </Button>
                          ) : null}
                        </Stack>
                      ) : null}
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {records.length > 0 ? (
        <Stack gap={4}>
          <Text size="sm" fw={600} id="mar-records">
            {t('medications:mar.recorded')}
          </Text>
          <Stack gap={2} component="ul" aria-labelledby="mar-records" style={{ paddingLeft: 0 }}>
            {records.map(({ row, rec }) => (
              <Group key={rec.id} gap="xs" component="li" wrap="wrap" style={{ listStyle: 'none' }}>
                <Text size="sm" ff="monospace">
                  {formatTime(rec.occurredAt, tz)}
                </Text>
                <Badge color={outcomeColor[rec.outcome]} variant="light">
                  {t(`medications:outcome.${rec.outcome}`)}
                </Badge>
                <Text size="sm" td={rec.status === 'entered_in_error' ? 'line-through' : undefined}>
                  {row.prescription.productDisplay}
                  {' · '}
                  {rec.scheduledFor
                    ? t('medications:mar.forSlot', { time: formatTime(rec.scheduledFor, tz) })
                    : t('medications:mar.asNeededDose')}
                  {rec.doseValue !== null ? ` · ${rec.doseValue} ${rec.doseUnit ?? ''}` : ''}
                  {rec.reason ? ` · ${rec.reason}` : ''}
                </Text>
                <Text size="xs" c="dimmed">
                  {rec.recordedByName ?? ''}
                </Text>
                {rec.status === 'entered_in_error' ? (
                  <Text size="xs" c="red.8">
                    {t('medications:mar.inError', { reason: rec.errorReason ?? '' })}
                  </Text>
                ) : props.canRecord ? (
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    onClick={() => props.onRecord(row, rec)}
                    aria-label={t('medications:mar.correctFor', {
                      name: row.prescription.productDisplay,
                      time: formatTime(rec.occurredAt, tz),
                    })}
                  >
                    {t('medications:mar.correct')}
                  </Button>
                ) : null}
              </Group>
            ))}
          </Stack>
        </Stack>
      ) : null}
    </Stack>
  );
}

function DoseCell(props: { dose: MarDose; row: MarRow; canRecord: boolean; onOpen: () => void }) {
  const { t } = useTranslation();
  const rec = props.dose.administration;
  const label = rec ? t(`medications:outcome.${rec.outcome}`) : t('medications:mar.due');
  const name = t('medications:mar.doseLabel', {
    name: props.row.prescription.productDisplay,
    time: props.dose.time,
    state: label,
  });
  if (!props.canRecord && !rec) {
    return (
      <Text size="xs" c="dimmed">
        {label}
      </Text>
    );
  }
  return (
    <Button
      size="compact-xs"
      variant={rec ? 'light' : 'default'}
      color={rec ? outcomeColor[rec.outcome] : undefined}
      aria-label={name}
      onClick={props.onOpen}
      disabled={!props.canRecord}
    >
      {label}
    </Button>
  );
}

function DoseDialog(props: {
  patientId: string;
  target: DoseTarget | null;
  timeZone: string | undefined;
  canRecord: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const target = props.target;
  const title = !target
    ? ''
    : target.mode === 'correct'
      ? t('medications:mar.correctTitle')
      : t('medications:mar.recordTitle');
  return (
    <Modal
      opened={target !== null}
      onClose={props.onClose}
      size="lg"
      title={title}
      closeButtonProps={{ 'aria-label': t('common:close') }}
    >
      {target ? (
        <DoseForm
          patientId={props.patientId}
          target={target}
          timeZone={props.timeZone}
          onClose={props.onClose}
        />
      ) : null}
    </Modal>
  );
}

function DoseForm(props: {
  patientId: string;
  target: DoseTarget;
  timeZone: string | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { target } = props;
  const rx = target.row.prescription;
  const record = useRecordAdministration(props.patientId);
  const correct = useCorrectAdministration();
  const correcting = target.mode === 'correct' ? target.record : null;
  const scheduledFor =
    target.mode === 'record' ? (target.dose?.scheduledFor ?? null) : correcting?.scheduledFor;
  const [outcome, setOutcome] = useState<AdministrationOutcome>('given');
  const [occurredAt, setOccurredAt] = useState(localInput(new Date()));
  const [doseValue, setDoseValue] = useState<number | string>(rx.doseValue ?? '');
  const [doseUnit, setDoseUnit] = useState<string | null>(rx.doseUnit);
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [errorReason, setErrorReason] = useState('');
  const [withReplacement, setWithReplacement] = useState(true);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);

  const doseFields = () => ({
    ...(scheduledFor ? { scheduledFor } : {}),
    outcome,
    occurredAt: new Date(occurredAt).toISOString(),
    ...(outcome === 'given' && typeof doseValue === 'number' && doseUnit
      ? { doseValue, doseUnit: doseUnit as (typeof doseUnits)[number] }
      : {}),
    ...(reason.trim() ? { reason: reason.trim() } : {}),
    ...(note.trim() ? { note: note.trim() } : {}),
  });

  const fail = (error: unknown) => {
    if (error instanceof ApiError) {
      const byField = error.fieldErrors();
      const mapped: Record<string, string> = {};
      for (const [path, msg] of Object.entries(byField)) {
        mapped[path.replace(/^replacement\./, '')] = msg;
      }
      setErrors(mapped);
      const known = ['reason', 'occurredAt', 'doseValue', 'doseUnit', 'note'];
      const placed = Object.keys(mapped).every((k) => known.includes(k));
      if (error.code === 'medication.prn_max_reached') setMessage(error.message);
      else if (error.code === 'medication.dose_already_recorded')
        setMessage(t('medications:mar.alreadyRecorded'));
      else if (!placed || Object.keys(mapped).length === 0) setMessage(error.message);
      return;
    }
    setMessage(error instanceof Error ? error.message : String(error));
  };

  const submit = async () => {
    setErrors({});
    setMessage(null);
    const needsReason = outcome !== 'given';
    const replacing = !correcting || withReplacement;
    if (replacing && needsReason && !reason.trim()) {
      setErrors({ reason: t('medications:mar.reasonRequired') });
      return;
    }
    try {
      if (correcting) {
        if (!errorReason.trim()) {
          setErrors({ errorReason: t('medications:mar.reasonRequired') });
          return;
        }
        await correct.mutateAsync({
          id: correcting.id,
          body: {
            reason: errorReason.trim(),
            ...(withReplacement ? { replacement: doseFields() } : {}),
          },
        });
        notifyDone(t('medications:mar.corrected'));
      } else {
        await record.mutateAsync({ prescriptionId: rx.id, ...doseFields() });
        notifyDone(t('medications:mar.saved'));
      }
      props.onClose();
    } catch (error) {
      fail(error);
    }
  };

  const tz = props.timeZone;
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Stack gap="sm">
        <div>
          <Text fw={600}>{rx.productDisplay}</Text>
          <Text size="sm" c="dimmed">
            {rx.instructions}
          </Text>
          <Text size="sm">
            {scheduledFor
              ? t('medications:mar.scheduledAt', { time: formatTime(scheduledFor, tz) })
              : t('medications:mar.asNeededDose')}
          </Text>
        </div>
        {correcting ? (
          <>
            <Text size="sm">
              {t('medications:mar.currentRecord', {
                outcome: t(`medications:outcome.${correcting.outcome}`),
                time: formatTime(correcting.occurredAt, tz),
                name: correcting.recordedByName ?? '',
              })}
            </Text>
            <TextInput
              label={t('medications:mar.errorReason')}
              required
              data-autofocus
              maxLength={500}
              value={errorReason}
              error={errors.errorReason}
              onChange={(e) => setErrorReason(e.currentTarget.value)}
            />
            <Checkbox
              label={t('medications:mar.withReplacement')}
              checked={withReplacement}
              onChange={(e) => setWithReplacement(e.currentTarget.checked)}
            />
          </>
        ) : null}
        {!correcting || withReplacement ? (
          <>
            <Stack gap={4}>
              <Text size="sm" fw={500} id="dose-outcome">
                {t('medications:mar.outcome')}
              </Text>
              <SegmentedControl
                aria-labelledby="dose-outcome"
                value={outcome}
                onChange={(value) => setOutcome(value)}
                data={administrationOutcomes.map((o) => ({
                  value: o,
                  label: t(`medications:outcome.${o}`),
                }))}
              />
            </Stack>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <TextInput
                type="datetime-local"
                label={t('medications:mar.occurredAt')}
                required
                value={occurredAt}
                error={errors.occurredAt}
                onChange={(e) => setOccurredAt(e.currentTarget.value)}
              />
              {outcome === 'given' ? (
                <>
                  <NumberInput
                    label={t('medications:prescribe.dose')}
                    min={0}
                    value={doseValue}
                    error={errors.doseValue}
                    onChange={setDoseValue}
                  />
                  <Select
                    label={t('medications:prescribe.unit')}
                    allowDeselect={false}
                    value={doseUnit}
                    error={errors.doseUnit}
                    onChange={setDoseUnit}
                    data={doseUnits.map((u) => ({ value: u, label: t(`medications:unit.${u}`) }))}
                  />
                </>
              ) : null}
            </SimpleGrid>
            <TextInput
              label={t('medications:mar.reason')}
              required={outcome !== 'given'}
              maxLength={500}
              value={reason}
              error={errors.reason}
              onChange={(e) => setReason(e.currentTarget.value)}
            />
            <Textarea
              label={t('medications:prescribe.note')}
              autosize
              minRows={1}
              value={note}
              error={errors.note}
              onChange={(e) => setNote(e.currentTarget.value)}
            />
          </>
        ) : null}
        <FormAlert error={null} message={message} />
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            {t('common:cancel')}
          </Button>
          <Button
            type="submit"
            color={correcting ? 'red' : undefined}
            loading={record.isPending || correct.isPending}
          >
            {correcting ? t('medications:mar.correctSubmit') : t('medications:mar.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

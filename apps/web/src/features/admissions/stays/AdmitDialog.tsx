import { useRef, useState } from 'react';
import {
  Checkbox,
  Group,
  Modal,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import {
  admissionSource,
  isolationPrecaution,
  levelOfCare,
  type PatientSummary,
  type Stay,
} from '@meridian/contracts';
import { useSignedInMe } from '../../../app/auth/useMe';
import { FormAlert } from '../../../ui/FormAlert';
import { FormButtons } from '../../admin/FormParts';
import { notifyDone } from '../../coverage/notify';
import { PatientPicker } from '../../merge/PatientPicker';
import { newIdempotencyKey } from '../../scheduling/appointments.api';
import { PractitionerSelect } from '../../scheduling/calendar/PractitionerSelect';
import { facilityTimeZone } from '../../scheduling/scheduling-format';
import {
  admitFieldOfPath,
  admitFormFields,
  initialAdmitValues,
  toAdmitBody,
  validateAdmitForm,
  type AdmitFormValues,
} from './admit-form';
import { BedSelect, type PresetBed } from './BedSelect';
import { placeStayError } from './stay-errors';
import { useAdmitPatient } from './stays.api';

export interface AdmitDialogProps {
  facilityId: string;
  /** The target bed, when admitting from a bed card. */
  bed?: PresetBed | null;
  /** The patient, when admitting from their record. */
  patient?: PatientSummary | null;
  opened: boolean;
  onClose: () => void;
  onAdmitted?: (stay: Stay) => void;
}

/**
 * Admits a patient into a bed now, or pre-admits them for an expected time (reserving the
 * bed if one is chosen). Refusals land beside the field they are about: the patient already
 * admitted, the bed just taken.
 */
export function AdmitDialog(props: AdmitDialogProps) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      size="xl"
      title={t('admissions:admit.title')}
      closeButtonProps={{ 'aria-label': t('admissions:admit.close') }}
    >
      {props.opened ? <AdmitForm {...props} /> : null}
    </Modal>
  );
}

function AdmitForm(props: AdmitDialogProps) {
  const { t } = useTranslation();
  const me = useSignedInMe();
  const zone = facilityTimeZone(me.facilities, props.facilityId);
  const admit = useAdmitPatient();
  const [patient, setPatient] = useState<PatientSummary | null>(props.patient ?? null);
  const [formError, setFormError] = useState<string | null>(null);
  // One key per submission of the same body; a retry of it reuses the key.
  const attempt = useRef<{ key: string; body: string } | null>(null);
  const form = useForm<AdmitFormValues>({
    initialValues: initialAdmitValues({ patientId: props.patient?.id, bedId: props.bed?.id }),
    validate: validateAdmitForm(t, props.facilityId, zone),
  });
  const isPre = form.values.mode === 'pre';

  async function send(values: AdmitFormValues) {
    setFormError(null);
    const body = toAdmitBody(values, props.facilityId, zone);
    const bodyText = JSON.stringify(body);
    if (attempt.current?.body !== bodyText) {
      attempt.current = { key: newIdempotencyKey(), body: bodyText };
    }
    try {
      const stay = await admit.mutateAsync({ body, idempotencyKey: attempt.current.key });
      notifyDone(
        t(values.mode === 'pre' ? 'admissions:admit.donePre' : 'admissions:admit.done', {
          number: stay.stayNumber,
        }),
      );
      props.onAdmitted?.(stay);
      props.onClose();
    } catch (error) {
      const { general, ...fields } = placeStayError(error, admitFormFields, admitFieldOfPath);
      for (const [field, message] of Object.entries(fields)) form.setFieldError(field, message);
      setFormError(general ?? null);
    }
  }

  function submit(e: React.FormEvent) {
    e.preventDefault();
    if (form.validate().hasErrors) return;
    void send(form.getValues());
  }

  const selectOptions = <T extends string>(values: readonly T[], prefix: string) =>
    values.map((v) => ({ value: v, label: t(`admissions:${prefix}.${v}`) }));

  return (
    <form onSubmit={submit} noValidate aria-label={t('admissions:admit.title')}>
      <Stack gap="md">
        <FormAlert error={null} message={formError} />
        <div>
          <PatientPicker
            id="admit-patient"
            label={t('admissions:admit.patient')}
            description={t('admissions:admit.patientHint')}
            selected={patient}
            otherId={null}
            onSelect={(p) => {
              setPatient(p);
              form.setFieldValue('patientId', p?.id ?? '');
              form.clearFieldError('patientId');
            }}
          />
          {form.errors['patientId'] ? (
            <Text size="sm" c="red.9" mt={4} role="alert">
              {form.errors['patientId']}
            </Text>
          ) : null}
        </div>

        <Stack gap={6}>
          <Text size="sm" fw={500} id="admit-mode-label">
            {t('admissions:admit.mode')}
          </Text>
          <SegmentedControl
            aria-labelledby="admit-mode-label"
            data={[
              { value: 'now', label: t('admissions:admit.now') },
              { value: 'pre', label: t('admissions:admit.preAdmission') },
            ]}
            value={form.values.mode}
            onChange={(v) => form.setFieldValue('mode', v)}
          />
          {isPre ? (
            <TextInput
              type="datetime-local"
              label={t('admissions:admit.expectedAt')}
              description={t('admissions:admit.preAdmissionHint')}
              required
              {...form.getInputProps('expectedAt')}
            />
          ) : null}
        </Stack>

        <BedSelect
          facilityId={props.facilityId}
          preset={props.bed ?? null}
          label={t('admissions:admit.bed')}
          description={isPre ? t('admissions:admit.bedOptional') : undefined}
          required={!isPre}
          value={form.values.bedId}
          onChange={(id) => {
            form.setFieldValue('bedId', id);
            form.clearFieldError('bedId');
          }}
          error={form.errors['bedId'] as string | undefined}
        />

        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('admissions:admit.source')}
            data={selectOptions(admissionSource.options, 'source')}
            allowDeselect={false}
            required
            comboboxProps={{ withinPortal: true }}
            {...form.getInputProps('source')}
          />
          <TextInput
            label={t('admissions:admit.sourceDetail')}
            description={t('admissions:admit.sourceDetailHint')}
            maxLength={200}
            {...form.getInputProps('sourceDetail')}
          />
          <PractitionerSelect
            label={t('admissions:admit.admittingPractitioner')}
            value={form.values.admittingPractitionerId || null}
            onChange={(id) => {
              form.setFieldValue('admittingPractitionerId', id ?? '');
              if (id && !form.values.attendingPractitionerId) {
                form.setFieldValue('attendingPractitionerId', id);
              }
            }}
            error={(form.errors['admittingPractitionerId'] as string | undefined) ?? null}
          />
          <PractitionerSelect
            label={t('admissions:admit.attendingPractitioner')}
            value={form.values.attendingPractitionerId || null}
            onChange={(id) => form.setFieldValue('attendingPractitionerId', id ?? '')}
            error={(form.errors['attendingPractitionerId'] as string | undefined) ?? null}
          />
        </SimpleGrid>

        <TextInput
          label={t('admissions:admit.reason')}
          required
          maxLength={500}
          {...form.getInputProps('reason')}
        />
        <TextInput
          label={t('admissions:admit.diagnosis')}
          maxLength={500}
          {...form.getInputProps('admittingDiagnosis')}
        />

        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('admissions:admit.levelOfCare')}
            data={selectOptions(levelOfCare.options, 'levelOfCare')}
            allowDeselect={false}
            required
            comboboxProps={{ withinPortal: true }}
            {...form.getInputProps('levelOfCare')}
          />
          <NumberInput
            label={t('admissions:admit.expectedLength')}
            min={1}
            max={365}
            allowDecimal={false}
            allowNegative={false}
            {...form.getInputProps('expectedLengthOfStayDays')}
          />
        </SimpleGrid>

        <Checkbox.Group
          label={t('admissions:admit.isolation')}
          {...form.getInputProps('isolation')}
        >
          <Group mt={6} gap="lg">
            {isolationPrecaution.options.map((p) => (
              <Checkbox key={p} value={p} label={t(`admissions:isolation.${p}`)} />
            ))}
          </Group>
        </Checkbox.Group>

        <FormButtons
          submitLabel={t(isPre ? 'admissions:admit.submitPre' : 'admissions:admit.submitNow')}
          isPending={admit.isPending}
          onCancel={props.onClose}
        />
      </Stack>
    </form>
  );
}

import { useMemo, useState } from 'react';
import {
  Group,
  Modal,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import type { PatientSummary } from '@meridian/contracts';
import { ApiError } from '../../../app/api';
import { FormAlert } from '../../../ui/FormAlert';
import { describeError } from '../../../ui/errors';
import { applyServerErrors } from '../../../ui/forms';
import { FormButtons } from '../../admin/FormParts';
import { PatientPicker } from '../../merge/PatientPicker';
import { useAppointmentTypes, useSchedulingPractitioners } from '../appointments.api';
import { PractitionerSelect } from '../calendar/PractitionerSelect';
import { patientLabel } from '../today/PatientCell';
import { useAddToWaitlist } from './waitlist.api';
import {
  initialWaitlistValues,
  toWaitlistBody,
  validateWaitlistForm,
  type WaitlistFormValues,
} from './waitlist-form';

const formFields = [
  'patientId',
  'appointmentTypeId',
  'practitionerId',
  'specialty',
  'earliestDate',
  'latestDate',
  'note',
] as const;

/**
 * Puts a patient on the current facility's waitlist: who, for which kind of visit, with
 * whom (a practitioner or anyone of a specialty) and between which dates. When a matching
 * slot frees up, the patient is offered it by e-mail or SMS.
 */
export function AddToWaitlistDialog(props: {
  opened: boolean;
  facilityId: string;
  today: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const add = useAddToWaitlist();
  const types = useAppointmentTypes();
  const practitioners = useSchedulingPractitioners();
  const [patient, setPatient] = useState<PatientSummary | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<WaitlistFormValues>({
    initialValues: initialWaitlistValues(props.today),
    validate: validateWaitlistForm(t, props.facilityId),
  });

  const specialties = useMemo(
    () =>
      [...new Set((practitioners.data ?? []).map((p) => p.specialty))].sort((a, b) =>
        a.localeCompare(b),
      ),
    [practitioners.data],
  );
  const typeOptions = (types.data ?? [])
    .filter((type) => type.isActive)
    .map((type) => ({
      value: type.id,
      label: t('waitlist:form.typeOption', { name: type.name, minutes: type.durationMinutes }),
    }));

  const close = () => {
    form.reset();
    setPatient(null);
    setFormError(null);
    add.reset();
    props.onClose();
  };

  const submit = form.onSubmit((values) => {
    setFormError(null);
    add.mutate(toWaitlistBody(values, props.facilityId), {
      onSuccess: (entry) => {
        notifications.show({
          message: t('waitlist:added', { patient: patientLabel(t, entry.patient) }),
        });
        close();
      },
      onError: (error) =>
        setFormError(
          error instanceof ApiError && error.code === 'resource.conflict'
            ? t('waitlist:form.errors.duplicate')
            : applyServerErrors(form, error, formFields),
        ),
    });
  });

  return (
    <Modal
      opened={props.opened}
      onClose={close}
      title={t('waitlist:form.title')}
      size="lg"
      closeButtonProps={{ 'aria-label': t('common:close') }}
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormAlert error={null} message={formError} />
          <div>
            <PatientPicker
              id="waitlist-patient"
              label={t('waitlist:form.patient')}
              description={t('waitlist:form.patientHint')}
              selected={patient}
              otherId={null}
              onSelect={(p) => {
                setPatient(p);
                form.setFieldValue('patientId', p?.id ?? '');
              }}
            />
            {form.errors.patientId ? (
              <Text size="sm" c="red" mt={4} role="alert">
                {form.errors.patientId}
              </Text>
            ) : null}
          </div>
          <Select
            label={t('waitlist:form.type')}
            placeholder={t('waitlist:form.typePlaceholder')}
            data={typeOptions}
            searchable
            required
            disabled={types.isPending}
            comboboxProps={{ withinPortal: true }}
            {...form.getInputProps('appointmentTypeId')}
            error={
              form.errors.appointmentTypeId ??
              (types.error ? describeError(types.error).message : undefined)
            }
          />
          <Stack gap={6}>
            <Text size="sm" fw={500} id="waitlist-target-label">
              {t('waitlist:form.target')}
            </Text>
            <SegmentedControl
              aria-labelledby="waitlist-target-label"
              data={[
                { value: 'practitioner', label: t('waitlist:form.targetPractitioner') },
                { value: 'specialty', label: t('waitlist:form.targetSpecialty') },
              ]}
              value={form.values.target}
              onChange={(v) => form.setFieldValue('target', v)}
            />
            {form.values.target === 'practitioner' ? (
              <PractitionerSelect
                label={t('waitlist:form.practitioner')}
                value={form.values.practitionerId || null}
                onChange={(id) => form.setFieldValue('practitionerId', id ?? '')}
                error={(form.errors.practitionerId as string | undefined) ?? null}
              />
            ) : (
              <Select
                label={t('waitlist:form.specialty')}
                placeholder={t('waitlist:form.specialtyPlaceholder')}
                data={specialties}
                searchable
                required
                comboboxProps={{ withinPortal: true }}
                {...form.getInputProps('specialty')}
              />
            )}
          </Stack>
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            <TextInput
              type="date"
              label={t('waitlist:form.earliestDate')}
              required
              min={props.today}
              {...form.getInputProps('earliestDate')}
            />
            <TextInput
              type="date"
              label={t('waitlist:form.latestDate')}
              required
              min={form.values.earliestDate || props.today}
              {...form.getInputProps('latestDate')}
            />
          </SimpleGrid>
          <TextInput
            label={t('waitlist:form.note')}
            description={t('waitlist:form.noteHint')}
            maxLength={500}
            {...form.getInputProps('note')}
          />
          <Group justify="flex-end">
            <FormButtons
              submitLabel={t('waitlist:form.submit')}
              isPending={add.isPending}
              onCancel={close}
            />
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

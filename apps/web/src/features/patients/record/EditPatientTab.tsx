import { useMemo, useState } from 'react';
import { Button, Group, Stack, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { Patient } from '@meridian/contracts';
import { FormAlert } from '../../../ui/FormAlert';
import { ConflictAlert } from '../../admin/ConflictAlert';
import { isVersionMismatch } from '../../admin/admin-forms';
import { patientToForm, toPatientBody, type PatientFormValues } from '../form/patient-form';
import { PatientFormFields } from '../form/PatientFormFields';
import { showPatientSubmitError, validatePatientForm } from '../form/patient-validation';
import { useUpdatePatient } from '../patients.api';
import { usePatientContext } from './PatientPage';

/** /patients/:id/edit. Keyed by version: a reload after a conflict starts from the new record. */
export function EditPatientTab() {
  const { patient, reload } = usePatientContext();
  return <EditPatientForm key={patient.version} patient={patient} reload={reload} />;
}

function EditPatientForm(props: { patient: Patient; reload: () => Promise<unknown> }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { patient } = props;
  const { values, kept } = useMemo(() => patientToForm(patient), [patient]);
  const update = useUpdatePatient(patient.id);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<PatientFormValues>({
    initialValues: values,
    validate: validatePatientForm(t, 'update', kept),
    validateInputOnBlur: true,
  });
  const isConflict = isVersionMismatch(update.error);
  const summaryPath = `/patients/${patient.id}`;

  const submit = form.onSubmit(
    (v) => {
      setFormError(null);
      update.mutate(
        // The version the form was filled from: a save over someone else's change is refused.
        { version: patient.version, body: toPatientBody(v, 'update', kept) },
        {
          onSuccess: () => {
            notifications.show({
              color: 'green',
              message: t('patients:edit.saved'),
              closeButtonProps: { 'aria-label': t('patients:closeMessage') },
            });
            void navigate(summaryPath);
          },
          onError: (error) => {
            if (!isVersionMismatch(error)) setFormError(showPatientSubmitError(t, form, error));
          },
        },
      );
    },
    () => setFormError(t('patients:form.fixErrors')),
  );

  return (
    <form onSubmit={submit} noValidate aria-labelledby="edit-patient-title">
      <Stack gap="md" maw={960}>
        <Title order={2} size="h3" id="edit-patient-title">
          {t('patients:edit.title')}
        </Title>
        <PatientFormFields
          form={form}
          ssnOnFile={patient.ssnMasked}
          practitionerOnFile={patient.primaryCarePractitioner}
        />
        <FormAlert error={null} message={formError} />
        {/* Beside the save button, where the person who pressed it is looking. */}
        {isConflict ? (
          <ConflictAlert
            message={t('patients:edit.conflict')}
            onReload={() => void props.reload()}
          />
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={() => void navigate(summaryPath)}>
            {t('common:cancel')}
          </Button>
          <Button type="submit" loading={update.isPending} disabled={isConflict}>
            {t('common:save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

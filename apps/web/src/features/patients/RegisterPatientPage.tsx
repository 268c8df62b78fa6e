import { useState } from 'react';
import { Box, Button, Grid, Group, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { CreatePatientInput, DuplicateCandidateRef } from '@meridian/contracts';
import { ApiError } from '../../app/api';
import { FormAlert } from '../../ui/FormAlert';
import { PageHeader } from '../../ui/PageHeader';
import { DuplicateDialog } from './duplicates/DuplicateDialog';
import { LiveDuplicatePanel } from './duplicates/LiveDuplicatePanel';
import { useLiveMatch } from './duplicates/useLiveMatch';
import { emptyPatientForm, toPatientBody, type PatientFormValues } from './form/patient-form';
import { PatientFormFields } from './form/PatientFormFields';
import { showPatientSubmitError, validatePatientForm } from './form/patient-validation';
import { listName } from './patient-format';
import { useCreatePatient } from './patients.api';

/** The records a 409 patient.likely_duplicate names, or null for any other error. */
function blockingDuplicates(error: unknown): DuplicateCandidateRef[] | null {
  if (!(error instanceof ApiError) || error.code !== 'patient.likely_duplicate') return null;
  return error.problem.candidates ?? [];
}

/**
 * /patients/new: register a patient. Possible duplicates show beside the form while it is
 * filled; if the server still finds a likely duplicate on save, registering needs a reason.
 */
export function RegisterPatientPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useCreatePatient();
  const [formError, setFormError] = useState<string | null>(null);
  const [blocking, setBlocking] = useState<DuplicateCandidateRef[] | null>(null);
  const form = useForm<PatientFormValues>({
    initialValues: emptyPatientForm(),
    validate: validatePatientForm(t, 'create'),
    validateInputOnBlur: true,
  });
  const live = useLiveMatch(form.values);

  const send = (body: CreatePatientInput) => {
    setFormError(null);
    create.mutate(body, {
      onSuccess: (patient) => {
        setBlocking(null);
        notifications.show({
          color: 'green',
          closeButtonProps: { 'aria-label': t('patients:closeMessage') },
          message: t('patients:register.saved', { name: listName(patient.name), mrn: patient.mrn }),
        });
        void navigate(`/patients/${patient.id}`);
      },
      onError: (error) => {
        const refs = blockingDuplicates(error);
        if (refs) setBlocking(refs);
        else {
          setBlocking(null);
          setFormError(showPatientSubmitError(t, form, error));
        }
      },
    });
  };

  const submit = form.onSubmit(
    (values) => send(toPatientBody(values, 'create')),
    () => setFormError(t('patients:form.fixErrors')),
  );

  return (
    <Stack gap="md">
      <PageHeader
        title={t('patients:register.title')}
        description={t('patients:register.description')}
      />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, sm: 7, lg: 8 }}>
          <form onSubmit={submit} noValidate aria-label={t('patients:register.title')}>
            <Stack gap="md">
              <PatientFormFields form={form} autoFocus />
              <FormAlert error={null} message={formError} />
              <Group justify="flex-end">
                <Button variant="default" onClick={() => void navigate('/patients')}>
                  {t('common:cancel')}
                </Button>
                <Button type="submit" loading={create.isPending && blocking === null}>
                  {t('patients:register.submit')}
                </Button>
              </Group>
            </Stack>
          </form>
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 5, lg: 4 }}>
          <Box pos="sticky" top={76}>
            <LiveDuplicatePanel live={live} />
          </Box>
        </Grid.Col>
      </Grid>
      <DuplicateDialog
        opened={blocking !== null}
        blocking={blocking ?? []}
        known={live.candidates}
        isPending={create.isPending}
        onCancel={() => setBlocking(null)}
        onConfirm={(reason) =>
          send({
            ...toPatientBody(form.values, 'create'),
            duplicateOverride: { reason, candidateIds: (blocking ?? []).map((c) => c.id) },
          })
        }
      />
    </Stack>
  );
}

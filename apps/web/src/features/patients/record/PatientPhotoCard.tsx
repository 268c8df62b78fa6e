import { useState } from 'react';
import {
  Alert,
  Button,
  Center,
  FileButton,
  Group,
  Image,
  Loader,
  Paper,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { IconTrash, IconUpload } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { imageContentTypes, type Patient } from '@meridian/contracts';
import { describeError } from '../../../ui/errors';
import { ConfirmModal } from '../../admin/ConfirmModal';
import { notifyDone } from '../../coverage/notify';
import {
  photoFileProblem,
  usePatientPhoto,
  usePhotoRevision,
  useRemovePhoto,
  useUploadPhoto,
} from '../patient-photo.api';

function PhotoPreview(props: { patient: Patient; revision: number }) {
  const { t } = useTranslation();
  const photo = usePatientPhoto(props.patient, props.revision);
  if (!props.patient.hasPhoto) {
    return (
      <Text size="sm" c="dimmed">
        {t('patients:photo.none')}
      </Text>
    );
  }
  if (photo.isPending) return <Loader size="sm" aria-label={t('common:loading')} />;
  if (photo.data) {
    return <Image src={photo.data} alt={t('patients:photo.alt')} fit="contain" mah={180} />;
  }
  return (
    <Text size="sm" c="red" role="alert">
      {t('patients:photo.loadFailed')}
    </Text>
  );
}

/** The patient's photo, with upload, replace and remove for staff who may edit the record. */
export function PatientPhotoCard(props: { patient: Patient }) {
  const { t } = useTranslation();
  const { patient } = props;
  const revision = usePhotoRevision(patient.id);
  const upload = useUploadPhoto(patient.id);
  const remove = useRemovePhoto(patient.id);
  const [fileProblem, setFileProblem] = useState<'type' | 'size' | null>(null);
  const [isConfirming, setConfirming] = useState(false);

  const choose = (file: File | null) => {
    if (!file) return;
    const problem = photoFileProblem(file);
    setFileProblem(problem);
    upload.reset();
    remove.reset();
    if (problem) return;
    upload.mutate(file, { onSuccess: () => notifyDone(t('patients:photo.uploaded')) });
  };
  const confirmRemove = () =>
    remove.mutate(undefined, {
      onSuccess: () => {
        setConfirming(false);
        notifyDone(t('patients:photo.removed'));
      },
    });

  return (
    <Paper withBorder p="md" radius="md" component="section">
      <Title order={2} size="h4" mb="sm">
        {t('patients:photo.title')}
      </Title>
      <Stack gap="sm">
        <Center mih={120} bg="var(--mantine-color-gray-0)">
          <PhotoPreview patient={patient} revision={revision} />
        </Center>
        {fileProblem ? (
          <Alert color="red" role="alert">
            {t(`patients:photo.problem.${fileProblem}`)}
          </Alert>
        ) : null}
        {upload.error ? (
          <Alert color="red" role="alert">
            {describeError(upload.error).message}
          </Alert>
        ) : null}
        <Group gap="sm">
          <FileButton onChange={choose} accept={imageContentTypes.join(',')}>
            {(buttonProps) => (
              <Button
                {...buttonProps}
                variant="light"
                leftSection={<IconUpload size={16} aria-hidden />}
                loading={upload.isPending}
              >
                {patient.hasPhoto ? t('patients:photo.replace') : t('patients:photo.upload')}
              </Button>
            )}
          </FileButton>
          {patient.hasPhoto ? (
            <Button
              variant="subtle"
              color="red"
              leftSection={<IconTrash size={16} aria-hidden />}
              onClick={() => {
                remove.reset();
                setConfirming(true);
              }}
            >
              {t('patients:photo.remove')}
            </Button>
          ) : null}
        </Group>
        <Text size="xs" c="dimmed">
          {t('patients:photo.hint')}
        </Text>
      </Stack>
      <ConfirmModal
        opened={isConfirming}
        title={t('patients:photo.confirmTitle')}
        confirmLabel={t('patients:photo.remove')}
        isPending={remove.isPending}
        error={remove.error ? describeError(remove.error).message : null}
        onConfirm={confirmRemove}
        onClose={() => setConfirming(false)}
      >
        {t('patients:photo.confirmBody')}
      </ConfirmModal>
    </Paper>
  );
}

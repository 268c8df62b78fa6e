import { useState } from 'react';
import {
  Alert,
  Button,
  Center,
  FileButton,
  Image,
  Loader,
  Modal,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { notifyDone } from './notify';
import { IconUpload } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { imageContentTypes, maxImageBytes } from '@meridian/contracts';
import type { Coverage } from '@meridian/contracts';
import { coverageErrorMessage } from './form-errors';
import { useCardImage, useUploadCard, type CardSide } from './coverage.api';

/** Why a file cannot be a card image, or null when it can (the server checks again). */
export function cardFileProblem(file: File): 'type' | 'size' | null {
  if (!(imageContentTypes as readonly string[]).includes(file.type)) return 'type';
  if (file.size > maxImageBytes) return 'size';
  return null;
}

/** The front and back of the insurance card: previews, and upload or replace of each side. */
export function CardImagesModal(props: {
  coverage: Coverage;
  canEdit: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      opened
      closeButtonProps={{ 'aria-label': t('common:close') }}
      onClose={props.onClose}
      size="xl"
      title={t('coverage:card.title', { payer: props.coverage.payer.name })}
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        {(['front', 'back'] as const).map((side) => (
          <CardSideView key={side} coverage={props.coverage} side={side} canEdit={props.canEdit} />
        ))}
      </SimpleGrid>
    </Modal>
  );
}

function CardSideView(props: { coverage: Coverage; side: CardSide; canEdit: boolean }) {
  const { t } = useTranslation();
  const { coverage, side } = props;
  const hasImage = side === 'front' ? coverage.hasCardFront : coverage.hasCardBack;
  const image = useCardImage(coverage, side, hasImage);
  const upload = useUploadCard(coverage);
  const [fileProblem, setFileProblem] = useState<'type' | 'size' | null>(null);
  const sideLabel = t(`coverage:card.${side}`);

  const choose = (file: File | null) => {
    if (!file) return;
    const problem = cardFileProblem(file);
    setFileProblem(problem);
    upload.reset();
    if (problem) return;
    upload.mutate(
      { side, file },
      {
        onSuccess: () => notifyDone(t(`coverage:card.uploaded.${side}`)),
      },
    );
  };

  return (
    <Paper withBorder p="sm">
      <Stack gap="sm">
        <Title order={3} size="h5">
          {sideLabel}
        </Title>
        <Center mih={160} bg="var(--mantine-color-gray-0)">
          {!hasImage ? (
            <Text size="sm" c="dimmed">
              {t('coverage:card.none')}
            </Text>
          ) : image.isPending ? (
            <Loader size="sm" aria-label={t('common:loading')} />
          ) : image.data ? (
            <Image
              src={image.data}
              alt={t('coverage:card.alt', { side: sideLabel, payer: coverage.payer.name })}
              fit="contain"
              mah={260}
            />
          ) : (
            <Text size="sm" c="red" role="alert">
              {t('coverage:card.loadFailed')}
            </Text>
          )}
        </Center>
        {fileProblem ? (
          <Alert color="red" role="alert">
            {t(`coverage:card.problem.${fileProblem}`)}
          </Alert>
        ) : null}
        {upload.error ? (
          <Alert color="red" role="alert">
            {coverageErrorMessage(t, upload.error)}
          </Alert>
        ) : null}
        {props.canEdit ? (
          <FileButton onChange={choose} accept={imageContentTypes.join(',')}>
            {(buttonProps) => (
              <Button
                {...buttonProps}
                variant="light"
                leftSection={<IconUpload size={16} aria-hidden />}
                loading={upload.isPending}
              >
                {hasImage ? t(`coverage:card.replace.${side}`) : t(`coverage:card.upload.${side}`)}
              </Button>
            )}
          </FileButton>
        ) : null}
        {props.canEdit ? (
          <Text size="xs" c="dimmed">
            {t('coverage:card.hint')}
          </Text>
        ) : null}
      </Stack>
    </Paper>
  );
}

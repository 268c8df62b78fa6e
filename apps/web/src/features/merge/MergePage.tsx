import { useState } from 'react';
import type { TFunction } from 'i18next';
import {
  Alert,
  Anchor,
  Button,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { IconArrowsLeftRight, IconCircleCheck } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { singleLine } from '@meridian/contracts';
import type { PatientSummary } from '@meridian/contracts';
import { ApiError } from '../../app/api';
import { describeError } from '../../ui/errors';
import { PageHeader } from '../../ui/PageHeader';
import { QueryState } from '../../ui/QueryState';
import { ConfirmModal } from '../admin/ConfirmModal';
import { MergePreviewPanel } from './MergePreviewPanel';
import { PatientPicker } from './PatientPicker';
import {
  useMergePatients,
  useMergePreview,
  type MergePreview,
  type MergeResult,
} from './merge.api';
import { formatName } from './patient-display';

const reasonSchema = singleLine(500);

/** Refusals that mean the preview is out of date: reload it so the reader sees why. */
const previewStaleCodes = new Set(['patient.merge_conflict', 'resource.version_mismatch']);

function mergeErrorMessage(t: TFunction, error: unknown): string {
  const fallback = describeError(error).message;
  if (!(error instanceof ApiError)) return fallback;
  const detail = error.problem.errors?.map((e) => e.message).join(' ');
  return t(`merge:errors.${error.code}`, { defaultValue: detail || fallback });
}

/**
 * /admin/merge: an administrator retires a duplicate record into the surviving one. Pick
 * both, read the preview (differences, what moves, what blocks), give a reason, confirm.
 */
export function MergePage() {
  const { t } = useTranslation();
  const [duplicate, setDuplicate] = useState<PatientSummary | null>(null);
  const [survivor, setSurvivor] = useState<PatientSummary | null>(null);
  const [result, setResult] = useState<MergeResult | null>(null);

  const startOver = () => {
    setDuplicate(null);
    setSurvivor(null);
    setResult(null);
  };

  return (
    <Stack gap="md">
      <PageHeader title={t('merge:title')} description={t('merge:description')} />
      {result ? (
        <MergeDone result={result} onAgain={startOver} />
      ) : (
        <>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <PatientPicker
              id="merge-duplicate"
              label={t('merge:picker.duplicate')}
              description={t('merge:picker.duplicateHint')}
              selected={duplicate}
              otherId={survivor?.id ?? null}
              onSelect={setDuplicate}
            />
            <PatientPicker
              id="merge-survivor"
              label={t('merge:picker.survivor')}
              description={t('merge:picker.survivorHint')}
              selected={survivor}
              otherId={duplicate?.id ?? null}
              onSelect={setSurvivor}
            />
          </SimpleGrid>
          {duplicate && survivor ? (
            <>
              <Group justify="center">
                <Button
                  variant="default"
                  leftSection={<IconArrowsLeftRight size={16} aria-hidden />}
                  onClick={() => {
                    setDuplicate(survivor);
                    setSurvivor(duplicate);
                  }}
                >
                  {t('merge:swap')}
                </Button>
              </Group>
              <MergeStep
                key={`${duplicate.id}:${survivor.id}`}
                survivorId={survivor.id}
                duplicateId={duplicate.id}
                onMerged={setResult}
              />
            </>
          ) : (
            <Text c="dimmed">{t('merge:pickBoth')}</Text>
          )}
        </>
      )}
    </Stack>
  );
}

/** The preview of one pair, the reason, and the confirmed merge. */
function MergeStep(props: {
  survivorId: string;
  duplicateId: string;
  onMerged: (result: MergeResult) => void;
}) {
  const preview = useMergePreview(props.survivorId, props.duplicateId);
  return (
    <QueryState query={preview}>
      {(data) => (
        <Stack gap="md">
          <MergePreviewPanel preview={data} />
          <MergeForm
            preview={data}
            onStale={() => void preview.refetch()}
            onMerged={props.onMerged}
          />
        </Stack>
      )}
    </QueryState>
  );
}

function MergeForm(props: {
  preview: MergePreview;
  onStale: () => void;
  onMerged: (result: MergeResult) => void;
}) {
  const { t } = useTranslation();
  const { preview } = props;
  const merge = useMergePatients();
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [isConfirming, setConfirming] = useState(false);
  const isBlocked = preview.conflicts.length > 0;
  // A reload that brings conflicts closes the dialog: the page then says what blocks.
  const isDialogOpen = isConfirming && !isBlocked;
  const duplicateName = formatName(preview.duplicate.name) ?? preview.duplicate.mrn;
  const survivorName = formatName(preview.survivor.name) ?? preview.survivor.mrn;

  const askToConfirm = () => {
    const parsed = reasonSchema.safeParse(reason);
    if (!parsed.success) {
      setReasonError(reason.trim() ? t('merge:reason.tooLong') : t('merge:reason.required'));
      return;
    }
    setReasonError(null);
    merge.reset();
    setConfirming(true);
  };

  const confirm = () =>
    merge.mutate(
      {
        survivorId: preview.survivor.id,
        duplicateId: preview.duplicate.id,
        survivorVersion: preview.survivor.version,
        duplicateVersion: preview.duplicate.version,
        reason: reason.trim(),
      },
      {
        onSuccess: (result) => {
          setConfirming(false);
          props.onMerged(result);
        },
        onError: (error) => {
          if (error instanceof ApiError && previewStaleCodes.has(error.code)) props.onStale();
        },
      },
    );

  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <TextInput
          label={t('merge:reason.label')}
          description={t('merge:reason.hint')}
          required
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={reasonError}
          disabled={isBlocked}
        />
        {merge.error && !isDialogOpen ? (
          <Alert color="red" role="alert">
            {mergeErrorMessage(t, merge.error)}
          </Alert>
        ) : null}
        {isBlocked ? (
          <Text size="sm" c="red">
            {t('merge:blocked')}
          </Text>
        ) : null}
        <Group justify="flex-end">
          <Button color="red" disabled={isBlocked} onClick={askToConfirm}>
            {t('merge:mergeButton')}
          </Button>
        </Group>
      </Stack>
      <ConfirmModal
        opened={isDialogOpen}
        title={t('merge:confirm.title')}
        confirmLabel={t('merge:confirm.button')}
        isPending={merge.isPending}
        error={merge.error ? mergeErrorMessage(t, merge.error) : null}
        onConfirm={confirm}
        onClose={() => setConfirming(false)}
      >
        <Stack gap="xs">
          <Text size="sm">
            {t('merge:confirm.retire', { mrn: preview.duplicate.mrn, name: duplicateName })}
          </Text>
          <Text size="sm">
            {t('merge:confirm.alias', {
              mrn: preview.duplicate.mrn,
              name: survivorName,
              survivorMrn: preview.survivor.mrn,
            })}
          </Text>
          <Text size="sm" fw={600}>
            {t('merge:confirm.final')}
          </Text>
        </Stack>
      </ConfirmModal>
    </Paper>
  );
}

function MergeDone(props: { result: MergeResult; onAgain: () => void }) {
  const { t } = useTranslation();
  const { survivor } = props.result;
  const moved = Object.values(props.result.moved).reduce((a, b) => a + b, 0);
  return (
    <Alert
      color="green"
      icon={<IconCircleCheck size={20} aria-hidden />}
      title={t('merge:done.title')}
      role="status"
    >
      <Stack gap="sm" align="flex-start">
        <Text size="sm">
          {t('merge:done.retired', {
            mrn: props.result.retiredMrn,
            name: formatName(survivor.name) ?? survivor.mrn,
            survivorMrn: survivor.mrn,
          })}
        </Text>
        <Text size="sm">{t('merge:done.moved', { count: moved })}</Text>
        <Group>
          <Anchor component={Link} to={`/patients/${survivor.id}`}>
            {t('merge:done.open', { name: formatName(survivor.name) ?? survivor.mrn })}
          </Anchor>
          <Button variant="default" size="xs" onClick={props.onAgain}>
            {t('merge:done.again')}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

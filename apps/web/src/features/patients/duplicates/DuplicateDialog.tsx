import { useState } from 'react';
import { Button, Group, Modal, Paper, Stack, Text, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { DuplicateCandidateRef, MatchCandidate } from '@meridian/contracts';
import { BandBadge, DuplicateCandidates } from './DuplicateCandidates';

/**
 * The server refused to register over a likely duplicate. Lists the records that blocked
 * it (with details from the live check where we have them) and registers anyway only with
 * a reason, which the server audits.
 */
export function DuplicateDialog(props: {
  opened: boolean;
  blocking: DuplicateCandidateRef[];
  /** The latest live check's candidates, for names and reasons. */
  known: MatchCandidate[];
  isPending: boolean;
  onCancel: () => void;
  onConfirm: (reason: string) => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const detailed = props.blocking
    .map((ref) => props.known.find((c) => c.patient.id === ref.id))
    .filter((c): c is MatchCandidate => c !== undefined);
  const bare = props.blocking.filter((ref) => !detailed.some((c) => c.patient.id === ref.id));

  const confirm = () => {
    const trimmed = reason.trim();
    if (trimmed.length === 0) {
      setError(t('patients:duplicate.reasonRequired'));
      return;
    }
    setError(null);
    props.onConfirm(trimmed);
  };

  return (
    <Modal
      opened={props.opened}
      onClose={props.onCancel}
      closeButtonProps={{ 'aria-label': t('patients:closeDialog') }}
      title={t('patients:duplicate.title')}
      size="lg"
    >
      <Stack gap="sm">
        <Text size="sm">{t('patients:duplicate.body', { count: props.blocking.length })}</Text>
        {detailed.length > 0 ? <DuplicateCandidates candidates={detailed} /> : null}
        {bare.map((ref) => (
          <Paper key={ref.id} withBorder p="sm" radius="md">
            <Group justify="space-between">
              <Text size="sm">{t('patients:mrnValue', { mrn: ref.mrn })}</Text>
              <BandBadge band={ref.band} />
            </Group>
          </Paper>
        ))}
        <Textarea
          label={t('patients:duplicate.reason')}
          description={t('patients:duplicate.reasonHint')}
          required
          rows={3}
          maxLength={500}
          data-autofocus
          value={reason}
          error={error}
          // The reason is one line for the audit trail: Enter confirms, newlines never enter.
          onChange={(e) => setReason(e.currentTarget.value.replace(/[\r\n]+/g, ' '))}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              confirm();
            }
          }}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onCancel}>
            {t('patients:duplicate.back')}
          </Button>
          <Button color="red.9" loading={props.isPending} onClick={confirm}>
            {t('patients:duplicate.registerAnyway')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

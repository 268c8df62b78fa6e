import { useState, type FormEvent } from 'react';
import { Modal, Stack, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { BoardBed } from '@meridian/contracts';
import { FormButtons, FormError } from '../../admin/FormParts';
import { describeStayError } from '../stays/stay-errors';
import { instantOfLocalDateTime } from '../stays/stay-time';
import { useChangeBedState } from './board.api';

/**
 * Takes a bed out of service with the reason (required) and, when known, the time it is
 * expected back, at the version the card showed.
 */
export function BlockBedDialog(props: {
  bed: BoardBed | null;
  timeZone: string;
  onClose: () => void;
  onBlocked: (bed: BoardBed) => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={props.bed !== null}
      onClose={props.onClose}
      title={props.bed ? t('beds:block.title', { bed: props.bed.code }) : ''}
      closeButtonProps={{ 'aria-label': t('common:close') }}
    >
      {props.bed ? (
        <BlockForm
          key={props.bed.id}
          bed={props.bed}
          timeZone={props.timeZone}
          onClose={props.onClose}
          onBlocked={props.onBlocked}
        />
      ) : null}
    </Modal>
  );
}

function BlockForm(props: {
  bed: BoardBed;
  timeZone: string;
  onClose: () => void;
  onBlocked: (bed: BoardBed) => void;
}) {
  const { t } = useTranslation();
  const change = useChangeBedState();
  const [reason, setReason] = useState('');
  const [until, setUntil] = useState('');
  const [errors, setErrors] = useState<{ reason?: string; until?: string }>({});

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const expectedUntil = until ? instantOfLocalDateTime(until, props.timeZone) : null;
    const found = {
      ...(reason.trim() ? {} : { reason: t('beds:block.errors.reason') }),
      ...(until && !expectedUntil ? { until: t('beds:block.errors.until') } : {}),
    };
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    change.mutate(
      { bed: props.bed, body: { action: 'block', reason: reason.trim(), expectedUntil } },
      { onSuccess: () => props.onBlocked(props.bed) },
    );
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <TextInput
          label={t('beds:block.reason')}
          description={t('beds:block.reasonDescription')}
          required
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={errors.reason}
          maxLength={200}
          data-autofocus
        />
        <TextInput
          type="datetime-local"
          label={t('beds:block.until')}
          description={t('beds:block.untilDescription', { timeZone: props.timeZone })}
          value={until}
          onChange={(e) => setUntil(e.currentTarget.value)}
          error={errors.until}
        />
        <FormError message={change.error ? describeStayError(change.error) : null} />
        <FormButtons
          submitLabel={t('beds:block.submit')}
          color="red.9"
          isPending={change.isPending}
          onCancel={props.onClose}
        />
      </Stack>
    </form>
  );
}

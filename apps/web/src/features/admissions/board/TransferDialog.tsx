import { useState, type FormEvent } from 'react';
import { Modal, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { levelOfCare, type BedBoard, type BoardBed, type BoardWard } from '@meridian/contracts';
import { ApiError } from '../../../app/api';
import { FormButtons, FormError } from '../../admin/FormParts';
import { bedLabel } from '../stays/BedSelect';
import { describeStayError } from '../stays/stay-errors';
import { useTransferPatient } from './board.api';
import { moveTargets } from './board-view';

export interface TransferRequest {
  from: { ward: BoardWard; bed: BoardBed };
  /** The bed dropped on; null from the keyboard ("Move to bed…"), chosen in the dialog. */
  toBedId: string | null;
}

/**
 * Confirms a move of a patient to another bed (or ward), with the reason and, if it
 * changes, the level of care. A refusal (the bed just taken, 409) stays in the dialog beside
 * a bed list refreshed from the board, so another bed can be chosen at once.
 */
export function TransferDialog(props: {
  request: TransferRequest | null;
  board: BedBoard;
  onClose: () => void;
  onMoved: (toBedCode: string) => void;
}) {
  const { t } = useTranslation();
  const { request } = props;
  return (
    <Modal
      opened={request !== null}
      onClose={props.onClose}
      title={t('beds:transfer.title')}
      closeButtonProps={{ 'aria-label': t('common:close') }}
    >
      {request ? (
        // Keyed so each request starts with a fresh form.
        <TransferForm
          key={`${request.from.bed.id}:${request.toBedId ?? ''}`}
          request={request}
          board={props.board}
          onClose={props.onClose}
          onMoved={props.onMoved}
        />
      ) : null}
    </Modal>
  );
}

function TransferForm(props: {
  request: TransferRequest;
  board: BedBoard;
  onClose: () => void;
  onMoved: (toBedCode: string) => void;
}) {
  const { t } = useTranslation();
  const { from } = props.request;
  const occupant = from.bed.occupant;
  const transfer = useTransferPatient();
  const [toBedId, setToBedId] = useState(props.request.toBedId ?? '');
  const [reason, setReason] = useState('');
  const [level, setLevel] = useState('');
  const [errors, setErrors] = useState<{ bed?: string; reason?: string }>({});

  const groups = moveTargets(props.board);
  const target = groups.flatMap((g) => g.beds).find((b) => b.id === toBedId) ?? null;
  const options = groups.map((g) => ({
    group: g.ward.name,
    items: g.beds.map((b) => ({
      value: b.id,
      label: bedLabel(t, g.ward.name, b.roomCode, b.code),
    })),
  }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = {
      ...(target ? {} : { bed: t('beds:transfer.errors.bed') }),
      ...(reason.trim() ? {} : { reason: t('beds:transfer.errors.reason') }),
    };
    setErrors(found);
    if (!target || !occupant || Object.keys(found).length > 0) return;
    transfer.mutate(
      {
        stayId: occupant.stayId,
        body: {
          bedId: target.id,
          reason: reason.trim(),
          ...(level ? { levelOfCare: levelOfCare.parse(level) } : {}),
        },
      },
      { onSuccess: () => props.onMoved(target.code) },
    );
  };

  const failure = transfer.error
    ? `${describeStayError(transfer.error)}${
        transfer.error instanceof ApiError && transfer.error.status === 409
          ? ` ${t('beds:boardRefreshed')}`
          : ''
      }`
    : null;

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text size="sm">
          <Text span fw={600}>
            {t('beds:transfer.patient')}:{' '}
          </Text>
          {occupant?.restricted || !occupant?.displayName
            ? t('beds:card.restricted')
            : occupant.displayName}
          <br />
          <Text span fw={600}>
            {t('beds:transfer.from')}:{' '}
          </Text>
          {bedLabel(t, from.ward.name, from.bed.roomCode, from.bed.code)}
        </Text>
        <NativeSelect
          label={t('beds:transfer.to')}
          required
          value={target ? target.id : ''}
          onChange={(e) => setToBedId(e.currentTarget.value)}
          data={[{ value: '', label: t('beds:transfer.toPlaceholder') }, ...options]}
          error={errors.bed ?? (groups.length === 0 ? t('beds:transfer.noTargets') : undefined)}
        />
        <TextInput
          label={t('beds:transfer.reason')}
          required
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={errors.reason}
          maxLength={500}
          data-autofocus
        />
        <NativeSelect
          label={t('beds:transfer.levelOfCare')}
          value={level}
          onChange={(e) => setLevel(e.currentTarget.value)}
          data={[
            {
              value: '',
              label: t('beds:transfer.keepLevel', {
                level: occupant ? t(`admissions:levelOfCare.${occupant.levelOfCare}`) : '',
              }),
            },
            ...levelOfCare.options
              .filter((l) => l !== occupant?.levelOfCare)
              .map((l) => ({ value: l, label: t(`admissions:levelOfCare.${l}`) })),
          ]}
        />
        <FormError message={failure} />
        <FormButtons
          submitLabel={t('beds:transfer.submit')}
          isPending={transfer.isPending}
          onCancel={props.onClose}
        />
      </Stack>
    </form>
  );
}

import { useEffect } from 'react';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import type { BoardBed } from '@meridian/contracts';
import { describeError } from '../../../ui/errors';
import { AdmitDialog, DischargeDialog, StayDrawer } from '../stays';
import { useStay } from '../stays/stays.api';

/** What a bed card asks of the stays feature. */
export type StayRequest =
  | { kind: 'admit'; bed: BoardBed }
  | { kind: 'open'; stayId: string }
  | { kind: 'discharge'; stayId: string };

/**
 * The stays feature's dialogs, opened from the board: admit into a bed, the stay's drawer,
 * and discharge (which needs the stay itself, fetched here; the board carries its id only).
 */
export function StayDialogs(props: {
  facilityId: string;
  request: StayRequest | null;
  onClose: () => void;
}) {
  const { request } = props;
  return (
    <>
      <AdmitDialog
        facilityId={props.facilityId}
        bed={request?.kind === 'admit' ? request.bed : null}
        opened={request?.kind === 'admit'}
        onClose={props.onClose}
      />
      <StayDrawer
        stayId={request?.kind === 'open' ? request.stayId : null}
        opened={request?.kind === 'open'}
        onClose={props.onClose}
      />
      <DischargeFromBoard
        stayId={request?.kind === 'discharge' ? request.stayId : null}
        onClose={props.onClose}
      />
    </>
  );
}

function DischargeFromBoard(props: { stayId: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const stay = useStay(props.stayId);
  const { onClose } = props;
  const failed = props.stayId !== null && stay.isError;
  useEffect(() => {
    if (!failed) return;
    notifications.show({
      color: 'red',
      message: describeError(stay.error).message,
      closeButtonProps: { 'aria-label': t('common:close') },
    });
    onClose();
  }, [failed, stay.error, onClose, t]);
  if (props.stayId === null || !stay.data) return null;
  return <DischargeDialog stay={stay.data} opened onClose={props.onClose} />;
}

import { notifyDone } from '../coverage/notify';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { isVersionMismatch } from '../admin/admin-forms';
import { ConfirmModal } from '../admin/ConfirmModal';
import { coverageErrorMessage } from '../coverage/form-errors';

interface Toggleable {
  name: string;
  isActive: boolean;
}

/**
 * Confirms retiring (or bringing back) a payer or a plan. `save` sends the flip at the
 * target's version; after a conflict the caller's list reloads, so `target` is current and
 * confirming again applies to what the reader now sees.
 */
export function ToggleActiveModal<T extends Toggleable>(props: {
  kind: 'payers' | 'plans';
  target: T | null;
  save: (target: T) => Promise<Toggleable>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const toggle = useMutation({ mutationFn: props.save });
  const { kind, target } = props;
  const close = () => {
    toggle.reset();
    props.onClose();
  };
  const name = target?.name ?? '';
  const verb = target?.isActive ? 'deactivate' : 'reactivate';

  return (
    <ConfirmModal
      opened={!!target}
      title={t(`coverage:${kind}.${verb}Title`, { name })}
      confirmLabel={t(`coverage:common.${verb}`)}
      // Filled green fails AA contrast with white text; the primary colour passes.
      color={target?.isActive ? 'red' : 'meridian'}
      isPending={toggle.isPending}
      error={
        toggle.error
          ? isVersionMismatch(toggle.error)
            ? t('coverage:common.conflictReloaded')
            : coverageErrorMessage(t, toggle.error)
          : null
      }
      onConfirm={() => {
        if (!target) return;
        toggle.mutate(target, {
          onSuccess: (saved) => {
            notifyDone(
              t(`coverage:${kind}.${saved.isActive ? 'reactivated' : 'deactivated'}`, {
                name: saved.name,
              }),
            );
            close();
          },
        });
      }}
      onClose={close}
    >
      {t(`coverage:${kind}.${verb}Explain`)}
    </ConfirmModal>
  );
}

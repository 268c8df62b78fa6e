import { Button } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorMessage, isVersionMismatch } from './admin-forms';
import { ConfirmModal } from './ConfirmModal';

interface Toggleable {
  name: string;
  isActive: boolean;
}

/**
 * Confirms deactivating (or reactivating) a facility or department. `save` sends the flip at
 * the target's version; after a conflict the caller's list reloads, so `target` is current
 * and confirming again applies to what the reader now sees.
 */
export function ActiveToggleModal<T extends Toggleable>(props: {
  kind: 'facilities' | 'departments';
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

  return (
    <ConfirmModal
      opened={!!target}
      title={
        target?.isActive
          ? t(`admin:${kind}.deactivateTitle`, { name })
          : t(`admin:${kind}.reactivateTitle`, { name })
      }
      confirmLabel={target?.isActive ? t('admin:common.deactivate') : t('admin:common.reactivate')}
      color={target?.isActive ? 'red' : 'green'}
      isPending={toggle.isPending}
      error={
        toggle.error
          ? isVersionMismatch(toggle.error)
            ? t('admin:common.conflictReloaded')
            : errorMessage(t, toggle.error)
          : null
      }
      onConfirm={() => {
        if (!target) return;
        toggle.mutate(target, {
          onSuccess: (saved) => {
            notifications.show({
              color: 'green',
              message: saved.isActive
                ? t(`admin:${kind}.reactivated`, { name: saved.name })
                : t(`admin:${kind}.deactivated`, { name: saved.name }),
            });
            close();
          },
        });
      }}
      onClose={close}
    >
      {target?.isActive
        ? t(`admin:${kind}.deactivateExplain`)
        : t(`admin:${kind}.reactivateExplain`)}
    </ConfirmModal>
  );
}

/** The row action that opens the modal: "Deactivate" in red, or "Reactivate" in green. */
export function ActiveToggleButton(props: { isActive: boolean; onClick: () => void }) {
  const { t } = useTranslation();
  return (
    <Button
      size="compact-sm"
      variant="subtle"
      color={props.isActive ? 'red' : 'green'}
      onClick={props.onClick}
    >
      {props.isActive ? t('admin:common.deactivate') : t('admin:common.reactivate')}
    </Button>
  );
}

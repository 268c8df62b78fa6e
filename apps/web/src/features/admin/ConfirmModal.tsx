import type { ReactNode } from 'react';
import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Asks before a destructive or hard-to-undo action; shows the failure if it is refused. */
export function ConfirmModal(props: {
  opened: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  color?: string;
  isPending: boolean;
  error: string | null;
  /** Extra controls beside the error, e.g. "Reload" after a version conflict. */
  errorAction?: ReactNode;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title={props.title}
      centered
      closeButtonProps={{ 'aria-label': t('common:close') }}
    >
      <Stack>
        {typeof props.children === 'string' ? (
          <Text size="sm">{props.children}</Text>
        ) : (
          props.children
        )}
        {props.error ? (
          <Alert color="red" role="alert">
            <Stack gap="xs" align="flex-start">
              <Text size="sm">{props.error}</Text>
              {props.errorAction}
            </Stack>
          </Alert>
        ) : null}
        <Group justify="flex-end">
          {/* Focus starts on Cancel: Enter on an opened confirmation must not destroy. */}
          <Button variant="default" onClick={props.onClose} data-autofocus>
            {t('common:cancel')}
          </Button>
          <Button color={props.color ?? 'red'} loading={props.isPending} onClick={props.onConfirm}>
            {props.confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

import { notifications } from '@mantine/notifications';
import { i18next } from '../../app/i18n';

/** A green "done" toast whose close button has a name (axe: button-name). */
export function notifyDone(message: string): void {
  notifications.show({
    color: 'green',
    message,
    closeButtonProps: { 'aria-label': i18next.t('common:close') },
  });
}

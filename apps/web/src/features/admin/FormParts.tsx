import { Alert, Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** The message of a failed submit that belongs to no single field. */
export function FormError(props: { message: string | null }) {
  return props.message ? (
    <Alert color="red" role="alert">
      {props.message}
    </Alert>
  ) : null;
}

/** Cancel and submit, at the end of a form. */
export function FormButtons(props: {
  submitLabel: string;
  isPending: boolean;
  onCancel: () => void;
  color?: string;
  isDisabled?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Group justify="flex-end">
      <Button variant="default" onClick={props.onCancel}>
        {t('common:cancel')}
      </Button>
      <Button
        type="submit"
        color={props.color}
        loading={props.isPending}
        disabled={props.isDisabled}
      >
        {props.submitLabel}
      </Button>
    </Group>
  );
}

import type { ReactNode } from 'react';
import { Button, Group, Modal, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api';
import { FormAlert } from '../../ui/FormAlert';
import { describeError } from '../../ui/errors';
import { placeAuthFieldErrors } from '../auth/server-errors';
import { PasswordField } from '../../ui/PasswordField';

/**
 * Confirms a change to one's own second factor (new recovery codes, TOTP off) with the
 * password typed again: the server asks for it so a stolen session alone cannot make one.
 */
export function ConfirmSecurityModal<T>(props: {
  opened: boolean;
  onClose: () => void;
  title: string;
  children: ReactNode;
  submitLabel: string;
  danger?: boolean;
  action: (password: string) => Promise<T>;
  onDone: (result: T) => void;
}) {
  const { t } = useTranslation();
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { password: '' },
    validate: {
      password: (v) => (v ? null : t('auth:password.currentRequired')),
    },
  });
  const mutation = useMutation({
    mutationFn: (values: { password: string }) => props.action(values.password),
    onSuccess: (result) => {
      form.reset();
      props.onDone(result);
    },
    onError: (error) => {
      if (placeAuthFieldErrors(form, error, ['password'])) return;
      if (error instanceof ApiError && error.code === 'auth.password_incorrect') {
        form.setFieldError('password', describeError(error).message);
      }
    },
  });
  const close = () => {
    form.reset();
    mutation.reset();
    props.onClose();
  };
  const showAlert =
    mutation.error &&
    !(mutation.error instanceof ApiError && mutation.error.code === 'auth.password_incorrect');

  return (
    <Modal opened={props.opened} onClose={close} title={props.title}>
      <form noValidate onSubmit={form.onSubmit((values) => mutation.mutate(values))}>
        <Stack gap="md">
          {props.children}
          {showAlert ? <FormAlert error={mutation.error} /> : null}
          <PasswordField
            label={t('account:confirm.password')}
            autoComplete="current-password"
            data-autofocus
            key={form.key('password')}
            {...form.getInputProps('password')}
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close}>
              {t('common:cancel')}
            </Button>
            <Button
              type="submit"
              color={props.danger ? 'red' : undefined}
              loading={mutation.isPending}
            >
              {props.submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

import { useState } from 'react';
import { Modal, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { passwordMaxLength, passwordMinLength } from '@meridian/contracts';
import type { User } from '@meridian/contracts';
import { zodValidate } from '../../ui/validation';
import { FormButtons, FormError } from './FormParts';
import { showSubmitError } from './admin-forms';
import { PasswordField } from './PasswordField';
import { useResetPassword } from './users.api';

const resetPasswordForm = z.object({
  newPassword: z.string().min(passwordMinLength).max(passwordMaxLength),
});

/** Sets a temporary password; the user has to choose their own at the next sign-in. */
export function ResetPasswordModal(props: { user: User; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const reset = useResetPassword(props.user.id);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { newPassword: '' },
    validate: zodValidate<{ newPassword: string }>(resetPasswordForm),
  });

  const close = () => {
    form.reset();
    setFormError(null);
    reset.reset();
    props.onClose();
  };

  const submit = form.onSubmit((values) => {
    setFormError(null);
    reset.mutate(values, {
      onSuccess: () => {
        notifications.show({
          color: 'green',
          message: t('admin:resetPassword.done', { name: props.user.displayName }),
        });
        close();
      },
      onError: (error) =>
        setFormError(
          showSubmitError(t, form, error, ['newPassword'], {
            'auth.password_policy': 'newPassword',
          }),
        ),
    });
  });

  return (
    <Modal opened={props.opened} onClose={close} title={t('admin:resetPassword.title')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">
            {t('admin:resetPassword.explain', { name: props.user.displayName })}
          </Text>
          <FormError message={formError} />
          <PasswordField
            label={t('admin:resetPassword.newPassword')}
            value={form.values.newPassword}
            error={form.errors.newPassword}
            onChange={(value) => form.setFieldValue('newPassword', value)}
          />
          <FormButtons
            submitLabel={t('admin:resetPassword.submit')}
            isPending={reset.isPending}
            onCancel={close}
            color="orange"
          />
        </Stack>
      </form>
    </Modal>
  );
}

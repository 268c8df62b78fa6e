import { useState } from 'react';
import { Button, List, Stack, Text, ThemeIcon } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconCheck, IconCircleDashed } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { passwordMaxLength, passwordMinLength } from '@meridian/contracts';
import { ApiError } from '../../app/api';
import { authApi } from '../../app/auth/auth.api';
import { FormAlert } from '../../ui/FormAlert';
import { describeError } from '../../ui/errors';
import { placeAuthFieldErrors } from './server-errors';
import { PasswordField } from '../../ui/PasswordField';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

function Rule(props: { met: boolean | null; children: string }) {
  return (
    <List.Item
      icon={
        <ThemeIcon
          size={18}
          radius="xl"
          variant={props.met ? 'filled' : 'light'}
          color={props.met ? 'meridian' : 'gray'}
          aria-hidden
        >
          {props.met ? <IconCheck size={12} /> : <IconCircleDashed size={12} />}
        </ThemeIcon>
      }
    >
      <Text size="sm">{props.children}</Text>
    </List.Item>
  );
}

/**
 * Change password, during sign-in (when an admin reset it) and in the account page. Shows
 * the policy as it is typed; the server has the last word (length and common passwords).
 */
export function PasswordChangeForm(props: { onChanged: (responseBody: unknown) => unknown }) {
  const { t } = useTranslation();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<Values>({
    initialValues: { currentPassword: '', newPassword: '', confirmPassword: '' },
    validate: {
      currentPassword: (v) => (v ? null : t('auth:password.currentRequired')),
      newPassword: (v, values) =>
        v.length < passwordMinLength
          ? t('auth:password.tooShort', { count: passwordMinLength })
          : v.length > passwordMaxLength
            ? t('common:validation.tooLong', { count: passwordMaxLength })
            : v === values.currentPassword
              ? t('auth:password.sameAsCurrent')
              : null,
      confirmPassword: (v, values) =>
        v === values.newPassword ? null : t('auth:password.mismatch'),
    },
  });
  const change = useMutation({
    mutationFn: (values: Values) =>
      authApi.changePassword({
        currentPassword: values.currentPassword,
        newPassword: values.newPassword,
      }),
    onMutate: () => setFormError(null),
    onSuccess: async (body) => {
      form.reset();
      await props.onChanged(body);
    },
    onError: (error) => {
      if (placeAuthFieldErrors(form, error, ['currentPassword', 'newPassword'])) return;
      const code = error instanceof ApiError ? error.code : null;
      if (code === 'auth.password_incorrect') {
        form.setFieldError('currentPassword', describeError(error).message);
      } else if (code === 'auth.password_policy') {
        form.setFieldError('newPassword', describeError(error).message);
      } else {
        setFormError(describeError(error).message);
      }
    },
  });

  const { currentPassword, newPassword } = form.getValues();
  return (
    <form noValidate onSubmit={form.onSubmit((values) => change.mutate(values))}>
      <Stack gap="md">
        <FormAlert error={null} message={formError} />
        <PasswordField
          label={t('auth:password.current')}
          autoComplete="current-password"
          required
          withAsterisk={false}
          {...form.getInputProps('currentPassword')}
        />
        <PasswordField
          label={t('auth:password.new')}
          autoComplete="new-password"
          required
          withAsterisk={false}
          {...form.getInputProps('newPassword')}
        />
        <div>
          <Text size="sm" fw={600} mb={6}>
            {t('auth:password.policyTitle')}
          </Text>
          <List spacing={6} center>
            <Rule met={newPassword.length >= passwordMinLength}>
              {t('auth:password.policyLength', { count: passwordMinLength })}
            </Rule>
            <Rule met={newPassword.length > 0 && newPassword !== currentPassword}>
              {t('auth:password.policyDifferent')}
            </Rule>
            <Rule met={null}>{t('auth:password.policyCommon')}</Rule>
          </List>
        </div>
        <PasswordField
          label={t('auth:password.confirm')}
          autoComplete="new-password"
          required
          withAsterisk={false}
          {...form.getInputProps('confirmPassword')}
        />
        <Button type="submit" loading={change.isPending}>
          {t('auth:password.submit')}
        </Button>
      </Stack>
    </form>
  );
}

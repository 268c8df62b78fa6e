import { useRef, useState } from 'react';
import { Button, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { loginBody } from '@meridian/contracts';
import { ApiError } from '../../app/api';
import { authApi } from '../../app/auth/auth.api';
import { meQueryKey, refreshMe } from '../../app/auth/useMe';
import { FormAlert } from '../../ui/FormAlert';
import { applyServerErrors } from '../../ui/forms';
import { zodValidate } from '../../ui/validation';
import { PasswordField } from '../../ui/PasswordField';

/** Email and password. What comes next (TOTP, enrolment, new password) is read from `me`. */
export function CredentialsStep() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const passwordRef = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<unknown>(null);
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { email: '', password: '' },
    validate: zodValidate(loginBody),
  });
  const login = useMutation({
    mutationFn: (values: { email: string; password: string }) =>
      authApi.login({ email: values.email.trim(), password: values.password }),
    onMutate: () => setError(null),
    onSuccess: async (body) => {
      // A new session: nothing cached from an earlier one may show through.
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== meQueryKey[0] });
      await refreshMe(queryClient, body);
    },
    onError: (err) => {
      const unplaced = applyServerErrors(form, err, ['email', 'password']);
      if (unplaced !== null) setError(err);
      if (err instanceof ApiError && err.code === 'auth.invalid_credentials') {
        form.setFieldValue('password', '');
        passwordRef.current?.focus();
      }
    },
  });

  return (
    <form noValidate onSubmit={form.onSubmit((values) => login.mutate(values))}>
      <Stack gap="md">
        <FormAlert error={error} />
        <TextInput
          label={t('auth:signIn.email')}
          type="email"
          autoComplete="username"
          inputMode="email"
          autoFocus
          key={form.key('email')}
          {...form.getInputProps('email')}
        />
        <PasswordField
          ref={passwordRef}
          label={t('auth:signIn.password')}
          autoComplete="current-password"
          key={form.key('password')}
          {...form.getInputProps('password')}
        />
        <Button type="submit" loading={login.isPending} fullWidth mt="xs">
          {t('auth:signIn.submit')}
        </Button>
      </Stack>
    </form>
  );
}

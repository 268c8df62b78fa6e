import { useState } from 'react';
import { Button, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { mfaEnrolmentConfirmBody, singleLine } from '@meridian/contracts';
import { z } from 'zod';
import { ApiError } from '../../app/api';
import { authApi } from '../../app/auth/auth.api';
import { refreshMe } from '../../app/auth/useMe';
import { FormAlert } from '../../ui/FormAlert';
import { describeError } from '../../ui/errors';
import { zodValidate } from '../../ui/validation';
import { placeAuthFieldErrors } from './server-errors';
import { TotpCodeInput } from './TotpCodeInput';

const recoveryCodeBody = z.object({ recoveryCode: singleLine(32) });

/** The second factor: a TOTP code, or one of the recovery codes. */
export function MfaChallengeStep() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [useRecovery, setUseRecovery] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const codeMessages = { code: t('auth:mfa.codeFormat') };
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { code: '', recoveryCode: '' },
    validate: (values) =>
      useRecovery
        ? zodValidate(recoveryCodeBody)(values)
        : zodValidate(mfaEnrolmentConfirmBody, codeMessages)({ code: values.code }),
  });
  const field = useRecovery ? 'recoveryCode' : 'code';
  const verify = useMutation({
    mutationFn: (values: { code: string; recoveryCode: string }) =>
      authApi.verifyMfa(
        useRecovery ? { recoveryCode: values.recoveryCode.trim() } : { code: values.code.trim() },
      ),
    onMutate: () => setError(null),
    onSuccess: async (body) => {
      await refreshMe(queryClient, body);
    },
    onError: (err) => {
      if (placeAuthFieldErrors(form, err, ['code', 'recoveryCode'])) return;
      if (err instanceof ApiError && err.code === 'auth.mfa_invalid') {
        form.setFieldError(field, describeError(err).message);
      } else {
        setError(err);
      }
    },
  });

  return (
    <form noValidate onSubmit={form.onSubmit((values) => verify.mutate(values))}>
      <Stack gap="md">
        <Text size="sm">{useRecovery ? t('auth:mfa.recoveryIntro') : t('auth:mfa.intro')}</Text>
        <FormAlert error={error} />
        {useRecovery ? (
          <TextInput
            label={t('auth:mfa.recoveryLabel')}
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            autoFocus
            key={form.key('recoveryCode')}
            {...form.getInputProps('recoveryCode')}
          />
        ) : (
          <TotpCodeInput autoFocus key={form.key('code')} {...form.getInputProps('code')} />
        )}
        <Switch
          label={t('auth:mfa.useRecovery')}
          checked={useRecovery}
          onChange={(e) => {
            setUseRecovery(e.currentTarget.checked);
            form.clearErrors();
          }}
        />
        <Button type="submit" loading={verify.isPending} fullWidth>
          {t('auth:mfa.submit')}
        </Button>
      </Stack>
    </form>
  );
}

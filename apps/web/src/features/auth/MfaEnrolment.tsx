import { Box, Button, Code, Group, Image, List, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { mfaEnrolmentConfirmBody } from '@meridian/contracts';
import { authApi } from '../../app/auth/auth.api';
import { CopyTextButton } from '../../ui/CopyTextButton';
import { QueryState } from '../../ui/QueryState';
import { errorMessage } from '../../ui/errors';
import { zodValidate } from '../../ui/validation';
import { placeAuthFieldErrors } from './server-errors';
import { TotpCodeInput } from './TotpCodeInput';

const enrolmentKey = ['auth', 'mfa-enrolment'] as const;

/**
 * Turning on TOTP: starts an enrolment (a new secret), shows the QR code and the key for
 * manual entry, and confirms with a first code. Hands the recovery codes to the caller.
 */
export function MfaEnrolment(props: { onEnrolled: (recoveryCodes: string[]) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  // Tricky: starting an enrolment is a POST that makes a new secret. A query (not an effect)
  // runs it once even when React mounts twice, and never refetches it behind the user.
  const start = useQuery({
    queryKey: enrolmentKey,
    queryFn: () => authApi.startMfaEnrolment(),
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 10 * 60 * 1000,
    retry: false,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });

  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { code: '' },
    validate: zodValidate(mfaEnrolmentConfirmBody, { code: t('auth:mfa.codeFormat') }),
  });
  const confirm = useMutation({
    mutationFn: (values: { code: string }) => authApi.confirmMfaEnrolment(values),
    onSuccess: (result) => {
      queryClient.removeQueries({ queryKey: enrolmentKey });
      props.onEnrolled(result.recoveryCodes);
    },
    onError: (error) => {
      if (!placeAuthFieldErrors(form, error, ['code']))
        form.setFieldError('code', errorMessage(error));
    },
  });

  return (
    <QueryState query={start}>
      {(enrolment) => (
        <Stack gap="lg">
          <List type="ordered" spacing="lg" styles={{ itemWrapper: { display: 'block' } }}>
            <List.Item>
              <Text fw={600}>{t('auth:enrol.step1')}</Text>
              <Text size="sm" c="dimmed">
                {t('auth:enrol.step1Hint')}
              </Text>
            </List.Item>
            <List.Item>
              <Text fw={600}>{t('auth:enrol.step2')}</Text>
              <Box
                mt="xs"
                p="xs"
                bg="white"
                w="fit-content"
                style={{ borderRadius: 'var(--mantine-radius-md)' }}
              >
                <Image
                  src={enrolment.qrCodeDataUrl}
                  alt={t('auth:enrol.qrAlt')}
                  w={184}
                  h={184}
                  fit="contain"
                />
              </Box>
              <Text size="sm" mt="sm">
                {t('auth:enrol.manual')}
              </Text>
              <Group gap="xs" mt={4} wrap="wrap">
                <Code
                  data-testid="totp-secret"
                  fz="md"
                  px="sm"
                  py={6}
                  style={{ letterSpacing: '0.08em', wordBreak: 'break-all' }}
                >
                  {enrolment.secret}
                </Code>
                <CopyTextButton text={enrolment.secret} label={t('auth:enrol.copyKey')} size="xs" />
              </Group>
            </List.Item>
            <List.Item>
              <Text fw={600}>{t('auth:enrol.step3')}</Text>
              <form
                noValidate
                onSubmit={form.onSubmit((values) => confirm.mutate(values))}
                style={{ marginTop: 'var(--mantine-spacing-xs)' }}
              >
                <Stack gap="sm" maw={320}>
                  <TotpCodeInput
                    required
                    withAsterisk={false}
                    key={form.key('code')}
                    {...form.getInputProps('code')}
                  />
                  <Button type="submit" loading={confirm.isPending}>
                    {t('auth:enrol.submit')}
                  </Button>
                </Stack>
              </form>
            </List.Item>
          </List>
        </Stack>
      )}
    </QueryState>
  );
}

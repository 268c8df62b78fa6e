import type { ReactNode } from 'react';
import { Button, CopyButton, Group, PasswordInput, Stack } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconCheck, IconCopy, IconDice5 } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { passwordMinLength } from '@meridian/contracts';
import { generatePassword } from './password';

/**
 * A password an administrator sets for someone else: the policy hint, a generator and a copy
 * button, since the administrator has to hand the password over.
 */
export function PasswordField(props: {
  label: string;
  value: string;
  error?: ReactNode;
  onChange: (value: string) => void;
  onBlur?: () => void;
}) {
  const { t } = useTranslation();
  const [visible, { toggle, open }] = useDisclosure(false);
  return (
    <Stack gap={6}>
      <PasswordInput
        label={props.label}
        description={t('admin:password.policy', { count: passwordMinLength })}
        value={props.value}
        error={props.error}
        onChange={(e) => props.onChange(e.currentTarget.value)}
        onBlur={props.onBlur}
        visible={visible}
        onVisibilityChange={toggle}
        autoComplete="new-password"
        required
      />
      <Group gap="xs">
        <Button
          size="compact-sm"
          variant="light"
          leftSection={<IconDice5 size={14} />}
          onClick={() => {
            props.onChange(generatePassword());
            open();
          }}
        >
          {t('admin:password.generate')}
        </Button>
        <CopyButton value={props.value}>
          {({ copied, copy }) => (
            <Button
              size="compact-sm"
              variant="subtle"
              disabled={!props.value}
              leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
              onClick={copy}
            >
              {copied ? t('admin:password.copied') : t('admin:password.copy')}
            </Button>
          )}
        </CopyButton>
      </Group>
    </Stack>
  );
}

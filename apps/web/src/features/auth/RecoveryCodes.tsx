import { Fragment } from 'react';
import { Alert, Box, Button, Group, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconDownload } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { CopyTextButton } from '../../ui/CopyTextButton';
import { downloadText } from '../../ui/clipboard';
import { formatDateTime } from '../../ui/format';

/**
 * Recovery codes, shown once: copy, download, and a button to say they are saved. The
 * heading is the caller's (a page h1 during sign-in, a modal title in the account page).
 */
export function RecoveryCodes(props: { codes: string[]; email: string; onDone: () => void }) {
  const { t } = useTranslation();
  const asText = props.codes.join('\n');
  const fileText = [
    t('auth:recovery.fileHeader', {
      email: props.email,
      date: formatDateTime(new Date().toISOString()),
    }),
    t('auth:recovery.fileNote'),
    '',
    asText,
    '',
  ].join('\n');

  return (
    <Stack gap="md">
      <Alert color="orange" icon={<IconAlertTriangle size={20} aria-hidden />} variant="light">
        <Text size="sm">{t('auth:recovery.warning')}</Text>
      </Alert>
      <Box
        component="ol"
        data-testid="recovery-codes"
        aria-label={t('auth:recovery.listLabel')}
        m={0}
        p="md"
        style={{
          listStyle: 'none',
          display: 'grid',
          gridTemplateColumns: 'repeat(auto-fill, minmax(11rem, 1fr))',
          gap: 'var(--mantine-spacing-xs) var(--mantine-spacing-lg)',
          fontFamily: 'var(--mantine-font-family-monospace)',
          fontSize: 'var(--mantine-font-size-md)',
          background: 'var(--mantine-color-default-hover)',
          borderRadius: 'var(--mantine-radius-md)',
        }}
      >
        {props.codes.map((code) => (
          // Newlines between items so the codes stay one per line when copied as text.
          <Fragment key={code}>
            <li>{code}</li>
            {'\n'}
          </Fragment>
        ))}
      </Box>
      <Group gap="sm">
        <CopyTextButton text={asText} label={t('auth:recovery.copy')} />
        <Button
          variant="default"
          leftSection={<IconDownload size={16} aria-hidden />}
          onClick={() => downloadText('meridian-recovery-codes.txt', fileText)}
        >
          {t('auth:recovery.download')}
        </Button>
      </Group>
      <Button onClick={props.onDone} fullWidth>
        {t('auth:recovery.done')}
      </Button>
    </Stack>
  );
}

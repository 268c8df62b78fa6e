import { useState } from 'react';
import { Button, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../../app/auth/useMe';
import { BreakGlassModal } from '../break-glass/BreakGlassModal';

/**
 * A restricted record (VIP, employee, confidential) the user has no grant for. Users who
 * may break the glass can do so with a reason; the record then loads by itself.
 */
export function RestrictedRecord(props: { patientId: string }) {
  const { t } = useTranslation();
  const can = useCan();
  const [isAsking, setAsking] = useState(false);
  return (
    <Stack align="center" gap="md" maw={560} mx="auto" py="xl" ta="center">
      <ThemeIcon size={56} radius="xl" color="orange" variant="light" aria-hidden>
        <IconLock size={32} />
      </ThemeIcon>
      <Title order={1} size="h2">
        {t('patients:restricted.title')}
      </Title>
      <Text c="dimmed">{t('patients:restricted.body')}</Text>
      {can('patient.break_glass') ? (
        <Button color="red.9" onClick={() => setAsking(true)}>
          {t('patients:restricted.breakGlass')}
        </Button>
      ) : (
        <Text size="sm">{t('patients:restricted.noAccess')}</Text>
      )}
      <BreakGlassModal
        patientId={isAsking ? props.patientId : null}
        onClose={() => setAsking(false)}
        onOpened={() => setAsking(false)}
      />
    </Stack>
  );
}

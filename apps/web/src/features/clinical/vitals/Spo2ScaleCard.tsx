import { useState } from 'react';
import {
  Alert,
  Button,
  Group,
  Modal,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../ui/errors';
import { formatDateTime } from '../../../ui/format';
import { useSetSpo2Scale, useSpo2Scale } from './vitals.api';

function ScaleDialog(props: {
  opened: boolean;
  patientId: string;
  current: 1 | 2;
  version: number;
  onClose: () => void;
}) {
  const { t } = useTranslation('vitals');
  const change = useSetSpo2Scale(props.patientId);
  const [scale, setScale] = useState<'1' | '2'>(props.current === 1 ? '2' : '1');
  const [reason, setReason] = useState('');
  const close = () => {
    change.reset();
    setReason('');
    props.onClose();
  };
  return (
    <Modal
      opened={props.opened}
      onClose={close}
      title={t('scale.dialogTitle')}
      closeButtonProps={{ 'aria-label': t('close') }}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          change.mutate(
            { scale: scale === '2' ? 2 : 1, reason: reason.trim(), version: props.version },
            { onSuccess: close },
          );
        }}
      >
        <Stack>
          <Text size="sm">{t('scale.dialogHelp')}</Text>
          <Stack gap={4}>
            <Text size="sm" fw={500} id="spo2-scale-choice">
              {t('scale.choice')}
            </Text>
            <SegmentedControl
              aria-labelledby="spo2-scale-choice"
              value={scale}
              onChange={(v) => setScale(v === '2' ? '2' : '1')}
              data={[
                { value: '1', label: t('scale.choice1') },
                { value: '2', label: t('scale.choice2') },
              ]}
            />
          </Stack>
          <TextInput
            label={t('scale.reason')}
            required
            maxLength={500}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
          />
          {change.error ? (
            <Alert color="red" role="alert">
              {errorMessage(change.error)}
            </Alert>
          ) : null}
          <Group justify="flex-end">
            <Button type="submit" loading={change.isPending} disabled={!reason.trim()}>
              {t('scale.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** The patient's SpO2 scale, its last change, and (for clinicians) a way to change it. */
export function Spo2ScaleCard(props: { patientId: string; canWrite: boolean }) {
  const { t } = useTranslation('vitals');
  const setting = useSpo2Scale(props.patientId);
  const [opened, setOpened] = useState(false);
  const data = setting.data;
  const last = data?.history[0];
  return (
    <Paper withBorder p="sm">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Stack gap={2}>
          <Text size="sm" fw={600}>
            {t('scale.title')}:{' '}
            {data ? t(data.scale === 2 ? 'scale.current2' : 'scale.current1') : '…'}
          </Text>
          {last ? (
            <Text size="xs" c="dimmed">
              {t('scale.lastChange', {
                name: last.changedByName ?? '—',
                when: formatDateTime(last.changedAt),
                reason: last.reason ?? '',
              })}
            </Text>
          ) : null}
        </Stack>
        {props.canWrite && data ? (
          <Button size="xs" variant="light" onClick={() => setOpened(true)}>
            {t('scale.change')}
          </Button>
        ) : null}
      </Group>
      {data && opened ? (
        <ScaleDialog
          opened
          patientId={props.patientId}
          current={data.scale}
          version={data.version}
          onClose={() => setOpened(false)}
        />
      ) : null}
    </Paper>
  );
}

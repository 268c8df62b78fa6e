import { useState } from 'react';
import { Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ScheduleTemplate } from '@meridian/contracts';
import { ConfirmModal } from '../../admin/ConfirmModal';
import { DateField } from '../../coverage/DateField';
import { notifyDone } from '../../coverage/notify';
import { confirmErrorMessage } from './setup-errors';
import { useDeleteTemplate, useSaveTemplate } from './setup.api';

/** Ends a template in effect: its last day becomes `effectiveUntil` (If-Match). */
export function EndTemplateModal(props: {
  template: ScheduleTemplate | null;
  today: string;
  practitionerId: string;
  onClose: () => void;
}) {
  const { t } = useTranslation('scheduleSetup');
  const save = useSaveTemplate(props.practitionerId);
  const [lastDay, setLastDay] = useState('');
  const { template } = props;
  const close = () => {
    save.reset();
    setLastDay('');
    props.onClose();
  };
  const until = lastDay || props.today;
  return (
    <ConfirmModal
      opened={!!template}
      title={t('templates.endTitle', { name: template?.name ?? '' })}
      confirmLabel={t('templates.end')}
      color="orange"
      isPending={save.isPending}
      error={confirmErrorMessage(t, save.error)}
      onConfirm={() => {
        if (!template) return;
        const { id, version, practitionerId: _p, ...fields } = template;
        save.mutate(
          {
            kind: 'update',
            id,
            version,
            body: { ...fields, effectiveUntil: until },
          },
          {
            onSuccess: (saved) => {
              notifyDone(t('templates.ended', { name: saved.name }));
              close();
            },
          },
        );
      }}
      onClose={close}
    >
      <Stack gap="sm">
        <Text size="sm">{t('templates.endExplain')}</Text>
        <DateField
          label={t('templates.lastDay')}
          required
          value={until}
          minDate={template?.effectiveFrom}
          onChange={setLastDay}
        />
      </Stack>
    </ConfirmModal>
  );
}

/** Deletes a template that has not taken effect yet (If-Match). */
export function DeleteTemplateModal(props: {
  template: ScheduleTemplate | null;
  onClose: () => void;
}) {
  const { t } = useTranslation('scheduleSetup');
  const remove = useDeleteTemplate();
  const { template } = props;
  const close = () => {
    remove.reset();
    props.onClose();
  };
  return (
    <ConfirmModal
      opened={!!template}
      title={t('templates.deleteTitle', { name: template?.name ?? '' })}
      confirmLabel={t('templates.delete')}
      isPending={remove.isPending}
      error={confirmErrorMessage(t, remove.error)}
      onConfirm={() => {
        if (!template) return;
        remove.mutate(template, {
          onSuccess: () => {
            notifyDone(t('templates.deleted', { name: template.name }));
            close();
          },
        });
      }}
      onClose={close}
    >
      {t('templates.deleteExplain')}
    </ConfirmModal>
  );
}

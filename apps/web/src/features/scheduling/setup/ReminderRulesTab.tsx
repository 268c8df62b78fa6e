import { useState } from 'react';
import { Button, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ReminderRule } from '@meridian/contracts';
import type { DataColumn } from '../../../ui/DataTable';
import { ConfirmModal } from '../../admin/ConfirmModal';
import { notifyDone } from '../../coverage/notify';
import { ReminderRuleModal } from './ReminderRuleModal';
import { confirmErrorMessage } from './setup-errors';
import { useReminderRules, useSaveReminderRule, useTypes } from './setup.api';
import { SetupTable } from './SetupParts';

/** Default rules first, then by type, the earliest reminder (most hours before) first. */
function byTypeThenHours(typeName: (id: string | null) => string) {
  return (a: ReminderRule, b: ReminderRule) =>
    (a.appointmentTypeId === null ? 0 : 1) - (b.appointmentTypeId === null ? 0 : 1) ||
    typeName(a.appointmentTypeId).localeCompare(typeName(b.appointmentTypeId)) ||
    b.hoursBefore - a.hoursBefore;
}

/** Reminder rules: how many hours before an appointment its reminders go out, per type. */
export function ReminderRulesTab() {
  const { t } = useTranslation('scheduleSetup');
  const rules = useReminderRules();
  const types = useTypes();
  // Ids, so a modal reopened after a conflict shows the reloaded rule and its version.
  const [togglingId, setTogglingId] = useState<string | null>(null);
  const typeName = (id: string | null) =>
    id === null ? t('reminders.defaultType') : (types.data?.find((x) => x.id === id)?.name ?? '…');

  const ruleName = (r: ReminderRule) =>
    t('reminders.ruleName', { type: typeName(r.appointmentTypeId), count: r.hoursBefore });
  const columns: DataColumn<ReminderRule>[] = [
    { key: 'type', header: t('reminders.fields.type'), cell: (r) => typeName(r.appointmentTypeId) },
    {
      key: 'hoursBefore',
      header: t('reminders.fields.hoursBefore'),
      cell: (r) => t('reminders.hours', { count: r.hoursBefore }),
    },
  ];

  return (
    <SetupTable
      query={rules}
      label={t('tabs.reminders')}
      empty={t('reminders.empty')}
      addLabel={t('reminders.new')}
      minWidth={560}
      columns={columns}
      rowName={ruleName}
      filters={
        <Text size="sm" c="dimmed" maw={560}>
          {t('reminders.explain')}
        </Text>
      }
      showsInactive
      select={(rows) => [...rows].sort(byTypeThenHours(typeName))}
      moreActions={(r) => (
        <Button
          size="compact-sm"
          variant="subtle"
          color={r.isActive ? 'red' : 'meridian'}
          onClick={() => setTogglingId(r.id)}
          aria-label={t(r.isActive ? 'reminders.deactivateNamed' : 'reminders.reactivateNamed', {
            name: ruleName(r),
          })}
        >
          {t(r.isActive ? 'common.deactivate' : 'common.reactivate')}
        </Button>
      )}
      editor={(rule, close) => (
        <ReminderRuleModal rule={rule} types={types.data ?? []} onClose={close} />
      )}
    >
      <ToggleRuleModal
        rule={rules.data?.find((r) => r.id === togglingId) ?? null}
        onClose={() => setTogglingId(null)}
      />
    </SetupTable>
  );
}

/** Turns a rule off (no new reminders from it) or back on, at the version shown. */
function ToggleRuleModal(props: { rule: ReminderRule | null; onClose: () => void }) {
  const { t } = useTranslation('scheduleSetup');
  const save = useSaveReminderRule();
  const { rule } = props;
  const close = () => {
    save.reset();
    props.onClose();
  };
  const verb = rule?.isActive ? 'deactivate' : 'reactivate';
  return (
    <ConfirmModal
      opened={!!rule}
      title={t(`reminders.${verb}Title`)}
      confirmLabel={t(`common.${verb}`)}
      color={rule?.isActive ? 'red' : 'meridian'}
      isPending={save.isPending}
      error={confirmErrorMessage(t, save.error)}
      onConfirm={() => {
        if (!rule) return;
        const { id, version, ...body } = rule;
        save.mutate(
          { kind: 'update', id, version, body: { ...body, isActive: !rule.isActive } },
          {
            onSuccess: () => {
              notifyDone(t(`reminders.${verb}d`));
              close();
            },
          },
        );
      }}
      onClose={close}
    >
      {t(`reminders.${verb}Explain`)}
    </ConfirmModal>
  );
}

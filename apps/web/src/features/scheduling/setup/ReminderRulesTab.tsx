import { useState } from 'react';
import { Button, Group, Paper, Table, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { ReminderRule } from '@meridian/contracts';
import { QueryState } from '../../../ui/QueryState';
import { ActiveBadge } from '../../admin/AdminBadges';
import { ConfirmModal } from '../../admin/ConfirmModal';
import { notifyDone } from '../../coverage/notify';
import { ReminderRuleModal } from './ReminderRuleModal';
import { confirmErrorMessage } from './setup-errors';
import { useReminderRules, useSaveReminderRule, useTypes } from './setup.api';
import { EditButton } from './SetupParts';

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
  const [editing, setEditing] = useState<string | null>(null);
  // Ids, so a modal reopened after a conflict shows the reloaded rule and its version.
  const [togglingId, setTogglingId] = useState<string | null>(null);
  const typeName = (id: string | null) =>
    id === null ? t('reminders.defaultType') : (types.data?.find((x) => x.id === id)?.name ?? '…');

  return (
    <Paper withBorder p="md">
      <Group justify="space-between" mb="md" wrap="wrap">
        <Text size="sm" c="dimmed" maw={560}>
          {t('reminders.explain')}
        </Text>
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing('new')}>
          {t('reminders.new')}
        </Button>
      </Group>
      <QueryState query={rules} isEmpty={(d) => d.length === 0} empty={t('reminders.empty')}>
        {(data) => (
          <Table.ScrollContainer minWidth={560} type="native">
            <Table striped verticalSpacing="xs" aria-label={t('tabs.reminders')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('reminders.fields.type')}</Table.Th>
                  <Table.Th scope="col">{t('reminders.fields.hoursBefore')}</Table.Th>
                  <Table.Th scope="col">{t('common.status')}</Table.Th>
                  <Table.Th scope="col">{t('common.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {[...data].sort(byTypeThenHours(typeName)).map((r) => {
                  const label = t('reminders.ruleName', {
                    type: typeName(r.appointmentTypeId),
                    count: r.hoursBefore,
                  });
                  return (
                    <Table.Tr key={r.id}>
                      <Table.Td>{typeName(r.appointmentTypeId)}</Table.Td>
                      <Table.Td>{t('reminders.hours', { count: r.hoursBefore })}</Table.Td>
                      <Table.Td miw={88}>
                        <ActiveBadge isActive={r.isActive} />
                      </Table.Td>
                      <Table.Td>
                        <Group gap={4} wrap="nowrap">
                          <EditButton name={label} onClick={() => setEditing(r.id)} />
                          <Button
                            size="compact-sm"
                            variant="subtle"
                            color={r.isActive ? 'red' : 'meridian'}
                            onClick={() => setTogglingId(r.id)}
                            aria-label={t(
                              r.isActive
                                ? 'reminders.deactivateNamed'
                                : 'reminders.reactivateNamed',
                              { name: label },
                            )}
                          >
                            {t(r.isActive ? 'common.deactivate' : 'common.reactivate')}
                          </Button>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryState>
      {editing ? (
        <ReminderRuleModal
          key={editing}
          rule={editing === 'new' ? null : (rules.data?.find((r) => r.id === editing) ?? null)}
          types={types.data ?? []}
          onClose={() => setEditing(null)}
        />
      ) : null}
      <ToggleRuleModal
        rule={rules.data?.find((r) => r.id === togglingId) ?? null}
        onClose={() => setTogglingId(null)}
      />
    </Paper>
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

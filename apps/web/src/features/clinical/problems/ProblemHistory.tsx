import { Badge, Group, Modal, Stack, Text, Timeline } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ProblemVersion } from '@meridian/contracts';
import { formatDate, formatDateTime } from '../../../ui/format';
import { QueryState } from '../../../ui/QueryState';
import { useProblemHistory } from './problems.api';

type Snapshot = ProblemVersion['problem'];

const compared = [
  'code',
  'display',
  'onsetDate',
  'abatementDate',
  'clinicalStatus',
  'verificationStatus',
  'note',
  'enteredInErrorReason',
  'patientId',
] as const satisfies readonly (keyof Snapshot)[];

/** The fields that differ from the version before (none for the first). */
export function changedFields(now: Snapshot, before: Snapshot | undefined): string[] {
  if (!before) return [];
  return compared.filter((f) => now[f] !== before[f]);
}

/** Every version of a problem, newest first, with who, when and what changed. */
export function ProblemHistoryModal(props: { problemId: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const history = useProblemHistory(props.problemId);
  return (
    <Modal
      opened={props.problemId !== null}
      onClose={props.onClose}
      title={t('problems:form.historyTitle')}
      size="lg"
      closeButtonProps={{ 'aria-label': t('common:close') }}
    >
      <QueryState query={history} isEmpty={(h) => h.items.length === 0}>
        {(h) => (
          <Timeline bulletSize={14} lineWidth={2}>
            {h.items.map((v, i) => {
              const fields = changedFields(v.problem, h.items[i + 1]?.problem);
              return (
                <Timeline.Item
                  key={v.version}
                  title={
                    <Group gap="xs">
                      <Text fw={600} size="sm">
                        {t(`problems:history.actions.${v.action}`)}
                      </Text>
                      <Badge size="xs" variant="outline" color="gray">
                        {t('problems:history.version', { version: v.version })}
                      </Badge>
                    </Group>
                  }
                >
                  <Stack gap={2}>
                    <Text size="xs" c="dimmed">
                      {formatDateTime(v.recordedAt)}{' '}
                      {v.recordedBy
                        ? t('problems:history.by', { name: v.recordedBy.name })
                        : t('problems:history.system')}
                    </Text>
                    {fields.length > 0 ? (
                      <Text size="xs">
                        {t('problems:history.changed', {
                          fields: fields.map((f) => t(`problems:history.fields.${f}`)).join(', '),
                        })}
                      </Text>
                    ) : null}
                    <Text size="sm">
                      {v.problem.code ? `${v.problem.code} — ` : ''}
                      {v.problem.display}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {t(`problems:status.${v.problem.clinicalStatus}`)} ·{' '}
                      {t(`problems:verification.${v.problem.verificationStatus}`)} ·{' '}
                      {t('problems:tab.onset')} {formatDate(v.problem.onsetDate, 'UTC')}
                      {v.problem.abatementDate
                        ? ` · ${t('problems:tab.abatement')} ${formatDate(v.problem.abatementDate, 'UTC')}`
                        : ''}
                    </Text>
                    {v.problem.note ? <Text size="xs">{v.problem.note}</Text> : null}
                    {v.problem.enteredInErrorReason ? (
                      <Text size="xs" c="red.8">
                        {v.problem.enteredInErrorReason}
                      </Text>
                    ) : null}
                  </Stack>
                </Timeline.Item>
              );
            })}
          </Timeline>
        )}
      </QueryState>
    </Modal>
  );
}

import { useState } from 'react';
import { Alert, Badge, Button, Group, Modal, Stack, Table, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { VitalSet } from '@meridian/contracts';
import { flattenPages } from '../../admin/paging';
import { LoadMore } from '../../admin/LoadMore';
import { errorMessage } from '../../../ui/errors';
import { formatDateTime } from '../../../ui/format';
import { QueryState } from '../../../ui/QueryState';
import { News2Badge } from './News2Badge';
import { useEnterInError, useVitalSets } from './vitals.api';

function EnterInErrorDialog(props: {
  set: VitalSet | null;
  patientId: string;
  onClose: () => void;
}) {
  const { t } = useTranslation('vitals');
  const mark = useEnterInError(props.patientId);
  const [reason, setReason] = useState('');
  const close = () => {
    mark.reset();
    setReason('');
    props.onClose();
  };
  const set = props.set;
  return (
    <Modal
      opened={set !== null}
      onClose={close}
      title={t('sets.markErrorTitle')}
      closeButtonProps={{ 'aria-label': t('close') }}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (set && reason.trim())
            mark.mutate({ set, reason: reason.trim() }, { onSuccess: close });
        }}
      >
        <Stack>
          <TextInput
            label={t('sets.reason')}
            required
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            maxLength={500}
            data-autofocus
          />
          {mark.error ? (
            <Alert color="red" role="alert">
              {errorMessage(mark.error)}
            </Alert>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('sets.cancel')}
            </Button>
            <Button type="submit" color="red.8" loading={mark.isPending} disabled={!reason.trim()}>
              {t('sets.confirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** The patient's recorded sets, newest first, each markable as entered in error. */
export function VitalSetsList(props: { patientId: string; canWrite: boolean }) {
  const { t } = useTranslation('vitals');
  const sets = useVitalSets(props.patientId);
  const [marking, setMarking] = useState<VitalSet | null>(null);
  return (
    <>
      <QueryState
        query={{ ...sets, data: sets.data ? flattenPages(sets.data) : undefined }}
        isEmpty={(items) => items.length === 0}
        empty={t('sets.empty')}
      >
        {(items) => (
          <>
            <Table.ScrollContainer minWidth={520}>
              <Table aria-labelledby="vitals-sets-title" striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('sets.when')}</Table.Th>
                    <Table.Th>{t('sets.news2')}</Table.Th>
                    <Table.Th>{t('sets.by')}</Table.Th>
                    <Table.Th>{t('sets.status')}</Table.Th>
                    {props.canWrite ? <Table.Th>{t('sets.actions')}</Table.Th> : null}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((s) => {
                    const when = formatDateTime(s.takenAt);
                    const retired = s.status === 'entered_in_error';
                    return (
                      <Table.Tr
                        key={s.id}
                        style={retired ? { textDecoration: 'line-through' } : undefined}
                      >
                        <Table.Td>{when}</Table.Td>
                        <Table.Td>
                          {s.news2.total !== null || s.news2.hasRedScore ? (
                            <News2Badge news2={s.news2} />
                          ) : (
                            '—'
                          )}
                        </Table.Td>
                        <Table.Td>{s.recordedByName ?? '—'}</Table.Td>
                        <Table.Td>
                          {retired ? (
                            <Badge
                              color="gray"
                              variant="outline"
                              title={s.errorReason ?? undefined}
                            >
                              {t('sets.enteredInError')}
                            </Badge>
                          ) : null}
                        </Table.Td>
                        {props.canWrite ? (
                          <Table.Td>
                            {retired ? null : (
                              <Button
                                size="compact-xs"
                                variant="subtle"
                                color="red"
                                c="red.9"
                                onClick={() => setMarking(s)}
                                aria-label={t('sets.markErrorLabel', { when })}
                              >
                                {t('sets.markError')}
                              </Button>
                            )}
                          </Table.Td>
                        ) : null}
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <LoadMore
              shown={items.length}
              hasNextPage={sets.hasNextPage}
              isFetchingNextPage={sets.isFetchingNextPage}
              fetchNextPage={() => sets.fetchNextPage()}
            />
          </>
        )}
      </QueryState>
      <EnterInErrorDialog
        set={marking}
        patientId={props.patientId}
        onClose={() => setMarking(null)}
      />
    </>
  );
}

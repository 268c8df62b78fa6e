import { useState } from 'react';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { ScheduleException, ScheduleExceptionCreated } from '@meridian/contracts';
import { QueryState } from '../../../ui/QueryState';
import { ConfirmModal } from '../../admin/ConfirmModal';
import { useFacilities } from '../../admin/organization.api';
import { DateField } from '../../coverage/DateField';
import { notifyDone } from '../../coverage/notify';
import {
  addDays,
  facilityTimeZone,
  formatLocalDay,
  localDateOf,
  startOfLocalDay,
  todayIn,
} from '../scheduling-format';
import { allDayDates, calendarLink } from './exception-period';
import { ExceptionModal } from './ExceptionModal';
import { setupErrorMessage } from './setup-errors';
import {
  useCancelException,
  useExceptions,
  usePractitionerProfiles,
  useResources,
  type ExceptionSubject,
} from './setup.api';

const subjectKinds = ['practitioner', 'resource', 'facility'] as const;
type SubjectKind = ExceptionSubject['kind'];
const kindColor = { leave: 'blue', holiday: 'grape', blocked: 'orange' } as const;

/** Time off: leave, holidays and blocked time of a practitioner, a resource or a facility. */
export function ExceptionsTab() {
  const { t } = useTranslation('scheduleSetup');
  const [params, setParams] = useSearchParams();
  const practitioners = usePractitionerProfiles();
  const resources = useResources();
  const facilities = useFacilities();
  const rawKind = params.get('for');
  const kind: SubjectKind = subjectKinds.find((k) => k === rawKind) ?? 'practitioner';
  const id = params.get('id');

  const setParam = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next);
  };

  const options =
    kind === 'practitioner'
      ? (practitioners.data ?? []).map((p) => ({
          value: p.id,
          label: p.displayName,
          facilityId: p.facilityId,
        }))
      : kind === 'resource'
        ? (resources.data ?? []).map((r) => ({
            value: r.id,
            label: `${r.name} (${r.code})`,
            facilityId: r.facilityId,
          }))
        : (facilities.data ?? []).map((f) => ({ value: f.id, label: f.name, facilityId: f.id }));
  const chosen = options.find((o) => o.value === id) ?? null;
  const timeZone = facilityTimeZone(facilities.data ?? [], chosen?.facilityId);

  return (
    <Stack gap="md">
      <Paper withBorder p="md">
        <Group align="flex-end" gap="md" wrap="wrap">
          <Stack gap={4}>
            <Text size="sm" fw={500} id="exception-subject-kind">
              {t('exceptions.for')}
            </Text>
            <SegmentedControl
              aria-labelledby="exception-subject-kind"
              value={kind}
              onChange={(v) => setParam({ for: v, id: null })}
              data={subjectKinds.map((k) => ({ value: k, label: t(`exceptions.subject.${k}`) }))}
            />
          </Stack>
          <Select
            label={t(`exceptions.choose.${kind}`)}
            searchable
            style={{ flex: '1 1 16rem' }}
            maw={420}
            data={options.map(({ value, label }) => ({ value, label }))}
            value={id}
            onChange={(v) => setParam({ id: v })}
          />
        </Group>
      </Paper>
      {chosen ? (
        <SubjectExceptions
          key={`${kind}:${chosen.value}`}
          subject={{ kind, id: chosen.value }}
          name={chosen.label}
          timeZone={timeZone}
        />
      ) : (
        <Text c="dimmed">{t('exceptions.pickFirst')}</Text>
      )}
    </Stack>
  );
}

function SubjectExceptions(props: { subject: ExceptionSubject; name: string; timeZone: string }) {
  const { t } = useTranslation('scheduleSetup');
  const { subject, timeZone } = props;
  const today = todayIn(timeZone);
  const [fromDate, setFromDate] = useState(today);
  const [toDate, setToDate] = useState(addDays(today, 90));
  const from = startOfLocalDay(fromDate || today, timeZone);
  const to = startOfLocalDay(addDays(toDate >= fromDate ? toDate : fromDate, 1), timeZone);
  const exceptions = useExceptions(subject, from, to);
  const [adding, setAdding] = useState(false);
  const [created, setCreated] = useState<ScheduleExceptionCreated | null>(null);
  const [cancelling, setCancelling] = useState<ScheduleException | null>(null);

  return (
    <Paper withBorder p="md">
      <Group justify="space-between" align="flex-end" mb="md" wrap="wrap">
        <Group gap="sm" wrap="wrap">
          <DateField label={t('exceptions.from')} value={fromDate} onChange={setFromDate} />
          <DateField
            label={t('exceptions.to')}
            value={toDate}
            onChange={setToDate}
            minDate={fromDate}
          />
        </Group>
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setAdding(true)}>
          {t('exceptions.new')}
        </Button>
      </Group>
      <Text size="xs" c="dimmed" mb="sm">
        {t('exceptions.zone', { zone: timeZone })}
      </Text>
      {created && created.affectedAppointmentIds.length > 0 ? (
        <Alert
          color="orange"
          role="status"
          mb="md"
          withCloseButton
          closeButtonLabel={t('common:close')}
          onClose={() => setCreated(null)}
        >
          <Text size="sm">
            {t('exceptions.affected', { count: created.affectedAppointmentIds.length })}{' '}
            <Anchor
              component={Link}
              to={calendarLink(
                subject.kind === 'practitioner' ? subject.id : null,
                localDateOf(created.startsAt, timeZone),
              )}
            >
              {t('exceptions.openCalendar')}
            </Anchor>
          </Text>
        </Alert>
      ) : null}
      <QueryState query={exceptions} isEmpty={(d) => d.length === 0} empty={t('exceptions.empty')}>
        {(data) => (
          <Table.ScrollContainer minWidth={640} type="native">
            <Table
              striped
              verticalSpacing="xs"
              aria-label={t('exceptions.of', { name: props.name })}
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('exceptions.fields.kind')}</Table.Th>
                  <Table.Th scope="col">{t('exceptions.fields.when')}</Table.Th>
                  <Table.Th scope="col">{t('exceptions.fields.reason')}</Table.Th>
                  <Table.Th scope="col">{t('common.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.map((e) => (
                  <Table.Tr key={e.id}>
                    <Table.Td>
                      <Badge variant="light" size="sm" color={kindColor[e.kind]}>
                        {t(`exceptions.kind.${e.kind}`)}
                      </Badge>
                      {subject.kind !== 'facility' && e.facilityId ? (
                        <Text size="xs" c="dimmed">
                          {t('exceptions.wholeFacility')}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>{describeWhen(t, e, timeZone)}</Table.Td>
                    <Table.Td>{e.reason}</Table.Td>
                    <Table.Td>
                      {subject.kind !== 'facility' && e.facilityId ? (
                        // A holiday applies to everyone at the facility: cancel it there.
                        <Text size="xs" c="dimmed">
                          {t('exceptions.cancelAtFacility')}
                        </Text>
                      ) : (
                        <Button
                          size="compact-sm"
                          variant="subtle"
                          color="red"
                          onClick={() => setCancelling(e)}
                          aria-label={t('exceptions.cancelNamed', {
                            when: describeWhen(t, e, timeZone),
                          })}
                        >
                          {t('exceptions.cancel')}
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryState>
      {adding ? (
        <ExceptionModal
          subject={subject}
          name={props.name}
          timeZone={timeZone}
          onClose={() => setAdding(false)}
          onCreated={(c) => {
            setCreated(c);
            setAdding(false);
          }}
        />
      ) : null}
      <CancelExceptionModal
        exception={cancelling}
        when={cancelling ? describeWhen(t, cancelling, timeZone) : ''}
        onClose={() => setCancelling(null)}
      />
    </Paper>
  );
}

/** "Wed, 1 Jul 2026 – Fri, 3 Jul 2026 (all day)" or "Tue, 20 Jan 2026 13:00 – 15:30". */
function describeWhen(
  t: ReturnType<typeof useTranslation>['t'],
  e: Pick<ScheduleException, 'startsAt' | 'endsAt'>,
  timeZone: string,
): string {
  const days = allDayDates(e.startsAt, e.endsAt, timeZone);
  if (days) {
    const text =
      days.first === days.last
        ? formatLocalDay(days.first)
        : `${formatLocalDay(days.first)} – ${formatLocalDay(days.last)}`;
    return t('exceptions.allDayRange', { days: text });
  }
  const time = new Intl.DateTimeFormat(undefined, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone,
  });
  return time.formatRange(new Date(e.startsAt), new Date(e.endsAt));
}

function CancelExceptionModal(props: {
  exception: ScheduleException | null;
  when: string;
  onClose: () => void;
}) {
  const { t } = useTranslation('scheduleSetup');
  const cancel = useCancelException();
  const close = () => {
    cancel.reset();
    props.onClose();
  };
  return (
    <ConfirmModal
      opened={!!props.exception}
      title={t('exceptions.cancelTitle')}
      confirmLabel={t('exceptions.cancel')}
      isPending={cancel.isPending}
      error={cancel.error ? setupErrorMessage(t, cancel.error) : null}
      onConfirm={() => {
        if (!props.exception) return;
        cancel.mutate(props.exception.id, {
          onSuccess: () => {
            notifyDone(t('exceptions.cancelled'));
            close();
          },
        });
      }}
      onClose={close}
    >
      {t('exceptions.cancelExplain', { when: props.when })}
    </ConfirmModal>
  );
}

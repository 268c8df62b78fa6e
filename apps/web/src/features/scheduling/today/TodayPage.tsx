import { useState, type ComponentProps } from 'react';
import { Alert, Button, Group, NativeSelect, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconRefresh } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { AppointmentTransition } from '@meridian/contracts';
import { useCan, useSignedInMe } from '../../../app/auth/useMe';
import { formatTime } from '../../../ui/format';
import { formatClock, formatLocalDay } from '../scheduling-format';
import { PageHeader } from '../../../ui/PageHeader';
import { QueryState } from '../../../ui/QueryState';
import { useDepartments } from '../../admin/organization.api';
import { ConfirmModal } from '../../admin/ConfirmModal';
import { CancelAppointmentModal } from './CancelAppointmentModal';
import { describeChangeError } from './change-errors';
import { patientLabel } from './PatientCell';
import {
  todayRefetchMs,
  useChangeAppointment,
  useTodayList,
  type RowChange,
  type TodayEntry,
  type TodayList,
} from './today.api';
import { byTime, practitionersOf, summarise } from './today-list';
import { TodaySummary } from './TodaySummary';
import { TodayTable } from './TodayTable';
import { useNow } from './useNow';

type Dialog = { kind: 'noShow' | 'cancel'; entry: TodayEntry };

/**
 * /schedule/today: the front desk's list of the current facility's appointments today, with
 * check-in, to room, complete, no-show and cancel, and the live waiting time of everyone
 * who has arrived. The list refetches every 30 s; the waiting times tick in between.
 */
export function TodayPage() {
  const { t } = useTranslation();
  const me = useSignedInMe();
  const can = useCan();
  const facility = me.facilities.find((f) => f.id === me.currentFacilityId) ?? null;
  const [params, setParams] = useSearchParams();
  const departmentId = params.get('department') ?? '';
  const practitionerId = params.get('practitioner') ?? '';
  const query = facility
    ? { facilityId: facility.id, ...(departmentId ? { departmentId } : {}) }
    : null;
  const list = useTodayList(query);
  const now = useNow(todayRefetchMs);
  const change = useChangeAppointment(query);
  const [dialog, setDialog] = useState<Dialog | null>(null);

  const setFilter = (name: string, value: string) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );

  const run = (entry: TodayEntry, rowChange: RowChange, onDone?: () => void) => {
    change.mutate(
      { entry, change: rowChange },
      {
        onSuccess: () => {
          onDone?.();
          const done = rowChange.kind === 'cancel' ? 'cancel' : rowChange.action;
          notifications.show({
            closeButtonProps: { 'aria-label': t('common:close') },
            message: t(`visits:today.done.${done}`, { patient: patientLabel(t, entry.patient) }),
          });
        },
      },
    );
  };
  const refresh = () => {
    change.reset();
    void list.refetch();
  };

  if (!facility) {
    return (
      <>
        <PageHeader title={t('visits:today.title')} />
        <Text c="dimmed">{t('visits:today.noFacility')}</Text>
      </>
    );
  }

  const failure = change.error && !dialog ? describeChangeError(change.error) : null;
  return (
    <Stack gap="md">
      <PageHeader
        title={t('visits:today.title')}
        description={
          list.data
            ? t('visits:today.description', {
                date: formatLocalDay(list.data.date),
                facility: facility.name,
                timeZone: list.data.timeZone,
              })
            : facility.name
        }
        actions={
          <Button
            variant="default"
            leftSection={<IconRefresh size={16} aria-hidden />}
            onClick={refresh}
            loading={list.isFetching && !list.isPending}
          >
            {t('visits:today.refresh')}
          </Button>
        }
      />
      <TodayFilters
        facilityId={facility.id}
        departmentId={departmentId}
        practitionerId={practitionerId}
        practitioners={practitionersOf(list.data?.items ?? [])}
        onChange={setFilter}
      />
      {failure ? (
        <Alert color="red" role="alert" title={t('visits:today.changeFailed')}>
          <Stack gap="xs" align="flex-start">
            <Text size="sm">{failure.message}</Text>
            <Button size="xs" variant="light" color="red" onClick={refresh}>
              {t('visits:today.refresh')}
            </Button>
          </Stack>
        </Alert>
      ) : null}
      <QueryState query={list}>
        {(data) => (
          <TodayContent
            data={data}
            practitionerId={practitionerId}
            now={now}
            canAct={can('appointment.book')}
            pendingId={change.isPending ? (change.variables?.entry.id ?? null) : null}
            updatedAt={list.dataUpdatedAt}
            onTransition={(entry, action: AppointmentTransition) =>
              run(entry, { kind: 'transition', action })
            }
            onNoShow={(entry) => {
              change.reset();
              setDialog({ kind: 'noShow', entry });
            }}
            onCancel={(entry) => {
              change.reset();
              setDialog({ kind: 'cancel', entry });
            }}
          />
        )}
      </QueryState>
      <TodayDialogs
        dialog={dialog}
        timeZone={list.data?.timeZone ?? facility.timeZone}
        isPending={change.isPending}
        error={change.error}
        onRefresh={refresh}
        onClose={() => {
          change.reset();
          setDialog(null);
        }}
        onConfirm={(entry, rowChange) => run(entry, rowChange, () => setDialog(null))}
      />
    </Stack>
  );
}

function TodayFilters(props: {
  facilityId: string;
  departmentId: string;
  practitionerId: string;
  practitioners: { value: string; label: string }[];
  onChange: (name: 'department' | 'practitioner', value: string) => void;
}) {
  const { t } = useTranslation();
  const departments = useDepartments(props.facilityId);
  const departmentOptions = (departments.data ?? [])
    .filter((d) => d.isActive || d.id === props.departmentId)
    .map((d) => ({ value: d.id, label: d.name }));
  const practitionerOptions = props.practitioners.some((p) => p.value === props.practitionerId)
    ? props.practitioners
    : props.practitionerId
      ? [...props.practitioners, { value: props.practitionerId, label: props.practitionerId }]
      : props.practitioners;
  return (
    <Group role="group" aria-label={t('visits:today.filters.label')} gap="sm" align="flex-end">
      <NativeSelect
        label={t('visits:today.filters.department')}
        value={props.departmentId}
        onChange={(e) => props.onChange('department', e.currentTarget.value)}
        data={[
          { value: '', label: t('visits:today.filters.allDepartments') },
          ...departmentOptions,
        ]}
        w={{ base: '100%', xs: 240 }}
      />
      <NativeSelect
        label={t('visits:today.filters.practitioner')}
        value={props.practitionerId}
        onChange={(e) => props.onChange('practitioner', e.currentTarget.value)}
        data={[
          { value: '', label: t('visits:today.filters.allPractitioners') },
          ...practitionerOptions,
        ]}
        w={{ base: '100%', xs: 240 }}
      />
    </Group>
  );
}

function TodayContent(
  props: {
    data: TodayList;
    practitionerId: string;
    now: number;
    canAct: boolean;
    pendingId: string | null;
    updatedAt: number;
  } & Pick<ComponentProps<typeof TodayTable>, 'onTransition' | 'onNoShow' | 'onCancel'>,
) {
  const { t } = useTranslation();
  const shown = byTime(
    props.practitionerId
      ? props.data.items.filter((e) => e.practitionerId === props.practitionerId)
      : props.data.items,
  );
  return (
    <Stack gap="md">
      <TodaySummary summary={summarise(shown)} />
      {shown.length === 0 ? (
        <Text c="dimmed" py="lg" ta="center">
          {props.data.items.length === 0
            ? t('visits:today.empty')
            : t('visits:today.emptyFiltered')}
        </Text>
      ) : (
        <TodayTable
          items={shown}
          timeZone={props.data.timeZone}
          now={props.now}
          canAct={props.canAct}
          pendingId={props.pendingId}
          onTransition={props.onTransition}
          onNoShow={props.onNoShow}
          onCancel={props.onCancel}
        />
      )}
      <Text size="xs" c="dimmed">
        {t('visits:today.updatedAt', { time: formatTime(new Date(props.updatedAt)) })}
      </Text>
    </Stack>
  );
}

function TodayDialogs(props: {
  dialog: Dialog | null;
  timeZone: string;
  isPending: boolean;
  error: unknown;
  onRefresh: () => void;
  onClose: () => void;
  onConfirm: (entry: TodayEntry, change: RowChange) => void;
}) {
  const { t } = useTranslation();
  const { dialog } = props;
  const failure = props.error ? describeChangeError(props.error) : null;
  const refreshButton = failure?.isStale ? (
    <Button size="xs" variant="light" onClick={props.onRefresh}>
      {t('visits:today.refresh')}
    </Button>
  ) : undefined;
  const entry = dialog?.entry;
  const vars = entry
    ? {
        patient: patientLabel(t, entry.patient),
        time: formatClock(entry.startsAt, props.timeZone),
        practitioner: entry.practitionerName,
        type: entry.appointmentTypeName,
      }
    : null;
  return (
    <>
      <ConfirmModal
        opened={dialog?.kind === 'noShow'}
        title={t('visits:today.noShow.title')}
        confirmLabel={t('visits:today.noShow.confirm')}
        color="red.9"
        isPending={props.isPending}
        error={failure?.message ?? null}
        errorAction={refreshButton}
        onConfirm={() => entry && props.onConfirm(entry, { kind: 'transition', action: 'no_show' })}
        onClose={props.onClose}
      >
        {vars ? t('visits:today.noShow.body', vars) : ''}
      </ConfirmModal>
      <CancelAppointmentModal
        opened={dialog?.kind === 'cancel'}
        summary={vars ? `${vars.patient}: ${t('visits:cancel.summary', vars)}` : ''}
        isPending={props.isPending}
        error={failure?.message ?? null}
        errorAction={refreshButton}
        onSubmit={(reason) => entry && props.onConfirm(entry, { kind: 'cancel', reason })}
        onClose={props.onClose}
      />
    </>
  );
}

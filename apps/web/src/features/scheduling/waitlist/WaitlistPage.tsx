import { useState } from 'react';
import {
  Badge,
  Button,
  Group,
  NativeSelect,
  Stack,
  Table,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { waitlistStatus, type WaitlistEntry, type WaitlistStatus } from '@meridian/contracts';
import { useCan, useSignedInMe } from '../../../app/auth/useMe';
import { describeError } from '../../../ui/errors';
import { PageHeader } from '../../../ui/PageHeader';
import { QueryState } from '../../../ui/QueryState';
import { ConfirmModal } from '../../admin/ConfirmModal';
import { LoadMore } from '../../admin/LoadMore';
import { flattenPages } from '../../admin/paging';
import { formatClock, formatLocalDay, localDateOf, todayIn } from '../scheduling-format';
import { PatientCell, patientLabel } from '../today/PatientCell';
import { AddToWaitlistDialog } from './AddToWaitlistDialog';
import { useCancelWaitlistEntry, useWaitlist } from './waitlist.api';

const statusColor: Record<WaitlistStatus, string> = {
  waiting: 'blue',
  offered: 'orange',
  booked: 'green',
  cancelled: 'gray',
  expired: 'gray',
};

/** The status filter's choices: '' = the open entries (waiting and offered). */
const filterValues = ['', ...waitlistStatus.options] as const;

function isStatus(v: string | null): v is WaitlistStatus {
  return (waitlistStatus.options as readonly string[]).includes(v ?? '');
}

/**
 * /schedule/waitlist: the current facility's patients waiting for an earlier slot, first
 * come first served, with any offer out to them and until when it holds the slot.
 */
export function WaitlistPage() {
  const { t } = useTranslation();
  const me = useSignedInMe();
  const facility = me.facilities.find((f) => f.id === me.currentFacilityId) ?? null;
  if (!facility) {
    return (
      <>
        <PageHeader title={t('waitlist:title')} />
        <Text c="dimmed">{t('waitlist:noFacility')}</Text>
      </>
    );
  }
  return <FacilityWaitlist facility={facility} />;
}

type Facility = ReturnType<typeof useSignedInMe>['facilities'][number];

function FacilityWaitlist(props: { facility: Facility }) {
  const { t } = useTranslation();
  const can = useCan();
  const { facility } = props;
  const [params, setParams] = useSearchParams();
  const statusParam = params.get('status');
  const status = isStatus(statusParam) ? statusParam : undefined;
  const list = useWaitlist({ facilityId: facility.id, ...(status ? { status } : {}) });
  const [adding, setAdding] = useState(false);
  const [cancelling, setCancelling] = useState<WaitlistEntry | null>(null);
  const cancel = useCancelWaitlistEntry();
  const canBook = can('appointment.book');
  const timeZone = facility.timeZone;

  const closeCancel = () => {
    cancel.reset();
    setCancelling(null);
  };
  const confirmCancel = () => {
    if (!cancelling) return;
    cancel.mutate(cancelling, {
      onSuccess: (entry) => {
        notifications.show({
          message: t('waitlist:cancel.done', { patient: patientLabel(t, entry.patient) }),
        });
        closeCancel();
      },
    });
  };

  return (
    <Stack gap="md">
      <PageHeader
        title={t('waitlist:title')}
        description={t('waitlist:description', { facility: facility.name, timeZone })}
        actions={
          canBook ? (
            <Button
              leftSection={<IconPlus size={16} aria-hidden />}
              onClick={() => setAdding(true)}
            >
              {t('waitlist:add')}
            </Button>
          ) : null
        }
      />
      <Group>
        <NativeSelect
          label={t('waitlist:filter.status')}
          data={filterValues.map((v) => ({
            value: v,
            label: v ? t(`waitlist:status.${v}`) : t('waitlist:filter.open'),
          }))}
          value={status ?? ''}
          onChange={(e) => {
            const value = e.currentTarget.value;
            setParams(
              (prev) => {
                const next = new URLSearchParams(prev);
                if (value) next.set('status', value);
                else next.delete('status');
                return next;
              },
              { replace: true },
            );
          }}
          w={280}
        />
      </Group>
      <QueryState
        query={{ ...list, data: list.data ? flattenPages(list.data) : undefined }}
        isEmpty={(items) => items.length === 0}
        empty={status ? t('waitlist:emptyStatus') : t('waitlist:empty')}
      >
        {(items) => (
          <>
            <WaitlistTable
              items={items}
              timeZone={timeZone}
              canCancel={canBook}
              onCancel={setCancelling}
            />
            <LoadMore
              shown={items.length}
              hasNextPage={list.hasNextPage}
              isFetchingNextPage={list.isFetchingNextPage}
              fetchNextPage={() => list.fetchNextPage()}
            />
          </>
        )}
      </QueryState>
      <AddToWaitlistDialog
        opened={adding}
        facilityId={facility.id}
        today={todayIn(timeZone)}
        onClose={() => setAdding(false)}
      />
      <ConfirmModal
        opened={cancelling !== null}
        title={t('waitlist:cancel.title')}
        confirmLabel={t('waitlist:cancel.confirm')}
        color="red"
        isPending={cancel.isPending}
        error={cancel.error ? describeError(cancel.error).message : null}
        onConfirm={confirmCancel}
        onClose={closeCancel}
      >
        {cancelling
          ? t(
              cancelling.status === 'offered'
                ? 'waitlist:cancel.explainOffered'
                : 'waitlist:cancel.explain',
              { patient: patientLabel(t, cancelling.patient) },
            )
          : ''}
      </ConfirmModal>
    </Stack>
  );
}

function wants(t: TFunction, e: WaitlistEntry): string {
  if (e.practitionerName && e.specialty) {
    return t('waitlist:wants.either', { practitioner: e.practitionerName, specialty: e.specialty });
  }
  if (e.practitionerName) return e.practitionerName;
  return t('waitlist:wants.specialty', { specialty: e.specialty ?? '' });
}

/** Five columns keep it readable at tablet width: what is wanted and the type share one. */
function WaitlistTable(props: {
  items: WaitlistEntry[];
  timeZone: string;
  canCancel: boolean;
  onCancel: (entry: WaitlistEntry) => void;
}) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={680}>
      <Table verticalSpacing="sm" highlightOnHover>
        <Table.Caption>{t('waitlist:table.caption')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('waitlist:table.patient')}</Table.Th>
            <Table.Th scope="col">{t('waitlist:table.wants')}</Table.Th>
            <Table.Th scope="col">{t('waitlist:table.window')}</Table.Th>
            <Table.Th scope="col">{t('waitlist:table.status')}</Table.Th>
            {props.canCancel ? (
              <Table.Th scope="col">
                <VisuallyHidden>{t('waitlist:table.actions')}</VisuallyHidden>
              </Table.Th>
            ) : null}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.items.map((e) => (
            <Table.Tr key={e.id}>
              <Table.Td>
                <PatientCell patientId={e.patientId} patient={e.patient} />
              </Table.Td>
              <Table.Td>
                <Text size="sm">{wants(t, e)}</Text>
                <Text size="xs" c="dimmed">
                  {e.appointmentTypeName}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">
                  {t('waitlist:table.windowRange', {
                    from: formatLocalDay(e.earliestDate),
                    to: formatLocalDay(e.latestDate),
                  })}
                </Text>
                <Text size="xs" c="dimmed">
                  {t('waitlist:table.added', {
                    date: formatLocalDay(localDateOf(e.createdAt, props.timeZone)),
                  })}
                </Text>
              </Table.Td>
              <Table.Td>
                <Badge color={statusColor[e.status]} variant="light">
                  {t(`waitlist:status.${e.status}`)}
                </Badge>
                {e.offerExpiresAt ? (
                  <Text size="xs" c="dimmed" mt={4}>
                    {t('waitlist:table.offerUntil', {
                      time: formatClock(e.offerExpiresAt, props.timeZone),
                    })}
                  </Text>
                ) : null}
              </Table.Td>
              {props.canCancel ? (
                <Table.Td>
                  {e.status === 'waiting' || e.status === 'offered' ? (
                    <Button
                      size="compact-sm"
                      variant="default"
                      onClick={() => props.onCancel(e)}
                      aria-label={t('waitlist:cancel.buttonFor', {
                        patient: patientLabel(t, e.patient),
                      })}
                    >
                      {t('waitlist:cancel.button')}
                    </Button>
                  ) : null}
                </Table.Td>
              ) : null}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

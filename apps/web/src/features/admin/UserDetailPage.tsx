import { useState } from 'react';
import { Alert, Anchor, Button, DataList, Group, Paper, Stack, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconArrowLeft,
  IconEdit,
  IconKey,
  IconLock,
  IconShieldOff,
  IconUserCheck,
  IconUserOff,
} from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { User } from '@meridian/contracts';
import { PageHeader } from '../../ui/PageHeader';
import { QueryState } from '../../ui/QueryState';
import { formatDateTime } from '../../ui/format';
import { errorMessage, isVersionMismatch } from './admin-forms';
import { MfaBadge, RoleBadges, StatusBadge } from './AdminBadges';
import { useAuditEvents } from './audit.api';
import { AuditEventsTable } from './AuditEventsTable';
import { ConfirmModal } from './ConfirmModal';
import { DetailItem } from './DetailItem';
import { EditUserModal } from './EditUserModal';
import { useCan, useMe } from '../../app/auth/useMe';
import { useFacilities } from './organization.api';
import { flattenPages } from './paging';
import { ResetPasswordModal } from './ResetPasswordModal';
import { isLocked, useResetMfa, useUpdateUser, useUser } from './users.api';

/** /admin/users/:userId: one account's profile, its admin actions and its recent activity. */
export function UserDetailPage() {
  const { t } = useTranslation();
  const { userId = '' } = useParams();
  const can = useCan();
  const query = useUser(userId);
  const user = query.data;
  const reload = () => void query.refetch();

  return (
    <Stack gap="md">
      <Anchor component={Link} to="/admin/users" size="sm">
        <Group gap={4} component="span">
          <IconArrowLeft size={14} aria-hidden />
          {t('admin:userDetail.back')}
        </Group>
      </Anchor>
      <PageHeader
        title={user?.displayName ?? t('admin:userDetail.title')}
        description={user?.email}
        actions={user && can('user.manage') ? <UserActions user={user} onReload={reload} /> : null}
      />
      <QueryState query={query}>{(u) => <UserProfile user={u} />}</QueryState>
      {user && can('audit.read') ? <UserRecentActivity userId={user.id} /> : null}
    </Stack>
  );
}

type Dialog = 'edit' | 'password' | 'mfa' | 'status' | null;

function UserActions(props: { user: User; onReload: () => void }) {
  const { t } = useTranslation();
  const { user } = props;
  const me = useMe();
  const [dialog, setDialog] = useState<Dialog>(null);
  const statusChange = useUpdateUser(user.id);
  const mfaReset = useResetMfa(user.id);
  const isSelf = me.data?.user.id === user.id;
  const nextStatus = user.status === 'active' ? 'disabled' : 'active';
  const close = () => {
    statusChange.reset();
    mfaReset.reset();
    setDialog(null);
  };
  const isStatusConflict = isVersionMismatch(statusChange.error);

  return (
    <>
      <Button
        variant="default"
        leftSection={<IconEdit size={16} />}
        onClick={() => setDialog('edit')}
      >
        {t('admin:userDetail.edit')}
      </Button>
      <Button
        variant="default"
        leftSection={<IconKey size={16} />}
        onClick={() => setDialog('password')}
      >
        {t('admin:resetPassword.title')}
      </Button>
      {user.mfaEnrolled ? (
        <Button
          variant="default"
          leftSection={<IconShieldOff size={16} />}
          onClick={() => setDialog('mfa')}
        >
          {t('admin:resetMfa.title')}
        </Button>
      ) : null}
      {/* The server refuses disabling yourself; do not offer it. */}
      {isSelf ? null : (
        <Button
          variant="light"
          color={nextStatus === 'disabled' ? 'red' : 'green'}
          leftSection={
            nextStatus === 'disabled' ? <IconUserOff size={16} /> : <IconUserCheck size={16} />
          }
          onClick={() => setDialog('status')}
        >
          {nextStatus === 'disabled' ? t('admin:userDetail.disable') : t('admin:userDetail.enable')}
        </Button>
      )}

      <EditUserModal
        key={`${user.id}:${user.version}`}
        user={user}
        opened={dialog === 'edit'}
        onClose={close}
        onReload={props.onReload}
      />
      <ResetPasswordModal user={user} opened={dialog === 'password'} onClose={close} />
      <ConfirmModal
        opened={dialog === 'mfa'}
        title={t('admin:resetMfa.title')}
        confirmLabel={t('admin:resetMfa.confirm')}
        color="orange"
        isPending={mfaReset.isPending}
        error={mfaReset.error ? errorMessage(t, mfaReset.error) : null}
        onConfirm={() =>
          mfaReset.mutate(undefined, {
            onSuccess: () => {
              notifications.show({
                color: 'green',
                message: t('admin:resetMfa.done', { name: user.displayName }),
              });
              close();
            },
          })
        }
        onClose={close}
      >
        {t('admin:resetMfa.explain', { name: user.displayName })}
      </ConfirmModal>
      <ConfirmModal
        opened={dialog === 'status'}
        title={
          nextStatus === 'disabled'
            ? t('admin:userDetail.disableTitle', { name: user.displayName })
            : t('admin:userDetail.enableTitle', { name: user.displayName })
        }
        confirmLabel={
          nextStatus === 'disabled' ? t('admin:userDetail.disable') : t('admin:userDetail.enable')
        }
        color={nextStatus === 'disabled' ? 'red' : 'green'}
        isPending={statusChange.isPending}
        error={
          statusChange.error
            ? isStatusConflict
              ? t('admin:userDetail.conflict')
              : errorMessage(t, statusChange.error)
            : null
        }
        errorAction={
          isStatusConflict ? (
            <Button
              size="xs"
              variant="light"
              onClick={() => {
                statusChange.reset();
                props.onReload();
              }}
            >
              {t('admin:common.reload')}
            </Button>
          ) : null
        }
        onConfirm={() =>
          statusChange.mutate(
            { version: user.version, body: { status: nextStatus } },
            {
              onSuccess: () => {
                notifications.show({
                  color: 'green',
                  message:
                    nextStatus === 'disabled'
                      ? t('admin:userDetail.disabled', { name: user.displayName })
                      : t('admin:userDetail.enabled', { name: user.displayName }),
                });
                close();
              },
            },
          )
        }
        onClose={close}
      >
        {nextStatus === 'disabled'
          ? t('admin:userDetail.disableExplain', { name: user.displayName })
          : t('admin:userDetail.enableExplain', { name: user.displayName })}
      </ConfirmModal>
    </>
  );
}

function UserProfile(props: { user: User }) {
  const { t } = useTranslation();
  const { user } = props;
  const facilities = useFacilities();
  const facilityName = (id: string) => {
    const f = facilities.data?.find((x) => x.id === id);
    return f ? `${f.name} (${f.code})` : id;
  };

  return (
    <Stack gap="md">
      {isLocked(user) ? (
        <Alert
          color="orange"
          icon={<IconLock size={18} />}
          title={t('admin:userDetail.lockedTitle')}
        >
          {t('admin:userDetail.lockedExplain', { time: formatDateTime(user.lockedUntil) })}
        </Alert>
      ) : null}
      {user.status === 'disabled' ? (
        <Alert color="gray" title={t('admin:userDetail.disabledTitle')}>
          {t('admin:userDetail.disabledExplain')}
        </Alert>
      ) : null}
      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="sm">
          {t('admin:userDetail.profile')}
        </Title>
        <DataList labelWidth="11rem" withDivider>
          <DetailItem label={t('admin:users.fields.email')}>{user.email}</DetailItem>
          <DetailItem label={t('admin:users.fields.roles')}>
            <RoleBadges roles={user.roles} />
          </DetailItem>
          <DetailItem label={t('admin:users.fields.facilities')}>
            {user.facilityIds.length === 0
              ? t('admin:userDetail.noFacilities')
              : user.facilityIds.map(facilityName).join(', ')}
          </DetailItem>
          <DetailItem label={t('admin:users.columns.status')}>
            <StatusBadge group="userStatus" value={user.status} />
          </DetailItem>
          <DetailItem label={t('admin:users.columns.mfa')}>
            <MfaBadge user={user} />
          </DetailItem>
          <DetailItem label={t('admin:userDetail.password')}>
            {user.mustChangePassword
              ? t('admin:userDetail.passwordMustChange')
              : t('admin:userDetail.passwordSetByUser')}
          </DetailItem>
          <DetailItem label={t('admin:users.columns.lastSignIn')}>
            {user.lastLoginAt ? formatDateTime(user.lastLoginAt) : t('admin:users.never')}
          </DetailItem>
          <DetailItem label={t('admin:userDetail.lockout')}>
            {isLocked(user)
              ? t('admin:users.lockedUntil', { time: formatDateTime(user.lockedUntil) })
              : t('admin:userDetail.notLocked')}
          </DetailItem>
          <DetailItem label={t('admin:userDetail.createdAt')}>
            {formatDateTime(user.createdAt)}
          </DetailItem>
        </DataList>
      </Paper>
    </Stack>
  );
}

function UserRecentActivity(props: { userId: string }) {
  const { t } = useTranslation();
  const events = useAuditEvents({ actorUserId: props.userId }, 20);
  return (
    <Paper withBorder p="md">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          {t('admin:userDetail.recentActivity')}
        </Title>
        <Anchor component={Link} to={`/admin/audit?actorUserId=${props.userId}`} size="sm">
          {t('admin:userDetail.openAuditLog')}
        </Anchor>
      </Group>
      <QueryState
        query={events}
        isEmpty={(data) => flattenPages(data).length === 0}
        empty={t('admin:userDetail.noActivity')}
      >
        {(data) => <AuditEventsTable events={data.pages[0]?.items ?? []} compact />}
      </QueryState>
    </Paper>
  );
}

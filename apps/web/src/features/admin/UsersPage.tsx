import { useState } from 'react';
import { Anchor, Badge, Button, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconLock, IconSearch, IconUserPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { roles, userStatus, uuid } from '@meridian/contracts';
import type { Role, User } from '@meridian/contracts';
import { PageHeader } from '../../ui/PageHeader';
import { QueryState } from '../../ui/QueryState';
import { formatDateTime } from '../../ui/format';
import { MfaBadge, RoleBadges, StatusBadge } from './AdminBadges';
import { CreateUserModal } from './CreateUserModal';
import { LoadMore } from './LoadMore';
import { useCan } from '../../app/auth/useMe';
import { allRoleOptions } from './options';
import { useFacilities } from './organization.api';
import { flattenPages } from './paging';
import { isLocked, useUsers } from './users.api';
import type { UserFilters } from './users.api';

function readFilters(params: URLSearchParams): UserFilters {
  const role = params.get('role');
  const status = params.get('status');
  const q = params.get('q')?.trim();
  const facilityId = uuid.safeParse(params.get('facilityId'));
  return {
    ...(q ? { q } : {}),
    ...(facilityId.success ? { facilityId: facilityId.data } : {}),
    ...(roles.includes(role as Role) ? { role: role as Role } : {}),
    ...(userStatus.safeParse(status).success ? { status: status as User['status'] } : {}),
  };
}

/** /admin/users: find staff accounts, see who is locked out or lacks MFA, add new users. */
export function UsersPage() {
  const { t } = useTranslation();
  const can = useCan();
  // Filters live in the URL so "back" from a user's page returns to the same list.
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  const [search, setSearch] = useState(filters.q ?? '');
  const [isCreating, setCreating] = useState(false);
  const users = useUsers(filters);
  const facilities = useFacilities();

  const setFilter = (key: 'q' | 'role' | 'status' | 'facilityId', value: string | null) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  const applySearch = useDebouncedCallback((value: string) => setFilter('q', value.trim()), 300);
  const isFiltered = Object.keys(filters).length > 0;

  return (
    <Stack gap="md">
      <PageHeader
        title={t('admin:users.title')}
        description={t('admin:users.description')}
        actions={
          can('user.manage') ? (
            <Button leftSection={<IconUserPlus size={16} />} onClick={() => setCreating(true)}>
              {t('admin:users.new')}
            </Button>
          ) : null
        }
      />
      <Group align="flex-end" gap="sm" wrap="wrap" role="search">
        <TextInput
          label={t('admin:users.search')}
          placeholder={t('admin:users.searchPlaceholder')}
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(e) => {
            setSearch(e.currentTarget.value);
            applySearch(e.currentTarget.value);
          }}
          style={{ flex: '1 1 16rem' }}
        />
        <Select
          label={t('admin:users.role')}
          placeholder={t('admin:common.any')}
          data={allRoleOptions(t)}
          value={filters.role ?? null}
          onChange={(v) => setFilter('role', v)}
          clearable
          w={180}
        />
        <Select
          label={t('admin:users.status')}
          placeholder={t('admin:common.any')}
          data={userStatus.options.map((s) => ({ value: s, label: t(`admin:userStatus.${s}`) }))}
          value={filters.status ?? null}
          onChange={(v) => setFilter('status', v)}
          clearable
          w={160}
        />
        <Select
          label={t('admin:users.facility')}
          placeholder={t('admin:common.any')}
          data={(facilities.data ?? []).map((f) => ({
            value: f.id,
            label: `${f.name} (${f.code})`,
          }))}
          value={filters.facilityId ?? null}
          onChange={(v) => setFilter('facilityId', v)}
          searchable
          clearable
          w={220}
        />
      </Group>
      <QueryState
        query={users}
        isEmpty={(data) => flattenPages(data).length === 0}
        empty={isFiltered ? t('admin:users.emptyFiltered') : t('admin:users.empty')}
      >
        {(data) => (
          <>
            <UsersTable users={flattenPages(data)} />
            <LoadMore
              shown={flattenPages(data).length}
              hasNextPage={users.hasNextPage}
              isFetchingNextPage={users.isFetchingNextPage}
              fetchNextPage={users.fetchNextPage}
            />
          </>
        )}
      </QueryState>
      <CreateUserModal opened={isCreating} onClose={() => setCreating(false)} />
    </Stack>
  );
}

function UsersTable(props: { users: User[] }) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={900} type="native">
      <Table striped highlightOnHover verticalSpacing="xs" aria-label={t('admin:users.caption')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('admin:users.columns.name')}</Table.Th>
            <Table.Th scope="col">{t('admin:users.columns.email')}</Table.Th>
            <Table.Th scope="col">{t('admin:users.columns.roles')}</Table.Th>
            <Table.Th scope="col">{t('admin:users.columns.status')}</Table.Th>
            <Table.Th scope="col">{t('admin:users.columns.mfa')}</Table.Th>
            <Table.Th scope="col">{t('admin:users.columns.lastSignIn')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.users.map((user) => (
            <Table.Tr key={user.id}>
              <Table.Td>
                <Anchor component={Link} to={`/admin/users/${user.id}`} fw={500}>
                  {user.displayName}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <Text size="sm" style={{ wordBreak: 'break-all' }}>
                  {user.email}
                </Text>
              </Table.Td>
              <Table.Td>
                <RoleBadges roles={user.roles} />
              </Table.Td>
              <Table.Td>
                <Group gap={4}>
                  <StatusBadge group="userStatus" value={user.status} />
                  {isLocked(user) ? (
                    <Badge color="orange" size="sm" leftSection={<IconLock size={12} />}>
                      {t('admin:users.lockedUntil', { time: formatDateTime(user.lockedUntil) })}
                    </Badge>
                  ) : null}
                  {user.mustChangePassword ? (
                    <Badge color="yellow" variant="outline" size="sm">
                      {t('admin:users.mustChangePassword')}
                    </Badge>
                  ) : null}
                </Group>
              </Table.Td>
              <Table.Td>
                <MfaBadge user={user} />
              </Table.Td>
              <Table.Td>
                <Text size="sm">
                  {user.lastLoginAt ? formatDateTime(user.lastLoginAt) : t('admin:users.never')}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

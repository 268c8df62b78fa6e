import { useState } from 'react';
import {
  Anchor,
  Badge,
  Group,
  Paper,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../../app/api';
import { QueryState } from '../../ui/QueryState';
import { formatDateTime } from '../../ui/format';
import { useBreakGlassGrants } from './audit.api';
import { LoadMore } from './LoadMore';
import { flattenPages } from './paging';
import type { BreakGlassGrant } from '@meridian/contracts';
import { filtersToParams } from './audit-filters';

/** The audit log of what that user did with the patient's record. */
function auditLinkFor(grant: BreakGlassGrant): string {
  const params = filtersToParams({ patientId: grant.patientId, actorUserId: grant.userId });
  return `/admin/audit?${params.toString()}`;
}

/** Emergency access to restricted records, for a privacy officer to review each reason. */
export function BreakGlassReview() {
  const { t } = useTranslation();
  const [show, setShow] = useState<'active' | 'all'>('active');
  const grants = useBreakGlassGrants(show === 'active');
  // Tricky: this endpoint may not exist on the server yet; say so instead of an error.
  const isUnavailable = grants.error instanceof ApiError && grants.error.status === 404;

  return (
    <Paper withBorder p="md">
      <Group justify="space-between" align="flex-start" mb="sm">
        <Stack gap={2}>
          <Title order={2} size="h4">
            {t('admin:breakGlass.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('admin:breakGlass.explain')}
          </Text>
        </Stack>
        <SegmentedControl
          aria-label={t('admin:breakGlass.show')}
          value={show}
          onChange={(v) => setShow(v === 'all' ? 'all' : 'active')}
          data={[
            { value: 'active', label: t('admin:breakGlass.active') },
            { value: 'all', label: t('admin:breakGlass.all') },
          ]}
        />
      </Group>
      {isUnavailable ? (
        <Text size="sm" c="dimmed">
          {t('admin:breakGlass.unavailable')}
        </Text>
      ) : (
        <QueryState
          query={grants}
          isEmpty={(data) => flattenPages(data).length === 0}
          empty={show === 'active' ? t('admin:breakGlass.noneActive') : t('admin:breakGlass.none')}
        >
          {(data) => (
            <>
              <GrantsTable grants={flattenPages(data)} />
              <LoadMore
                shown={flattenPages(data).length}
                hasNextPage={grants.hasNextPage}
                isFetchingNextPage={grants.isFetchingNextPage}
                fetchNextPage={grants.fetchNextPage}
              />
            </>
          )}
        </QueryState>
      )}
    </Paper>
  );
}

function GrantsTable(props: { grants: BreakGlassGrant[] }) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={800} type="native">
      <Table verticalSpacing="xs" aria-label={t('admin:breakGlass.title')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('admin:breakGlass.columns.grantedAt')}</Table.Th>
            <Table.Th scope="col">{t('admin:breakGlass.columns.user')}</Table.Th>
            <Table.Th scope="col">{t('admin:breakGlass.columns.patient')}</Table.Th>
            <Table.Th scope="col">{t('admin:breakGlass.columns.reason')}</Table.Th>
            <Table.Th scope="col">{t('admin:breakGlass.columns.expires')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.grants.map((grant) => (
            <Table.Tr key={grant.id}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                {formatDateTime(grant.grantedAt)}
              </Table.Td>
              <Table.Td>
                <Anchor component={Link} to={`/admin/users/${grant.userId}`} size="sm">
                  {grant.userDisplayName}
                </Anchor>
                <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
                  {grant.userEmail}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="xs" ff="monospace" style={{ wordBreak: 'break-all' }}>
                  {grant.patientId}
                </Text>
                <Anchor component={Link} to={auditLinkFor(grant)} size="xs">
                  {t('admin:breakGlass.viewActivity')}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{grant.reason}</Text>
              </Table.Td>
              <Table.Td>
                <Group gap={4}>
                  <Text size="sm">{formatDateTime(grant.expiresAt)}</Text>
                  {grant.isActive ? (
                    <Badge size="sm" color="orange" variant="light">
                      {t('admin:breakGlass.current')}
                    </Badge>
                  ) : null}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

import { Button, Stack, Text } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { auditExportRowCap } from '@meridian/contracts';
import { PageHeader } from '../../ui/PageHeader';
import { QueryState } from '../../ui/QueryState';
import { useAuditEvents } from './audit.api';
import { auditExportUrl, filtersFromParams, filtersToParams } from './audit-filters';
import { AuditEventsTable } from './AuditEventsTable';
import { AuditFiltersForm } from './AuditFiltersForm';
import { BreakGlassReview } from './BreakGlassReview';
import { IntegrityCard } from './IntegrityCard';
import { LoadMore } from './LoadMore';
import { useCan } from '../../app/auth/useMe';
import { flattenPages } from './paging';

/**
 * /admin/audit: who did what, to which record, from where. The filters live in the URL so a
 * privacy officer can bookmark or share exactly the view they are looking at.
 */
export function AuditLogPage() {
  const { t } = useTranslation();
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const filters = filtersFromParams(params);
  const events = useAuditEvents(filters);
  const filterKey = filtersToParams(filters).toString();

  return (
    <Stack gap="md">
      <PageHeader
        title={t('admin:audit.title')}
        description={t('admin:audit.description')}
        actions={
          can('audit.export') ? (
            <Button
              component="a"
              href={auditExportUrl(filters)}
              download
              variant="default"
              leftSection={<IconDownload size={16} />}
            >
              {t('admin:audit.export')}
            </Button>
          ) : null
        }
      />
      {can('audit.export') ? (
        <Text size="sm" c="dimmed">
          {t('admin:audit.exportHint', { count: auditExportRowCap })}
        </Text>
      ) : null}
      <IntegrityCard />
      <AuditFiltersForm
        key={filterKey}
        filters={filters}
        onApply={(next) => setParams(filtersToParams(next))}
      />
      <QueryState
        query={events}
        isEmpty={(data) => flattenPages(data).length === 0}
        empty={filterKey ? t('admin:audit.emptyFiltered') : t('admin:audit.empty')}
      >
        {(data) => (
          <>
            <AuditEventsTable events={flattenPages(data)} />
            <LoadMore
              shown={flattenPages(data).length}
              hasNextPage={events.hasNextPage}
              isFetchingNextPage={events.isFetchingNextPage}
              fetchNextPage={events.fetchNextPage}
            />
          </>
        )}
      </QueryState>
      <BreakGlassReview />
    </Stack>
  );
}

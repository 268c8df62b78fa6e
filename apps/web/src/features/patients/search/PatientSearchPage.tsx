import { useRef, useState } from 'react';
import { Button, Center, Group, NumberInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconSearch, IconUserPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { maxAgeYears, sexAtBirth, type PatientSummary } from '@meridian/contracts';
import { useCan } from '../../../app/auth/useMe';
import { PageHeader } from '../../../ui/PageHeader';
import { QueryState } from '../../../ui/QueryState';
import { LoadMore } from '../../admin/LoadMore';
import { flattenPages } from '../../admin/paging';
import { BreakGlassModal } from '../break-glass/BreakGlassModal';
import { enumOptions } from '../form/FormSection';
import { usePatientSearch, type PatientFilters } from '../patients.api';
import { focusFirstResult, SearchResultsTable } from './SearchResultsTable';

type FilterKey = 'q' | 'sex' | 'ageMin' | 'ageMax' | 'status';

function age(raw: string | null): number | undefined {
  const n = Number(raw);
  return raw !== null && raw !== '' && Number.isInteger(n) && n >= 0 && n <= maxAgeYears
    ? n
    : undefined;
}

/** The filters in the URL (so "back" from a record returns to the same list). */
export function readFilters(params: URLSearchParams): PatientFilters {
  const q = params.get('q')?.trim();
  const sex = sexAtBirth.safeParse(params.get('sex'));
  const ageMin = age(params.get('ageMin'));
  const ageMax = age(params.get('ageMax'));
  return {
    ...(q ? { q } : {}),
    ...(sex.success ? { sex: sex.data } : {}),
    ...(ageMin !== undefined ? { ageMin } : {}),
    ...(ageMax !== undefined ? { ageMax } : {}),
    ...(params.get('status') === 'inactive' ? { active: false } : {}),
  };
}

/**
 * /patients: the front desk's home. One box takes a name, "family, given", a date of birth,
 * an MRN, a phone or SSN last four; ArrowDown walks the results, Enter opens one.
 */
export function PatientSearchPage() {
  const { t } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  const [text, setText] = useState(filters.q ?? '');
  const [breakGlassFor, setBreakGlassFor] = useState<PatientSummary | null>(null);
  const searchBox = useRef<HTMLInputElement>(null);
  const hasCriteria = Object.keys(filters).length > 0;
  const search = usePatientSearch(filters, hasCriteria);

  const setFilter = (key: FilterKey, value: string | null) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  const applyText = useDebouncedCallback((value: string) => setFilter('q', value.trim()), 250);

  return (
    <Stack gap="md">
      <PageHeader
        title={t('patients:search.title')}
        description={t('patients:search.description')}
        actions={
          can('patient.write') ? (
            <Button
              component={Link}
              to="/patients/new"
              leftSection={<IconUserPlus size={16} aria-hidden />}
            >
              {t('patients:search.register')}
            </Button>
          ) : null
        }
      />
      <Group align="flex-end" gap="sm" wrap="wrap" role="search">
        <TextInput
          ref={searchBox}
          label={t('patients:search.box')}
          description={t('patients:search.boxHint')}
          leftSection={<IconSearch size={16} aria-hidden />}
          value={text}
          // The first thing the front desk does here is type: focus the box on arrival.
          autoFocus
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => {
            setText(e.currentTarget.value);
            applyText(e.currentTarget.value);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              applyText.flush();
            } else if (e.key === 'ArrowDown' && focusFirstResult()) {
              e.preventDefault();
            }
          }}
          style={{ flex: '1 1 20rem' }}
        />
        <Select
          label={t('patients:search.sex')}
          placeholder={t('patients:search.any')}
          data={enumOptions(t, 'sexAtBirth', sexAtBirth.options)}
          value={filters.sex ?? null}
          onChange={(v) => setFilter('sex', v)}
          clearable
          w={140}
        />
        <NumberInput
          label={t('patients:search.ageMin')}
          min={0}
          max={maxAgeYears}
          allowDecimal={false}
          allowNegative={false}
          value={filters.ageMin ?? ''}
          onChange={(v) => setFilter('ageMin', v === '' ? null : String(v))}
          w={100}
        />
        <NumberInput
          label={t('patients:search.ageMax')}
          min={0}
          max={maxAgeYears}
          allowDecimal={false}
          allowNegative={false}
          value={filters.ageMax ?? ''}
          onChange={(v) => setFilter('ageMax', v === '' ? null : String(v))}
          w={100}
        />
        <Select
          label={t('patients:search.status')}
          data={[
            { value: 'active', label: t('patients:status.active') },
            { value: 'inactive', label: t('patients:status.inactive') },
          ]}
          value={filters.active === false ? 'inactive' : 'active'}
          onChange={(v) => setFilter('status', v === 'inactive' ? v : null)}
          allowDeselect={false}
          w={130}
        />
      </Group>
      {hasCriteria ? (
        <QueryState
          query={search}
          isEmpty={(data) => flattenPages(data).length === 0}
          empty={t('patients:search.empty')}
        >
          {(data) => (
            <>
              <SearchResultsTable
                hits={flattenPages(data)}
                onExit={() => searchBox.current?.focus()}
                canBreakGlass={can('patient.break_glass')}
                onBreakGlass={setBreakGlassFor}
              />
              <LoadMore
                shown={flattenPages(data).length}
                hasNextPage={search.hasNextPage}
                isFetchingNextPage={search.isFetchingNextPage}
                fetchNextPage={search.fetchNextPage}
              />
            </>
          )}
        </QueryState>
      ) : (
        <Center py="xl">
          <Text c="dimmed" ta="center" maw={520}>
            {t('patients:search.start')}
          </Text>
        </Center>
      )}
      <BreakGlassModal
        patientId={breakGlassFor?.id ?? null}
        mrn={breakGlassFor?.mrn}
        onClose={() => setBreakGlassFor(null)}
        onOpened={(id) => void navigate(`/patients/${id}`)}
      />
    </Stack>
  );
}

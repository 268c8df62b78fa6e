import { useState } from 'react';
import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { useIcd10cmSearch } from './encounters.api';

/**
 * An ICD-10-CM code picked by code or words (typo-tolerant on the server). Categories that
 * are not billable are listed, marked, so a coder sees where the leaf codes are.
 */
export function Icd10Search(props: {
  value: string | null;
  onChange: (code: string | null) => void;
  error?: string | undefined;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [picked, setPicked] = useState<{ value: string; label: string } | null>(null);
  const [debounced] = useDebouncedValue(search, 250);
  // Tricky: once a code is picked the box shows its label; that is not a new search.
  const query = picked && debounced === picked.label ? '' : debounced.slice(0, 100);
  const codes = useIcd10cmSearch(query);
  const found = (codes.data?.items ?? []).map((c) => ({
    value: c.code,
    label:
      `${c.code} — ${c.shortDescription}` +
      (c.isBillable ? '' : ` (${t('encounters:diagnoses.category')})`),
  }));
  const data = picked && !found.some((o) => o.value === picked.value) ? [picked, ...found] : found;
  return (
    <Select
      label={t('encounters:diagnoses.search')}
      placeholder={t('encounters:diagnoses.searchPlaceholder')}
      searchable
      clearable
      clearButtonProps={{ 'aria-label': t('encounters:diagnoses.clearCode') }}
      filter={({ options }) => options}
      data={data}
      value={props.value}
      onChange={(code, option) => {
        setPicked(code ? option : null);
        props.onChange(code);
      }}
      searchValue={search}
      onSearchChange={setSearch}
      nothingFoundMessage={
        query.trim().length < 2
          ? t('encounters:diagnoses.typeMore')
          : codes.isFetching
            ? t('common:loading')
            : t('encounters:diagnoses.noCodes')
      }
      error={props.error}
    />
  );
}

import { useState } from 'react';
import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import type { User } from '@meridian/contracts';
import { useUser, useUserSearch } from './users.api';

const optionLabel = (user: User) => `${user.displayName} — ${user.email}`;

/**
 * Picks one user by searching the server as the reader types; the chosen user stays listed
 * (and named, when the id came from a link) whatever the search shows.
 */
export function UserPicker(props: {
  label: string;
  value: string | null;
  onChange: (id: string | null) => void;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [hasOpened, setHasOpened] = useState(false);
  const [debounced] = useDebouncedValue(search, 300);
  const selected = useUser(props.value);
  // Once chosen, the search box shows the chosen label: that is not a new search.
  const selectedLabel = selected.data ? optionLabel(selected.data) : null;
  const q = debounced === selectedLabel ? '' : debounced.trim();
  const results = useUserSearch(q, hasOpened);

  const users = new Map<string, User>();
  if (selected.data) users.set(selected.data.id, selected.data);
  for (const u of results.data?.items ?? []) users.set(u.id, u);

  return (
    <Select
      label={props.label}
      placeholder={t('admin:audit.filters.userPlaceholder')}
      searchable
      clearable
      searchValue={search}
      onSearchChange={setSearch}
      onDropdownOpen={() => setHasOpened(true)}
      data={[...users.values()].map((u) => ({ value: u.id, label: optionLabel(u) }))}
      // The server already matched the search; filtering its answer again would drop rows.
      filter={({ options }) => options}
      value={props.value}
      onChange={props.onChange}
      nothingFoundMessage={
        results.isFetching ? t('common:loading') : t('admin:audit.filters.noUsers')
      }
    />
  );
}

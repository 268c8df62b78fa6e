import { useEffect, useState } from 'react';
import { Combobox, Group, Loader, Text, TextInput, useCombobox } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import type { DrugHit } from '@meridian/contracts';
import { describeError } from '../../../ui/errors';
import { useProductSearch } from './medications.api';

/**
 * Product type-ahead over GET /api/v1/drugs: type part of a name; arrows move through the
 * answers, Enter picks one, Escape closes. Editing the text after a choice clears it.
 */
export function DrugPicker(props: {
  label: string;
  value: DrugHit | null;
  initialText?: string;
  onChange: (hit: DrugHit | null) => void;
  error?: string | undefined;
  autoFocus?: boolean;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState(props.value?.name ?? props.initialText ?? '');
  const [debounced] = useDebouncedValue(text, 200);
  const search = useProductSearch(props.value === null ? debounced : '');
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  const items = search.data?.items ?? [];

  useEffect(() => {
    if (items.length > 0) combobox.selectFirstOption();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- on new answers only
  }, [search.data]);

  const pick = (rxcui: string) => {
    const chosen = items.find((i) => i.rxcui === rxcui);
    if (!chosen) return;
    props.onChange(chosen);
    setText(chosen.name);
    combobox.closeDropdown();
  };

  const isSearching = debounced.trim().length >= 2;
  const status = !isSearching
    ? t('medications:picker.typeMore')
    : search.isError
      ? describeError(search.error).message
      : search.isFetching && items.length === 0
        ? t('common:loading')
        : items.length === 0
          ? t('medications:picker.nothing')
          : null;

  return (
    <Combobox store={combobox} onOptionSubmit={pick} withinPortal={false}>
      <Combobox.Target>
        <TextInput
          label={props.label}
          placeholder={t('medications:picker.placeholder')}
          description={t('medications:picker.hint')}
          required
          error={props.error}
          value={text}
          autoFocus={props.autoFocus}
          autoComplete="off"
          rightSection={search.isFetching ? <Loader size={16} aria-hidden /> : null}
          onChange={(e) => {
            setText(e.currentTarget.value);
            if (props.value !== null) props.onChange(null);
            combobox.openDropdown();
          }}
          onFocus={() => combobox.openDropdown()}
          onClick={() => combobox.openDropdown()}
          onBlur={() => combobox.closeDropdown()}
        />
      </Combobox.Target>
      <Combobox.Dropdown hidden={props.value !== null}>
        <Combobox.Options
          mah={300}
          style={{ overflowY: 'auto' }}
          aria-label={t('medications:picker.results')}
        >
          {status ? (
            <Combobox.Empty>{status}</Combobox.Empty>
          ) : (
            items.map((item) => (
              <Combobox.Option value={item.rxcui} key={item.rxcui}>
                <Group gap="sm" wrap="nowrap" justify="space-between">
                  <Text size="sm">{item.name}</Text>
                  <Text size="xs" c="dimmed">
                    {item.route ?? ''}
                  </Text>
                </Group>
              </Combobox.Option>
            ))
          )}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
}

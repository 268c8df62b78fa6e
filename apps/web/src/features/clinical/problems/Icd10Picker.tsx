import { useEffect, useId, useState } from 'react';
import { Badge, Combobox, Group, Loader, Stack, Text, TextInput, useCombobox } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import type { Icd10cmCode } from '@meridian/contracts';
import { describeError } from '../../../ui/errors';
import { useIcd10Search } from './problems.api';

/** "Billable" or "Category": whether claims accept the code as it is. */
export function BillableBadge(props: { code: Pick<Icd10cmCode, 'isBillable' | 'isCurrent'> }) {
  const { t } = useTranslation();
  if (!props.code.isCurrent) {
    return (
      <Badge color="gray" variant="outline" size="sm">
        {t('problems:picker.retired')}
      </Badge>
    );
  }
  return props.code.isBillable ? (
    <Badge color="teal" variant="light" size="sm">
      {t('problems:picker.billable')}
    </Badge>
  ) : (
    <Badge color="violet" variant="light" size="sm">
      {t('problems:picker.category')}
    </Badge>
  );
}

export interface Icd10PickerProps {
  label: string;
  value: Icd10cmCode | null;
  onChange: (code: Icd10cmCode | null) => void;
  error?: string | undefined;
  required?: boolean;
  description?: string;
  autoFocus?: boolean;
}

const labelOf = (c: Icd10cmCode) => `${c.code} — ${c.longDescription}`;

/**
 * ICD-10-CM type-ahead for any form that needs a code (problems, encounter diagnoses): type a
 * code (E11.9, e119) or words ('diab type 2 kidn', typos tolerated); arrows move through the
 * answers, Enter picks one, Escape closes. Each answer shows its code, description and
 * whether it is billable. Editing the text after a choice clears the choice.
 */
export function Icd10Picker(props: Icd10PickerProps) {
  const { t } = useTranslation();
  const hintId = useId();
  const [text, setText] = useState(props.value ? labelOf(props.value) : '');
  const [debounced] = useDebouncedValue(text, 200);
  const typing = props.value === null ? debounced : '';
  // Ten answers fit a tablet screen without a scrolling list (axe: scrollable regions).
  const search = useIcd10Search(typing, 10);
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  const items = search.data?.items ?? [];

  // New answers: the first is highlighted, so Enter takes the best match.
  useEffect(() => {
    if (items.length > 0) combobox.selectFirstOption();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- on new answers only
  }, [search.data]);

  const pick = (code: string) => {
    const chosen = items.find((i) => i.code === code);
    if (!chosen) return;
    props.onChange(chosen);
    setText(labelOf(chosen));
    combobox.closeDropdown();
  };

  const isSearching = typing.trim().length >= 2;
  const status = !isSearching
    ? t('problems:picker.typeMore')
    : search.isError
      ? describeError(search.error).message
      : search.isFetching && items.length === 0
        ? t('common:loading')
        : items.length === 0
          ? t('problems:picker.nothing')
          : null;

  return (
    <Stack gap={4}>
      <Combobox store={combobox} onOptionSubmit={pick}>
        <Combobox.Target>
          <TextInput
            label={props.label}
            placeholder={t('problems:picker.placeholder')}
            description={props.description ?? t('problems:picker.hint')}
            required={props.required}
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
          <Combobox.Options aria-label={t('problems:picker.results')}>
            {status ? (
              <Combobox.Empty>{status}</Combobox.Empty>
            ) : (
              items.map((item) => (
                <Combobox.Option value={item.code} key={item.code}>
                  <Group gap="sm" wrap="nowrap" align="flex-start">
                    <Text fw={700} size="sm" ff="monospace" miw={72}>
                      {item.code}
                    </Text>
                    <Text size="sm" style={{ flex: 1 }}>
                      {item.longDescription}
                    </Text>
                    <BillableBadge code={item} />
                  </Group>
                </Combobox.Option>
              ))
            )}
          </Combobox.Options>
        </Combobox.Dropdown>
      </Combobox>
      <Text id={hintId} size="xs" c="dimmed" aria-live="polite">
        {search.data?.mode === 'fuzzy' && isSearching && items.length > 0
          ? t('problems:picker.fuzzy')
          : ''}
      </Text>
      {props.value ? (
        <Group gap="xs">
          <BillableBadge code={props.value} />
          {!props.value.isBillable ? (
            <Text size="xs" c="dimmed">
              {t('problems:picker.categoryHint')}
            </Text>
          ) : null}
        </Group>
      ) : null}
    </Stack>
  );
}

import { useState } from 'react';
import {
  Badge,
  Button,
  Group,
  Loader,
  Paper,
  Stack,
  Text,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { PatientSummary } from '@meridian/contracts';
import { describeError } from '../../ui/errors';
import { minSearchLength, usePatientSearch } from './merge.api';
import { formatDay, formatName } from './patient-display';
import classes from './merge.module.css';

function SummaryLines(props: { patient: PatientSummary }) {
  const { t } = useTranslation();
  const p = props.patient;
  return (
    <Stack gap={2}>
      <Group gap="xs">
        <Text fw={600}>{formatName(p.name) ?? t('merge:picker.restricted')}</Text>
        {p.restricted ? (
          <Badge color="red" variant="light" size="xs">
            {t('merge:picker.restrictedBadge')}
          </Badge>
        ) : null}
      </Group>
      <Text size="sm" c="dimmed">
        {t('merge:picker.line', {
          mrn: p.mrn,
          birthDate: formatDay(p.birthDate),
          sex: p.sexAtBirth ? t(`merge:sex.${p.sexAtBirth}`) : '—',
        })}
      </Text>
    </Stack>
  );
}

/**
 * Finds one patient record by name, MRN, date of birth or phone and holds the choice. The
 * record chosen on the other side (`otherId`) cannot be chosen again.
 */
export function PatientPicker(props: {
  id: string;
  label: string;
  description: string;
  selected: PatientSummary | null;
  otherId: string | null;
  onSelect: (patient: PatientSummary | null) => void;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const results = usePatientSearch(q);
  const headingId = `${props.id}-label`;

  if (props.selected) {
    return (
      <Paper withBorder p="md" aria-labelledby={headingId} component="section">
        <Stack gap="sm">
          <Text fw={700} id={headingId}>
            {props.label}
          </Text>
          <SummaryLines patient={props.selected} />
          <Group>
            <Button size="compact-sm" variant="default" onClick={() => props.onSelect(null)}>
              {t('merge:picker.change')}
            </Button>
          </Group>
        </Stack>
      </Paper>
    );
  }

  const items = q.length >= minSearchLength ? (results.data?.items ?? []) : [];
  return (
    <Paper withBorder p="md" aria-labelledby={headingId} component="section">
      <Stack gap="sm">
        <Text fw={700} id={headingId}>
          {props.label}
        </Text>
        <TextInput
          type="search"
          label={t('merge:picker.search')}
          description={props.description}
          placeholder={t('merge:picker.placeholder')}
          leftSection={<IconSearch size={16} aria-hidden />}
          rightSection={results.isFetching ? <Loader size="xs" aria-hidden /> : null}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
        />
        <div aria-live="polite">
          {q.length < minSearchLength ? (
            <Text size="sm" c="dimmed">
              {t('merge:picker.hint')}
            </Text>
          ) : results.error ? (
            <Text size="sm" c="red" role="alert">
              {describeError(results.error).message}
            </Text>
          ) : results.data && items.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('merge:picker.noMatch')}
            </Text>
          ) : null}
        </div>
        {items.length > 0 ? (
          <ul
            className={classes.results}
            aria-label={t('merge:picker.results', { label: props.label })}
          >
            {items.map((p) => {
              const isOther = p.id === props.otherId;
              return (
                <li key={p.id}>
                  <UnstyledButton
                    className={classes.result}
                    disabled={isOther}
                    onClick={() => props.onSelect(p)}
                  >
                    <SummaryLines patient={p} />
                    {isOther ? (
                      <Text size="xs" c="dimmed">
                        {t('merge:picker.isOther')}
                      </Text>
                    ) : null}
                  </UnstyledButton>
                </li>
              );
            })}
          </ul>
        ) : null}
      </Stack>
    </Paper>
  );
}

import { Autocomplete, Button, Group, Paper, Select, SimpleGrid, TextInput } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { auditOutcome, auditQuery } from '@meridian/contracts';
import type { AuditEvent } from '@meridian/contracts';
import { validateAs } from './admin-forms';
import type { AuditFilters } from './audit-filters';
import { UserPicker } from './UserPicker';

interface FilterValues {
  actorUserId: string | null;
  patientId: string;
  action: string;
  outcome: string | null;
  range: [string | null, string | null];
}

/** Common actions and families; a value ending in '.' matches every action under it. */
const actionSuggestions = [
  'auth.',
  'auth.login',
  'auth.logout',
  'user.',
  'access.',
  'access.denied',
  'access.break_glass',
  'patient.',
  'org.',
  'audit.',
  'audit.export',
  'message.',
];

const filterSchema = auditQuery.pick({ patientId: true, action: true });

function toFilters(values: FilterValues): AuditFilters {
  const [from, to] = values.range;
  const filters: AuditFilters = {};
  if (values.actorUserId) filters.actorUserId = values.actorUserId;
  if (values.patientId.trim()) filters.patientId = values.patientId.trim();
  if (values.action.trim()) filters.action = values.action.trim();
  if (values.outcome) filters.outcome = values.outcome as AuditEvent['outcome'];
  if (from) filters.from = from;
  // A range picked as a single day has no end yet: it means that one day.
  if (to ?? from) filters.to = (to ?? from) as string;
  return filters;
}

/**
 * The audit log's filters. Edits stay local until "Apply", which puts them in the URL; mount
 * it with `key` set to the URL's query so a shared link or "back" refills the form.
 */
export function AuditFiltersForm(props: {
  filters: AuditFilters;
  onApply: (filters: AuditFilters) => void;
}) {
  const { t } = useTranslation();
  const { filters } = props;
  const form = useForm<FilterValues>({
    initialValues: {
      actorUserId: filters.actorUserId ?? null,
      patientId: filters.patientId ?? '',
      action: filters.action ?? '',
      outcome: filters.outcome ?? null,
      range: [filters.from ?? null, filters.to ?? null],
    },
    validate: validateAs<FilterValues>(
      filterSchema,
      (v) => ({ patientId: v.patientId.trim() || undefined, action: v.action.trim() || undefined }),
      {
        patientId: t('admin:validation.uuid'),
        action: t('admin:audit.filters.actionFormat'),
      },
    ),
  });

  return (
    <Paper withBorder p="md">
      <form
        onSubmit={form.onSubmit((values) => props.onApply(toFilters(values)))}
        role="search"
        aria-label={t('admin:audit.filters.label')}
        noValidate
      >
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
          <UserPicker
            label={t('admin:audit.filters.user')}
            value={form.values.actorUserId}
            onChange={(id) => form.setFieldValue('actorUserId', id)}
          />
          <TextInput
            label={t('admin:audit.filters.patientId')}
            placeholder={t('admin:audit.filters.patientIdPlaceholder')}
            ff="monospace"
            {...form.getInputProps('patientId')}
          />
          <Autocomplete
            label={t('admin:audit.filters.action')}
            description={t('admin:audit.filters.actionHint')}
            data={actionSuggestions}
            {...form.getInputProps('action')}
          />
          <Select
            label={t('admin:audit.filters.outcome')}
            placeholder={t('admin:common.any')}
            data={auditOutcome.options.map((o) => ({ value: o, label: t(`admin:outcome.${o}`) }))}
            clearable
            {...form.getInputProps('outcome')}
          />
          <DatePickerInput
            type="range"
            label={t('admin:audit.filters.dates')}
            placeholder={t('admin:audit.filters.datesPlaceholder')}
            allowSingleDateInRange
            clearable
            maxDate={new Date()}
            {...form.getInputProps('range')}
          />
        </SimpleGrid>
        <Group justify="flex-end" mt="md">
          <Button
            variant="default"
            onClick={() => props.onApply({})}
            disabled={Object.keys(filters).length === 0}
          >
            {t('admin:audit.filters.clear')}
          </Button>
          <Button type="submit">{t('admin:audit.filters.apply')}</Button>
        </Group>
      </form>
    </Paper>
  );
}

import { useState } from 'react';
import {
  ActionIcon,
  Alert,
  Button,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconCopy, IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { scheduleTemplateInput } from '@meridian/contracts';
import type { Facility, ScheduleTemplate } from '@meridian/contracts';
import { ApiError } from '../../../app/api';
import { isVersionMismatch, validateAs } from '../../admin/admin-forms';
import { ConflictAlert } from '../../admin/ConflictAlert';
import { FormButtons, FormError } from '../../admin/FormParts';
import { facilityOptions } from '../../admin/options';
import { DateField } from '../../coverage/DateField';
import { notifyDone } from '../../coverage/notify';
import { showSetupError } from './setup-errors';
import { useSaveTemplate } from './setup.api';
import {
  clashingTemplates,
  rangesOfBlockErrors,
  templateBody,
  templateFields,
  templateInitialValues,
  weekErrors,
  type TemplateValues,
} from './template-form';
import { WeekPreview } from './WeekPreview';
import { copyMondayToWeekdays, nextRange, quarterHours } from './week-hours';
import { weekdayNames } from './weekdays';

const times = quarterHours();

/**
 * One working-hours template: its name, location and dates, and a weekly editor with seven
 * rows of time ranges. Saves with If-Match; hours that clash with another template of the
 * practitioner are marked on the ranges that clash.
 */
export function TemplateEditor(props: {
  practitionerId: string;
  template: ScheduleTemplate | null;
  /** The other templates, to name the one a clash is with. */
  others: readonly ScheduleTemplate[];
  facilities: readonly Facility[];
  defaults: { facilityId: string; today: string };
  onClose: () => void;
}) {
  const { t } = useTranslation('scheduleSetup');
  const { template } = props;
  const save = useSaveTemplate(props.practitionerId);
  const [formError, setFormError] = useState<string | null>(null);
  const [clash, setClash] = useState<string | null>(null);
  const names = weekdayNames('long');
  const validateBody = validateAs<TemplateValues>(scheduleTemplateInput, templateBody, {
    facilityId: t('common:validation.required'),
  });
  // The week's ranges are checked range by range below; the body's `blocks` errors repeat them.
  const fieldsOnly = (values: TemplateValues) =>
    Object.fromEntries(
      Object.entries(validateBody(values)).filter(([path]) => !path.startsWith('blocks')),
    );
  const form = useForm<TemplateValues>({
    initialValues: templateInitialValues(template, props.defaults),
    validate: (values) => ({
      ...fieldsOnly(values),
      ...weekErrors(values.days, {
        missing: t('templates.errors.missing'),
        not_quarter: t('templates.errors.notQuarter'),
        end_before_start: t('templates.errors.endBeforeStart'),
        overlap: t('templates.errors.overlap'),
        noRanges: t('templates.errors.noRanges'),
      }),
    }),
  });
  const days = form.values.days;

  const describeClash = (error: ApiError, values: TemplateValues): string => {
    const ranges = rangesOfBlockErrors(error.problem.errors, values.days);
    const otherNames = [
      ...new Set(ranges.flatMap((at) => clashingTemplates(props.others, values, at))),
    ].map((o) => `“${o.name}”`);
    for (const { day, range } of ranges) {
      form.setFieldError(`days.${day}.${range}.start`, t('templates.errors.clash'));
    }
    const where = ranges.map(({ day, range }) => {
      const r = values.days[day]?.[range];
      return `${names[day]} ${r?.start ?? ''}–${r?.end ?? ''}`;
    });
    return t('templates.clash', {
      where: where.join(', ') || t('templates.clashSomewhere'),
      other: otherNames.join(', ') || t('templates.anotherTemplate'),
    });
  };

  const submit = form.onSubmit((values) => {
    setFormError(null);
    setClash(null);
    const body = templateBody(values);
    save.mutate(
      template
        ? { kind: 'update', id: template.id, version: template.version, body }
        : { kind: 'create', body },
      {
        onSuccess: (saved) => {
          notifyDone(t('templates.saved', { name: saved.name }));
          props.onClose();
        },
        onError: (error) => {
          if (isVersionMismatch(error)) return;
          if (error instanceof ApiError && error.code === 'scheduling.template_overlap') {
            setClash(describeClash(error, values));
            return;
          }
          if (error instanceof ApiError) {
            // Self-overlaps the server found (the form checks them first) land on their range.
            for (const { day, range } of rangesOfBlockErrors(error.problem.errors, values.days)) {
              form.setFieldError(`days.${day}.${range}.start`, t('templates.errors.overlap'));
            }
          }
          setFormError(showSetupError(t, form, error, templateFields));
        },
      },
    );
  });

  const setDay = (day: number, ranges: TemplateValues['days'][number]) =>
    form.setFieldValue(
      'days',
      days.map((r, i) => (i === day ? ranges : r)),
    );

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="template-editor-title">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={2} size="h4" id="template-editor-title">
            {template ? t('templates.editTitle', { name: template.name }) : t('templates.new')}
          </Title>
          {isVersionMismatch(save.error) ? (
            <ConflictAlert message={t('common.conflict')} onReload={props.onClose} />
          ) : null}
          {clash ? (
            <Alert color="red" role="alert" title={t('templates.clashTitle')}>
              {clash}
            </Alert>
          ) : null}
          <FormError message={formError} />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput
              label={t('templates.fields.name')}
              placeholder={t('templates.namePlaceholder')}
              required
              {...form.getInputProps('name')}
            />
            <Select
              label={t('templates.fields.location')}
              required
              data={facilityOptions(t, props.facilities, template ? [template.facilityId] : [])}
              {...form.getInputProps('facilityId')}
            />
            <DateField
              label={t('templates.fields.effectiveFrom')}
              required
              value={form.values.effectiveFrom}
              onChange={(v) => form.setFieldValue('effectiveFrom', v)}
              error={form.errors.effectiveFrom}
            />
            <DateField
              label={t('templates.fields.effectiveUntil')}
              description={t('templates.effectiveUntilHint')}
              clearable
              value={form.values.effectiveUntil}
              onChange={(v) => form.setFieldValue('effectiveUntil', v)}
              error={form.errors.effectiveUntil}
            />
          </SimpleGrid>

          <Stack gap="xs">
            <Group justify="space-between">
              <Text fw={500}>{t('templates.weeklyHours')}</Text>
              <Button
                size="compact-sm"
                variant="light"
                leftSection={<IconCopy size={14} aria-hidden />}
                onClick={() => form.setFieldValue('days', copyMondayToWeekdays(days))}
              >
                {t('templates.copyMonday')}
              </Button>
            </Group>
            {form.errors.days ? (
              <Text size="sm" c="red" role="alert">
                {form.errors.days}
              </Text>
            ) : null}
            {days.map((ranges, day) => (
              <Group
                key={day}
                role="group"
                aria-label={names[day]}
                align="flex-start"
                gap="xs"
                wrap="nowrap"
                py={4}
                style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}
              >
                <Text size="sm" fw={500} w={96} pt={6} style={{ flexShrink: 0 }}>
                  {names[day]}
                </Text>
                <Group gap="xs" wrap="wrap" style={{ flex: 1 }}>
                  {ranges.length === 0 ? (
                    <Text size="sm" c="dimmed" pt={6}>
                      {t('templates.off')}
                    </Text>
                  ) : null}
                  {ranges.map((r, range) => (
                    <Group key={range} gap={4} align="flex-start" wrap="nowrap">
                      <Select
                        aria-label={t('templates.rangeStart', { day: names[day], n: range + 1 })}
                        data={times}
                        searchable
                        allowDeselect={false}
                        w={96}
                        {...form.getInputProps(`days.${day}.${range}.start`)}
                      />
                      <Text pt={6} aria-hidden>
                        –
                      </Text>
                      <Select
                        aria-label={t('templates.rangeEnd', { day: names[day], n: range + 1 })}
                        data={times}
                        searchable
                        allowDeselect={false}
                        w={96}
                        {...form.getInputProps(`days.${day}.${range}.end`)}
                      />
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        mt={4}
                        aria-label={t('templates.removeRange', {
                          day: names[day],
                          start: r.start,
                          end: r.end,
                        })}
                        onClick={() =>
                          setDay(
                            day,
                            ranges.filter((_, i) => i !== range),
                          )
                        }
                      >
                        <IconTrash size={16} aria-hidden />
                      </ActionIcon>
                    </Group>
                  ))}
                  <Button
                    size="compact-sm"
                    variant="subtle"
                    mt={4}
                    leftSection={<IconPlus size={14} aria-hidden />}
                    aria-label={t('templates.addRangeOn', { day: names[day] })}
                    onClick={() => setDay(day, [...ranges, nextRange(ranges)])}
                  >
                    {t('templates.addRange')}
                  </Button>
                </Group>
              </Group>
            ))}
          </Stack>

          <WeekPreview rows={days} />

          <FormButtons
            submitLabel={template ? t('common:save') : t('templates.create')}
            isPending={save.isPending}
            onCancel={props.onClose}
          />
        </Stack>
      </form>
    </Paper>
  );
}

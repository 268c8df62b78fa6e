import '@mantine/dates/styles.css';
import type { ReactNode } from 'react';
import { DateInput } from '@mantine/dates';
import { useTranslation } from 'react-i18next';

/**
 * A calendar date as YYYY-MM-DD, typed or picked: the form keeps '' for "none", the API's
 * ISO date otherwise.
 */
export function DateField(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: ReactNode;
  required?: boolean;
  clearable?: boolean;
  description?: string;
  minDate?: string;
  maxDate?: string;
}) {
  const { t } = useTranslation();
  return (
    <DateInput
      label={props.label}
      description={props.description}
      placeholder={t('coverage:form.datePlaceholder')}
      valueFormat="YYYY-MM-DD"
      value={props.value || null}
      onChange={(v) => props.onChange(v ?? '')}
      error={props.error}
      required={props.required}
      clearable={props.clearable}
      minDate={props.minDate}
      maxDate={props.maxDate}
      ariaLabels={{
        previousMonth: t('coverage:calendar.previousMonth'),
        nextMonth: t('coverage:calendar.nextMonth'),
        previousYear: t('coverage:calendar.previousYear'),
        nextYear: t('coverage:calendar.nextYear'),
        previousDecade: t('coverage:calendar.previousDecade'),
        nextDecade: t('coverage:calendar.nextDecade'),
      }}
      // Tricky: Mantine dims days of the next and previous month and paints weekends red, both
      // below AA contrast; neither carries meaning for coverage dates.
      hideOutsideDates
      weekendDays={[]}
    />
  );
}

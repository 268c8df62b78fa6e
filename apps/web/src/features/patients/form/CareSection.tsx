import { useMemo } from 'react';
import { Select, SimpleGrid } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { usePractitioners } from '../patients.api';
import { FormSection, type PatientForm } from './FormSection';

/** A practitioner as the record names them. */
export interface PractitionerOption {
  id: string;
  displayName: string;
}

/**
 * The primary care practitioner: a searchable, clearable choice among the active staff
 * physicians. The one on file is offered even if the list no longer has them (disabled
 * since), so the field does not read as blank on edit.
 */
export function CareSection(props: { form: PatientForm; onFile?: PractitionerOption | null }) {
  const { t } = useTranslation();
  const { form, onFile } = props;
  const practitioners = usePractitioners();
  const data = useMemo(() => {
    const list = practitioners.data ?? [];
    const all = onFile && !list.some((p) => p.id === onFile.id) ? [onFile, ...list] : list;
    return all.map((p) => ({ value: p.id, label: p.displayName }));
  }, [practitioners.data, onFile]);
  return (
    <FormSection title={t('patients:form.sections.care')}>
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <Select
          label={t('patients:fields.primaryCarePractitioner')}
          placeholder={t('patients:form.primaryCarePlaceholder')}
          nothingFoundMessage={t('patients:form.primaryCareNone')}
          searchable
          clearable
          clearButtonProps={{ 'aria-label': t('patients:form.primaryCareClear') }}
          data={data}
          {...form.getInputProps('primaryCarePractitionerId')}
          error={
            form.errors['primaryCarePractitionerId'] ??
            (practitioners.isError ? t('patients:form.primaryCareLoadFailed') : undefined)
          }
          value={form.values.primaryCarePractitionerId || null}
          onChange={(v: string | null) => form.setFieldValue('primaryCarePractitionerId', v ?? '')}
        />
      </SimpleGrid>
    </FormSection>
  );
}

import {
  Checkbox,
  Group,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  TextInput,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { identifierType } from '@meridian/contracts';
import { FormSection, RepeatedList, enumOptions, type PatientForm } from './FormSection';
import { emptyIdentifier } from './patient-form';

/**
 * SSN and external identifiers. The SSN field is masked like a password; on edit it is
 * blank (the number is never sent to the browser) and blank means "keep".
 */
export function IdentifiersSection(props: { form: PatientForm; ssnOnFile?: string | null }) {
  const { t } = useTranslation();
  const { form, ssnOnFile } = props;
  return (
    <FormSection title={t('patients:form.sections.identifiers')}>
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <Stack gap={6}>
          <PasswordInput
            label={t('patients:fields.ssn')}
            description={
              ssnOnFile
                ? t('patients:form.ssnKeepHint', { masked: ssnOnFile })
                : t('patients:form.ssnHint')
            }
            autoComplete="off"
            maxLength={11}
            disabled={form.values.removeSsn}
            visibilityToggleButtonProps={{ 'aria-label': t('patients:form.ssnShow') }}
            {...form.getInputProps('ssn')}
          />
          {ssnOnFile ? (
            <Checkbox
              label={t('patients:form.removeSsn')}
              {...form.getInputProps('removeSsn', { type: 'checkbox' })}
            />
          ) : null}
        </Stack>
      </SimpleGrid>
      <RepeatedList
        form={form}
        path="identifiers"
        max={20}
        newItem={emptyIdentifier}
        addLabel={t('patients:form.addIdentifier')}
        removeLabel={(n) => t('patients:form.removeIdentifier', { n })}
      >
        {(i) => (
          <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
            <Select
              label={t('patients:fields.identifiers.type')}
              data={enumOptions(t, 'identifierType', identifierType.options)}
              allowDeselect={false}
              {...form.getInputProps(`identifiers.${i}.type`)}
            />
            <TextInput
              label={t('patients:fields.identifiers.assigningAuthority')}
              required
              {...form.getInputProps(`identifiers.${i}.assigningAuthority`)}
            />
            <TextInput
              label={t('patients:fields.identifiers.value')}
              required
              autoComplete="off"
              {...form.getInputProps(`identifiers.${i}.value`)}
            />
          </SimpleGrid>
        )}
      </RepeatedList>
    </FormSection>
  );
}

export function PrivacySection(props: { form: PatientForm }) {
  const { t } = useTranslation();
  const { form } = props;
  return (
    <FormSection
      title={t('patients:form.sections.privacy')}
      description={t('patients:form.privacyHint')}
    >
      <Group gap="lg">
        <Checkbox
          label={t('patients:flags.vip')}
          {...form.getInputProps('flags.vip', { type: 'checkbox' })}
        />
        <Checkbox
          label={t('patients:flags.employee')}
          {...form.getInputProps('flags.employee', { type: 'checkbox' })}
        />
        <Checkbox
          label={t('patients:flags.confidential')}
          {...form.getInputProps('flags.confidential', { type: 'checkbox' })}
        />
      </Group>
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm" style={{ alignItems: 'end' }}>
        <Checkbox
          label={t('patients:fields.deceased')}
          {...form.getInputProps('deceased', { type: 'checkbox' })}
          onChange={(e) => {
            const isDeceased = e.currentTarget.checked;
            form.setFieldValue('deceased', isDeceased);
            // A date only makes sense with the flag; drop it so it cannot linger hidden.
            if (!isDeceased) form.setFieldValue('deceasedDate', '');
          }}
        />
        {form.values.deceased ? (
          <TextInput
            type="date"
            label={t('patients:fields.deceasedDate')}
            {...form.getInputProps('deceasedDate')}
          />
        ) : null}
      </SimpleGrid>
    </FormSection>
  );
}

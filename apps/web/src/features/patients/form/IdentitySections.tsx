import { Checkbox, MultiSelect, Select, SimpleGrid, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ethnicity, maritalStatus, previousNameKind, race, sexAtBirth } from '@meridian/contracts';
import { commonLanguages, languageName } from '../patient-format';
import { FormSection, RepeatedList, enumOptions, type PatientForm } from './FormSection';
import { emptyPreviousName } from './patient-form';

export function NameSection(props: { form: PatientForm; autoFocus?: boolean }) {
  const { t } = useTranslation();
  const { form } = props;
  return (
    <FormSection title={t('patients:form.sections.name')}>
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <TextInput
          label={t('patients:fields.name.given')}
          required
          autoComplete="off"
          autoFocus={props.autoFocus}
          {...form.getInputProps('name.given')}
        />
        <TextInput
          label={t('patients:fields.name.family')}
          required
          autoComplete="off"
          {...form.getInputProps('name.family')}
        />
        <TextInput
          label={t('patients:fields.name.middle')}
          autoComplete="off"
          {...form.getInputProps('name.middle')}
        />
        <TextInput
          label={t('patients:fields.preferredName')}
          description={t('patients:form.preferredNameHint')}
          autoComplete="off"
          {...form.getInputProps('preferredName')}
        />
        <TextInput
          label={t('patients:fields.name.prefix')}
          autoComplete="off"
          {...form.getInputProps('name.prefix')}
        />
        <TextInput
          label={t('patients:fields.name.suffix')}
          autoComplete="off"
          {...form.getInputProps('name.suffix')}
        />
      </SimpleGrid>
      <RepeatedList
        form={form}
        path="previousNames"
        max={10}
        newItem={emptyPreviousName}
        addLabel={t('patients:form.addPreviousName')}
        removeLabel={(n) => t('patients:form.removePreviousName', { n })}
      >
        {(i) => (
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
            <Select
              label={t('patients:fields.previousNames.kind')}
              data={enumOptions(t, 'previousNameKind', previousNameKind.options)}
              allowDeselect={false}
              {...form.getInputProps(`previousNames.${i}.kind`)}
            />
            <TextInput
              label={t('patients:fields.previousNames.family')}
              required
              {...form.getInputProps(`previousNames.${i}.family`)}
            />
            <TextInput
              label={t('patients:fields.previousNames.given')}
              {...form.getInputProps(`previousNames.${i}.given`)}
            />
            <TextInput
              type="date"
              label={t('patients:fields.previousNames.until')}
              {...form.getInputProps(`previousNames.${i}.until`)}
            />
          </SimpleGrid>
        )}
      </RepeatedList>
    </FormSection>
  );
}

export function BirthSection(props: { form: PatientForm }) {
  const { t } = useTranslation();
  const { form } = props;
  return (
    <FormSection title={t('patients:form.sections.birth')}>
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <TextInput
          type="date"
          label={t('patients:fields.birthDate')}
          required
          {...form.getInputProps('birthDate')}
        />
        <Select
          label={t('patients:fields.sexAtBirth')}
          required
          data={enumOptions(t, 'sexAtBirth', sexAtBirth.options)}
          {...form.getInputProps('sexAtBirth')}
          value={form.values.sexAtBirth || null}
          onChange={(v: string | null) => form.setFieldValue('sexAtBirth', v ?? '')}
        />
        <TextInput
          label={t('patients:fields.genderIdentity')}
          {...form.getInputProps('genderIdentity')}
        />
        <TextInput
          label={t('patients:fields.pronouns')}
          placeholder={t('patients:form.pronounsPlaceholder')}
          {...form.getInputProps('pronouns')}
        />
      </SimpleGrid>
    </FormSection>
  );
}

export function LanguageSection(props: { form: PatientForm }) {
  const { t, i18n } = useTranslation();
  const { form } = props;
  const current = form.values.language;
  const tags: string[] = [...commonLanguages];
  if (current && !tags.includes(current)) tags.push(current);
  const data = tags
    .map((tag) => ({ value: tag, label: languageName(tag, i18n.language) }))
    .sort((a, b) => a.label.localeCompare(b.label));
  return (
    <FormSection title={t('patients:form.sections.language')}>
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm" style={{ alignItems: 'end' }}>
        <Select
          label={t('patients:fields.language')}
          data={data}
          searchable
          clearable
          {...form.getInputProps('language')}
          value={current || null}
          onChange={(v: string | null) => form.setFieldValue('language', v ?? '')}
        />
        <Checkbox
          label={t('patients:fields.interpreterNeeded')}
          {...form.getInputProps('interpreterNeeded', { type: 'checkbox' })}
        />
      </SimpleGrid>
    </FormSection>
  );
}

export function DemographicsSection(props: { form: PatientForm }) {
  const { t } = useTranslation();
  const { form } = props;
  return (
    <FormSection
      title={t('patients:form.sections.demographics')}
      description={t('patients:form.demographicsHint')}
    >
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <Select
          label={t('patients:fields.maritalStatus')}
          data={enumOptions(t, 'maritalStatus', maritalStatus.options)}
          clearable
          {...form.getInputProps('maritalStatus')}
          value={form.values.maritalStatus || null}
          onChange={(v: string | null) => form.setFieldValue('maritalStatus', v ?? '')}
        />
        <Select
          label={t('patients:fields.ethnicity')}
          data={enumOptions(t, 'ethnicity', ethnicity.options)}
          clearable
          {...form.getInputProps('ethnicity')}
          value={form.values.ethnicity || null}
          onChange={(v: string | null) => form.setFieldValue('ethnicity', v ?? '')}
        />
      </SimpleGrid>
      <MultiSelect
        label={t('patients:fields.race')}
        description={t('patients:form.raceHint')}
        data={enumOptions(t, 'race', race.options)}
        clearable
        {...form.getInputProps('race')}
      />
    </FormSection>
  );
}

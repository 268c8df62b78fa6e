import { Checkbox, Group, MultiSelect, Select, SimpleGrid, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import {
  addressUse,
  contactMethod,
  contactRole,
  phoneKind,
  relationship,
} from '@meridian/contracts';
import { FormSection, RepeatedList, enumOptions, type PatientForm } from './FormSection';
import { emptyAddress, emptyContact, emptyPhone } from './patient-form';

export function ContactSection(props: { form: PatientForm }) {
  const { t } = useTranslation();
  const { form } = props;
  const choosePreferred = (index: number, checked: boolean) =>
    form.setFieldValue(
      'phones',
      form.values.phones.map((p, i) => ({ ...p, preferred: i === index ? checked : false })),
    );
  return (
    <FormSection title={t('patients:form.sections.contact')}>
      <RepeatedList
        form={form}
        path="phones"
        max={6}
        newItem={emptyPhone}
        addLabel={t('patients:form.addPhone')}
        removeLabel={(n) => t('patients:form.removePhone', { n })}
      >
        {(i) => (
          <Group align="flex-end" gap="sm" wrap="wrap">
            <Select
              label={t('patients:fields.phones.kind')}
              data={enumOptions(t, 'phoneKind', phoneKind.options)}
              allowDeselect={false}
              w={130}
              {...form.getInputProps(`phones.${i}.kind`)}
            />
            <TextInput
              type="tel"
              label={t('patients:fields.phones.number')}
              autoComplete="off"
              style={{ flex: '1 1 10rem' }}
              {...form.getInputProps(`phones.${i}.number`)}
            />
            <Checkbox
              label={t('patients:fields.phones.preferred')}
              mb={8}
              checked={form.values.phones[i]?.preferred ?? false}
              onChange={(e) => choosePreferred(i, e.currentTarget.checked)}
            />
          </Group>
        )}
      </RepeatedList>
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <TextInput
          type="email"
          label={t('patients:fields.email')}
          autoComplete="off"
          {...form.getInputProps('email')}
        />
        <Select
          label={t('patients:fields.preferredContact')}
          data={enumOptions(t, 'contactMethod', contactMethod.options)}
          clearable
          {...form.getInputProps('preferredContact')}
          value={form.values.preferredContact || null}
          onChange={(v: string | null) => form.setFieldValue('preferredContact', v ?? '')}
        />
      </SimpleGrid>
      <Group gap="lg">
        <Checkbox
          label={t('patients:fields.consentSms')}
          {...form.getInputProps('consentSms', { type: 'checkbox' })}
        />
        <Checkbox
          label={t('patients:fields.consentEmail')}
          {...form.getInputProps('consentEmail', { type: 'checkbox' })}
        />
      </Group>
    </FormSection>
  );
}

export function AddressSection(props: { form: PatientForm }) {
  const { t } = useTranslation();
  const { form } = props;
  return (
    <FormSection
      title={t('patients:form.sections.address')}
      description={t('patients:form.addressHint')}
    >
      <RepeatedList
        form={form}
        path="addresses"
        max={10}
        newItem={emptyAddress}
        addLabel={t('patients:form.addAddress')}
        removeLabel={(n) => t('patients:form.removeAddress', { n })}
      >
        {(i) => (
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
            <Select
              label={t('patients:fields.addresses.use')}
              data={enumOptions(t, 'addressUse', addressUse.options)}
              allowDeselect={false}
              {...form.getInputProps(`addresses.${i}.use`)}
            />
            <TextInput
              type="date"
              label={t('patients:fields.addresses.since')}
              {...form.getInputProps(`addresses.${i}.since`)}
            />
            <TextInput
              label={t('patients:fields.addresses.line1')}
              required
              {...form.getInputProps(`addresses.${i}.line1`)}
            />
            <TextInput
              label={t('patients:fields.addresses.line2')}
              {...form.getInputProps(`addresses.${i}.line2`)}
            />
            <TextInput
              label={t('patients:fields.addresses.city')}
              required
              {...form.getInputProps(`addresses.${i}.city`)}
            />
            <TextInput
              label={t('patients:fields.addresses.state')}
              {...form.getInputProps(`addresses.${i}.state`)}
            />
            <TextInput
              label={t('patients:fields.addresses.postalCode')}
              {...form.getInputProps(`addresses.${i}.postalCode`)}
            />
            <TextInput
              label={t('patients:fields.addresses.country')}
              description={t('patients:form.countryHint')}
              maxLength={2}
              {...form.getInputProps(`addresses.${i}.country`)}
              onChange={(e) =>
                form.setFieldValue(`addresses.${i}.country`, e.currentTarget.value.toUpperCase())
              }
            />
          </SimpleGrid>
        )}
      </RepeatedList>
    </FormSection>
  );
}

/** Emergency contacts, next of kin and the guarantor: people, each with one or more roles. */
export function PeopleSection(props: { form: PatientForm }) {
  const { t } = useTranslation();
  const { form } = props;
  return (
    <FormSection
      title={t('patients:form.sections.people')}
      description={t('patients:form.peopleHint')}
    >
      <RepeatedList
        form={form}
        path="contacts"
        max={10}
        newItem={emptyContact}
        addLabel={t('patients:form.addContact')}
        removeLabel={(n) => t('patients:form.removeContact', { n })}
      >
        {(i) => (
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
            <TextInput
              label={t('patients:fields.contacts.name')}
              required
              {...form.getInputProps(`contacts.${i}.name`)}
            />
            <MultiSelect
              label={t('patients:fields.contacts.roles')}
              required
              data={enumOptions(t, 'contactRole', contactRole.options)}
              {...form.getInputProps(`contacts.${i}.roles`)}
            />
            <Select
              label={t('patients:fields.contacts.relationship')}
              required
              data={enumOptions(t, 'relationship', relationship.options)}
              {...form.getInputProps(`contacts.${i}.relationship`)}
              value={form.values.contacts[i]?.relationship || null}
              onChange={(v: string | null) =>
                form.setFieldValue(`contacts.${i}.relationship`, v ?? '')
              }
            />
            <TextInput
              type="tel"
              label={t('patients:fields.contacts.phone')}
              {...form.getInputProps(`contacts.${i}.phone`)}
            />
            <TextInput
              type="email"
              label={t('patients:fields.contacts.email')}
              {...form.getInputProps(`contacts.${i}.email`)}
            />
            <TextInput
              label={t('patients:fields.contacts.address')}
              {...form.getInputProps(`contacts.${i}.address`)}
            />
          </SimpleGrid>
        )}
      </RepeatedList>
    </FormSection>
  );
}

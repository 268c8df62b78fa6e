import { useState, type ReactNode } from 'react';
import { Autocomplete, NumberInput, Select, SimpleGrid, Switch, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { practitionerProfileInput } from '@meridian/contracts';
import type { PractitionerProfile } from '@meridian/contracts';
import { facilityOptions } from '../../admin/options';
import { useDepartments, useFacilities } from '../../admin/organization.api';
import {
  practitionerBody,
  practitionerFields,
  practitionerInitialValues,
  specialtySuggestions,
  type PractitionerValues,
} from './practitioner-form';
import { validateAs } from '../../admin/admin-forms';
import { SetupFormModal, useSetupSubmit } from './SetupParts';
import { useSavePractitioner, useStaffUsers } from './setup.api';

/**
 * Adds a practitioner (a staff user who gets a calendar) or edits one at the version shown
 * (If-Match). Mount only while open, so each opening starts from the row as it is then.
 */
export function PractitionerModal(props: {
  practitioner: PractitionerProfile | null;
  existing: readonly PractitionerProfile[];
  onClose: () => void;
}) {
  const { t } = useTranslation('scheduleSetup');
  const { practitioner } = props;
  const save = useSavePractitioner();
  const facilities = useFacilities();
  const form = useForm<PractitionerValues>({
    initialValues: practitionerInitialValues(practitioner),
    validate: validateAs<PractitionerValues>(practitionerProfileInput, practitionerBody, {
      // Both are picked from a list: the only way to get them wrong is to leave them empty.
      userId: t('common:validation.required'),
      facilityId: t('common:validation.required'),
    }),
  });
  const departments = useDepartments(form.values.facilityId);

  const { submit, formError } = useSetupSubmit({
    save,
    form,
    target: practitioner,
    toBody: practitionerBody,
    fields: practitionerFields,
    fieldOfCode: { 'scheduling.practitioner_exists': 'userId' },
    savedMessage: (saved) => t('practitioners.saved', { name: saved.displayName }),
    onClose: props.onClose,
  });

  const departmentOptions = (departments.data ?? [])
    .filter((d) => d.isActive || d.id === form.values.departmentId)
    .map((d) => ({ value: d.id, label: d.name }));

  return (
    <SetupFormModal
      title={practitioner ? t('practitioners.editTitle') : t('practitioners.new')}
      size="lg"
      onSubmit={submit}
      onClose={props.onClose}
      saveError={save.error}
      formError={formError}
      submitLabel={practitioner ? t('common:save') : t('practitioners.create')}
      isPending={save.isPending}
    >
      {practitioner ? (
        <TextInput
          label={t('practitioners.fields.user')}
          value={practitioner.displayName}
          readOnly
        />
      ) : (
        <StaffUserPicker
          taken={props.existing.map((p) => p.userId)}
          value={form.values.userId}
          onChange={(id) => form.setFieldValue('userId', id)}
          error={form.errors.userId}
        />
      )}
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <Select
          label={t('practitioners.fields.facility')}
          required
          data={facilityOptions(
            t,
            facilities.data ?? [],
            practitioner ? [practitioner.facilityId] : [],
          )}
          {...form.getInputProps('facilityId')}
          onChange={(id: string | null) => {
            form.setFieldValue('facilityId', id);
            // A department belongs to one facility.
            form.setFieldValue('departmentId', null);
          }}
        />
        <Select
          label={t('practitioners.fields.department')}
          placeholder={t('practitioners.noDepartment')}
          clearable
          disabled={!form.values.facilityId}
          data={departmentOptions}
          {...form.getInputProps('departmentId')}
        />
        <Autocomplete
          label={t('practitioners.fields.specialty')}
          description={t('practitioners.specialtyHint')}
          required
          data={specialtySuggestions(props.existing)}
          {...form.getInputProps('specialty')}
        />
        <NumberInput
          label={t('practitioners.fields.dailyCap')}
          description={t('practitioners.dailyCapHint')}
          min={1}
          max={200}
          allowDecimal={false}
          allowNegative={false}
          {...form.getInputProps('maxAppointmentsPerDay')}
        />
      </SimpleGrid>
      <Switch
        label={t('common.isActive')}
        {...form.getInputProps('isActive', { type: 'checkbox' })}
      />
    </SetupFormModal>
  );
}

/** Active staff users without a practitioner profile, searched on the server as one types. */
function StaffUserPicker(props: {
  taken: readonly string[];
  value: string | null;
  onChange: (id: string | null) => void;
  error?: ReactNode;
}) {
  const { t } = useTranslation('scheduleSetup');
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 300);
  const [chosenLabel, setChosenLabel] = useState<string | null>(null);
  // Once chosen, the box shows the chosen label: that is not a new search.
  const users = useStaffUsers(debounced === chosenLabel ? '' : debounced);
  const options = (users.data ?? [])
    .filter((u) => !props.taken.includes(u.id))
    .map((u) => ({ value: u.id, label: `${u.displayName} — ${u.email}` }));
  return (
    <Select
      label={t('practitioners.fields.user')}
      description={t('practitioners.userHint')}
      placeholder={t('practitioners.userPlaceholder')}
      required
      searchable
      data-autofocus
      searchValue={search}
      onSearchChange={setSearch}
      data={options}
      // The server already matched the search.
      filter={({ options: all }) => all}
      value={props.value}
      onChange={(id, option) => {
        setChosenLabel(option?.label ?? null);
        props.onChange(id);
      }}
      error={props.error}
      nothingFoundMessage={users.isFetching ? t('common:loading') : t('practitioners.noUsers')}
    />
  );
}

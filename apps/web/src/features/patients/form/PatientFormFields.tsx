import { Stack } from '@mantine/core';
import { CareSection, type PractitionerOption } from './CareSection';
import { AddressSection, ContactSection, PeopleSection } from './ContactSections';
import type { PatientForm } from './FormSection';
import {
  BirthSection,
  DemographicsSection,
  LanguageSection,
  NameSection,
} from './IdentitySections';
import { IdentifiersSection, PrivacySection } from './RecordSections';

/** Every section of the patient form, in the order a registrar asks the questions. */
export function PatientFormFields(props: {
  form: PatientForm;
  /** The masked SSN on file (edit), so a blank SSN field reads as "keep". */
  ssnOnFile?: string | null;
  /** The primary care practitioner on file (edit). */
  practitionerOnFile?: PractitionerOption | null;
  autoFocus?: boolean;
}) {
  const { form } = props;
  return (
    <Stack gap="md">
      <NameSection form={form} {...(props.autoFocus ? { autoFocus: true } : {})} />
      <BirthSection form={form} />
      <ContactSection form={form} />
      <AddressSection form={form} />
      <LanguageSection form={form} />
      <IdentifiersSection form={form} ssnOnFile={props.ssnOnFile ?? null} />
      <PeopleSection form={form} />
      <CareSection form={form} onFile={props.practitionerOnFile ?? null} />
      <PrivacySection form={form} />
      <DemographicsSection form={form} />
    </Stack>
  );
}

import type { TFunction } from 'i18next';
import { waitlistEntryInput, type WaitlistEntryInput } from '@meridian/contracts';
import { zodValidate } from '../../../ui/validation';
import { addDays } from '../scheduling-format';

/** Whom the patient will see: one practitioner, or anyone of a specialty. */
export type WaitlistTarget = 'practitioner' | 'specialty';

export interface WaitlistFormValues {
  patientId: string;
  appointmentTypeId: string;
  target: WaitlistTarget;
  practitionerId: string;
  specialty: string;
  earliestDate: string;
  latestDate: string;
  note: string;
}

/** A new entry: from today for four weeks, the usual horizon of a waitlist. */
export function initialWaitlistValues(today: string): WaitlistFormValues {
  return {
    patientId: '',
    appointmentTypeId: '',
    target: 'practitioner',
    practitionerId: '',
    specialty: '',
    earliestDate: today,
    latestDate: addDays(today, 28),
    note: '',
  };
}

/** The API body: blank optional fields left out, only the chosen target sent. */
export function toWaitlistBody(v: WaitlistFormValues, facilityId: string): WaitlistEntryInput {
  const note = v.note.trim();
  return {
    patientId: v.patientId,
    facilityId,
    appointmentTypeId: v.appointmentTypeId,
    ...(v.target === 'practitioner' && v.practitionerId
      ? { practitionerId: v.practitionerId }
      : {}),
    ...(v.target === 'specialty' && v.specialty ? { specialty: v.specialty } : {}),
    earliestDate: v.earliestDate,
    latestDate: v.latestDate,
    ...(note ? { note } : {}),
  };
}

/**
 * The contract's checks with this form's words: a missing choice says what to choose, and
 * the contract's "name a practitioner or a specialty" lands on whichever field is shown.
 */
export function validateWaitlistForm(t: TFunction, facilityId: string) {
  const validate = zodValidate<unknown>(waitlistEntryInput, {
    patientId: t('waitlist:form.errors.patient'),
    appointmentTypeId: t('waitlist:form.errors.type'),
    earliestDate: t('waitlist:form.errors.date'),
    latestDate: t('waitlist:form.errors.window'),
  });
  return (values: WaitlistFormValues): Record<string, string> => {
    const errors = validate(toWaitlistBody(values, facilityId));
    const { practitionerId: targetError, ...rest } = errors;
    if (targetError === undefined) return errors;
    return values.target === 'practitioner'
      ? { ...rest, practitionerId: t('waitlist:form.errors.practitioner') }
      : { ...rest, specialty: t('waitlist:form.errors.specialty') };
  };
}

import type { TFunction } from 'i18next';
import { createPatientBody, maxAgeYears } from '@meridian/contracts';
import { ApiError } from '../../../app/api';
import { describeError } from '../../../ui/errors';
import { zodValidate } from '../../../ui/validation';
import {
  formPathOf,
  formPaths,
  toPatientBody,
  type KeptFields,
  type PatientFormValues,
} from './patient-form';

/**
 * The contract's own rule messages (English, for API clients) and the catalogue key that
 * says the same to staff. The server answers the same messages in problem+json `errors`.
 */
const ruleKeys: ReadonlyArray<[RegExp, string]> = [
  [/^SMS needs consent$/, 'smsConsent'],
  [/^email needs an address and consent$/, 'emailConsent'],
  [/^needs a phone$/, 'needsPhone'],
  [/^must be a valid phone number$/, 'phone'],
  [/^must be a valid SSN/, 'ssn'],
  [/^must be a BCP 47 language tag$/, 'language'],
  [/^must be an ISO 3166-1 alpha-2 code$/, 'country'],
  [/^must be a valid postal code for (\w+)$/, 'postalCode'],
  [/^must not be before since$/, 'untilBeforeSince'],
  [/^must not be before the date of birth$/, 'beforeBirth'],
  [/^must not be in the future$/, 'future'],
  [/^must be within the last \d+ years$/, 'tooOld'],
  [/^must not repeat a (category|role)$/, 'repeated'],
  [/^needs deceased to be true$/, 'needsDeceased'],
  [/^only one contact can be the guarantor$/, 'oneGuarantor'],
  [/^only one identifier per type and assigning authority$/, 'oneIdentifierPerAuthority'],
  [/^only one phone can be preferred$/, 'onePreferredPhone'],
];

/** Staff wording for a contract rule message, or null when the message is not one we know. */
export function ruleMessage(t: TFunction, message: string): string | null {
  for (const [pattern, key] of ruleKeys) {
    const m = pattern.exec(message);
    if (m) return t(`patients:validation.${key}`, { country: m[1], years: maxAgeYears });
  }
  return null;
}

function valueAt(root: unknown, path: string): unknown {
  let at: unknown = root;
  for (const key of path.split('.')) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

/** Mantine `validate` for the patient form: the contract's schema on the body it would send. */
export function validatePatientForm(
  t: TFunction,
  mode: 'create' | 'update',
  kept?: KeptFields,
): (values: PatientFormValues) => Record<string, string> {
  const generic = zodValidate<unknown>(createPatientBody);
  return (values) => {
    const body = toPatientBody(values, mode, kept);
    const bodyErrors = generic(body);
    // Re-word the contract's custom rules; zodValidate only knows the generic ones.
    const result = createPatientBody.safeParse(body);
    if (!result.success) {
      for (const issue of result.error.issues) {
        const path = issue.path.join('.');
        const worded = issue.code === 'custom' ? ruleMessage(t, issue.message) : null;
        if (worded && bodyErrors[path] !== undefined) bodyErrors[path] = worded;
      }
    }
    const errors: Record<string, string> = {};
    for (const [path, message] of Object.entries(bodyErrors)) {
      // A blank required choice (sex) fails as "not one of the options": say "Required".
      const isMissing = valueAt(body, path) === undefined;
      errors[formPathOf(values, path)] = isMissing ? t('common:validation.required') : message;
    }
    return errors;
  };
}

/** Error codes about one field: shown beside it. */
const fieldOfCode: Readonly<Record<string, string>> = {
  'patient.ssn_taken': 'ssn',
  'patient.identifier_taken': 'identifiers',
};

interface FormLike {
  setFieldError(path: string, error: string): void;
  values: PatientFormValues;
}

/**
 * A failed save on the form: field errors beside their fields (in staff wording when the
 * rule is known), and the message for the rest, or null when every error found its field.
 */
export function showPatientSubmitError(
  t: TFunction,
  form: FormLike,
  error: unknown,
): string | null {
  if (!(error instanceof ApiError)) return describeError(error).message;
  const known = new Set(formPaths(form.values));
  const codeField = fieldOfCode[error.code];
  if (codeField) {
    form.setFieldError(codeField, t(`patients:errors.${error.code}`));
    return null;
  }
  const fieldErrors = error.problem.errors ?? [];
  let unplaced = fieldErrors.length === 0;
  for (const fe of fieldErrors) {
    const path = formPathOf(form.values, fe.path);
    if (!known.has(path)) {
      unplaced = true;
      continue;
    }
    form.setFieldError(path, ruleMessage(t, fe.message) ?? fe.message);
  }
  if (!unplaced) return null;
  return t(`patients:errors.${error.code}`, { defaultValue: describeError(error).message });
}

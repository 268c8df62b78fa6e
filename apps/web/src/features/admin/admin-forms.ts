import type { TFunction } from 'i18next';
import type { z } from 'zod';
import { ApiError } from '../../app/api';
import { describeError } from '../../ui/errors';
import { applyServerErrors } from '../../ui/forms';
import { zodValidate } from '../../ui/validation';

interface FormLike {
  setFieldError(path: string, error: string): void;
}

/**
 * A message for a failed admin action: the admin catalogue's wording for codes only these
 * pages meet (`user.last_admin`), else the shared description of the error.
 */
export function errorMessage(t: TFunction, error: unknown): string {
  const fallback = describeError(error).message;
  return error instanceof ApiError
    ? t(`admin:errors.${error.code}`, { defaultValue: fallback })
    : fallback;
}

export function isVersionMismatch(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'resource.version_mismatch';
}

/**
 * Shows a failed submit on a form: problem+json field errors beside their fields, errors
 * whose code belongs to one field (`user.email_taken` -> `email`) beside that field, and
 * returns the message for everything else (null when every error found a field).
 */
export function showSubmitError(
  t: TFunction,
  form: FormLike,
  error: unknown,
  knownFields: readonly string[],
  fieldOfCode: Readonly<Record<string, string>> = {},
): string | null {
  const field = error instanceof ApiError ? fieldOfCode[error.code] : undefined;
  if (error instanceof ApiError && field) {
    const serverText = error.fieldErrors()[field] ?? error.message;
    form.setFieldError(field, t(`admin:errors.${error.code}`, { defaultValue: serverText }));
    return null;
  }
  return applyServerErrors(form, error, knownFields) === null ? null : errorMessage(t, error);
}

/**
 * The shared zod validator for a form whose values are not the body itself: `toBody` maps
 * the values (blank optional fields left out, and so on) before the contract checks them.
 */
export function validateAs<V>(
  schema: z.ZodType,
  toBody: (values: V) => unknown,
  messages: Partial<Record<string, string>> = {},
): (values: V) => Record<string, string> {
  const validate = zodValidate<unknown>(schema, messages);
  return (values) => validate(toBody(values));
}

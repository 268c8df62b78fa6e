import type { TFunction } from 'i18next';
import { ApiError } from '../../../app/api';
import { isVersionMismatch } from '../../admin/admin-forms';
import { applyServerErrors } from '../../../ui/forms';
import { schedulingErrorMessage } from '../scheduling-errors';

interface FormLike {
  setFieldError(path: string, error: string): void;
}

/**
 * The setup screens' wording for a code they meet (`scheduleSetup:errors.<code>`, e.g. a
 * taken code), else the calendar's wording for scheduling codes, else the shared one.
 */
export function setupErrorMessage(t: TFunction, error: unknown): string {
  const fallback = schedulingErrorMessage(t, error);
  return error instanceof ApiError
    ? t(`scheduleSetup:errors.${error.code}`, { defaultValue: fallback })
    : fallback;
}

/**
 * Shows a failed save on a form: problem+json field errors beside their fields, a code that
 * belongs to one field (`scheduling.code_taken` -> `code`) beside that field, and returns the
 * message for the rest (null when every error found its field).
 */
export function showSetupError(
  t: TFunction,
  form: FormLike,
  error: unknown,
  knownFields: readonly string[],
  fieldOfCode: Readonly<Record<string, string>> = {},
): string | null {
  const field = error instanceof ApiError ? fieldOfCode[error.code] : undefined;
  if (field) {
    form.setFieldError(field, setupErrorMessage(t, error));
    return null;
  }
  return applyServerErrors(form, error, knownFields) === null ? null : setupErrorMessage(t, error);
}

/**
 * The error of a refused confirmation (end, delete, deactivate), or null. After a stale
 * version the lists have reloaded, so confirming again applies to what is shown now.
 */
export function confirmErrorMessage(t: TFunction, error: unknown): string | null {
  if (!error) return null;
  return isVersionMismatch(error)
    ? t('scheduleSetup:common.conflictReloaded')
    : setupErrorMessage(t, error);
}

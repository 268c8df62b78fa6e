import type { TFunction } from 'i18next';
import { ApiError } from '../../app/api';
import { describeError } from '../../ui/errors';
import { applyServerErrors } from '../../ui/forms';

interface FormLike {
  setFieldError(path: string, error: string): void;
}

/**
 * The coverage and payer catalogue's wording for a code these screens meet
 * (`coverage.priority_overlap`), else the shared description of the error.
 */
export function coverageErrorMessage(t: TFunction, error: unknown): string {
  const fallback = describeError(error).message;
  return error instanceof ApiError
    ? t(`coverage:errors.${error.code}`, { defaultValue: fallback })
    : fallback;
}

/**
 * Shows a failed submit on a form: problem+json field errors beside their fields (with the
 * catalogue's wording for rules it knows, e.g. `payerId` / `inactive_payer`), a code that
 * belongs to one field beside that field, and returns the message for everything else (null
 * when every error found its field).
 */
export function showFormError(
  t: TFunction,
  form: FormLike,
  error: unknown,
  knownFields: readonly string[],
  fieldOfCode: Readonly<Record<string, string>> = {},
): string | null {
  if (!(error instanceof ApiError)) return coverageErrorMessage(t, error);
  const field = fieldOfCode[error.code];
  if (field) {
    const serverText = error.fieldErrors()[field] ?? error.message;
    form.setFieldError(field, t(`coverage:errors.${error.code}`, { defaultValue: serverText }));
    return null;
  }
  const ruled: FormLike = {
    setFieldError: (path, message) => {
      const rule = error.problem.errors?.find((e) => e.path === path)?.rule;
      form.setFieldError(
        path,
        rule ? t(`coverage:fieldRules.${rule}`, { defaultValue: message }) : message,
      );
    },
  };
  return applyServerErrors(ruled, error, knownFields) === null
    ? null
    : coverageErrorMessage(t, error);
}

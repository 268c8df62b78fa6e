import { ApiError } from '../app/api';

interface FormLike {
  setFieldError(path: string, error: string): void;
}

/**
 * Puts the server's problem+json field errors next to the matching form fields. Returns the
 * message to show above the form when the error is not about a field (or null if every
 * error found its field).
 */
export function applyServerErrors(
  form: FormLike,
  error: unknown,
  knownFields: readonly string[],
): string | null {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
  const fieldErrors = error.fieldErrors();
  let unplaced = false;
  for (const [path, message] of Object.entries(fieldErrors)) {
    if (knownFields.includes(path)) form.setFieldError(path, message);
    else unplaced = true;
  }
  if (Object.keys(fieldErrors).length === 0 || unplaced) return error.message;
  return null;
}

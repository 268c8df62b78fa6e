import { ApiError } from '../../../app/api';
import { i18next } from '../../../app/i18n';
import { errorMessage } from '../../../ui/errors';

/** A refusal in the notes' own words when it is a note.* code, else the common wording. */
export function noteErrorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    const key = `notes:errors.${error.code}`;
    if (i18next.exists(key)) return i18next.t(key);
  }
  return errorMessage(error);
}

/** The field errors of a problem (path -> message), for messages beside their fields. */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  return error instanceof ApiError ? error.fieldErrors() : {};
}

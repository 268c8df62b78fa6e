import { ApiError } from '../../../app/api';
import { i18next } from '../../../app/i18n';
import { errorMessage } from '../../../ui/errors';

/**
 * A message for an encounter's refusal: the area's own wording for its codes
 * (encounters:errors.<code>), else the shared one. With `field`, a field error's own
 * message when the server named that field.
 */
export function encounterErrorMessage(error: unknown, field?: string): string {
  if (error instanceof ApiError) {
    const key = `encounters:errors.${error.code}`;
    if (i18next.exists(key)) return i18next.t(key);
    const named = field ? error.fieldErrors()[field] : undefined;
    if (named) return named;
  }
  return errorMessage(error);
}

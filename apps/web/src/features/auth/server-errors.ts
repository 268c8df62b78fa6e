import { ApiError } from '../../app/api';
import { i18next } from '../../app/i18n';

interface FormLike {
  setFieldError(path: string, error: string): void;
}

/**
 * Like ui/forms `applyServerErrors`, for the sign-in and account forms: field errors whose
 * rule has wording in auth.json (`rules.<rule>`: the password policy, a wrong code) are
 * shown in that wording, others as the server wrote them. Returns true when every error
 * found its field.
 */
export function placeAuthFieldErrors(
  form: FormLike,
  error: unknown,
  knownFields: readonly string[],
): boolean {
  if (!(error instanceof ApiError)) return false;
  const errors = error.problem.errors ?? [];
  if (errors.length === 0) return false;
  let allPlaced = true;
  const placed = new Set<string>();
  for (const e of errors) {
    if (!knownFields.includes(e.path)) {
      allPlaced = false;
      continue;
    }
    if (placed.has(e.path)) continue;
    placed.add(e.path);
    const key = `auth:rules.${e.rule}`;
    form.setFieldError(e.path, i18next.exists(key) ? i18next.t(key) : e.message);
  }
  return allPlaced;
}

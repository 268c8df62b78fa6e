import { roles as roleCatalogue, type FieldError, type Role } from '@meridian/contracts';
import { AppError } from '../../platform/errors.js';

/** One 400 naming every field that broke a rule. */
export function validationFailed(errors: FieldError[]): AppError {
  const detail = errors.map((e) => `${e.path}: ${e.message}`).join('; ');
  return new AppError('validation.failed', detail, { errors });
}

export type AccountKind = 'staff' | 'patient';

/** Roles without repeats, in catalogue order, so before/after comparisons are stable. */
export function normalizeRoles(input: readonly Role[]): Role[] {
  const wanted = new Set(input);
  return roleCatalogue.filter((r) => wanted.has(r));
}

/** Facility ids without repeats, sorted (the order the database hands them back). */
export function normalizeIds(input: readonly string[]): string[] {
  return [...new Set(input.map((id) => id.toLowerCase()))].sort();
}

export function kindForRoles(roles: readonly Role[]): AccountKind {
  return roles.includes('patient') ? 'patient' : 'staff';
}

/**
 * A portal (patient) account and a staff account are different things: the patient role is
 * never combined with staff roles, and an account never switches between the two.
 */
export function roleErrors(roles: readonly Role[], currentKind?: AccountKind): FieldError[] {
  if (roles.includes('patient') && roles.length > 1) {
    return [
      {
        path: 'roles',
        rule: 'patient_exclusive',
        message: 'the patient role cannot be combined with staff roles',
      },
    ];
  }
  if (currentKind && kindForRoles(roles) !== currentKind) {
    return [
      {
        path: 'roles',
        rule: 'kind_change',
        message:
          currentKind === 'patient'
            ? 'a patient portal account cannot be given staff roles'
            : 'a staff account cannot become a patient portal account',
      },
    ];
  }
  return [];
}

export function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

export interface AccessState {
  status: 'active' | 'disabled';
  roles: readonly Role[];
}

/** True when the change takes an active administrator away (disabled or demoted). */
export function removesActiveAdmin(before: AccessState, after: AccessState): boolean {
  const wasAdmin = before.status === 'active' && before.roles.includes('admin');
  const isAdmin = after.status === 'active' && after.roles.includes('admin');
  return wasAdmin && !isAdmin;
}

// ---- list cursors: the sort key of the last row, opaque to clients ----

export interface UserCursor {
  name: string;
  id: string;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeUserCursor(c: UserCursor): string {
  return Buffer.from(JSON.stringify([c.name, c.id]), 'utf8').toString('base64url');
}

/** The cursor's sort key, or null when the string is not one this list handed out. */
export function decodeUserCursor(raw: string): UserCursor | null {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      typeof parsed[0] === 'string' &&
      typeof parsed[1] === 'string' &&
      uuidPattern.test(parsed[1])
    ) {
      return { name: parsed[0], id: parsed[1] };
    }
  } catch {
    // fall through: not base64url JSON
  }
  return null;
}

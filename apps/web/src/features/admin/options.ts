import type { TFunction } from 'i18next';
import { roles } from '@meridian/contracts';
import type { Facility, Role } from '@meridian/contracts';

/**
 * Roles an administrator assigns to staff. `patient` belongs to portal accounts, created from
 * the patient's record, so it is offered only to keep it on a user who already has it.
 */
export function staffRoleOptions(t: TFunction, current: readonly Role[] = []) {
  return roles
    .filter((role) => role !== 'patient' || current.includes(role))
    .map((role) => ({ value: role, label: t(`admin:roles.${role}`) }));
}

export function allRoleOptions(t: TFunction) {
  return roles.map((role) => ({ value: role, label: t(`admin:roles.${role}`) }));
}

/** Active facilities, plus inactive ones already chosen so their names still show. */
export function facilityOptions(
  t: TFunction,
  facilities: readonly Facility[],
  current: readonly string[] = [],
) {
  return facilities
    .filter((f) => f.isActive || current.includes(f.id))
    .map((f) => ({
      value: f.id,
      label: f.isActive
        ? `${f.name} (${f.code})`
        : t('admin:facilities.inactiveOption', { name: f.name, code: f.code }),
    }));
}

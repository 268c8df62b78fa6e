import {
  allowedBedActions,
  manualBedActions,
  type BoardBed,
  type ManualBedAction,
  type Permission,
} from '@meridian/contracts';
import { isMovable } from './board-view';

/** What a bed card's menu can offer. */
export type BedMenuItem = 'admit' | 'open_stay' | 'move' | 'discharge' | ManualBedAction;

/**
 * The menu of a bed: what its state allows (the contracts' bed machine) and the user may do.
 * Admissions work needs admission.write; housekeeping steps and blocks bed.housekeeping.
 */
export function bedMenuItems(
  bed: BoardBed,
  can: (permission: Permission) => boolean,
): BedMenuItem[] {
  const items: BedMenuItem[] = [];
  const canAdmit = can('admission.write');
  if (bed.state === 'available' && canAdmit) items.push('admit');
  const occupant = bed.occupant;
  if (occupant && can('admission.read')) items.push('open_stay');
  if (isMovable(bed) && canAdmit) items.push('move');
  if (bed.state === 'occupied' && occupant && canAdmit) items.push('discharge');
  if (can('bed.housekeeping')) {
    const allowed = allowedBedActions(bed.state);
    items.push(...manualBedActions.filter((action) => allowed.includes(action)));
  }
  return items;
}

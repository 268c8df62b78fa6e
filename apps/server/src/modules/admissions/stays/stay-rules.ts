// Pure rules of a stay: which bed may take a patient, which times are acceptable, which
// status allows which step. No I/O; the use cases turn the answers into AppErrors.
import type { BedState, IsolationPrecaution, SexAtBirth, StayStatus } from '@meridian/contracts';

/** Why a bed cannot take the stay now, as the `rule` of the problem's field error. */
export type BedAvailabilityRule =
  | 'bed_occupied'
  | 'bed_reserved_for_another'
  | 'bed_dirty'
  | 'bed_cleaning'
  | 'bed_blocked'
  | 'bed_out_of_service';

export interface BedFacts {
  state: BedState;
  stayId: string | null;
  isActive: boolean;
  roomIsActive: boolean;
  wardIsActive: boolean;
}

/**
 * Whether the bed can be reserved or occupied by `stayId`: it must be in service and either
 * available or already held by this stay (reserved for it, or, for a level-of-care change,
 * occupied by it). Null when it can.
 */
export function bedAvailability(bed: BedFacts, stayId: string | null): BedAvailabilityRule | null {
  if (!bed.isActive || !bed.roomIsActive || !bed.wardIsActive) return 'bed_out_of_service';
  if (bed.stayId !== null && bed.stayId === stayId) return null;
  switch (bed.state) {
    case 'available':
      return null;
    case 'reserved':
      return 'bed_reserved_for_another';
    case 'occupied':
      return 'bed_occupied';
    case 'dirty':
      return 'bed_dirty';
    case 'cleaning':
      return 'bed_cleaning';
    case 'blocked':
      return 'bed_blocked';
  }
}

export type BedSuitabilityRule = 'isolation_capable_required' | 'room_sex_restricted';

/**
 * Whether the patient may lie in the bed: airborne isolation needs an isolation-capable
 * bed (a single room, negative pressure); a single-sex room takes only patients whose sex
 * at birth is recorded as that sex (intersex or unknown do not qualify: staff choose another
 * bed rather than the system guessing).
 */
export function bedSuitability(
  bed: { isolationCapable: boolean; sexRestriction: 'female' | 'male' | null },
  patient: { isolation: readonly IsolationPrecaution[]; sexAtBirth: SexAtBirth | null },
): BedSuitabilityRule | null {
  if (patient.isolation.includes('airborne') && !bed.isolationCapable) {
    return 'isolation_capable_required';
  }
  if (bed.sexRestriction !== null && patient.sexAtBirth !== bed.sexRestriction) {
    return 'room_sex_restricted';
  }
  return null;
}

/** What may happen to a stay in each status. */
export type StayStep =
  | 'arrive'
  | 'transfer'
  | 'swap'
  | 'start_leave'
  | 'end_leave'
  | 'order_discharge'
  | 'cancel_discharge_order'
  | 'discharge'
  | 'cancel'
  | 'undo_discharge';

const allowedFrom: Readonly<Record<StayStep, readonly StayStatus[]>> = {
  arrive: ['pre_admitted'],
  transfer: ['admitted'],
  swap: ['admitted'],
  start_leave: ['admitted'],
  end_leave: ['on_leave'],
  order_discharge: ['admitted', 'on_leave'],
  cancel_discharge_order: ['admitted', 'on_leave'],
  // A patient who does not come back from leave is discharged from leave.
  discharge: ['admitted', 'on_leave'],
  cancel: ['pre_admitted', 'admitted', 'on_leave'],
  undo_discharge: ['discharged'],
};

export function stepAllowed(step: StayStep, status: StayStatus): boolean {
  return allowedFrom[step].includes(status);
}

/** Whether a correction made at `now` is still inside the window after `since`. */
export function withinWindow(since: Date, now: Date, hours: number): boolean {
  return now.getTime() - since.getTime() <= hours * 3_600_000;
}

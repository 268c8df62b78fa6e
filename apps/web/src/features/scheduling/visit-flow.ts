import type { AppointmentStatus, AppointmentTransition } from '@meridian/contracts';

/**
 * The visit-flow moves staff may offer from each status, in the order the buttons show
 * (the usual next step first). The server's state machine is the authority; this only
 * decides which buttons to show.
 */
const nextSteps: Record<AppointmentStatus, readonly AppointmentTransition[]> = {
  held: [],
  booked: ['arrive', 'confirm', 'no_show'],
  confirmed: ['arrive', 'no_show'],
  arrived: ['room'],
  in_room: ['complete'],
  completed: [],
  cancelled: [],
  no_show: [],
};

export function transitionsFrom(status: AppointmentStatus): readonly AppointmentTransition[] {
  return nextSteps[status];
}

/** Whether an appointment can still be cancelled or moved (the visit has not started). */
export function isBeforeVisit(status: AppointmentStatus): boolean {
  return status === 'booked' || status === 'confirmed' || status === 'held';
}

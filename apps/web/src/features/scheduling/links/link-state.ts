import type { LinkView } from '@meridian/contracts';
import { ApiError } from '../../../app/api';

/** Why a link cannot be used, or that the server could not be reached (worth a retry). */
export type LinkProblem = 'invalid' | 'expired' | 'unavailable' | 'not_allowed' | 'failed';

export function linkProblemOf(error: unknown): LinkProblem {
  if (!(error instanceof ApiError)) return 'failed';
  switch (error.code) {
    case 'link.invalid':
      return 'invalid';
    case 'link.expired':
      return 'expired';
    case 'scheduling.offer_unavailable':
      return 'unavailable';
    case 'scheduling.invalid_transition':
      return 'not_allowed';
    default:
      // A mangled token that no route matches, or a rejected token format.
      return error.status === 404 || error.code === 'validation.failed' ? 'invalid' : 'failed';
  }
}

/**
 * The headline for where the appointment (or offer) stands, a key under `links:state`:
 * `reminder.booked`, `offer.taken`, ... Unknown statuses read as "nothing to do here".
 */
export function stateKey(view: Pick<LinkView, 'purpose' | 'status'>): string {
  const known: Record<LinkView['purpose'], readonly string[]> = {
    reminder: ['booked', 'confirmed', 'cancelled', 'arrived', 'in_room', 'completed', 'no_show'],
    waitlist_offer: ['open', 'accepted', 'declined', 'expired', 'taken'],
  };
  const group = view.purpose === 'reminder' ? 'reminder' : 'offer';
  return known[view.purpose].includes(view.status) ? `${group}.${view.status}` : `${group}.other`;
}

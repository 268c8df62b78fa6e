import type { LinkView } from '@meridian/contracts';
import type { DbOrTx } from '../../../platform/db.js';
import type { Platform } from '../../../platform/platform.js';

/** What the patient sees behind a waitlist offer link (no identifiers). */
export async function describeOffer(
  _tx: DbOrTx,
  _platform: Platform,
  _offerId: string,
): Promise<LinkView> {
  // Placeholder until waitlist/ lands.
  return Promise.reject(new Error('describeOffer is being built'));
}

/**
 * The patient's answer to an offer, by its signed link, inside the caller's transaction:
 * accept books the held slot for them (first come, first served: later accepts get
 * scheduling.offer_unavailable), decline releases their claim.
 */
export async function answerOfferInTx(
  _tx: DbOrTx,
  _platform: Platform,
  _offerId: string,
  _answer: 'accept' | 'decline',
): Promise<LinkView> {
  // Placeholder until waitlist/ lands.
  return Promise.reject(new Error('answerOfferInTx is being built'));
}

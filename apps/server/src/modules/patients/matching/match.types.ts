import type { z } from 'zod';
import type { matchPatientBody, MatchResult } from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import type { DbOrTx } from '../../../platform/db.js';

/** The demographics a duplicate check compares (the match body, parsed). */
export type MatchInput = z.output<typeof matchPatientBody>;

export interface ScoredCandidate {
  patientId: string;
  score: number;
  band: 'likely' | 'possible';
  reasons: MatchResult['candidates'][number]['reasons'];
}

/**
 * The master patient index's duplicate check (Fellegi-Sunter scoring over blocked
 * candidates). `findCandidates` neither audits nor checks access: registration uses it
 * inside its own transaction; `match` is the audited, access-filtered answer of
 * POST /api/v1/patients/match.
 */
export interface MatchService {
  readonly thresholds: { likely: number; possible: number };
  /** Candidates scoring at least `possible`, best first, at most `limit`. */
  findCandidates(tx: DbOrTx, input: MatchInput): Promise<ScoredCandidate[]>;
  match(principal: Principal | null, input: MatchInput): Promise<MatchResult>;
}

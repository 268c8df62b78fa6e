import type { MatchResult } from '@meridian/contracts';
import type { DbOrTx } from '../../../platform/db.js';
import type { Platform } from '../../../platform/platform.js';
import { toSummary } from '../patient-summary.js';
import { toBlockingKeys } from './blocking.js';
import { findBlockedCandidates, type CandidateRow } from './candidates.repository.js';
import { toFacts, toProbe, type MatchProbe } from './match-record.js';
import type { MatchInput, MatchService, ScoredCandidate } from './match.types.js';
import { scoreCandidate } from './scorer.js';
import { thresholds } from './weights.js';

interface Scored {
  row: CandidateRow;
  candidate: ScoredCandidate;
}

export function createMatchService(
  platform: Pick<Platform, 'db' | 'access' | 'audit' | 'encryptor'>,
): MatchService {
  const { db, access, audit, encryptor } = platform;

  /**
   * The stored SSN is decrypted only to compare it with a typed full SSN whose last four
   * already agree, so a match never decrypts numbers it has no reason to look at.
   */
  function comparableSsn(p: MatchProbe, row: CandidateRow): string | null {
    if (p.ssn === null || row.ssnEncrypted === null || row.ssnLast4 !== p.ssnLast4) return null;
    try {
      return encryptor.decrypt(row.ssnEncrypted);
    } catch {
      // Tricky: a row sealed under another key cannot be compared in full; its last four
      // still can, so the check degrades instead of refusing the registration.
      return null;
    }
  }

  async function scoreBlocked(tx: DbOrTx, input: MatchInput): Promise<Scored[]> {
    const probe = toProbe(input);
    const rows = await findBlockedCandidates(
      tx,
      toBlockingKeys(probe, input.excludePatientId ?? null),
    );
    const scored: Scored[] = [];
    for (const row of rows) {
      const result = scoreCandidate(probe, toFacts(row, comparableSsn(probe, row)));
      if (result.band === null) continue;
      scored.push({
        row,
        candidate: {
          patientId: row.id,
          score: result.score,
          band: result.band,
          reasons: result.reasons,
        },
      });
    }
    // Ties (equal scores) in a stable order, so the same input answers the same list.
    scored.sort(
      (a, b) => b.candidate.score - a.candidate.score || a.row.mrn.localeCompare(b.row.mrn),
    );
    return scored.slice(0, input.limit);
  }

  return {
    thresholds,

    async findCandidates(tx, input) {
      return (await scoreBlocked(tx, input)).map((s) => s.candidate);
    },

    async match(principal, input): Promise<MatchResult> {
      return db.transaction(async (tx) => {
        const scored = await scoreBlocked(tx, input);
        const ids = scored.map((s) => s.row.id);
        const visible = await access.filterAccessible(tx, principal, 'patient.read', ids);
        // The read is audited before the answer leaves (fail closed): ids only, never what
        // was typed.
        await audit.record(tx, {
          action: 'patient.match',
          entityType: 'patient',
          patientId: null,
          details: { patientIds: ids, candidateCount: ids.length },
        });
        return {
          thresholds,
          candidates: scored.map(({ row, candidate }) => {
            const isVisible = visible.has(row.id);
            return {
              patient: toSummary(row, { visible: isVisible, score: candidate.score }),
              score: candidate.score,
              band: candidate.band,
              // Reasons of a masked record would tell which of the typed details it shares.
              reasons: isVisible ? candidate.reasons : [],
            };
          }),
        };
      });
    },
  };
}

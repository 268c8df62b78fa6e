import type pg from 'pg';

export interface ChainReport {
  status: 'intact' | 'broken';
  checkedEvents: number;
  firstBrokenSeq: number | null;
  reason: string | null;
  /** Hash of the last event: record it elsewhere to detect a rewrite of the whole chain. */
  headHash: string | null;
}

const batchSize = 5000;

/**
 * Walks the audit chain in seq order, in batches, recomputing each row's digest in the
 * database (the same function the insert trigger uses) and checking the links and the
 * seq numbers for gaps.
 */
export async function verifyAuditChain(pool: pg.Pool): Promise<ChainReport> {
  let expectedPrev = '0'.repeat(64);
  let expectedSeq = 1;
  let checked = 0;
  for (;;) {
    const { rows } = await pool.query<{
      seq: number;
      prev_hash: string;
      hash: string;
      recomputed: string;
    }>(
      `select e.seq, e.prev_hash, e.hash, audit_event_digest(e.prev_hash, e) as recomputed
         from audit_event e where e.seq >= $1 order by e.seq limit $2`,
      [expectedSeq, batchSize],
    );
    if (rows.length === 0) break;
    for (const row of rows) {
      const broken = (reason: string): ChainReport => ({
        status: 'broken',
        checkedEvents: checked,
        firstBrokenSeq: row.seq,
        reason,
        headHash: null,
      });
      if (row.seq !== expectedSeq) return broken(`event ${expectedSeq} is missing`);
      if (row.prev_hash !== expectedPrev)
        return broken('the link to the previous event does not match');
      if (row.hash !== row.recomputed) return broken('the event was altered after it was written');
      expectedPrev = row.hash;
      expectedSeq += 1;
      checked += 1;
    }
  }
  return {
    status: 'intact',
    checkedEvents: checked,
    firstBrokenSeq: null,
    reason: null,
    headHash: checked > 0 ? expectedPrev : null,
  };
}

import { sql } from 'drizzle-orm';
import type { Icd10cmCode } from '@meridian/contracts';
import type { DbOrTx } from '../../../platform/db.js';
import type { QueryWord } from './icd10cm-query.js';

interface CodeRow extends Record<string, unknown> {
  code: string;
  billable: boolean;
  short_description: string;
  long_description: string;
  is_current: boolean;
}

const columns = sql.raw('code, billable, short_description, long_description, is_current');

function toCode(r: CodeRow): Icd10cmCode {
  return {
    code: r.code,
    isBillable: r.billable,
    shortDescription: r.short_description,
    longDescription: r.long_description,
    isCurrent: r.is_current,
  };
}

export async function findCode(db: DbOrTx, code: string): Promise<Icd10cmCode | null> {
  const { rows } = await db.execute<CodeRow>(
    sql`select ${columns} from icd10cm_code where code = ${code}`,
  );
  return rows[0] ? toCode(rows[0]) : null;
}

/** Codes starting with `compact` (no dot), the exact code first, then in tabular order. */
export async function findByCodePrefix(
  db: DbOrTx,
  o: { compact: string; includeRetired: boolean; limit: number },
): Promise<Icd10cmCode[]> {
  // Tricky: `compact` is [A-Z0-9] only (codePrefixOf), so it has no LIKE wildcards; the
  // constant pattern lets the planner use the collate "C" btree on code_compact.
  const { rows } = await db.execute<CodeRow>(sql`
    select ${columns} from icd10cm_code
     where code_compact like ${`${o.compact}%`} and (${o.includeRetired} or is_current)
     order by code_compact = ${o.compact} desc, tabular_order
     limit ${o.limit}`);
  return rows.map(toCode);
}

/**
 * Whether each word is a known word prefix, and for each word that is not (3+ characters)
 * or is listed in `widen`, its six nearest known words by trigram distance, kept when
 * their similarity is at least 0.35.
 */
export async function resolveWords(
  db: DbOrTx,
  words: readonly string[],
  widen: readonly string[],
): Promise<QueryWord[]> {
  const { rows } = await db.execute<{ token: string; known: boolean; alternatives: string[] }>(sql`
    select t.token, k.known,
           case when (not k.known and length(t.token) >= 3)
                  or t.token = any(${sql.param(widen)}::text[]) then array(
             -- Nearest six by the GiST index, then the threshold (filtering inside the
             -- ordered scan would walk the whole index when nothing is near).
             select n.word from (
               select x.word, x.word <-> t.token as distance from icd10cm_word x
                order by x.word <-> t.token limit 6
             ) n where n.distance <= 0.65 order by n.distance
           ) else '{}'::text[] end as alternatives
      from unnest(${sql.param(words)}::text[]) with ordinality as t(token, n)
      cross join lateral (
        select exists (select 1 from icd10cm_word x
                        where x.word >= t.token collate "C"
                          and x.word < (t.token || chr(1114111)) collate "C") as known
      ) k
     order by t.n`);
  return rows.map((r) => ({
    token: r.token,
    isKnownPrefix: r.known,
    alternatives: r.alternatives,
  }));
}

/**
 * Codes matching `tsquery`: billable codes first (what a problem or claim should carry),
 * then shorter (more general) descriptions, then tabular order. There is no usage
 * frequency in the code set, so 'hypertension' lists Portal hypertension before I10.
 */
export async function findByWords(
  db: DbOrTx,
  o: { tsquery: string; includeRetired: boolean; limit: number },
): Promise<Icd10cmCode[]> {
  const { rows } = await db.execute<CodeRow>(sql`
    select ${columns} from icd10cm_code
     where search_vector @@ ${o.tsquery}::tsquery and (${o.includeRetired} or is_current)
     -- Tricky: written as icd10cm_code_rank's expressions, so the planner may use it.
     order by not billable, length(long_description), tabular_order
     limit ${o.limit}`);
  return rows.map(toCode);
}

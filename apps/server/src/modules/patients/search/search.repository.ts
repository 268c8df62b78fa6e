import { inArray, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db.js';
import { patient } from '../patients.tables.js';
import type { SummaryRow } from '../patient-summary.js';
import { aliasTargets, type Arm, type MatchKind } from './search-arms.js';

/** What every search narrows by besides the query text. */
export interface SearchFilters {
  status: 'active' | 'inactive';
  sexAtBirth?: 'female' | 'male' | 'intersex' | 'unknown';
  /** Born after this ISO date (exclusive). */
  bornAfter?: string;
  /** Born on or before this ISO date. */
  bornOnOrBefore?: string;
  facilityId?: string;
  /** Parts of the query that narrow every name arm (AND). */
  birthDate?: string;
  ssnLast4?: string;
}

export interface Candidate {
  id: string;
  family: string;
  given: string;
  rank: number;
  kind: MatchKind;
}

function filterConditions(f: SearchFilters): SQL {
  // `status <> 'merged'` repeats the partial indexes' predicate so the planner uses them.
  const conds: SQL[] = [sql`status <> 'merged'`, sql`status = ${f.status}`];
  if (f.sexAtBirth) conds.push(sql`sex_at_birth = ${f.sexAtBirth}`);
  if (f.bornAfter) conds.push(sql`birth_date > ${f.bornAfter}::date`);
  if (f.bornOnOrBefore) conds.push(sql`birth_date <= ${f.bornOnOrBefore}::date`);
  if (f.facilityId) conds.push(sql`home_facility_id = ${f.facilityId}::uuid`);
  if (f.birthDate) conds.push(sql`birth_date = ${f.birthDate}::date`);
  if (f.ssnLast4) conds.push(sql`ssn_last4 = ${f.ssnLast4}`);
  return sql.join(conds, sql` and `);
}

// Tricky: `using ~<~` orders like the text_pattern_ops indexes of 0100 (byte order), so a
// capped arm reads the index in order and stops early instead of sorting every match.
const armOrder = {
  family: sql`search_family using ~<~, search_given using ~<~, id`,
  given: sql`search_given using ~<~, search_family using ~<~, id`,
};

/** Each arm's first `cap` rows in name order, with the arm's rank and kind. */
export async function findCandidates(
  db: DbOrTx,
  arms: readonly Arm[],
  filters: SearchFilters,
  cap: number,
): Promise<Candidate[]> {
  if (arms.length === 0) return [];
  // Tricky: a date of birth leaves a few dozen records in a million, but the planner does
  // not know how few and drives by a name index instead (reading thousands of rows); a
  // materialized CTE makes the birth_date index the driver and the arms filter its rows.
  const byBirthDate = filters.birthDate !== undefined;
  const source = byBirthDate ? sql.raw('born') : sql.raw('patient');
  const where = byBirthDate ? sql`true` : filterConditions(filters);
  const selects = arms.map(
    (arm) => sql`(select id, search_family, search_given, ${arm.rank} as rank,
        ${arm.kind}::text as kind
      from ${source} where ${where} and ${arm.where}
      order by ${armOrder[arm.order]} limit ${cap})`,
  );
  const born = byBirthDate
    ? sql`with born as materialized (select * from patient where ${filterConditions(filters)}) `
    : sql``;
  const { rows } = await db.execute<{
    id: string;
    search_family: string;
    search_given: string;
    rank: number;
    kind: MatchKind;
  }>(sql`${born}${sql.join(selects, sql` union all `)}`);
  return rows.map((r) => ({
    id: r.id,
    family: r.search_family,
    given: r.search_given,
    rank: Number(r.rank),
    kind: r.kind,
  }));
}

/** Keyset position in name order (filter-only searches). */
export interface NameKey {
  family: string;
  given: string;
  id: string;
}

/** A page of records by the filters alone, in name order after `after`. */
export async function listByFilters(
  db: DbOrTx,
  filters: SearchFilters,
  after: NameKey | null,
  limit: number,
): Promise<NameKey[]> {
  const keyset = after
    ? sql`and (search_family ~>~ ${after.family}
          or (search_family = ${after.family} and (search_given ~>~ ${after.given}
          or (search_given = ${after.given} and id > ${after.id}::uuid))))`
    : sql``;
  const { rows } = await db.execute<{ id: string; search_family: string; search_given: string }>(
    sql`select id, search_family, search_given from patient
         where ${filterConditions(filters)} ${keyset}
         order by ${armOrder.family} limit ${limit}`,
  );
  return rows.map((r) => ({ id: r.id, family: r.search_family, given: r.search_given }));
}

/** The normalized names of one record (to resume after a cursor). */
export async function findNameKey(db: DbOrTx, id: string): Promise<NameKey | null> {
  const [row] = await db
    .select({ id: patient.id, family: patient.searchFamily, given: patient.searchGiven })
    .from(patient)
    .where(sql`${patient.id} = ${id}::uuid`);
  return row ?? null;
}

/**
 * For each typed word that is no prefix of any name on file, the closest known name words
 * (edit distance 1 for words up to four letters, else 2), found by trigram similarity or a
 * shared first two letters. Needs pg_trgm.similarity_threshold set by the caller.
 */
export async function findCorrections(
  db: DbOrTx,
  words: readonly string[],
  perWord: number,
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (words.length === 0) return out;
  // Tricky: the upper bound U+10FFFF turns "starts with" into a range the "C"-collated
  // primary key can scan even though the prefix is only known at run time.
  const { rows } = await db.execute<{ token: string; word: string }>(sql`
    select t.token, c.word
      from unnest(${sql.param([...words])}::text[]) as t (token)
      cross join lateral (
        select w.word from patient_name_word w
         where (w.word % t.token
                or (w.word >= left(t.token, 2) and w.word < left(t.token, 2) || chr(1114111)))
           and levenshtein(w.word, t.token) <= case when length(t.token) <= 4 then 1 else 2 end
         order by levenshtein(w.word, t.token), similarity(w.word, t.token) desc, w.word
         limit ${perWord}
      ) c
     where not exists (
       select 1 from patient_name_word x
        where x.word >= t.token and x.word < t.token || chr(1114111))`);
  for (const r of rows) out.set(r.token, [...(out.get(r.token) ?? []), r.word]);
  return out;
}

/** Sets pg_trgm's similarity threshold for the current transaction only. */
export async function setSimilarityThreshold(tx: DbOrTx, threshold: number): Promise<void> {
  await tx.execute(
    sql`select set_config('pg_trgm.similarity_threshold', ${String(threshold)}, true)`,
  );
}

const summaryColumns = {
  id: patient.id,
  mrn: patient.mrn,
  status: patient.status,
  namePrefix: patient.namePrefix,
  givenName: patient.givenName,
  middleName: patient.middleName,
  familyName: patient.familyName,
  nameSuffix: patient.nameSuffix,
  preferredName: patient.preferredName,
  birthDate: patient.birthDate,
  sexAtBirth: patient.sexAtBirth,
  phones: patient.phones,
  addresses: patient.addresses,
  deceased: patient.deceased,
  flagVip: patient.flagVip,
  flagEmployee: patient.flagEmployee,
  flagConfidential: patient.flagConfidential,
};

/** The summary columns of these records, in no particular order. */
export async function findSummaryRows(db: DbOrTx, ids: readonly string[]): Promise<SummaryRow[]> {
  if (ids.length === 0) return [];
  return db
    .select(summaryColumns)
    .from(patient)
    .where(inArray(patient.id, [...ids]));
}

/**
 * The record an MRN names: the record holding it unless merged, else (for a retired MRN)
 * the survivor it now stands for. `retired` says which.
 */
export async function findByMrn(
  db: DbOrTx,
  mrn: string,
): Promise<{ row: SummaryRow; retired: boolean } | null> {
  const [current] = await db
    .select(summaryColumns)
    .from(patient)
    .where(sql`${patient.mrn} = ${mrn} and ${patient.status} <> 'merged'`);
  if (current) return { row: current, retired: false };
  const [survivor] = await db
    .select(summaryColumns)
    .from(patient)
    .where(sql`${patient.id} in (${aliasTargets(mrn)})`);
  return survivor ? { row: survivor, retired: true } : null;
}

import {
  isValidMrn,
  searchMatchKind,
  todayIso,
  type PatientByMrn,
  type PatientSearchQuery,
  type PatientSummary,
} from '@meridian/contracts';
import type { Platform } from '../../../platform/platform.js';
import type { DbOrTx } from '../../../platform/db.js';
import type { Principal } from '../../../platform/auth/principal.js';
import { AppError, fieldError } from '../../../platform/errors.js';
import { toSummary, type SummaryRow } from '../patient-summary.js';
import { isEmptyQuery, parseSearchQuery, type ParsedQuery } from './query-parser.js';
import {
  birthDateArm,
  broadNameArms,
  directNameArms,
  identifierArms,
  rank,
  type Arm,
  type MatchKind,
} from './search-arms.js';
import * as repo from './search.repository.js';
import type { Candidate, SearchFilters } from './search.repository.js';
import {
  birthDateRange,
  compareHits,
  decodeSearchCursor,
  encodeSearchCursor,
  type CursorKey,
  type RankedHit,
} from './search-page.js';

/** Rows each arm contributes at most: a search is a lookup, not a report. */
export const candidatesPerArm = 200;
/** pg_trgm similarity for typo correction against the name dictionary. */
const typoSimilarity = 0.3;
const correctionsPerWord = 8;

export interface SearchPage {
  items: PatientSummary[];
  nextCursor: string | null;
}

export interface SearchService {
  /** GET /api/v1/patients: ranked, access-filtered, audited. */
  search(principal: Principal | null, query: PatientSearchQuery): Promise<SearchPage>;
  /** GET /api/v1/patients/by-mrn/{mrn}: the record an MRN (or a retired MRN) names. */
  findByMrn(principal: Principal | null, mrn: string): Promise<PatientByMrn>;
}

interface Hit extends RankedHit {
  kinds: Set<MatchKind>;
}

const kindOrder = searchMatchKind.options;

function hasFilter(q: PatientSearchQuery): boolean {
  return (
    q.sex !== undefined ||
    q.ageMin !== undefined ||
    q.ageMax !== undefined ||
    q.facilityId !== undefined ||
    q.active !== undefined
  );
}

function checkQuery(q: PatientSearchQuery, today: string): ParsedQuery | null {
  if (q.ageMin !== undefined && q.ageMax !== undefined && q.ageMin > q.ageMax) {
    throw fieldError('query.ageMin', 'range', 'must not be greater than ageMax');
  }
  const text = q.q ?? '';
  if (text === '') {
    if (!hasFilter(q)) {
      throw fieldError(
        'query.q',
        'required',
        'is required unless a filter (sex, ageMin, ageMax, facilityId, active) is given',
      );
    }
    return null;
  }
  const parsed = parseSearchQuery(text, today);
  if (isEmptyQuery(parsed)) {
    throw fieldError(
      'query.q',
      parsed.rejected.length > 0 ? 'date' : 'unrecognized',
      parsed.rejected.length > 0
        ? 'holds a date that is not a calendar date'
        : 'must hold a name, date of birth, MRN, phone number or the last four digits of an SSN',
    );
  }
  return parsed;
}

function baseFilters(q: PatientSearchQuery, today: string): SearchFilters {
  return {
    status: q.active === false ? 'inactive' : 'active',
    ...(q.sex ? { sexAtBirth: q.sex } : {}),
    ...(q.facilityId ? { facilityId: q.facilityId } : {}),
    ...birthDateRange(today, q.ageMin, q.ageMax),
  };
}

function mergeCandidates(into: Map<string, Hit>, found: readonly Candidate[]): void {
  for (const c of found) {
    const hit = into.get(c.id);
    if (hit) {
      hit.rank = Math.min(hit.rank, c.rank);
      hit.kinds.add(c.kind);
    } else {
      into.set(c.id, { ...c, kinds: new Set([c.kind]) });
    }
  }
}

/** The arms' hits, merged per record (best rank, every way it matched). */
async function rankedHits(
  tx: DbOrTx,
  p: ParsedQuery,
  filters: SearchFilters,
): Promise<{ hits: Map<string, Hit>; extraKinds: MatchKind[] }> {
  const hits = new Map<string, Hit>();
  if (p.identifier !== null || (p.ssnLast4 !== null && p.names.length === 0 && !p.birthDate)) {
    mergeCandidates(
      hits,
      await repo.findCandidates(tx, identifierArms(p), filters, candidatesPerArm),
    );
    return { hits, extraKinds: [] };
  }
  const narrowed: SearchFilters = {
    ...filters,
    ...(p.birthDate ? { birthDate: p.birthDate } : {}),
    ...(p.ssnLast4 ? { ssnLast4: p.ssnLast4 } : {}),
  };
  const extraKinds: MatchKind[] = [
    ...(p.birthDate ? (['birth_date'] as const) : []),
    ...(p.ssnLast4 ? (['ssn_last4'] as const) : []),
  ];
  if (p.names.length === 0) {
    mergeCandidates(
      hits,
      await repo.findCandidates(tx, [birthDateArm()], narrowed, candidatesPerArm),
    );
    return { hits, extraKinds };
  }
  mergeCandidates(
    hits,
    await repo.findCandidates(tx, directNameArms(p), narrowed, candidatesPerArm),
  );
  // The broad arms cost more; when the direct ones already fill a cap, their hits would
  // rank behind at least a cap's worth of better ones.
  if (hits.size < candidatesPerArm) {
    await repo.setSimilarityThreshold(tx, typoSimilarity);
    const corrections = await repo.findCorrections(
      tx,
      p.names.filter((t) => [...t].length >= 3),
      correctionsPerWord,
    );
    const arms: Arm[] = broadNameArms(p, corrections);
    mergeCandidates(hits, await repo.findCandidates(tx, arms, narrowed, candidatesPerArm));
  }
  return { hits, extraKinds };
}

/** The hits after the cursor, up to `limit`, and whether more follow. */
async function pageAfter(
  tx: DbOrTx,
  sorted: Hit[],
  cursor: CursorKey | null,
  limit: number,
): Promise<{ page: Hit[]; more: boolean }> {
  let start = 0;
  if (cursor) {
    const known = sorted.find((h) => h.id === cursor.id);
    const key = known ?? (await repo.findNameKey(tx, cursor.id));
    if (!key) throw fieldError('query.cursor', 'invalid_cursor', 'names no record');
    const at = { rank: cursor.rank, id: cursor.id, family: key.family, given: key.given };
    start = sorted.findIndex((h) => compareHits(h, at) > 0);
    if (start < 0) start = sorted.length;
  }
  const page = sorted.slice(start, start + limit);
  return { page, more: start + limit < sorted.length };
}

/** A page of records by the filters alone (no query text), in name order. */
async function filterPage(
  tx: DbOrTx,
  filters: SearchFilters,
  cursor: CursorKey | null,
  limit: number,
): Promise<{ page: Hit[]; more: boolean }> {
  const after = cursor ? await repo.findNameKey(tx, cursor.id) : null;
  if (cursor && !after) throw fieldError('query.cursor', 'invalid_cursor', 'names no record');
  const rows = await repo.listByFilters(tx, filters, after, limit + 1);
  const page = rows
    .slice(0, limit)
    .map((r) => ({ ...r, rank: rank.filter, kinds: new Set<MatchKind>(['filter']) }));
  return { page, more: rows.length > limit };
}

function score(r: number): number {
  return Math.round((1 - r / 100) * 100) / 100;
}

function byKindOrder(kinds: Iterable<MatchKind>): MatchKind[] {
  const set = new Set(kinds);
  return kindOrder.filter((k) => set.has(k));
}

export function createSearchService(platform: Platform): SearchService {
  const { db, access, audit, clock } = platform;

  async function summaries(
    tx: DbOrTx,
    principal: Principal | null,
    page: Hit[],
    extraKinds: MatchKind[],
  ): Promise<PatientSummary[]> {
    const ids = page.map((h) => h.id);
    const rows = new Map<string, SummaryRow>(
      (await repo.findSummaryRows(tx, ids)).map((r) => [r.id, r]),
    );
    const visible = await access.filterAccessible(tx, principal, 'patient.read', ids);
    return page.flatMap((h) => {
      const row = rows.get(h.id);
      if (!row) return [];
      return [
        toSummary(row, {
          visible: visible.has(h.id),
          matchedBy: byKindOrder([...h.kinds, ...extraKinds]),
          score: score(h.rank),
        }),
      ];
    });
  }

  return {
    async search(principal, query) {
      const today = todayIso(clock.now());
      const parsed = checkQuery(query, today);
      const cursor = query.cursor ? decodeSearchCursor(query.cursor) : null;
      const filters = baseFilters(query, today);
      return db.transaction(async (tx) => {
        let found: { page: Hit[]; more: boolean };
        let extraKinds: MatchKind[] = [];
        if (parsed) {
          const ranked = await rankedHits(tx, parsed, filters);
          extraKinds = ranked.extraKinds;
          found = await pageAfter(
            tx,
            [...ranked.hits.values()].sort(compareHits),
            cursor,
            query.limit,
          );
        } else {
          found = await filterPage(tx, filters, cursor, query.limit);
        }
        const items = await summaries(tx, principal, found.page, extraKinds);
        // One event per search listing the records shown; never the query text.
        await audit.record(tx, {
          action: 'patient.search',
          entityType: 'patient',
          details: { patientIds: items.map((i) => i.id), resultCount: items.length },
        });
        const last = found.page.at(-1);
        return {
          items,
          nextCursor:
            found.more && last ? encodeSearchCursor({ rank: last.rank, id: last.id }) : null,
        };
      });
    },

    async findByMrn(principal, mrnText) {
      const mrn = mrnText.replace(/[\s-]/g, '');
      if (!isValidMrn(mrn)) {
        throw fieldError('params.mrn', 'check_digit', 'must be an MRN with a valid check digit');
      }
      const result = await db.transaction(async (tx) => {
        const found = await repo.findByMrn(tx, mrn);
        if (!found) {
          await access.filterAccessible(tx, principal, 'patient.read', []);
          await audit.record(tx, { action: 'patient.lookup_mrn', outcome: 'failure' });
          return null;
        }
        const { row, retired } = found;
        const visible = await access.filterAccessible(tx, principal, 'patient.read', [row.id]);
        await audit.record(tx, {
          action: 'patient.lookup_mrn',
          patientId: row.id,
          entityType: 'patient',
          entityId: row.id,
          details: { retired },
        });
        const summary = toSummary(row, {
          visible: visible.has(row.id),
          matchedBy: [retired ? 'mrn_alias' : 'mrn'],
          score: 1,
        });
        return { ...summary, retired };
      });
      if (!result) throw new AppError('resource.not_found', 'no patient has this MRN');
      return result;
    },
  };
}

import type { z } from 'zod';
import type { Icd10cmCode, Icd10cmSearchResult, icd10cmSearchQuery } from '@meridian/contracts';
import type { DbOrTx } from '../../../platform/db.js';
import { notFound } from '../../../platform/errors.js';
import { codePrefixOf, wordsTsquery, type QueryWord } from './icd10cm-query.js';
import * as repo from './icd10cm.repository.js';

type SearchQuery = z.output<typeof icd10cmSearchQuery>;

/** At most this many query words count; the rest are ignored (a search box, not a text). */
const maxWords = 8;

/** The query's words as the 'simple' text search configuration sees them, in order. */
export function queryWords(q: string): string[] {
  const words = q
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  return [...new Set(words)].slice(0, maxWords);
}

/**
 * GET /api/v1/codes/icd10cm?q=: a code prefix (with or without the dot) lists that code and
 * its descendants in tabular order; otherwise (or when no code starts so) every word must
 * match a word prefix, billable codes first. Words that match nothing are replaced by the
 * nearest known words (typos: 'diabetis'), and when all words are known but find nothing
 * together, each is widened with its nearest words once more ('fuzzy').
 */
export async function searchIcd10cm(db: DbOrTx, q: SearchQuery): Promise<Icd10cmSearchResult> {
  const base = { includeRetired: q.includeRetired, limit: q.limit };
  const compact = codePrefixOf(q.q);
  if (compact) {
    const items = await repo.findByCodePrefix(db, { ...base, compact });
    if (items.length > 0) return { mode: 'code', items };
  }
  const words = queryWords(q.q);
  if (words.length === 0) return { mode: 'words', items: [] };
  const search = async (resolved: QueryWord[]) => {
    const tsquery = wordsTsquery(resolved);
    return tsquery ? repo.findByWords(db, { ...base, tsquery }) : [];
  };
  const resolved = await repo.resolveWords(db, words, []);
  if (resolved.every((w) => w.alternatives.length === 0)) {
    const items = await search(resolved);
    const widen = words.filter((w) => w.length >= 3);
    if (items.length > 0 || widen.length === 0) return { mode: 'words', items };
    return { mode: 'fuzzy', items: await search(await repo.resolveWords(db, words, widen)) };
  }
  return { mode: 'fuzzy', items: await search(resolved) };
}

/** GET /api/v1/codes/icd10cm/:code: one code (retired ones too), any spelling. */
export async function getIcd10cmCode(db: DbOrTx, code: string): Promise<Icd10cmCode> {
  const found = await repo.findCode(db, code);
  if (!found) throw notFound('ICD-10-CM code', code);
  return found;
}

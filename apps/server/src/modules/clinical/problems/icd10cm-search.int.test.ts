import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Icd10cmCode, Icd10cmSearchResult } from '@meridian/contracts';
import { createTestContext, type TestContext } from '../../../../test/harness.js';
import { signedInStaff } from '../../../../test/factories.js';
import { apiCaller, type TestProblem } from '../../../../test/http.js';

let ctx: TestContext;
let cookie = '';
const call = apiCaller(
  () => ctx,
  () => cookie,
);

beforeAll(async () => {
  ctx = await createTestContext();
  cookie = (await signedInStaff(ctx.platform, { roles: ['physician'] })).cookie;
});
afterAll(async () => {
  await ctx.close();
});

async function search(q: string, extra = ''): Promise<Icd10cmSearchResult> {
  const res = await call('GET', `/api/v1/codes/icd10cm?q=${encodeURIComponent(q)}${extra}`);
  expect(res.statusCode).toBe(200);
  return res.json<Icd10cmSearchResult>();
}
const codes = (r: Icd10cmSearchResult) => r.items.map((i) => i.code);

describe('the bundled FY2022 code set', () => {
  it('is loaded with every code in its dotted form', async () => {
    const { rows } = await ctx.platform.database.pool.query<{ n: number; billable: number }>(
      'select count(*)::int as n, count(*) filter (where billable)::int as billable from icd10cm_code',
    );
    expect(rows[0]).toEqual({ n: 95_524, billable: 72_748 });
    const { rows: release } = await ctx.platform.database.pool.query(
      "select release, code_count from code_set_release where code_system = 'icd10cm'",
    );
    expect(release).toEqual([{ release: '2022', code_count: 95_524 }]);
  });
});

describe('searching ICD-10-CM by code', () => {
  it('lists a category first, then its codes in tabular order', async () => {
    const r = await search('E11');
    expect(r.mode).toBe('code');
    expect(codes(r).slice(0, 4)).toEqual(['E11', 'E11.0', 'E11.00', 'E11.01']);
    expect(r.items).toHaveLength(20);
    expect(r.items.every((i) => i.code.startsWith('E11'))).toBe(true);
  });

  it.each(['e11.6', 'E116', ' e116 '])('reads %j as the prefix E11.6', async (q) => {
    const r = await search(q);
    expect(r.mode).toBe('code');
    expect(codes(r)[0]).toBe('E11.6');
    expect(codes(r)).toContain('E11.65');
    expect(r.items.every((i) => i.code.startsWith('E11.6'))).toBe(true);
  });

  it('puts the exact code first and honours the limit', async () => {
    const r = await search('e1165', '&limit=3');
    expect(r.items).toEqual([
      {
        code: 'E11.65',
        isBillable: true,
        shortDescription: 'Type 2 diabetes mellitus with hyperglycemia',
        longDescription: 'Type 2 diabetes mellitus with hyperglycemia',
        isCurrent: true,
      },
    ]);
  });

  it('falls back to words when no code starts so (vitamin B12)', async () => {
    const r = await search('b12');
    expect(r.mode).toBe('words');
    expect(r.items.length).toBeGreaterThan(0);
    expect(r.items.every((i) => /b12/i.test(i.longDescription))).toBe(true);
  });
});

describe('searching ICD-10-CM by words', () => {
  it('needs every word as a word prefix: diab type 2 kidn', async () => {
    const r = await search('diab type 2 kidn');
    expect(r.mode).toBe('words');
    // Billable first; E11.2 is the category "with kidney complications".
    expect(codes(r)).toEqual(['E11.22', 'E11.29', 'E11.2']);
  });

  it('matches a short last word with a digit as a prefix: stage 3 finds 3a and 3b', async () => {
    const r = await search('chronic kidney disease stage 3');
    expect(codes(r)).toEqual(['N18.31', 'N18.32', 'N18.30', 'N18.3']);
  });

  it('answers a frequent word prefix from the ranking index (no sort of half the set)', async () => {
    const r = await search('dis');
    expect(r.items).toHaveLength(20);
    expect(r.items.every((i) => i.isBillable)).toBe(true);
  });

  it('ranks billable codes before categories', async () => {
    const r = await search('type 2 diabetes', '&limit=50');
    const firstCategory = r.items.findIndex((i) => !i.isBillable);
    const lastBillable = r.items.map((i) => i.isBillable).lastIndexOf(true);
    expect(lastBillable).toBeGreaterThan(0);
    if (firstCategory >= 0) expect(firstCategory).toBeGreaterThan(lastBillable);
    expect(codes(r)).toContain('E11.9');
  });

  it('is case-insensitive and ignores punctuation', async () => {
    expect(codes(await search('ESSENTIAL (primary) Hypertension'))).toEqual(['I10']);
  });

  it.each([
    ['diabetis', 'E11.9'],
    ['hypertenson essential', 'I10'],
    ['pnemonia', 'J18.9'],
    ['asthma unspecifed uncomplicated', 'J45.909'],
  ])('tolerates the typo in %j', async (q, expected) => {
    const r = await search(q, '&limit=50');
    expect(r.mode).toBe('fuzzy');
    expect(codes(r)).toContain(expected);
  });

  it('widens known words that find nothing together', async () => {
    // 'hart' is a word prefix (Hartnup) but nothing has both it and 'failure'.
    const r = await search('hart failure', '&limit=50');
    expect(r.mode).toBe('fuzzy');
    expect(codes(r)).toContain('I50.9');
  });

  it('answers an empty list for nonsense', async () => {
    expect((await search('qqqxzv wwwkkj')).items).toEqual([]);
  });
});

describe('reading one code', () => {
  it('answers a code in any spelling', async () => {
    const res = await call('GET', '/api/v1/codes/icd10cm/e119');
    expect(res.statusCode).toBe(200);
    expect(res.json<Icd10cmCode>()).toMatchObject({ code: 'E11.9', isBillable: true });
    const category = await call('GET', '/api/v1/codes/icd10cm/E11');
    expect(category.json<Icd10cmCode>()).toMatchObject({ code: 'E11', isBillable: false });
  });

  it('answers 404 for a well-formed code that does not exist, 400 for a malformed one', async () => {
    expect((await call('GET', '/api/v1/codes/icd10cm/E11.99')).statusCode).toBe(404);
    const bad = await call('GET', '/api/v1/codes/icd10cm/11E');
    expect(bad.statusCode).toBe(400);
    expect(bad.json<TestProblem>().errors?.[0]?.path).toBe('params.code');
  });

  it('is for clinical staff only', async () => {
    const desk = await signedInStaff(ctx.platform, { roles: ['front_desk'] });
    const res = await call('GET', '/api/v1/codes/icd10cm?q=E11', { cookie: desk.cookie });
    expect(res.statusCode).toBe(403);
  });
});

describe('query plans', () => {
  async function plan(query: string, params: unknown[]): Promise<string> {
    const { rows } = await ctx.platform.database.pool.query<{ 'QUERY PLAN': string }>(
      `explain ${query}`,
      params,
    );
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  }

  it('finds a code prefix through the code_compact btree', async () => {
    const text = await plan(
      "select code from icd10cm_code where code_compact like 'E116%' order by tabular_order limit 20",
      [],
    );
    expect(text).toContain('icd10cm_code_compact_prefix');
  });

  it('finds words through the search_vector GIN index', async () => {
    const text = await plan(
      'select code from icd10cm_code where search_vector @@ $1::tsquery limit 20',
      ["'diab':* & 'kidn':*"],
    );
    expect(text).toContain('icd10cm_code_search');
  });

  it('walks the ranking index for a frequent word instead of sorting', async () => {
    const text = await plan(
      `select code from icd10cm_code where search_vector @@ $1::tsquery
        order by not billable, length(long_description), tabular_order limit 20`,
      ["'dis':*"],
    );
    expect(text).toContain('icd10cm_code_rank');
  });

  it('finds the nearest words through the trigram GiST index', async () => {
    const text = await plan('select word from icd10cm_word order by word <-> $1 limit 3', [
      'diabetis',
    ]);
    expect(text).toContain('icd10cm_word_trgm');
  });
});

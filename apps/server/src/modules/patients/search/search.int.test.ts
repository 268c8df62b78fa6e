import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PatientSummary } from '@meridian/contracts';
import { createTestContext, type TestContext } from '../../../../test/harness.js';
import { signedInStaff } from '../../../../test/factories.js';
import { createFacility } from '../../../../test/auth-helpers.js';
import { createPatient } from '../../../../test/patient-factories.js';
import { apiCaller } from '../../../../test/http.js';
import { newId } from '../../../platform/ids.js';
import type { PatientRow } from '../patients.tables.js';

let ctx: TestContext;
let cookie: string;
const call = apiCaller(
  () => ctx,
  () => cookie,
);

interface Page {
  items: PatientSummary[];
  nextCursor: string | null;
}

async function search(query: Record<string, string | number | boolean>): Promise<Page> {
  const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
  const res = await call('GET', `/api/v1/patients?${qs.toString()}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Page>();
}

const ids = async (q: string, extra: Record<string, string | number | boolean> = {}) =>
  (await search({ q, limit: 100, ...extra })).items.map((i) => i.id);

const p: Record<string, PatientRow> = {};

beforeAll(async () => {
  ctx = await createTestContext(); // clock: 2026-01-15
  cookie = (await signedInStaff(ctx.platform, { roles: ['front_desk'] })).cookie;
  const make = async (key: string, o: Parameters<typeof createPatient>[1]) => {
    p[key] = await createPatient(ctx.platform, o);
  };
  await make('jose', { name: { given: 'José', family: 'García' }, birthDate: '1975-09-30' });
  await make('nguyen', {
    name: { given: 'Lan', middle: 'Thị', family: 'Nguyễn' },
    birthDate: '1990-12-01',
  });
  await make('obrien', {
    name: { given: 'Mary', family: "O'Brien-Smith" },
    birthDate: '1962-07-04',
    sexAtBirth: 'female',
  });
  await make('wang', { name: { given: '小明', family: '王' }, birthDate: '2001-05-05' });
  await make('johnson', {
    name: { given: 'Robert', family: 'Johnson' },
    birthDate: '1980-03-04',
    sexAtBirth: 'male',
    phones: [{ kind: 'mobile', number: '+16175550123', preferred: true }],
    ssn: '123456789',
  });
  await make('johnson2', {
    name: { given: 'Roberta', family: 'Johnson' },
    birthDate: '1955-11-20',
    sexAtBirth: 'female',
  });
});
afterAll(async () => {
  await ctx.close();
});

describe('GET /api/v1/patients: what the one box finds', () => {
  it.each([
    ['jose', 'jose'],
    ['José García', 'jose'],
    ['nguyen', 'nguyen'],
    ['Nguyễn Lan', 'nguyen'],
    ['thi lan', 'nguyen'],
    ['obrien', 'obrien'],
    ['smith', 'obrien'],
    ["O'Brien-Smith, Mary", 'obrien'],
    ['王', 'wang'],
    ['王小明', 'wang'],
    ['小明', 'wang'],
  ])('finds a Unicode name by %j', async (q, key) => {
    expect(await ids(q)).toContain(p[key]!.id);
  });

  it.each([
    ['robert johnson', 'johnson'],
    ['johnson robert', 'johnson'],
    ['joh rob', 'johnson'],
    ['rob joh', 'johnson'],
    ['Johnson, Rob', 'johnson'],
  ])('finds name fragments in any order: %j', async (q, key) => {
    expect(await ids(q)).toContain(p[key]!.id);
  });

  it('reads "family, given" as family then given, not the other way round', async () => {
    expect(await ids('Robert, Johnson')).not.toContain(p.johnson!.id);
  });

  it('tolerates a typo: "Jhonson" finds Johnson', async () => {
    const page = await search({ q: 'Jhonson' });
    const hit = page.items.find((i) => i.id === p.johnson!.id);
    expect(hit?.matchedBy).toEqual(['name_fuzzy']);
  });

  it('tolerates a typo next to a correct word: "Robert Jonhson"', async () => {
    expect((await ids('Robert Jonhson'))[0]).toBe(p.johnson!.id);
  });

  it.each(['1980-03-04', '03/04/1980', '3/4/80', '04.03.1980', '4 Mar 1980', 'March 4, 1980'])(
    'finds by date of birth %j',
    async (q) => {
      const page = await search({ q });
      expect(page.items.map((i) => i.id)).toEqual([p.johnson!.id]);
      expect(page.items[0]?.matchedBy).toEqual(['birth_date']);
    },
  );

  it('narrows a name by the date of birth (AND)', async () => {
    const both = await ids('johnson');
    expect(both).toEqual(expect.arrayContaining([p.johnson!.id, p.johnson2!.id]));
    const page = await search({ q: 'johnson 11/20/1955' });
    expect(page.items.map((i) => i.id)).toEqual([p.johnson2!.id]);
    expect(page.items[0]?.matchedBy).toEqual(['name', 'birth_date']);
  });

  it.each([
    ['the MRN', (r: PatientRow) => r.mrn, 'mrn'],
    ['the MRN with a hyphen', (r: PatientRow) => `${r.mrn.slice(0, 4)}-${r.mrn.slice(4)}`, 'mrn'],
    ['a formatted phone', () => '(617) 555-0123', 'phone'],
    ['an E.164 phone', () => '+1 617 555 0123', 'phone'],
    ['the SSN last four', () => '6789', 'ssn_last4'],
  ])('finds by %s', async (_label, q, kind) => {
    const page = await search({ q: q(p.johnson!) });
    expect(page.items.map((i) => i.id)).toEqual([p.johnson!.id]);
    expect(page.items[0]?.matchedBy).toEqual([kind]);
  });

  it('finds by an external identifier (another hospital MRN)', async () => {
    await ctx.platform.database.pool.query(
      `insert into patient_identifier (id, patient_id, type, assigning_authority, value, value_key, created_at)
       values ($1, $2, 'external_mrn', 'General Hospital', 'GH-00-12345', 'GH0012345', now())`,
      [newId(), p.jose!.id],
    );
    const page = await search({ q: 'gh-0012345' });
    expect(page.items.map((i) => i.id)).toEqual([p.jose!.id]);
    expect(page.items[0]?.matchedBy).toEqual(['identifier']);
  });

  it('ranks whole-word matches above prefixes, ties by family then given', async () => {
    const robertson = await createPatient(ctx.platform, {
      name: { given: 'Ann', family: 'Robertson' },
    });
    const order = await ids('robert');
    const exact = order.indexOf(p.johnson!.id);
    expect(exact).toBeGreaterThanOrEqual(0);
    // "Robert" is Robert Johnson's whole given name; Roberta and Robertson only start so.
    expect(exact).toBeLessThan(order.indexOf(p.johnson2!.id));
    expect(exact).toBeLessThan(order.indexOf(robertson.id));
  });

  it('answers a masked-free summary with the matched name', async () => {
    const [hit] = (await search({ q: 'Nguyễn Lan' })).items;
    expect(hit).toMatchObject({
      id: p.nguyen!.id,
      restricted: false,
      name: { given: 'Lan', middle: 'Thị', family: 'Nguyễn' },
      birthDate: '1990-12-01',
      matchedBy: ['name'],
    });
  });
});

describe('GET /api/v1/patients: pages and filters', () => {
  const paged: string[] = [];

  beforeAll(async () => {
    for (const given of ['Ada', 'Bea', 'Cy', 'Di', 'Ed', 'Flo', 'Gus']) {
      paged.push((await createPatient(ctx.platform, { name: { given, family: 'Pagewell' } })).id);
    }
    // Same names twice: the id breaks the tie, so no hit is skipped or repeated.
    paged.push(
      (await createPatient(ctx.platform, { name: { given: 'Ada', family: 'Pagewell' } })).id,
    );
  });

  it('returns every hit exactly once across cursor pages', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Page = await search({ q: 'pagewell', limit: 3, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(paged.length);
    expect(new Set(seen)).toEqual(new Set(paged));
    expect(seen).toEqual(await ids('pagewell'));
  });

  it('pages a filter-only search too', async () => {
    const facility = await createFacility(ctx.platform);
    const mine: string[] = [];
    for (const given of ['Xa', 'Xb', 'Xc']) {
      const row = await createPatient(ctx.platform, {
        name: { given, family: 'Facilitated' },
        homeFacilityId: facility.id,
      });
      mine.push(row.id);
    }
    const first = await search({ facilityId: facility.id, limit: 2 });
    expect(first.items.map((i) => i.matchedBy)).toEqual([['filter'], ['filter']]);
    const second = await search({ facilityId: facility.id, limit: 2, cursor: first.nextCursor! });
    expect(second.nextCursor).toBeNull();
    expect([...first.items, ...second.items].map((i) => i.id)).toEqual(mine);
  });

  it('filters by sex', async () => {
    expect(await ids('johnson', { sex: 'male' })).toEqual([p.johnson!.id]);
    expect(await ids('johnson', { sex: 'female' })).toEqual([p.johnson2!.id]);
  });

  it.each([
    // Robert Johnson was born 1980-03-04 (45 on 2026-01-15), Roberta 1955-11-20 (70).
    [{ ageMin: 45 }, ['johnson', 'johnson2']],
    [{ ageMin: 46 }, ['johnson2']],
    [{ ageMax: 45 }, ['johnson']],
    [{ ageMax: 44 }, []],
    [{ ageMin: 45, ageMax: 70 }, ['johnson', 'johnson2']],
    [{ ageMin: 70, ageMax: 70 }, ['johnson2']],
  ])('filters by age %j', async (filter, keys) => {
    const found = await ids('johnson', filter);
    expect(found.sort()).toEqual(keys.map((k) => p[k]!.id).sort());
  });

  it('lists inactive records only with active=false, and never by default', async () => {
    const gone = await createPatient(ctx.platform, {
      name: { given: 'Ina', family: 'Quiescent' },
      status: 'inactive',
    });
    expect(await ids('quiescent')).toEqual([]);
    expect(await ids('quiescent', { active: false })).toEqual([gone.id]);
    expect(await ids('pagewell', { active: false })).toEqual([]);
  });
});

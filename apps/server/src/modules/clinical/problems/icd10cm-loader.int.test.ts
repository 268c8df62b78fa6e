import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Icd10cmSearchResult } from '@meridian/contracts';
import { createTestContext, type TestContext } from '../../../../test/harness.js';
import { signedInStaff } from '../../../../test/factories.js';
import { createPatient } from '../../../../test/patient-factories.js';
import { createProblem } from '../../../../test/clinical-problems-factories.js';
import { apiCaller, type TestProblem } from '../../../../test/http.js';
import { Icd10cmFileError, loadIcd10cm, releaseFromFileName } from './icd10cm-loader.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const tsvSample = fixture('icd10cm-sample.tsv');
const orderSample = fixture('icd10cm_order_2023-sample.txt');

let ctx: TestContext;
let cookie = '';
const call = apiCaller(
  () => ctx,
  () => cookie,
);

interface CodeState {
  code: string;
  billable: boolean;
  is_current: boolean;
  retired_in: string | null;
  first_release: string;
  long_description: string;
}

async function codeState(code: string): Promise<CodeState | undefined> {
  const { rows } = await ctx.platform.database.pool.query<CodeState>(
    `select code, billable, is_current, retired_in, first_release, long_description
       from icd10cm_code where code = $1`,
    [code],
  );
  return rows[0];
}

async function currentCount(): Promise<number> {
  const { rows } = await ctx.platform.database.pool.query<{ n: number }>(
    'select count(*)::int as n from icd10cm_code where is_current',
  );
  return rows[0]?.n ?? -1;
}

beforeAll(async () => {
  ctx = await createTestContext();
  cookie = (await signedInStaff(ctx.platform, { roles: ['physician'] })).cookie;
});
afterAll(async () => {
  await ctx.close();
});

// One story, in order: the bundled FY2022 set is there (global setup), a small TSV release
// replaces it, then an official order file replaces that.
describe('loading ICD-10-CM releases', () => {
  let patientId = '';

  it('replaces the set with a TSV release, retiring what it lacks and deleting nothing', async () => {
    const patient = await createPatient(ctx.platform);
    patientId = patient.id;
    // A problem on a code the new release does not have must stay valid.
    await createProblem(ctx.platform, { patientId, code: 'C50.911' });
    const summary = await loadIcd10cm(ctx.platform.database.pool, {
      file: tsvSample,
      release: 'T1',
    });
    expect(summary).toMatchObject({
      release: 'T1',
      layout: 'tsv',
      codes: 16,
      added: 0,
      // Their tabular order moved (positions in a 16-line file); A00 and A00.0 kept theirs.
      changed: 14,
      retired: 95_524 - 16,
    });
    expect(await currentCount()).toBe(16);
    expect(await codeState('C50.911')).toMatchObject({ is_current: false, retired_in: 'T1' });
    const { rows } = await ctx.platform.database.pool.query(
      'select icd10cm_code from problem where patient_id = $1',
      [patientId],
    );
    expect(rows).toEqual([{ icd10cm_code: 'C50.911' }]);
  });

  it('loads an official order file: adds, changes, retires, revives', async () => {
    const summary = await loadIcd10cm(ctx.platform.database.pool, {
      file: orderSample,
      release: releaseFromFileName(orderSample) ?? '',
    });
    expect(summary).toMatchObject({
      release: '2023',
      layout: 'order',
      codes: 12,
      billable: 9,
      // E11.A; A00.1 revived and I10, J45, J45.20, J45.909 moved down one place.
      added: 1,
      changed: 5,
      retired: 6,
    });
    // E11.A came after FY2022: inserted, first seen in 2023.
    expect(await codeState('E11.A')).toMatchObject({
      billable: true,
      is_current: true,
      first_release: '2023',
    });
    // A00.1 was retired by T1 and comes back with 2023.
    expect(await codeState('A00.1')).toMatchObject({ is_current: true, retired_in: null });
    // Gone from 2023: kept, retired.
    expect(await codeState('R51.9')).toMatchObject({ is_current: false, retired_in: '2023' });
    expect(await codeState('A00.0')).toMatchObject({ is_current: false, retired_in: '2023' });
    expect(await currentCount()).toBe(12);
    const { rows } = await ctx.platform.database.pool.query(
      "select release from code_set_release where code_system = 'icd10cm' order by loaded_at, release",
    );
    expect(rows.map((r: { release: string }) => r.release).sort()).toEqual(['2022', '2023', 'T1']);
  });

  it('changes nothing when the same release is loaded again', async () => {
    const again = await loadIcd10cm(ctx.platform.database.pool, {
      file: orderSample,
      release: '2023',
    });
    expect(again).toMatchObject({ added: 0, changed: 0, retired: 0 });
  });

  it('searches the new release, and retired codes only when asked', async () => {
    const r = await call('GET', '/api/v1/codes/icd10cm?q=remission');
    expect(r.json<Icd10cmSearchResult>().items.map((i) => i.code)).toEqual(['E11.A']);
    const headache = await call('GET', '/api/v1/codes/icd10cm?q=headache');
    expect(headache.json<Icd10cmSearchResult>().items).toEqual([]);
    const withRetired = await call('GET', '/api/v1/codes/icd10cm?q=headache&includeRetired=true');
    expect(withRetired.json<Icd10cmSearchResult>().items.map((i) => i.code)).toContain('R51.9');
  });

  it('refuses a retired code for a new problem, naming the rule', async () => {
    const res = await call('POST', `/api/v1/patients/${patientId}/problems`, {
      body: { code: 'R51.9' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<TestProblem>().errors?.[0]).toMatchObject({
      path: 'code',
      rule: 'retired_icd10cm_code',
    });
  });

  it('refuses a bad file whole, naming its lines, and changes nothing', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'icd10cm-'));
    const bad = path.join(dir, 'bad_order_2024.txt');
    const good = readFileSync(orderSample, 'utf8').split('\r\n');
    writeFileSync(
      bad,
      [...good.slice(0, 3), 'this is not a record', ...good.slice(3)].join('\r\n'),
    );
    await expect(
      loadIcd10cm(ctx.platform.database.pool, { file: bad, release: '2024' }),
    ).rejects.toThrow(/line 4: does not follow the order file layout/);
    await expect(
      loadIcd10cm(ctx.platform.database.pool, { file: bad, release: '2024' }),
    ).rejects.toBeInstanceOf(Icd10cmFileError);
    expect(await currentCount()).toBe(12);
  });

  it('reads a gzip-compressed file as well', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'icd10cm-'));
    const gz = path.join(dir, 'icd10cm-sample.tsv.gz');
    writeFileSync(gz, gzipSync(readFileSync(tsvSample)));
    const summary = await loadIcd10cm(ctx.platform.database.pool, { file: gz, release: 'T2' });
    expect(summary).toMatchObject({ layout: 'tsv', codes: 16 });
    expect(await codeState('R51.9')).toMatchObject({ is_current: true });
    expect(await codeState('E11.A')).toMatchObject({ is_current: false, retired_in: 'T2' });
  });
});

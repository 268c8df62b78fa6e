import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidMrn } from '@meridian/contracts';
import { createTestContext, type TestContext } from '../../../../test/harness.js';
import { seedDemoPayers } from '../coverage/demo-payers.js';
import { searchKeys } from '../search-keys.js';
import { loadRecords } from './load-records.js';
import { generateRecords } from './patient-generator.js';
import { seedPatients } from './seed-patients.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx.close();
});

const query = <T extends Record<string, unknown>>(text: string, values: unknown[] = []) =>
  ctx.platform.database.pool.query<T>(text, values).then((r) => r.rows);

interface PatientDbRow extends Record<string, unknown> {
  id: string;
  mrn: string;
  given_name: string;
  family_name: string;
  birth_date: string;
  ssn_encrypted: string | null;
  ssn_last4: string | null;
  search_given: string;
  search_family: string;
  search_names: string;
  name_phonetic: string[];
  phone_keys: string[];
  postal_code: string | null;
  version: number;
  status: string;
}

describe('loading generated patients in bulk', () => {
  const records = [...generateRecords({ seed: 77, count: 2500, duplicatePairs: 100 })];
  let ids: string[] = [];

  it('inserts every record with a valid, distinct MRN, in parallel batches', async () => {
    const progress: number[] = [];
    const result = await loadRecords(ctx.platform.db, records, {
      encryptor: ctx.platform.encryptor,
      batchSize: 700,
      concurrency: 2,
      onProgress: (n) => progress.push(n),
      audit: ctx.platform.audit,
    });
    ids = result.ids;
    expect(result.count).toBe(2600);
    expect(result.ids).toHaveLength(2600);
    expect(new Set(result.ids).size).toBe(2600);
    expect(progress.at(-1)).toBe(2600);
    const rows = await query<{ n: number; mrns: number }>(
      'select count(*)::int as n, count(distinct mrn)::int as mrns from patient',
    );
    expect(rows[0]).toEqual({ n: 2600, mrns: 2600 });
    const mrns = await query<{ id: string; mrn: string }>('select id, mrn from patient');
    expect(mrns.every((r) => isValidMrn(r.mrn))).toBe(true);
    const mrnOf = new Map(mrns.map((r) => [r.id, r.mrn]));
    expect(result.ids.map((id) => mrnOf.get(id))).toEqual(result.mrns);
  });

  it('stores the names, search keys and encrypted SSN that registration would', async () => {
    const rows = await query<PatientDbRow>('select * from patient where id = any($1::uuid[])', [
      ids.slice(0, 400),
    ]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const [i, id] of ids.slice(0, 400).entries()) {
      const input = records[i]!.input;
      const row = byId.get(id)!;
      expect(row.given_name).toBe(input.name.given);
      expect(row.family_name).toBe(input.name.family);
      expect(row).toMatchObject({ version: 1, status: 'active' });
      const keys = searchKeys(input);
      expect({
        searchGiven: row.search_given,
        searchFamily: row.search_family,
        searchNames: row.search_names,
        namePhonetic: row.name_phonetic,
        phoneKeys: row.phone_keys,
        postalCode: row.postal_code,
      }).toEqual(keys);
      if (input.ssn) {
        expect(row.ssn_encrypted).not.toContain(input.ssn);
        expect(ctx.platform.encryptor.decrypt(row.ssn_encrypted!)).toBe(input.ssn);
        expect(row.ssn_last4).toBe(input.ssn.slice(-4));
      } else {
        expect(row.ssn_encrypted).toBeNull();
      }
    }
  });

  it('stores the external identifiers and audits the import as one event with the count', async () => {
    const expected = records.reduce((n, r) => n + r.input.identifiers.length, 0);
    expect(expected).toBeGreaterThan(0);
    const [ident] = await query<{ n: number }>('select count(*)::int as n from patient_identifier');
    expect(ident?.n).toBe(expected);
    const events = await query<{ outcome: string; details: Record<string, unknown> }>(
      "select outcome, details from audit_event where action = 'patient.bulk_import'",
    );
    expect(events).toEqual([
      {
        outcome: 'success',
        details: { count: 2600, coverages: 0, identifiersSkipped: 0, history: false },
      },
    ]);
  });

  it('skips identifiers another record already holds instead of failing the import', async () => {
    const again = records.filter((r) => r.input.identifiers.length > 0).slice(0, 5);
    const result = await loadRecords(ctx.platform.db, again, { encryptor: ctx.platform.encryptor });
    expect(result.count).toBe(5);
    expect(result.identifiersSkipped).toBe(
      again.reduce((n, r) => n + r.input.identifiers.length, 0),
    );
  });
});

describe('loading with coverages and history', () => {
  it('attaches coverages to the payers and writes version 1 of each record', async () => {
    const payers = await ctx.platform.db.transaction((tx) => seedDemoPayers(tx, new Date()));
    const records = [...generateRecords({ seed: 5, count: 200, duplicatePairs: 0 })];
    const before = await query<{ n: number }>('select count(*)::int as n from patient_history');
    const result = await loadRecords(ctx.platform.db, records, {
      encryptor: ctx.platform.encryptor,
      payers: payers.payers,
      history: true,
    });
    const expected = records.reduce((n, r) => n + r.coverages.length, 0);
    expect(expected).toBeGreaterThan(100);
    expect(result.coverages).toBe(expected);
    const coverages = await query<{ n: number; payers: number }>(
      `select count(*)::int as n, count(distinct payer_id)::int as payers from coverage
        where patient_id = any($1::uuid[])`,
      [result.ids],
    );
    expect(coverages[0]?.n).toBe(expected);
    expect(coverages[0]?.payers).toBeGreaterThan(1);
    const history = await query<{ entity_type: string; n: number }>(
      `select entity_type, count(*)::int as n from patient_history
        where patient_id = any($1::uuid[]) and version = 1 and action = 'created'
        group by entity_type order by entity_type`,
      [result.ids],
    );
    expect(history).toEqual([
      { entity_type: 'coverage', n: expected },
      { entity_type: 'patient', n: 200 },
    ]);
    const after = await query<{ n: number }>('select count(*)::int as n from patient_history');
    expect(after[0]!.n - before[0]!.n).toBe(200 + expected);
  });
});

describe('meridian seed patients', () => {
  it('loads the people and their duplicates, audited as one bulk import', async () => {
    const before = await query<{ n: number }>('select count(*)::int as n from patient');
    const result = await seedPatients(ctx.platform, { count: 300, seed: 9, duplicates: 20 });
    expect(result.count).toBe(320);
    const after = await query<{ n: number }>('select count(*)::int as n from patient');
    expect(after[0]!.n - before[0]!.n).toBe(320);
    const events = await query<{ details: Record<string, unknown> }>(
      "select details from audit_event where action = 'patient.bulk_import' order by seq desc limit 1",
    );
    expect(events[0]?.details).toMatchObject({ count: 320, history: false });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  CreatePatientInput,
  HistoryEntry,
  Patient,
  Problem,
  UpdatePatientInput,
} from '@meridian/contracts';
import { createTestContext, type TestContext } from '../../../../test/harness.js';
import { signedInStaff, type TestUser } from '../../../../test/factories.js';
import { auditRows, lastAuditSeq } from '../../../../test/auth-helpers.js';
import { apiCaller } from '../../../../test/http.js';

let ctx: TestContext;
let frontDesk: TestUser & { cookie: string };
const call = apiCaller(
  () => ctx,
  () => frontDesk.cookie,
);

const home = { use: 'home' as const, line1: '12 Elm St', city: 'Albany', postalCode: '12207' };

// Distinct people, so the duplicate check lets each registration through.
const givenNames = ['Anh', 'Bảo', 'Chi', 'Dũng', 'Giang', 'Hòa', 'Khánh', 'Linh', 'Minh', 'Ngọc'];
const familyNames = ['Thị', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô'];
let seq = 0;
function registration(): CreatePatientInput {
  seq += 1;
  return {
    name: { given: givenNames[seq % 10]!, family: familyNames[Math.floor(seq / 10) % 10]! },
    birthDate: `${1940 + seq}-0${1 + (seq % 9)}-1${seq % 10}`,
    sexAtBirth: seq % 2 ? 'female' : 'male',
    phones: [{ kind: 'mobile', number: `+1202555${String(2000 + seq)}` }],
    addresses: [{ ...home, line1: `${seq} Elm St` }],
    ssn: `219-${String(10 + seq)}-${String(4000 + seq)}`,
  };
}

/** The writable part of an answered record, as a client sends it back. */
function editable(p: Patient): UpdatePatientInput {
  return {
    name: p.name,
    birthDate: p.birthDate,
    sexAtBirth: p.sexAtBirth,
    phones: p.phones,
    addresses: p.addresses,
    previousNames: p.previousNames,
    identifiers: p.identifiers,
    ...(p.homeFacilityId ? { homeFacilityId: p.homeFacilityId } : {}),
  };
}

async function registered(): Promise<Patient> {
  const res = await call('POST', '/api/v1/patients', { body: registration() });
  expect(res.statusCode).toBe(201);
  return res.json<Patient>();
}

/** PUT with If-Match of the version `p` has; `ifMatch: null` sends none. */
function put(p: Patient, body: UpdatePatientInput, ifMatch: string | null = `"${p.version}"`) {
  return call('PUT', `/api/v1/patients/${p.id}`, {
    body,
    ...(ifMatch === null ? {} : { ifMatch }),
  });
}

async function history(
  id: string,
  query = '',
): Promise<{ items: HistoryEntry[]; nextCursor: string | null }> {
  const res = await call('GET', `/api/v1/patients/${id}/history${query}`);
  expect(res.statusCode).toBe(200);
  return res.json();
}

beforeAll(async () => {
  ctx = await createTestContext();
  frontDesk = await signedInStaff(ctx.platform, { roles: ['front_desk'], displayName: 'Desk One' });
});
afterAll(async () => {
  await ctx.close();
});

describe('PUT /api/v1/patients/:id', () => {
  it('replaces the record, bumps the version and audits the changed field paths', async () => {
    const p = await registered();
    const before = await lastAuditSeq(ctx.platform);
    const res = await put(p, {
      ...editable(p),
      name: { ...p.name, family: 'Trần' },
      email: 'x@example.org',
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('"2"');
    const updated = res.json<Patient>();
    expect(updated).toMatchObject({ version: 2, name: { family: 'Trần' }, email: 'x@example.org' });
    // The SSN was left out, so it stays.
    expect(updated.ssnMasked).toBe(p.ssnMasked);
    expect(p.ssnMasked).toMatch(/^\*\*\*-\*\*-\d{4}$/);
    const audits = await auditRows(ctx.platform, ['patient.updated'], before);
    expect(audits).toHaveLength(1);
    expect(audits[0]?.details).toEqual({ version: 2, changedFields: ['name.family', 'email'] });
  });

  it('recomputes the search keys from the new name', async () => {
    const p = await registered();
    await put(p, { ...editable(p), name: { given: 'José', family: 'Núñez' } });
    const { rows } = await ctx.platform.database.pool.query(
      'select search_given, search_family from patient where id = $1',
      [p.id],
    );
    expect(rows[0]).toEqual({ search_given: 'jose', search_family: 'nunez' });
  });

  it('writes nothing and keeps the version when nothing changed', async () => {
    const p = await registered();
    const res = await put(p, editable(p));
    expect(res.statusCode).toBe(200);
    expect(res.json<Patient>().version).toBe(1);
    expect((await history(p.id)).items).toHaveLength(1);
  });

  it('requires If-Match with 428', async () => {
    const p = await registered();
    const res = await put(p, editable(p), null);
    expect(res.statusCode).toBe(428);
    expect(res.json<Problem>().code).toBe('resource.precondition_required');
  });

  it('refuses a stale version with 412 and changes nothing', async () => {
    const p = await registered();
    expect((await put(p, { ...editable(p), email: 'first@example.org' })).statusCode).toBe(200);
    const stale = await put(p, { ...editable(p), email: 'second@example.org' });
    expect(stale.statusCode).toBe(412);
    expect(stale.json<Problem>().code).toBe('resource.version_mismatch');
    const read = await call('GET', `/api/v1/patients/${p.id}`);
    expect(read.json<Patient>()).toMatchObject({ version: 2, email: 'first@example.org' });
  });

  it('clears the SSN when sent as null and replaces it when sent', async () => {
    const p = await registered();
    const replaced = (await put(p, { ...editable(p), ssn: '219-09-1234' })).json<Patient>();
    expect(replaced.ssnMasked).toBe('***-**-1234');
    const cleared = await put(replaced, { ...editable(replaced), ssn: null });
    expect(cleared.json<Patient>().ssnMasked).toBeNull();
    const { rows } = await ctx.platform.database.pool.query(
      'select ssn_encrypted, ssn_last4 from patient where id = $1',
      [p.id],
    );
    expect(rows[0]).toEqual({ ssn_encrypted: null, ssn_last4: null });
  });

  it('keeps a dropped current address as history ending today', async () => {
    const p = await registered();
    const moved = { use: 'home' as const, line1: '9 Oak Ave', city: 'Troy', postalCode: '12180' };
    const res = await put(p, { ...editable(p), addresses: [moved] });
    expect(res.json<Patient>().addresses).toEqual([
      { ...moved, country: 'US' },
      { ...p.addresses[0], until: ctx.clock.now().toISOString().slice(0, 10) },
    ]);
    const { rows } = await ctx.platform.database.pool.query(
      'select postal_code from patient where id = $1',
      [p.id],
    );
    expect(rows[0]).toEqual({ postal_code: '12180' });
  });

  it('takes the client’s own end date for an address it sends back with one', async () => {
    const p = await registered();
    const ended = { ...p.addresses[0]!, until: '2025-12-31' };
    const res = await put(p, { ...editable(p), addresses: [ended] });
    expect(res.json<Patient>().addresses).toEqual([ended]);
  });

  it('refuses an update of a merged record with 409 naming the survivor', async () => {
    const survivor = await registered();
    const merged = await registered();
    await ctx.platform.database.pool.query(
      `update patient set status = 'merged', merged_into_id = $1, merged_at = now() where id = $2`,
      [survivor.id, merged.id],
    );
    const res = await put(merged, editable(merged));
    expect(res.statusCode).toBe(409);
    expect(res.json<Problem>()).toMatchObject({
      code: 'patient.merged',
      mergedIntoId: survivor.id,
    });
  });

  it('answers 404 for a patient that does not exist', async () => {
    const p = await registered();
    const res = await call('PUT', `/api/v1/patients/0190a0e0-0000-7000-8000-000000000001`, {
      body: editable(p),
      ifMatch: '"1"',
    });
    expect(res.statusCode).toBe(404);
  });
});

describe('GET /api/v1/patients/:id/history', () => {
  it('lists versions newest first, each with what it changed and who changed it', async () => {
    const p = await registered();
    const v2 = (
      await put(p, { ...editable(p), name: { ...p.name, family: 'Trương' } })
    ).json<Patient>();
    await put(v2, { ...editable(v2), phones: [{ kind: 'home', number: '+12025559999' }] });
    const before = await lastAuditSeq(ctx.platform);

    const { items, nextCursor } = await history(p.id);
    expect(nextCursor).toBeNull();
    expect(items.map((e) => [e.version, e.action])).toEqual([
      [3, 'updated'],
      [2, 'updated'],
      [1, 'created'],
    ]);
    expect(items[0]?.changes).toEqual([
      {
        path: 'phones',
        before: p.phones,
        after: [{ kind: 'home', number: '+12025559999', preferred: false }],
      },
    ]);
    expect(items[1]?.changes).toEqual([
      { path: 'name.family', before: p.name.family, after: 'Trương' },
    ]);
    expect(items[2]?.changes).toEqual([]);
    expect(items[0]?.recordedBy).toEqual({ id: frontDesk.id, displayName: 'Desk One' });

    const audits = await auditRows(ctx.platform, ['patient.history.read'], before);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ entity_id: p.id, details: { entries: 3 } });
  });

  it('pages with a cursor and refuses a cursor it did not issue', async () => {
    const p = await registered();
    const v2 = (await put(p, { ...editable(p), email: 'a@example.org' })).json<Patient>();
    await put(v2, { ...editable(v2), email: 'b@example.org' });
    const first = await history(p.id, '?limit=2');
    expect(first.items.map((e) => e.version)).toEqual([3, 2]);
    expect(first.nextCursor).not.toBeNull();
    const second = await history(p.id, `?limit=2&cursor=${first.nextCursor}`);
    expect(second.items.map((e) => e.version)).toEqual([1]);
    expect(second.nextCursor).toBeNull();

    const bad = await call('GET', `/api/v1/patients/${p.id}/history?cursor=bm90LWEtY3Vyc29y`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json<Problem>().errors?.[0]?.path).toBe('query.cursor');
  });
});

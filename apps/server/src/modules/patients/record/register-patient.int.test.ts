import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPatientBody,
  isValidMrn,
  type CreatePatientInput,
  type Patient,
  type Problem,
} from '@meridian/contracts';
import { createTestContext, type TestContext } from '../../../../test/harness.js';
import { createStaff, signedInStaff, type TestUser } from '../../../../test/factories.js';
import { auditRows, createFacility, lastAuditSeq } from '../../../../test/auth-helpers.js';
import { apiCaller } from '../../../../test/http.js';
import { createPatient } from '../../../../test/patient-factories.js';
import type { Principal } from '../../../platform/auth/principal.js';
import { sessionCookie } from '../../../platform/auth/access-hook.js';
import { AppError } from '../../../platform/errors.js';
import { problemFor } from '../../../platform/http/problem.js';
import { newId } from '../../../platform/ids.js';
import type { MatchService } from '../matching/match.types.js';
import { registerPatient } from './register-patient.js';

let ctx: TestContext;
let frontDesk: TestUser & { cookie: string };
let physician: TestUser & { cookie: string };
let facilityId: string;
const call = apiCaller(
  () => ctx,
  () => frontDesk.cookie,
);

let seq = 0;
/** A valid registration; each call a different person (distinct name and phone). */
function body(over: Partial<CreatePatientInput> = {}): CreatePatientInput {
  seq += 1;
  return {
    name: { given: `Ada${seq}`, family: 'Lovelace' },
    birthDate: `${1930 + seq}-03-14`,
    sexAtBirth: 'female',
    phones: [{ kind: 'mobile', number: `(202) 555-${String(1000 + seq).slice(-4)}` }],
    homeFacilityId: facilityId,
    ...over,
  };
}

function register(payload: unknown, cookie = frontDesk.cookie) {
  return call('POST', '/api/v1/patients', { body: payload, cookie });
}

async function count(table: string, where = 'true', params: unknown[] = []): Promise<number> {
  const { rows } = await ctx.platform.database.pool.query<{ n: number }>(
    `select count(*)::int as n from ${table} where ${where}`,
    params,
  );
  return rows[0]?.n ?? -1;
}

beforeAll(async () => {
  ctx = await createTestContext();
  facilityId = (await createFacility(ctx.platform)).id;
  // A session working in the facility, as after choosing it at sign-in.
  const desk = await createStaff(ctx.platform, {
    roles: ['front_desk'],
    facilityIds: [facilityId],
  });
  const session = await ctx.platform.sessions.create(ctx.platform.db, {
    userId: desk.id,
    state: 'active',
    mfaVerified: true,
    currentFacilityId: facilityId,
  });
  frontDesk = { ...desk, cookie: `${sessionCookie}=${session.token}` };
  physician = await signedInStaff(ctx.platform, {
    roles: ['physician'],
    displayName: 'Dr Grace Hopper',
  });
});
afterAll(async () => {
  await ctx.close();
});

describe('POST /api/v1/patients', () => {
  it.each([
    ['José', 'García'],
    ['Thị Lan', 'Nguyễn'],
    ['Siobhán', "O'Brien-Smith"],
    ['小明', '王'],
  ])('registers %s %s and reads the Unicode name back unchanged', async (given, family) => {
    const res = await register(body({ name: { given, family } }));
    expect(res.statusCode).toBe(201);
    const created = res.json<Patient>();
    expect(created.name).toEqual({ given, family });
    expect(res.headers.location).toBe(`/api/v1/patients/${created.id}`);
    expect(res.headers.etag).toBe('"1"');

    const read = await call('GET', `/api/v1/patients/${created.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json<Patient>().name).toEqual({ given, family });
  });

  it('stores the search keys derived from the name, phone and postal code', async () => {
    const res = await register(
      body({
        name: { given: 'José', middle: 'María', family: "O'Brien-Smith" },
        phones: [{ kind: 'home', number: '+1 202-555-0147' }],
        addresses: [
          { use: 'home', line1: '1 Main St', city: 'Springfield', postalCode: '62704-1234' },
        ],
      }),
    );
    expect(res.statusCode).toBe(201);
    const { rows } = await ctx.platform.database.pool.query(
      `select search_given, search_family, search_names, name_phonetic, phone_keys, postal_code
         from patient where id = $1`,
      [res.json<Patient>().id],
    );
    expect(rows[0]).toMatchObject({
      search_given: 'jose',
      search_family: 'obrien smith',
      search_names: 'jose maria obrien smith',
      phone_keys: ['2025550147'],
      postal_code: '62704',
    });
    expect((rows[0] as { name_phonetic: string[] }).name_phonetic.length).toBeGreaterThan(0);
  });

  it('gives each patient a new MRN with a valid check digit from the sequence', async () => {
    const first = (await register(body())).json<Patient>();
    const second = (await register(body())).json<Patient>();
    expect(isValidMrn(first.mrn)).toBe(true);
    expect(isValidMrn(second.mrn)).toBe(true);
    // The sequence moves on even when a registration is refused: numbers are never reused.
    expect((await register(body({ name: { given: '', family: 'X' } }))).statusCode).toBe(400);
    const refusedMidway = await register(body({ primaryCarePractitionerId: frontDesk.id }));
    expect(refusedMidway.statusCode).toBe(400);
    const third = (await register(body())).json<Patient>();
    const base = (mrn: string) => Number(mrn.slice(0, -1));
    expect(base(second.mrn)).toBeGreaterThan(base(first.mrn));
    expect(base(third.mrn)).toBeGreaterThan(base(second.mrn) + 1);
  });

  it('encrypts the SSN at rest, keeps its last four for search and answers it masked', async () => {
    const res = await register(body({ ssn: '123-45-6789' }));
    expect(res.statusCode).toBe(201);
    const created = res.json<Patient>();
    expect(created.ssnMasked).toBe('***-**-6789');
    expect(res.body).not.toContain('123456789');
    expect(res.body).not.toContain('123-45-6789');
    const { rows } = await ctx.platform.database.pool.query<{ raw: string; last4: string }>(
      'select row_to_json(p)::text as raw, ssn_last4 as last4 from patient p where id = $1',
      [created.id],
    );
    expect(rows[0]?.last4).toBe('6789');
    expect(rows[0]?.raw).not.toContain('123456789');
    expect(rows[0]?.raw).not.toContain('123-45-6789');
    const history = await ctx.platform.database.pool.query<{ snapshot: string }>(
      'select snapshot::text from patient_history where entity_id = $1',
      [created.id],
    );
    expect(history.rows[0]?.snapshot).toContain('***-**-6789');
    expect(history.rows[0]?.snapshot).not.toContain('123456789');
  });

  it('records history version 1 and audits the creation with ids only', async () => {
    const before = await lastAuditSeq(ctx.platform);
    const res = await register(
      body({ name: { given: 'Audit', family: 'Trail' }, primaryCarePractitionerId: physician.id }),
    );
    expect(res.statusCode).toBe(201);
    const created = res.json<Patient>();
    expect(created.primaryCarePractitioner).toEqual({
      id: physician.id,
      displayName: 'Dr Grace Hopper',
    });
    expect(created.homeFacilityId).toBe(facilityId);
    const { rows } = await ctx.platform.database.pool.query(
      `select version, action, recorded_by from patient_history where entity_id = $1`,
      [created.id],
    );
    expect(rows).toEqual([{ version: 1, action: 'created', recorded_by: frontDesk.id }]);
    const audits = await auditRows(ctx.platform, ['patient.created'], before);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      actor_user_id: frontDesk.id,
      entity_type: 'patient',
      entity_id: created.id,
      facility_id: facilityId,
    });
    expect(audits[0]?.details).toEqual({ version: 1 });
  });

  it('defaults the home facility to the session facility', async () => {
    const { homeFacilityId: _omitted, ...rest } = body();
    const res = await register(rest);
    expect(res.statusCode).toBe(201);
    expect(res.json<Patient>().homeFacilityId).toBe(facilityId);
  });

  it('stores external identifiers with their normalized lookup key', async () => {
    const res = await register(
      body({
        identifiers: [{ type: 'drivers_license', assigningAuthority: 'DC', value: 'ab-12 345' }],
      }),
    );
    expect(res.statusCode).toBe(201);
    expect(res.json<Patient>().identifiers).toEqual([
      { type: 'drivers_license', assigningAuthority: 'DC', value: 'ab-12 345' },
    ]);
    const { rows } = await ctx.platform.database.pool.query(
      'select value_key from patient_identifier where patient_id = $1',
      [res.json<Patient>().id],
    );
    expect(rows).toEqual([{ value_key: 'AB12345' }]);
    // Read back through the record's loader too (its correlated subqueries must bind to it).
    const read = await call('GET', `/api/v1/patients/${res.json<Patient>().id}`);
    expect(read.json<Patient>().identifiers).toEqual(res.json<Patient>().identifiers);
  });

  it('refuses an identifier another patient holds with 409 and writes nothing at all', async () => {
    const identifiers = [
      { type: 'passport' as const, assigningAuthority: 'US', value: 'X1234567' },
    ];
    expect((await register(body({ identifiers }))).statusCode).toBe(201);
    const patients = await count('patient');
    const histories = await count('patient_history');
    const before = await lastAuditSeq(ctx.platform);

    const res = await register(
      body({ identifiers: [{ ...identifiers[0]!, value: 'x-1234567', assigningAuthority: 'us' }] }),
    );
    expect(res.statusCode).toBe(409);
    const problem = res.json<Problem>();
    expect(problem.code).toBe('patient.identifier_taken');
    expect(problem.errors?.[0]?.path).toBe('identifiers');
    expect(await count('patient')).toBe(patients);
    expect(await count('patient_history')).toBe(histories);
    expect(await auditRows(ctx.platform, ['patient.created'], before)).toEqual([]);
  });

  it.each([
    ['a home facility that does not exist', { homeFacilityId: newId() }, 'homeFacilityId'],
    [
      'a practitioner who is not a user',
      { primaryCarePractitionerId: newId() },
      'primaryCarePractitionerId',
    ],
  ])('refuses %s naming the field', async (_label, over, path) => {
    const res = await register(body(over));
    expect(res.statusCode).toBe(400);
    expect(res.json<Problem>()).toMatchObject({
      code: 'validation.failed',
      errors: [{ path, rule: 'not_found' }],
    });
  });

  it('refuses a practitioner who is staff but not a physician', async () => {
    const res = await register(body({ primaryCarePractitionerId: frontDesk.id }));
    expect(res.json<Problem>().errors).toEqual([
      expect.objectContaining({ path: 'primaryCarePractitionerId', rule: 'not_found' }),
    ]);
  });

  it.each([
    ['an impossible date', { birthDate: '2023-02-30' }, 'birthDate'],
    ['a birth in the future', { birthDate: '2999-01-01' }, 'birthDate'],
    ['an age over 125', { birthDate: '1890-01-01' }, 'birthDate'],
    ['a malformed phone', { phones: [{ kind: 'mobile', number: '555-12' }] }, 'phones.0.number'],
    ['a malformed email', { email: 'ada@@example' }, 'email'],
    ['a 101-character given name', { name: { given: 'a'.repeat(101), family: 'L' } }, 'name.given'],
    ['control characters in a name', { name: { given: 'Ada\u0007', family: 'L' } }, 'name.given'],
    ['an unknown field', { favouriteColour: 'blue' }, 'favouriteColour'],
    ['a malformed SSN', { ssn: '000-12-3456' }, 'ssn'],
  ])('refuses %s with 400 naming the field', async (_label, over, path) => {
    const patients = await count('patient');
    const res = await register({ ...body(), ...over });
    expect(res.statusCode).toBe(400);
    const problem = res.json<Problem>();
    expect(problem.code).toBe('validation.failed');
    expect(problem.errors?.map((e) => e.path)).toContain(path);
    expect(await count('patient')).toBe(patients);
  });
});

describe('the duplicate check at registration', () => {
  it('refuses a genuine duplicate of an existing patient (depends on the real matcher)', async () => {
    // Depends on matching/: passes once the Fellegi-Sunter scorer replaces the placeholder.
    const existing = await createPatient(ctx.platform, {
      name: { given: 'Margaret', family: 'Hamilton' },
      birthDate: '1936-08-17',
      sexAtBirth: 'female',
      phones: [{ kind: 'mobile', number: '+12025550177', preferred: true }],
    });
    const res = await register(
      body({
        name: { given: 'Margaret', family: 'Hamilton' },
        birthDate: '1936-08-17',
        sexAtBirth: 'female',
        phones: [{ kind: 'mobile', number: '(202) 555-0177', preferred: true }],
      }),
    );
    expect(res.statusCode).toBe(409);
    const problem = res.json<Problem>();
    expect(problem.code).toBe('patient.likely_duplicate');
    expect(problem.candidates?.[0]).toMatchObject({
      id: existing.id,
      mrn: existing.mrn,
      band: 'likely',
    });
    expect(res.body).not.toContain('Hamilton');
  });

  describe('with a stand-in scorer', () => {
    // Stands in for the duplicate scorer (an outside peer to this use case): it calls
    // whatever `likelyId` names a likely duplicate of every registration.
    let likelyId: string;
    let likelyMrn: string;
    const standInScorer: MatchService = {
      thresholds: { likely: 12, possible: 6 },
      findCandidates: () =>
        Promise.resolve([{ patientId: likelyId, score: 14.5, band: 'likely', reasons: [] }]),
      match: () => Promise.reject(new Error('not used by registration')),
    };

    let registrar: Principal;
    function registerWith(input: CreatePatientInput) {
      return registerPatient(
        { platform: ctx.platform, match: standInScorer },
        registrar,
        createPatientBody.parse(input),
      );
    }

    beforeAll(async () => {
      const row = await createPatient(ctx.platform, { name: { given: 'Twin', family: 'One' } });
      likelyId = row.id;
      likelyMrn = row.mrn;
      const lookup = await ctx.platform.sessions.resolve(frontDesk.cookie.split('=')[1] ?? '');
      if (!lookup.ok) throw new Error('the session did not resolve');
      registrar = lookup.principal;
    });

    it('refuses a likely duplicate with 409 listing the candidates without names', async () => {
      const patients = await count('patient');
      const err = await registerWith(body()).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(AppError);
      const problem = problemFor(
        (err as AppError).code,
        (err as AppError).message,
        'rid',
        (err as AppError).details,
      );
      expect(problem).toMatchObject({
        status: 409,
        code: 'patient.likely_duplicate',
        candidates: [{ id: likelyId, mrn: likelyMrn, score: 14.5, band: 'likely' }],
      });
      expect(await count('patient')).toBe(patients);
    });

    it('refuses an override that did not rule out every likely candidate', async () => {
      const err = await registerWith(
        body({ duplicateOverride: { reason: 'different person', candidateIds: [newId()] } }),
      ).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toMatchObject({ code: 'patient.likely_duplicate' });
    });

    it('registers with an override, keeping the reason and auditing the override by ids', async () => {
      const before = await lastAuditSeq(ctx.platform);
      const reason = 'Twin sibling, confirmed with the parent at the desk';
      const created = await registerWith(
        body({ duplicateOverride: { reason, candidateIds: [likelyId] } }),
      );
      const { rows } = await ctx.platform.database.pool.query(
        'select id, candidate_ids, top_score, reason, created_by from patient_duplicate_override where patient_id = $1',
        [created.id],
      );
      expect(rows).toEqual([
        expect.objectContaining({
          candidate_ids: [likelyId],
          top_score: 14.5,
          reason,
          created_by: frontDesk.id,
        }),
      ]);
      const audits = await auditRows(
        ctx.platform,
        ['patient.duplicate_override', 'patient.created'],
        before,
      );
      expect(audits.map((a) => a.action)).toEqual([
        'patient.duplicate_override',
        'patient.created',
      ]);
      expect(audits[0]?.details).toEqual({
        overrideId: (rows[0] as { id: string }).id,
        candidateIds: [likelyId],
      });
      expect(JSON.stringify(audits[0]?.details)).not.toContain('Twin');
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { MatchResult, Problem } from '@meridian/contracts';
import { createTestContext, type TestContext } from '../../../../test/harness.js';
import { signedInStaff, type TestUser } from '../../../../test/factories.js';
import { auditRows, lastAuditSeq } from '../../../../test/auth-helpers.js';
import { apiCaller } from '../../../../test/http.js';
import { createPatient, type PatientOptions } from '../../../../test/patient-factories.js';
import { breakGlassGrant } from '../../../platform/audit/audit.tables.js';
import { newId } from '../../../platform/ids.js';
import type { PatientRow } from '../patients.tables.js';

let ctx: TestContext;
let frontDesk: TestUser & { cookie: string };
let portal: TestUser & { cookie: string };
const call = apiCaller(
  () => ctx,
  () => frontDesk.cookie,
);

const home = (line1: string, postalCode: string) => ({
  use: 'home' as const,
  line1,
  city: 'Springfield',
  postalCode,
  country: 'US',
});

// Each test uses its own people (distinct names, dates and phones), so they do not see
// one another's records.
function person(o: {
  given: string;
  family: string;
  birthDate: string;
  phone: string;
  line1?: string;
  ssn?: string;
}): PatientOptions {
  return {
    name: { given: o.given, family: o.family },
    birthDate: o.birthDate,
    sexAtBirth: 'male',
    phones: [{ kind: 'mobile', number: o.phone, preferred: true }],
    addresses: [home(o.line1 ?? '12 Oak Street', '20001')],
    ...(o.ssn ? { ssn: o.ssn } : {}),
  };
}

function matchBody(o: { given: string; family: string; birthDate: string; phone?: string }) {
  return {
    name: { given: o.given, family: o.family },
    birthDate: o.birthDate,
    sexAtBirth: 'male',
    ...(o.phone ? { phone: o.phone } : {}),
    address: { line1: '12 Oak St', postalCode: '20001' },
  };
}

async function match(body: unknown, cookie = frontDesk.cookie): Promise<MatchResult> {
  const res = await call('POST', '/api/v1/patients/match', { body, cookie });
  expect(res.statusCode).toBe(200);
  return res.json<MatchResult>();
}

/** A candidate's reasons as `field:rule`. */
function rules(candidate: MatchResult['candidates'][number] | undefined): string[] {
  return (candidate?.reasons ?? []).map((r) => `${r.field}:${r.rule}`);
}

async function markMerged(duplicate: PatientRow, survivor: PatientRow): Promise<void> {
  await ctx.platform.db.execute(
    sql`update patient set status = 'merged', merged_into_id = ${survivor.id},
          merged_at = now() where id = ${duplicate.id}`,
  );
}

beforeAll(async () => {
  ctx = await createTestContext();
  frontDesk = await signedInStaff(ctx.platform, { roles: ['front_desk'] });
  portal = await signedInStaff(ctx.platform, { roles: ['patient'] });
});
afterAll(async () => {
  await ctx.close();
});

describe('POST /api/v1/patients/match', () => {
  it('answers the stored record, scored likely, with the reasons, when a nickname is typed', async () => {
    const robert = await createPatient(
      ctx.platform,
      person({
        given: 'Robert',
        family: 'Kowalski',
        birthDate: '1980-03-04',
        phone: '+12025550143',
      }),
    );
    const result = await match(
      matchBody({
        given: 'Bob',
        family: 'Kowalski',
        birthDate: '1980-03-04',
        phone: '(202) 555-0143',
      }),
    );
    expect(result.thresholds.likely).toBeGreaterThan(result.thresholds.possible);
    const [first] = result.candidates;
    expect(first?.patient).toMatchObject({ id: robert.id, mrn: robert.mrn, restricted: false });
    expect(first?.patient.name).toMatchObject({ given: 'Robert', family: 'Kowalski' });
    expect(first?.band).toBe('likely');
    expect(first?.score).toBeGreaterThanOrEqual(result.thresholds.likely);
    expect(rules(first)).toEqual(
      expect.arrayContaining([
        'given:nickname',
        'family:exact',
        'birth_date:exact',
        'phone:shared',
      ]),
    );
    expect(first?.reasons.every((r) => r.weight > 0)).toBe(true);
  });

  it('finds a record whose date of birth was typed with day and month transposed', async () => {
    const stored = await createPatient(
      ctx.platform,
      person({
        given: 'Tomasz',
        family: 'Wisniewski',
        birthDate: '1971-02-09',
        phone: '+12025550150',
      }),
    );
    const result = await match(
      matchBody({ given: 'Tomasz', family: 'Wisniewski', birthDate: '1971-09-02' }),
    );
    expect(result.candidates[0]?.patient.id).toBe(stored.id);
    expect(rules(result.candidates[0])).toContain('birth_date:transposed_day_month');
  });

  it('compares a typed full SSN with the stored one (decrypted) when the last four agree', async () => {
    const stored = await createPatient(ctx.platform, {
      ...person({
        given: 'Henrik',
        family: 'Larsson',
        birthDate: '1966-06-16',
        phone: '+12025550151',
      }),
      ssn: '219551234',
    });
    const same = await match({
      name: { family: 'Larsson' },
      birthDate: '1966-06-16',
      ssn: '219-55-1234',
    });
    expect(same.candidates[0]?.patient.id).toBe(stored.id);
    expect(rules(same.candidates[0])).toContain('ssn:exact');
    const other = await match({
      name: { family: 'Larsson' },
      birthDate: '1966-06-16',
      ssn: '219-44-1234',
    });
    expect(rules(other.candidates[0])).toContain('ssn:mismatch');
    expect(other.candidates[0]?.score).toBeLessThan(same.candidates[0]?.score ?? 0);
  });

  it('shows a restricted candidate masked (id, MRN, score only) without a break-the-glass grant', async () => {
    const vip = await createPatient(ctx.platform, {
      ...person({
        given: 'Marguerite',
        family: 'Delacroix',
        birthDate: '1959-10-30',
        phone: '+12025550160',
      }),
      flags: { vip: true },
    });
    const result = await match(
      matchBody({
        given: 'Marguerite',
        family: 'Delacroix',
        birthDate: '1959-10-30',
        phone: '+12025550160',
      }),
    );
    const [masked] = result.candidates;
    expect(masked?.patient).toMatchObject({
      id: vip.id,
      mrn: vip.mrn,
      restricted: true,
      name: null,
      birthDate: null,
      phone: null,
      city: null,
    });
    expect(masked?.band).toBe('likely');
    expect(masked?.reasons).toEqual([]);

    await ctx.platform.db.insert(breakGlassGrant).values({
      id: newId(),
      userId: frontDesk.id,
      patientId: vip.id,
      reason: 'checking a registration',
      grantedAt: ctx.clock.now(),
      expiresAt: new Date(ctx.clock.now().getTime() + 3_600_000),
    });
    const granted = await match(
      matchBody({
        given: 'Marguerite',
        family: 'Delacroix',
        birthDate: '1959-10-30',
        phone: '+12025550160',
      }),
    );
    expect(granted.candidates[0]?.patient.name).toMatchObject({ given: 'Marguerite' });
    expect(granted.candidates[0]?.reasons.length).toBeGreaterThan(0);
  });

  it('audits the check with the candidate ids and count, never what was typed', async () => {
    const stored = await createPatient(
      ctx.platform,
      person({
        given: 'Oluwaseun',
        family: 'Adeyemi',
        birthDate: '1988-12-01',
        phone: '+12025550170',
      }),
    );
    const before = await lastAuditSeq(ctx.platform);
    const result = await match(
      matchBody({
        given: 'Oluwaseun',
        family: 'Adeyemi',
        birthDate: '1988-12-01',
        phone: '+12025550170',
      }),
    );
    const rows = await auditRows(ctx.platform, ['patient.match'], before);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.actor_user_id).toBe(frontDesk.id);
    expect(rows[0]?.details).toEqual({
      patientIds: result.candidates.map((c) => c.patient.id),
      candidateCount: result.candidates.length,
    });
    expect(rows[0]?.details.patientIds).toContain(stored.id);
    const text = JSON.stringify(rows[0]);
    for (const phi of ['Oluwaseun', 'Adeyemi', '1988-12-01', '5550170'])
      expect(text).not.toContain(phi);
  });

  it('answers no candidates for a stranger', async () => {
    await createPatient(
      ctx.platform,
      person({
        given: 'Ingrid',
        family: 'Bergstrom',
        birthDate: '1990-01-15',
        phone: '+12025550180',
      }),
    );
    const result = await match(
      matchBody({
        given: 'Kwame',
        family: 'Mensah',
        birthDate: '1975-07-22',
        phone: '+13125550111',
      }),
    );
    expect(result.candidates).toEqual([]);
  });

  it('never answers a merged record, and leaves out the record being edited', async () => {
    const body = matchBody({
      given: 'Siobhan',
      family: 'Gallagher',
      birthDate: '1983-05-27',
      phone: '+12025550190',
    });
    const survivor = await createPatient(
      ctx.platform,
      person({
        given: 'Siobhan',
        family: 'Gallagher',
        birthDate: '1983-05-27',
        phone: '+12025550190',
      }),
    );
    const retired = await createPatient(
      ctx.platform,
      person({
        given: 'Siobhan',
        family: 'Gallagher',
        birthDate: '1983-05-27',
        phone: '+12025550190',
      }),
    );
    expect((await match(body)).candidates.map((c) => c.patient.id).sort()).toEqual(
      [survivor.id, retired.id].sort(),
    );
    await markMerged(retired, survivor);
    expect((await match(body)).candidates.map((c) => c.patient.id)).toEqual([survivor.id]);
    expect((await match({ ...body, excludePatientId: survivor.id })).candidates).toEqual([]);
  });

  it.each([
    ['an invalid phone', { phone: '12' }, 'phone'],
    ['an impossible SSN', { ssn: '000-12-3456' }, 'ssn'],
    ['an impossible date', { birthDate: '1980-02-30' }, 'birthDate'],
    ['an unknown field', { favouriteColour: 'blue' }, 'favouriteColour'],
    ['an unknown name part', { name: { given: 'Ann', nick: 'Annie' } }, 'name.nick'],
    ['a limit over 20', { limit: 50 }, 'limit'],
  ])('refuses %s with a problem naming the field', async (_story, body, path) => {
    const res = await call('POST', '/api/v1/patients/match', { body });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const problem = res.json<Problem>();
    expect(problem.code).toBe('validation.failed');
    expect(problem.errors).toContainEqual(expect.objectContaining({ path }));
  });

  it('refuses a portal user, who lacks patient.read', async () => {
    const res = await call('POST', '/api/v1/patients/match', {
      body: matchBody({ given: 'Robert', family: 'Kowalski', birthDate: '1980-03-04' }),
      cookie: portal.cookie,
    });
    expect(res.statusCode).toBe(403);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness.js';
import { signedInStaff } from '../../../test/factories.js';
import { apiCaller, type TestProblem } from '../../../test/http.js';

let ctx: TestContext;
let admin: { id: string; cookie: string };
let nurse: { id: string; cookie: string };

beforeAll(async () => {
  ctx = await createTestContext();
  admin = await signedInStaff(ctx.platform, { roles: ['admin'] });
  nurse = await signedInStaff(ctx.platform, { roles: ['nurse'] });
});
afterAll(async () => {
  await ctx.close();
});

type Problem = TestProblem;

const call = apiCaller(
  () => ctx,
  () => admin.cookie,
);

async function count(table: 'facility' | 'department' | 'organization'): Promise<number> {
  const { rows } = await ctx.platform.database.pool.query<{ n: number }>(
    `select count(*)::int as n from ${table}`,
  );
  return rows[0]!.n;
}

async function auditRows(action: string, entityId?: string) {
  const { rows } = await ctx.platform.database.pool.query<{
    actor_user_id: string | null;
    entity_type: string;
    entity_id: string;
    details: Record<string, unknown>;
  }>(
    `select actor_user_id, entity_type, entity_id, details from audit_event
      where action = $1 and ($2::text is null or entity_id = $2) order by seq`,
    [action, entityId ?? null],
  );
  return rows;
}

const mgh = {
  name: 'Meridian General Hospital',
  code: 'MGH',
  kind: 'hospital',
  timeZone: 'America/New_York',
  address: { line1: '1450 Riverside Avenue', city: 'Albany', state: 'NY', postalCode: '12208' },
  phone: '+1 518-555-0142',
};

describe('the organization', () => {
  it('answers 404 before it is set up, and refuses facilities until it is', async () => {
    const res = await call('GET', '/api/v1/organization');
    expect(res.statusCode).toBe(404);
    const facility = await call('POST', '/api/v1/facilities', { body: mgh });
    expect(facility.statusCode).toBe(409);
    expect(await count('facility')).toBe(0);
  });

  it('is set up once; a second set-up is refused', async () => {
    const res = await call('POST', '/api/v1/organization', { body: { name: 'Meridian Health' } });
    expect(res.statusCode).toBe(201);
    expect(res.headers.etag).toBe('"1"');
    expect(res.json()).toMatchObject({ name: 'Meridian Health', version: 1 });
    const again = await call('POST', '/api/v1/organization', { body: { name: 'Other' } });
    expect(again.statusCode).toBe(409);
    expect(await count('organization')).toBe(1);
    expect(await auditRows('org.created')).toHaveLength(1);
  });

  it('renames only with the current version in If-Match', async () => {
    const read = await call('GET', '/api/v1/organization');
    expect(read.headers.etag).toBe('"1"');

    const missing = await call('PATCH', '/api/v1/organization', { body: { name: 'Meridian' } });
    expect(missing.statusCode).toBe(428);
    expect(missing.json<Problem>().code).toBe('resource.precondition_required');

    const stale = await call('PATCH', '/api/v1/organization', {
      body: { name: 'Meridian' },
      ifMatch: '"7"',
    });
    expect(stale.statusCode).toBe(412);
    expect(stale.json<Problem>().code).toBe('resource.version_mismatch');

    const ok = await call('PATCH', '/api/v1/organization', {
      body: { name: '  Meridian Health System ' },
      ifMatch: read.headers.etag,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers.etag).toBe('"2"');
    expect(ok.json()).toMatchObject({ name: 'Meridian Health System', version: 2 });

    const [audit] = await auditRows('org.updated');
    expect(audit).toMatchObject({ actor_user_id: admin.id, details: { changed: ['name'] } });
  });

  it('treats a rename to the same name as no change (no new version, no audit)', async () => {
    const res = await call('PATCH', '/api/v1/organization', {
      body: { name: 'Meridian Health System' },
      ifMatch: '2',
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('"2"');
    expect(await auditRows('org.updated')).toHaveLength(1);
  });
});

describe('facilities', () => {
  let mghId: string;

  it('creates a facility with its ETag and location, audited', async () => {
    const res = await call('POST', '/api/v1/facilities', { body: mgh });
    expect(res.statusCode).toBe(201);
    const body = res.json<{ id: string }>();
    mghId = body.id;
    expect(res.headers.etag).toBe('"1"');
    expect(res.headers.location).toBe(`/api/v1/facilities/${mghId}`);
    expect(body).toMatchObject({
      code: 'MGH',
      kind: 'hospital',
      timeZone: 'America/New_York',
      address: { ...mgh.address, country: 'US' },
      isActive: true,
      version: 1,
    });
    const [audit] = await auditRows('facility.created', mghId);
    expect(audit).toMatchObject({ actor_user_id: admin.id, entity_type: 'facility' });
  });

  it('refuses a second facility with the same code, naming the field', async () => {
    const res = await call('POST', '/api/v1/facilities', {
      body: { ...mgh, name: 'Another hospital' },
    });
    expect(res.statusCode).toBe(409);
    const problem = res.json<Problem>();
    expect(problem.code).toBe('org.facility_code_taken');
    expect(problem.errors).toEqual([expect.objectContaining({ path: 'code' })]);
    expect(await count('facility')).toBe(1);
  });

  it.each([
    ['a time zone that is not IANA', { timeZone: 'Eastern Standard Time' }, 'timeZone'],
    ['an abbreviation as time zone', { timeZone: 'EST' }, 'timeZone'],
    ['an unknown field', { beds: 200 }, 'beds'],
    ['a lower-case code', { code: 'mgh2' }, 'code'],
    ['a control character in the name', { name: 'Meridian\u0007 West' }, 'name'],
    ['a name over 200 characters', { name: 'x'.repeat(201) }, 'name'],
    ['a kind that does not exist', { kind: 'hospice' }, 'kind'],
    ['a number as the phone', { phone: 5185550142 }, 'phone'],
    ['an address without a city', { address: { line1: '1 Main St' } }, 'address.city'],
  ])('refuses %s with 400 naming %s, and writes nothing', async (_label, patch, path) => {
    const res = await call('POST', '/api/v1/facilities', {
      body: { ...mgh, code: 'NEW1', ...patch },
    });
    expect(res.statusCode).toBe(400);
    const problem = res.json<Problem>();
    expect(problem.code).toBe('validation.failed');
    expect(problem.errors?.map((e) => e.path)).toContain(path);
    expect(await count('facility')).toBe(1);
  });

  it('reads one facility with its ETag; an unknown id is 404', async () => {
    const res = await call('GET', `/api/v1/facilities/${mghId}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('"1"');
    const missing = await call('GET', '/api/v1/facilities/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b');
    expect(missing.statusCode).toBe(404);
  });

  it('changes only the fields sent: a clinic renamed stays a clinic', async () => {
    const created = await call('POST', '/api/v1/facilities', {
      body: { name: 'Eastside Clinic', code: 'ESC', kind: 'clinic', timeZone: 'America/Chicago' },
    });
    const id = created.json<{ id: string }>().id;
    const res = await call('PATCH', `/api/v1/facilities/${id}`, {
      body: { name: 'Eastside Family Clinic' },
      ifMatch: '"1"',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      name: 'Eastside Family Clinic',
      kind: 'clinic',
      version: 2,
    });
    expect(res.headers.etag).toBe('"2"');
  });

  it('updates with If-Match, clears the phone with null, and audits the changed fields', async () => {
    const res = await call('PATCH', `/api/v1/facilities/${mghId}`, {
      body: { phone: null, timeZone: 'America/Detroit', name: mgh.name },
      ifMatch: '"1"',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ phone: null, timeZone: 'America/Detroit', version: 2 });
    const [audit] = await auditRows('facility.updated', mghId);
    expect((audit?.details['changed'] as string[]).sort()).toEqual(['phone', 'timeZone']);
  });

  it('refuses a stale or missing If-Match and an invalid time zone, leaving the row alone', async () => {
    const stale = await call('PATCH', `/api/v1/facilities/${mghId}`, {
      body: { name: 'Renamed' },
      ifMatch: '"1"',
    });
    expect(stale.statusCode).toBe(412);
    const missing = await call('PATCH', `/api/v1/facilities/${mghId}`, { body: { name: 'R' } });
    expect(missing.statusCode).toBe(428);
    const weak = await call('PATCH', `/api/v1/facilities/${mghId}`, {
      body: { name: 'R' },
      ifMatch: 'W/"2"',
    });
    expect(weak.statusCode).toBe(400);
    const tz = await call('PATCH', `/api/v1/facilities/${mghId}`, {
      body: { timeZone: 'Mars/Olympus_Mons' },
      ifMatch: '"2"',
    });
    expect(tz.statusCode).toBe(400);
    expect(tz.json<Problem>().errors?.[0]?.path).toBe('timeZone');
    const now = await call('GET', `/api/v1/facilities/${mghId}`);
    expect(now.json()).toMatchObject({ name: mgh.name, timeZone: 'America/Detroit', version: 2 });
  });

  it('deactivates instead of deleting: hidden from the list unless asked for', async () => {
    const created = await call('POST', '/api/v1/facilities', {
      body: { name: 'Old Annex', code: 'ANNEX', timeZone: 'America/New_York' },
    });
    const id = created.json<{ id: string }>().id;
    const res = await call('PATCH', `/api/v1/facilities/${id}`, {
      body: { isActive: false },
      ifMatch: '"1"',
    });
    expect(res.json()).toMatchObject({ isActive: false, version: 2 });

    const active = await call('GET', '/api/v1/facilities');
    const codes = active.json<{ items: { code: string }[] }>().items.map((f) => f.code);
    expect(codes).toEqual(['ESC', 'MGH']);
    const all = await call('GET', '/api/v1/facilities?includeInactive=true');
    expect(all.json<{ items: { code: string }[] }>().items.map((f) => f.code)).toContain('ANNEX');
    const bad = await call('GET', '/api/v1/facilities?includeInactive=maybe');
    expect(bad.statusCode).toBe(400);
    expect(bad.json<Problem>().errors?.[0]?.path).toBe('query.includeInactive');
  });

  it('lets a nurse read facilities (org.read) but not create them', async () => {
    const read = await call('GET', '/api/v1/facilities', { cookie: nurse.cookie });
    expect(read.statusCode).toBe(200);
    const create = await call('POST', '/api/v1/facilities', {
      cookie: nurse.cookie,
      body: { ...mgh, code: 'NURSE' },
    });
    expect(create.statusCode).toBe(403);
    expect(create.json<Problem>().code).toBe('access.forbidden');
    const patch = await call('PATCH', `/api/v1/facilities/${mghId}`, {
      cookie: nurse.cookie,
      body: { name: 'x' },
      ifMatch: '"2"',
    });
    expect(patch.statusCode).toBe(403);
    const { rows } = await ctx.platform.database.pool.query(
      "select 1 from audit_event where action = 'access.denied' and actor_user_id = $1",
      [nurse.id],
    );
    expect(rows).toHaveLength(2);
    const anonymous = await ctx.app.inject({ method: 'GET', url: '/api/v1/facilities' });
    expect(anonymous.statusCode).toBe(401);
  });

  describe('departments', () => {
    let edId: string;

    it('adds departments to a facility and lists them by name', async () => {
      const ed = await call('POST', `/api/v1/facilities/${mghId}/departments`, {
        body: { name: 'Emergency', code: 'ED' },
      });
      expect(ed.statusCode).toBe(201);
      expect(ed.headers.etag).toBe('"1"');
      edId = ed.json<{ id: string }>().id;
      await call('POST', `/api/v1/facilities/${mghId}/departments`, {
        body: { name: 'Cardiology', code: 'CARD' },
      });
      const list = await call('GET', `/api/v1/facilities/${mghId}/departments`, {
        cookie: nurse.cookie,
      });
      expect(list.statusCode).toBe(200);
      expect(list.json<{ items: { name: string; facilityId: string }[] }>().items).toEqual([
        expect.objectContaining({ name: 'Cardiology', facilityId: mghId }),
        expect.objectContaining({ name: 'Emergency', facilityId: mghId }),
      ]);
      const [audit] = await auditRows('department.created', edId);
      expect(audit).toMatchObject({ actor_user_id: admin.id });
    });

    it('keeps department codes unique within a facility only', async () => {
      const dup = await call('POST', `/api/v1/facilities/${mghId}/departments`, {
        body: { name: 'Emergency Two', code: 'ED' },
      });
      expect(dup.statusCode).toBe(409);
      expect(dup.json<Problem>()).toMatchObject({
        code: 'org.department_code_taken',
        errors: [expect.objectContaining({ path: 'code' })],
      });
      const clinics = await call('GET', '/api/v1/facilities');
      const esc = clinics
        .json<{ items: { id: string; code: string }[] }>()
        .items.find((f) => f.code === 'ESC')!;
      const elsewhere = await call('POST', `/api/v1/facilities/${esc.id}/departments`, {
        body: { name: 'Emergency', code: 'ED' },
      });
      expect(elsewhere.statusCode).toBe(201);
    });

    it('answers 404 for departments of an unknown facility', async () => {
      const unknown = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
      expect((await call('GET', `/api/v1/facilities/${unknown}/departments`)).statusCode).toBe(404);
      const res = await call('POST', `/api/v1/facilities/${unknown}/departments`, {
        body: { name: 'X', code: 'X' },
      });
      expect(res.statusCode).toBe(404);
    });

    it('updates and deactivates a department with If-Match', async () => {
      const stale = await call('PATCH', `/api/v1/departments/${edId}`, {
        body: { name: 'Emergency Department' },
        ifMatch: '"9"',
      });
      expect(stale.statusCode).toBe(412);
      const missing = await call('PATCH', `/api/v1/departments/${edId}`, {
        body: { name: 'Emergency Department' },
      });
      expect(missing.statusCode).toBe(428);
      const res = await call('PATCH', `/api/v1/departments/${edId}`, {
        body: { name: 'Emergency Department', isActive: false },
        ifMatch: '"1"',
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers.etag).toBe('"2"');
      expect(res.json()).toMatchObject({ name: 'Emergency Department', isActive: false });
      const [audit] = await auditRows('department.updated', edId);
      expect((audit?.details['changed'] as string[]).sort()).toEqual(['isActive', 'name']);

      const active = await call('GET', `/api/v1/facilities/${mghId}/departments`);
      expect(active.json<{ items: unknown[] }>().items).toHaveLength(1);
      const all = await call('GET', `/api/v1/facilities/${mghId}/departments?includeInactive=true`);
      expect(all.json<{ items: unknown[] }>().items).toHaveLength(2);
    });

    it('refuses a department code already used in the facility on update', async () => {
      const list = await call('GET', `/api/v1/facilities/${mghId}/departments`);
      const card = list.json<{ items: { id: string; version: number }[] }>().items[0]!;
      const res = await call('PATCH', `/api/v1/departments/${card.id}`, {
        body: { code: 'ED' },
        ifMatch: String(card.version),
      });
      expect(res.statusCode).toBe(409);
      expect(res.json<Problem>().code).toBe('org.department_code_taken');
    });

    it('refuses new departments in a deactivated facility', async () => {
      const all = await call('GET', '/api/v1/facilities?includeInactive=true');
      const annex = all
        .json<{ items: { id: string; code: string }[] }>()
        .items.find((f) => f.code === 'ANNEX')!;
      const res = await call('POST', `/api/v1/facilities/${annex.id}/departments`, {
        body: { name: 'Storage', code: 'STORE' },
      });
      expect(res.statusCode).toBe(409);
    });
  });
});

describe('route declarations', () => {
  it('declares org.read for reading and org.manage for changing', () => {
    const routes = ctx.app
      .routeAccessTable()
      .filter((r) => /^\/api\/v1\/(organization|facilities|departments)/.test(r.url))
      .map((r) => `${r.method} ${r.url} ${String(r.access)}`)
      .sort();
    expect(routes).toEqual([
      'GET /api/v1/facilities org.read',
      'GET /api/v1/facilities/:id org.read',
      'GET /api/v1/facilities/:id/departments org.read',
      'GET /api/v1/organization org.read',
      'PATCH /api/v1/departments/:id org.manage',
      'PATCH /api/v1/facilities/:id org.manage',
      'PATCH /api/v1/organization org.manage',
      'POST /api/v1/facilities org.manage',
      'POST /api/v1/facilities/:id/departments org.manage',
      'POST /api/v1/organization org.manage',
    ]);
  });

  it('describes its routes in the OpenAPI document', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json<{ paths: Record<string, Record<string, unknown>> }>();
    expect(Object.keys(doc.paths['/api/v1/facilities/{id}'] ?? {}).sort()).toEqual([
      'get',
      'patch',
    ]);
    expect(doc.paths['/api/v1/facilities']?.['get']).toBeDefined();
  });
});

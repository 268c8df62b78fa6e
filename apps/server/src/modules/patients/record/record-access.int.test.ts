import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Patient, Problem } from '@meridian/contracts';
import { createTestContext, type TestContext } from '../../../../test/harness.js';
import { signedInStaff, type TestUser } from '../../../../test/factories.js';
import { auditRows, lastAuditSeq } from '../../../../test/auth-helpers.js';
import { apiCaller } from '../../../../test/http.js';
import { createPatient } from '../../../../test/patient-factories.js';
import { addPortalLink } from '../../../../test/merge-fixtures.js';
import Fastify from 'fastify';
import { newId } from '../../../platform/ids.js';
import { usePatientAccessPolicy } from './access-policy.js';

let ctx: TestContext;
type Staff = TestUser & { cookie: string };
let frontDesk: Staff;
let billing: Staff;
let admin: Staff;
let nurse: Staff;
let portal: Staff;
const call = apiCaller(
  () => ctx,
  () => frontDesk.cookie,
);

const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(64, 1),
]);
const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 2)]);

function putPhoto(id: string, bytes: Buffer, contentType: string, cookie = frontDesk.cookie) {
  return ctx.app.inject({
    method: 'PUT',
    url: `/api/v1/patients/${id}/photo`,
    headers: { cookie, 'content-type': contentType },
    payload: bytes,
  });
}

beforeAll(async () => {
  ctx = await createTestContext();
  frontDesk = await signedInStaff(ctx.platform, { roles: ['front_desk'] });
  billing = await signedInStaff(ctx.platform, { roles: ['billing'] });
  admin = await signedInStaff(ctx.platform, { roles: ['admin'] });
  nurse = await signedInStaff(ctx.platform, { roles: ['nurse'] });
  portal = await signedInStaff(ctx.platform, { roles: ['patient'] });
});
afterAll(async () => {
  await ctx.close();
});

describe('GET /api/v1/patients/:id', () => {
  it('answers the record with its ETag and audits the read', async () => {
    const row = await createPatient(ctx.platform, { ssn: '219099999' });
    const before = await lastAuditSeq(ctx.platform);
    const res = await call('GET', `/api/v1/patients/${row.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('"1"');
    expect(res.json<Patient>()).toMatchObject({
      id: row.id,
      mrn: row.mrn,
      ssnMasked: '***-**-9999',
      restricted: false,
      hasPhoto: false,
    });
    const audits = await auditRows(ctx.platform, ['patient.read'], before);
    expect(audits).toEqual([
      expect.objectContaining({ actor_user_id: frontDesk.id, entity_id: row.id }),
    ]);
  });

  it('answers 404 for a record that does not exist', async () => {
    const res = await call('GET', `/api/v1/patients/${newId()}`);
    expect(res.statusCode).toBe(404);
    expect(res.json<Problem>().code).toBe('resource.not_found');
  });

  it('asks for break-the-glass on a restricted record, then opens it under a grant', async () => {
    const row = await createPatient(ctx.platform, { flags: { confidential: true } });
    const before = await lastAuditSeq(ctx.platform);
    const refused = await call('GET', `/api/v1/patients/${row.id}`, { cookie: nurse.cookie });
    expect(refused.statusCode).toBe(403);
    expect(refused.json<Problem>()).toMatchObject({
      code: 'access.break_glass_required',
      patientId: row.id,
    });
    const denials = await auditRows(ctx.platform, ['access.denied'], before);
    expect(denials).toEqual([
      expect.objectContaining({
        actor_user_id: nurse.id,
        details: { permission: 'patient.read', reason: 'break_glass_required' },
      }),
    ]);

    const grant = await call('POST', '/api/v1/access/break-glass', {
      cookie: nurse.cookie,
      body: { patientId: row.id, reason: 'Unconscious in the emergency department' },
    });
    expect(grant.statusCode).toBe(201);
    const opened = await call('GET', `/api/v1/patients/${row.id}`, { cookie: nurse.cookie });
    expect(opened.statusCode).toBe(200);
    expect(opened.json<Patient>()).toMatchObject({
      restricted: true,
      flags: { confidential: true },
    });
  });

  it('keeps portal users to the records linked to them and off the staff route', async () => {
    const own = await createPatient(ctx.platform);
    const other = await createPatient(ctx.platform);
    await addPortalLink(ctx.platform, portal.id, own.id);
    // Portal users hold no patient.read: the staff route is not theirs, linked or not;
    // their own (portal) reads reach exactly what patient_portal_link links them to.
    const res = await call('GET', `/api/v1/patients/${own.id}`, { cookie: portal.cookie });
    expect(res.statusCode).toBe(403);
    const shown = await ctx.platform.access.filterAccessible(
      ctx.platform.db,
      await principalOf(portal),
      'portal.self',
      [own.id, other.id],
    );
    expect([...shown]).toEqual([own.id]);
  });
});

async function principalOf(user: Staff) {
  const lookup = await ctx.platform.sessions.resolve(user.cookie.split('=')[1] ?? '');
  if (!lookup.ok) throw new Error('the session did not resolve');
  return lookup.principal;
}

describe('the record-level access policy', () => {
  it('stays plugged in while several apps share one platform, until the last closes', async () => {
    // The test app already holds the policy; two more apps on the same access service.
    const access = ctx.platform.access;
    const [a, b] = [Fastify(), Fastify()];
    usePatientAccessPolicy(a, access);
    usePatientAccessPolicy(b, access);
    await a.close();
    const vip = await createPatient(ctx.platform, { flags: { vip: true } });
    const reader = await principalOf(nurse);
    const opening = () => access.requireAccess(ctx.platform.db, reader, 'patient.read', [vip.id]);
    await expect(opening()).rejects.toMatchObject({ code: 'access.break_glass_required' });
    await b.close();
    await expect(opening()).rejects.toMatchObject({ code: 'access.break_glass_required' });
  });
});

describe('GET /api/v1/patients/:id/ssn', () => {
  it.each([
    ['billing', () => billing],
    ['an admin', () => admin],
  ])('reveals the full SSN to %s and audits it', async (_label, who) => {
    const row = await createPatient(ctx.platform, { ssn: '219091234' });
    const before = await lastAuditSeq(ctx.platform);
    const res = await call('GET', `/api/v1/patients/${row.id}/ssn`, { cookie: who().cookie });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ssn: '219-09-1234' });
    const audits = await auditRows(ctx.platform, ['patient.ssn.read'], before);
    expect(audits).toEqual([
      expect.objectContaining({ actor_user_id: who().id, entity_id: row.id, details: {} }),
    ]);
  });

  it('refuses the front desk with 403 and audits the denial', async () => {
    const row = await createPatient(ctx.platform, { ssn: '219091234' });
    const before = await lastAuditSeq(ctx.platform);
    const res = await call('GET', `/api/v1/patients/${row.id}/ssn`);
    expect(res.statusCode).toBe(403);
    expect(res.body).not.toContain('1234');
    const denials = await auditRows(ctx.platform, ['access.denied'], before);
    expect(denials).toEqual([
      expect.objectContaining({
        actor_user_id: frontDesk.id,
        details: expect.objectContaining({ permission: 'patient.ssn.read' }) as unknown,
      }),
    ]);
    expect(await auditRows(ctx.platform, ['patient.ssn.read'], before)).toEqual([]);
  });

  it('answers 404 when the patient has no SSN on file', async () => {
    const row = await createPatient(ctx.platform);
    const res = await call('GET', `/api/v1/patients/${row.id}/ssn`, { cookie: billing.cookie });
    expect(res.statusCode).toBe(404);
  });
});

describe('the patient photo', () => {
  it('stores, serves and deletes a photo without moving the version, auditing each step', async () => {
    const row = await createPatient(ctx.platform);
    const before = await lastAuditSeq(ctx.platform);
    expect((await putPhoto(row.id, png, 'image/png')).statusCode).toBe(204);

    const got = await call('GET', `/api/v1/patients/${row.id}/photo`);
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.headers['cache-control']).toBe('private, no-store');
    expect(got.rawPayload.equals(png)).toBe(true);

    const record = (await call('GET', `/api/v1/patients/${row.id}`)).json<Patient>();
    expect(record).toMatchObject({ hasPhoto: true, version: 1 });

    expect((await putPhoto(row.id, jpeg, 'image/jpeg')).statusCode).toBe(204);
    expect((await call('DELETE', `/api/v1/patients/${row.id}/photo`)).statusCode).toBe(204);
    expect((await call('GET', `/api/v1/patients/${row.id}/photo`)).statusCode).toBe(404);

    const audits = await auditRows(
      ctx.platform,
      ['patient.photo.updated', 'patient.photo.read', 'patient.photo.deleted'],
      before,
    );
    expect(audits.map((a) => a.action)).toEqual([
      'patient.photo.updated',
      'patient.photo.read',
      'patient.photo.updated',
      'patient.photo.deleted',
    ]);
    expect(audits.every((a) => a.entity_id === row.id)).toBe(true);
  });

  it('refuses bytes that are not the declared image type', async () => {
    const row = await createPatient(ctx.platform);
    const res = await putPhoto(row.id, png, 'image/jpeg');
    expect(res.statusCode).toBe(400);
    expect(res.json<Problem>()).toMatchObject({
      code: 'validation.failed',
      errors: [{ path: 'body', rule: 'image_type_mismatch' }],
    });
  });

  it('refuses a type that is not an accepted image with 415', async () => {
    const row = await createPatient(ctx.platform);
    const res = await putPhoto(row.id, Buffer.from('GIF89a'), 'image/gif');
    expect(res.statusCode).toBe(415);
  });

  it('refuses a photo over the size limit with 413', async () => {
    const row = await createPatient(ctx.platform);
    const big = Buffer.concat([png, Buffer.alloc(2 * 1024 * 1024)]);
    const res = await putPhoto(row.id, big, 'image/png');
    expect(res.statusCode).toBe(413);
    expect(res.json<Problem>().code).toBe('request.body_too_large');
  });

  it('needs patient.write to set a photo', async () => {
    const row = await createPatient(ctx.platform);
    expect((await putPhoto(row.id, png, 'image/png', billing.cookie)).statusCode).toBe(403);
  });
});

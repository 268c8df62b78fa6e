import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../../test/harness.js';
import { signedInStaff, createStaff } from '../../../../test/factories.js';
import { apiCaller } from '../../../../test/http.js';
import { newId } from '../../../platform/ids.js';
import { createPatient } from '../../../../test/patient-factories.js';
import {
  addIdentifier,
  addPhoto,
  addPortalLink,
  mergeBody,
  patientRow,
  setPatientColumns,
} from '../../../../test/merge-fixtures.js';

let ctx: TestContext;
let adminCookie: string;
const call = apiCaller(
  () => ctx,
  () => adminCookie,
);
const q = <T extends Record<string, unknown>>(text: string, params: unknown[] = []) =>
  ctx.platform.database.pool.query<T>(text, params).then((r) => r.rows);

beforeAll(async () => {
  ctx = await createTestContext();
  adminCookie = (await signedInStaff(ctx.platform, { roles: ['admin'] })).cookie;
});
afterAll(() => ctx.close());

describe('POST /api/v1/patients/merge', () => {
  it("moves the duplicate's identifiers, phones, names, SSN, photo and portal link to the survivor", async () => {
    const survivor = await createPatient(ctx.platform, {
      name: { given: 'Maria', family: 'Garcia' },
      phones: [{ kind: 'mobile', number: '+12025550101', preferred: true }],
    });
    const duplicate = await createPatient(ctx.platform, {
      name: { given: 'Mary', family: 'Garcia-Lopez' },
      phones: [{ kind: 'home', number: '+12025550102', preferred: true }],
      ssn: '123456789',
    });
    await setPatientColumns(ctx.platform, duplicate.id, {
      language: 'es',
      race: ['white'],
      previousNames: [{ kind: 'maiden', family: 'Lopez' }],
    });
    await addIdentifier(ctx.platform, survivor.id, {
      type: 'external_mrn',
      assigningAuthority: 'St Mary',
      value: 'SM-1',
    });
    await addIdentifier(ctx.platform, duplicate.id, {
      type: 'drivers_license',
      assigningAuthority: 'CA',
      value: 'D1234567',
    });
    await addPhoto(ctx.platform, duplicate.id);
    const portalUser = await createStaff(ctx.platform, { roles: ['patient'] });
    await addPortalLink(ctx.platform, portalUser.id, duplicate.id);

    const res = await call('POST', '/api/v1/patients/merge', {
      body: mergeBody(survivor, duplicate, 'registered twice at two desks'),
    });

    expect(res.statusCode).toBe(200);
    const body = res.json<{
      survivor: Record<string, unknown>;
      retiredMrn: string;
      moved: Record<string, number>;
    }>();
    expect(body.retiredMrn).toBe(duplicate.mrn);
    expect(body.survivor).toMatchObject({
      id: survivor.id,
      version: 2,
      status: 'active',
      language: 'es',
      race: ['white'],
      ssnMasked: '***-**-6789',
      hasPhoto: true,
      mrnAliases: [duplicate.mrn],
      phones: [
        { kind: 'mobile', number: '+12025550101', preferred: true },
        { kind: 'home', number: '+12025550102', preferred: false },
      ],
      previousNames: [
        { kind: 'maiden', family: 'Lopez' },
        { kind: 'alias', given: 'Mary', family: 'Garcia-Lopez' },
      ],
    });
    expect(
      await q(
        `select type, assigning_authority, value from patient_identifier
          where patient_id = $1 order by type`,
        [survivor.id],
      ),
    ).toEqual([
      { type: 'drivers_license', assigning_authority: 'CA', value: 'D1234567' },
      { type: 'external_mrn', assigning_authority: 'St Mary', value: 'SM-1' },
    ]);
    // phone, race, language, SSN, alias, maiden name, licence, photo, portal link
    expect(body.moved['patient_record']).toBe(9);

    const retired = await patientRow(ctx.platform, duplicate.id);
    expect(retired).toMatchObject({ status: 'merged', mergedIntoId: survivor.id, version: 2 });
    expect(retired.mergedAt).not.toBeNull();
    const kept = await patientRow(ctx.platform, survivor.id);
    expect(kept.searchNames.split(' ')).toEqual(expect.arrayContaining(['mary', 'lopez']));
    expect(kept.phoneKeys).toEqual(['2025550101', '2025550102']);
    expect(ctx.platform.encryptor.decrypt(kept.ssnEncrypted ?? '')).toBe('123456789');

    expect(
      await q('select patient_id, retired_patient_id from patient_mrn_alias where mrn = $1', [
        duplicate.mrn,
      ]),
    ).toEqual([{ patient_id: survivor.id, retired_patient_id: duplicate.id }]);
    expect(
      await q('select patient_id from patient_portal_link where user_id = $1', [portalUser.id]),
    ).toEqual([{ patient_id: survivor.id }]);
  });

  it('keeps both records as they were, the reason and what moved in patient_merge, with history and audit rows', async () => {
    const survivor = await createPatient(ctx.platform, { name: { given: 'Ola', family: 'Nowak' } });
    const duplicate = await createPatient(ctx.platform, {
      name: { given: 'Ola', family: 'Nowak' },
      phones: [{ kind: 'mobile', number: '+12025550133', preferred: false }],
    });

    const res = await call('POST', '/api/v1/patients/merge', {
      body: mergeBody(survivor, duplicate, 'confirmed by the patient at check-in'),
    });
    expect(res.statusCode).toBe(200);

    const [merge] = await q<{
      id: string;
      reason: string;
      retired_mrn: string;
      moved: Record<string, number>;
      survivor_snapshot: { mrn: string; phones: unknown[] };
      duplicate_snapshot: { mrn: string; status: string; phones: unknown[] };
    }>('select * from patient_merge where duplicate_id = $1', [duplicate.id]);
    expect(merge).toMatchObject({
      reason: 'confirmed by the patient at check-in',
      retired_mrn: duplicate.mrn,
      moved: { patient_record: 1 },
      survivor_snapshot: { mrn: survivor.mrn, phones: [] },
      duplicate_snapshot: { mrn: duplicate.mrn, status: 'active' },
    });
    expect(merge?.duplicate_snapshot.phones).toHaveLength(1);

    const history = await q(
      `select patient_id, version, action from patient_history
        where patient_id = any($1) order by action`,
      [[survivor.id, duplicate.id]],
    );
    expect(history).toEqual([
      { patient_id: survivor.id, version: 2, action: 'merged' },
      { patient_id: duplicate.id, version: 2, action: 'merged_into' },
    ]);

    const audit = await q<{ action: string; patient_id: string; details: unknown }>(
      `select action, patient_id, details from audit_event
        where action in ('patient.merged', 'patient.merged_into') and patient_id = any($1)
        order by seq`,
      [[survivor.id, duplicate.id]],
    );
    // Ids and counts only: the reason is free text and stays in patient_merge.
    const details = {
      mergeId: merge?.id,
      survivorId: survivor.id,
      duplicateId: duplicate.id,
      moved: merge?.moved,
    };
    expect(audit).toEqual([
      { action: 'patient.merged', patient_id: survivor.id, details },
      { action: 'patient.merged_into', patient_id: duplicate.id, details },
    ]);
  });

  it('repoints the aliases of an earlier merge when that survivor is merged in turn', async () => {
    const first = await createPatient(ctx.platform);
    const second = await createPatient(ctx.platform);
    const third = await createPatient(ctx.platform);
    expect(
      (await call('POST', '/api/v1/patients/merge', { body: mergeBody(second, first) })).statusCode,
    ).toBe(200);
    const secondNow = await patientRow(ctx.platform, second.id);

    const res = await call('POST', '/api/v1/patients/merge', { body: mergeBody(third, secondNow) });

    expect(res.statusCode).toBe(200);
    expect(res.json<{ survivor: { mrnAliases: string[] } }>().survivor.mrnAliases.sort()).toEqual(
      [first.mrn, second.mrn].sort(),
    );
    expect(
      await q(
        'select mrn, patient_id, retired_patient_id from patient_mrn_alias where mrn = any($1) order by mrn',
        [[first.mrn, second.mrn]],
      ),
    ).toEqual(
      [
        { mrn: first.mrn, patient_id: third.id, retired_patient_id: first.id },
        { mrn: second.mrn, patient_id: third.id, retired_patient_id: second.id },
      ].sort((a, b) => a.mrn.localeCompare(b.mrn)),
    );
  });
});

describe('merge refusals', () => {
  async function nothingChanged(survivorId: string, duplicateId: string) {
    for (const id of [survivorId, duplicateId]) {
      expect(await patientRow(ctx.platform, id)).toMatchObject({ version: 1, status: 'active' });
    }
    expect(await q('select 1 from patient_merge where duplicate_id = $1', [duplicateId])).toEqual(
      [],
    );
    expect(
      await q('select 1 from patient_mrn_alias where retired_patient_id = $1', [duplicateId]),
    ).toEqual([]);
    expect(
      await q('select 1 from patient_history where patient_id = any($1)', [
        [survivorId, duplicateId],
      ]),
    ).toEqual([]);
  }

  it('refuses to merge records with different SSNs, listing the conflict, and changes nothing', async () => {
    const survivor = await createPatient(ctx.platform, { ssn: '123456789' });
    const duplicate = await createPatient(ctx.platform, {
      ssn: '223456789',
      phones: [{ kind: 'mobile', number: '+12025550144', preferred: false }],
    });

    const res = await call('POST', '/api/v1/patients/merge', {
      body: mergeBody(survivor, duplicate),
    });

    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({
      code: 'patient.merge_conflict',
      conflicts: [{ source: 'patient_record', field: 'ssn' }],
    });
    await nothingChanged(survivor.id, duplicate.id);
    expect((await patientRow(ctx.platform, survivor.id)).phones).toEqual([]);
  });

  it('refuses two SSNs with the same last four that differ', async () => {
    const survivor = await createPatient(ctx.platform, { ssn: '123456789' });
    const duplicate = await createPatient(ctx.platform, { ssn: '223456789' });
    await setPatientColumns(ctx.platform, duplicate.id, {
      ssnEncrypted: ctx.platform.encryptor.encrypt('323456789'),
    });
    const res = await call('POST', '/api/v1/patients/merge', {
      body: mergeBody(survivor, duplicate),
    });
    expect(res.json()).toMatchObject({ code: 'patient.merge_conflict' });
  });

  it("refuses when the records hold different driver's licences from the same state, and no identifier moves", async () => {
    const survivor = await createPatient(ctx.platform);
    const duplicate = await createPatient(ctx.platform);
    await addIdentifier(ctx.platform, survivor.id, {
      type: 'drivers_license',
      assigningAuthority: 'NY',
      value: 'A111',
    });
    await addIdentifier(ctx.platform, duplicate.id, {
      type: 'drivers_license',
      assigningAuthority: 'ny',
      value: 'B222',
    });
    await addIdentifier(ctx.platform, duplicate.id, {
      type: 'passport',
      assigningAuthority: 'US',
      value: 'P333',
    });

    const res = await call('POST', '/api/v1/patients/merge', {
      body: mergeBody(survivor, duplicate),
    });

    expect(res.statusCode).toBe(409);
    expect(res.json<{ conflicts: unknown[] }>().conflicts).toEqual([
      expect.objectContaining({ source: 'patient_record', field: 'identifiers.drivers_license' }),
    ]);
    await nothingChanged(survivor.id, duplicate.id);
    expect(
      await q('select type from patient_identifier where patient_id = $1 order by type', [
        duplicate.id,
      ]),
    ).toEqual([{ type: 'drivers_license' }, { type: 'passport' }]);
  });

  it.each([
    ['survivorVersion', { survivorVersion: 2 }],
    ['duplicateVersion', { duplicateVersion: 3 }],
  ])('answers 412 when %s is stale', async (_field, stale) => {
    const survivor = await createPatient(ctx.platform);
    const duplicate = await createPatient(ctx.platform);
    const res = await call('POST', '/api/v1/patients/merge', {
      body: { ...mergeBody(survivor, duplicate), ...stale },
    });
    expect(res.statusCode).toBe(412);
    expect(res.json()).toMatchObject({ code: 'resource.version_mismatch' });
    await nothingChanged(survivor.id, duplicate.id);
  });

  it.each([
    ['/api/v1/patients/merge', (id: string) => mergeBody({ id, version: 1 }, { id, version: 1 })],
    ['/api/v1/patients/merge/preview', (id: string) => ({ survivorId: id, duplicateId: id })],
  ])('%s refuses a record merged into itself, naming duplicateId', async (url, body) => {
    const p = await createPatient(ctx.platform);
    const res = await call('POST', url, { body: body(p.id) });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'validation.failed',
      errors: [{ path: 'duplicateId', rule: 'custom' }],
    });
  });

  it('answers 403 to staff without patient.merge and audits the denial', async () => {
    const frontDesk = await signedInStaff(ctx.platform, { roles: ['front_desk'] });
    const survivor = await createPatient(ctx.platform);
    const duplicate = await createPatient(ctx.platform);

    const res = await call('POST', '/api/v1/patients/merge', {
      cookie: frontDesk.cookie,
      body: mergeBody(survivor, duplicate),
    });

    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'access.forbidden' });
    const denials = await q(
      `select outcome, details from audit_event
        where action = 'access.denied' and actor_user_id = $1`,
      [frontDesk.id],
    );
    expect(denials).toEqual([
      {
        outcome: 'denied',
        details: { permission: 'patient.merge', route: 'POST /api/v1/patients/merge' },
      },
    ]);
    await nothingChanged(survivor.id, duplicate.id);
  });

  it('needs break-the-glass for a restricted duplicate, audits the denial, and keeps the flag after', async () => {
    const admin = await signedInStaff(ctx.platform, { roles: ['admin'] });
    const survivor = await createPatient(ctx.platform);
    const duplicate = await createPatient(ctx.platform, { flags: { vip: true } });

    const refused = await call('POST', '/api/v1/patients/merge', {
      cookie: admin.cookie,
      body: mergeBody(survivor, duplicate),
    });

    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({
      code: 'access.break_glass_required',
      patientId: duplicate.id,
    });
    expect(
      await q(
        `select patient_id, details from audit_event
          where action = 'access.denied' and actor_user_id = $1`,
        [admin.id],
      ),
    ).toEqual([
      {
        patient_id: duplicate.id,
        details: { permission: 'patient.merge', reason: 'break_glass_required' },
      },
    ]);
    await nothingChanged(survivor.id, duplicate.id);

    const now = ctx.platform.clock.now();
    await q(
      `insert into break_glass_grant (id, user_id, patient_id, reason, granted_at, expires_at)
       values ($1, $2, $3, 'merge review', $4, $5)`,
      [newId(), admin.id, duplicate.id, now, new Date(now.getTime() + 3600_000)],
    );
    const merged = await call('POST', '/api/v1/patients/merge', {
      cookie: admin.cookie,
      body: mergeBody(survivor, duplicate),
    });
    expect(merged.statusCode).toBe(200);
    // The survivor now holds the VIP's record, so it is restricted too.
    expect(merged.json()).toMatchObject({ survivor: { flags: { vip: true }, restricted: true } });
  });

  it('answers 409 patient.merged when either record was already merged', async () => {
    const survivor = await createPatient(ctx.platform);
    const duplicate = await createPatient(ctx.platform);
    const other = await createPatient(ctx.platform);
    expect(
      (await call('POST', '/api/v1/patients/merge', { body: mergeBody(survivor, duplicate) }))
        .statusCode,
    ).toBe(200);
    const retired = await patientRow(ctx.platform, duplicate.id);

    const again = await call('POST', '/api/v1/patients/merge', { body: mergeBody(other, retired) });
    const into = await call('POST', '/api/v1/patients/merge', { body: mergeBody(retired, other) });

    for (const res of [again, into]) {
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ code: 'patient.merged', mergedIntoId: survivor.id });
    }
    expect(await patientRow(ctx.platform, other.id)).toMatchObject({
      version: 1,
      status: 'active',
    });
  });

  it('answers 404 for a survivor that does not exist', async () => {
    const duplicate = await createPatient(ctx.platform);
    const res = await call('POST', '/api/v1/patients/merge', {
      body: mergeBody({ id: '01900000-0000-7000-8000-000000000000', version: 1 }, duplicate),
    });
    expect(res.statusCode).toBe(404);
  });
});

describe('POST /api/v1/patients/merge/preview', () => {
  it('lists what would move and what conflicts, audits the look, and changes nothing', async () => {
    const survivor = await createPatient(ctx.platform, { ssn: '123456789' });
    const duplicate = await createPatient(ctx.platform, {
      ssn: '223456789',
      phones: [{ kind: 'mobile', number: '+12025550155', preferred: false }],
    });

    const res = await call('POST', '/api/v1/patients/merge/preview', {
      body: { survivorId: survivor.id, duplicateId: duplicate.id },
    });

    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      survivor: { id: survivor.id, mrn: survivor.mrn },
      duplicate: { id: duplicate.id, mrn: duplicate.mrn },
      conflicts: [{ source: 'patient_record', field: 'ssn' }],
      // the phone, and the duplicate's other name as an alias
      moves: { patient_record: 2 },
    });
    expect(await patientRow(ctx.platform, survivor.id)).toMatchObject({ version: 1, phones: [] });
    const audit = await q(
      `select patient_id from audit_event where action = 'patient.merge_previewed'
        and patient_id = any($1) order by patient_id`,
      [[survivor.id, duplicate.id]],
    );
    expect(audit).toHaveLength(2);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness.js';
import { createStaff, sessionCookieFor, signedInStaff } from '../../../test/factories.js';
import { verifyPassword } from '../../platform/auth/password.js';
import { createOrganizationService } from '../organization/index.js';
import { apiCaller, type TestProblem } from '../../../test/http.js';

let ctx: TestContext;
let admin: { id: string; cookie: string };
let mghId: string;
let annexId: string;
let listener: { close(): Promise<void> };

const goodPassword = 'tulip-harbor-lantern-42';

beforeAll(async () => {
  ctx = await createTestContext();
  // With change notifications heard, resolved sessions are cached as in production: the
  // tests below then show that changes reach an open session at once regardless.
  listener = await ctx.platform.sessions.startListening();
  admin = await signedInStaff(ctx.platform, { roles: ['admin'] });
  const org = createOrganizationService(ctx.platform);
  await org.createOrganization({ name: 'Meridian Health' });
  mghId = (
    await org.createFacility({
      name: 'Meridian General',
      code: 'MGH',
      kind: 'hospital',
      timeZone: 'America/New_York',
    })
  ).id;
  const annex = await org.createFacility({
    name: 'Old Annex',
    code: 'ANNEX',
    kind: 'clinic',
    timeZone: 'America/New_York',
  });
  annexId = annex.id;
  await org.updateFacility(annexId, 1, { isActive: false });
});
afterAll(async () => {
  await listener.close();
  await ctx.close();
});

interface UserBody {
  id: string;
  email: string;
  displayName: string;
  roles: string[];
  facilityIds: string[];
  status: string;
  mfaEnrolled: boolean;
  mustChangePassword: boolean;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  version: number;
}
type Problem = TestProblem;

const call = apiCaller(
  () => ctx,
  () => admin.cookie,
);

const query = <T extends Record<string, unknown>>(text: string, values: unknown[] = []) =>
  ctx.platform.database.pool.query<T>(text, values).then((r) => r.rows);

async function auditFor(action: string, entityId: string) {
  return query<{ actor_user_id: string | null; details: Record<string, unknown> }>(
    'select actor_user_id, details from audit_event where action = $1 and entity_id = $2 order by seq',
    [action, entityId],
  );
}

async function createViaApi(body: Record<string, unknown>): Promise<UserBody> {
  const res = await call('POST', '/api/v1/users', {
    body: { displayName: 'Someone', roles: ['nurse'], password: goodPassword, ...body },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<UserBody>();
}

describe('creating users', () => {
  it('creates a staff user who must change the password, audited without secrets', async () => {
    const res = await call('POST', '/api/v1/users', {
      body: {
        email: '  Grace.Hopper@Example.org ',
        displayName: 'Grace Hopper',
        roles: ['physician', 'physician'],
        facilityIds: [mghId],
        password: goodPassword,
      },
    });
    expect(res.statusCode).toBe(201);
    expect(res.headers.etag).toBe('"1"');
    const user = res.json<UserBody>();
    expect(res.headers.location).toBe(`/api/v1/users/${user.id}`);
    expect(user).toMatchObject({
      email: 'grace.hopper@example.org',
      displayName: 'Grace Hopper',
      roles: ['physician'],
      facilityIds: [mghId],
      status: 'active',
      mustChangePassword: true,
      mfaEnrolled: false,
      lockedUntil: null,
      lastLoginAt: null,
      version: 1,
    });
    const [row] = await query<{ password_hash: string; kind: string }>(
      'select password_hash, kind from user_account where id = $1',
      [user.id],
    );
    expect(row?.kind).toBe('staff');
    expect(await verifyPassword(row!.password_hash, goodPassword)).toBe(true);

    const [audit] = await auditFor('user.created', user.id);
    expect(audit).toMatchObject({
      actor_user_id: admin.id,
      details: { roles: ['physician'], facilityIds: [mghId], via: 'api' },
    });
    expect(JSON.stringify(audit)).not.toContain(goodPassword);
    expect(JSON.stringify(audit)).not.toContain('argon2');
  });

  it('refuses an e-mail already taken (whatever its case), naming the field', async () => {
    const res = await call('POST', '/api/v1/users', {
      body: {
        email: 'GRACE.HOPPER@example.org',
        displayName: 'G',
        roles: ['nurse'],
        password: goodPassword,
      },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json<Problem>()).toMatchObject({
      code: 'user.email_taken',
      errors: [expect.objectContaining({ path: 'email' })],
    });
  });

  it.each([
    ['a short password', { password: 'short' }, 'auth.password_policy', 'password'],
    ['a common password', { password: 'password1234' }, 'auth.password_policy', 'password'],
    [
      'a password built from the e-mail',
      { password: 'newhire.one-2026' },
      'auth.password_policy',
      'password',
    ],
    [
      'an unknown facility',
      { facilityIds: ['MGH', '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b'] },
      'validation.failed',
      'facilityIds.1',
    ],
    ['a deactivated facility', { facilityIds: ['ANNEX'] }, 'validation.failed', 'facilityIds.0'],
    [
      'the patient role mixed with a staff role',
      { roles: ['patient', 'nurse'] },
      'validation.failed',
      'roles',
    ],
    ['a role that does not exist', { roles: ['surgeon'] }, 'validation.failed', 'roles.0'],
    ['no role at all', { roles: [] }, 'validation.failed', 'roles'],
    ['an unknown field', { isAdmin: true }, 'validation.failed', 'isAdmin'],
    [
      'a control character in the name',
      { displayName: 'New\u0000Hire' },
      'validation.failed',
      'displayName',
    ],
    [
      'a name over 120 characters',
      { displayName: 'n'.repeat(121) },
      'validation.failed',
      'displayName',
    ],
    ['an e-mail that is not one', { email: 'not-an-email' }, 'validation.failed', 'email'],
    ['a number as the name', { displayName: 42 }, 'validation.failed', 'displayName'],
  ])('refuses %s and writes nothing', async (_label, patch, code, path) => {
    const body: Record<string, unknown> = {
      email: 'newhire.one@example.org',
      displayName: 'New Hire',
      roles: ['nurse'],
      facilityIds: [mghId],
      password: goodPassword,
      ...patch,
    };
    if (Array.isArray(body['facilityIds'])) {
      // The facilities exist only once beforeAll ran: the table names them by code.
      const byCode: Record<string, string> = { MGH: mghId, ANNEX: annexId };
      body['facilityIds'] = (body['facilityIds'] as string[]).map((f) => byCode[f] ?? f);
    }
    const before = await query<{ n: number }>('select count(*)::int as n from user_account');
    const res = await call('POST', '/api/v1/users', { body });
    expect(res.statusCode, res.body).toBe(400);
    const problem = res.json<Problem>();
    expect(problem.code).toBe(code);
    expect(problem.errors?.map((e) => e.path)).toContain(path);
    const after = await query<{ n: number }>('select count(*)::int as n from user_account');
    expect(after[0]?.n).toBe(before[0]?.n);
  });

  it('creates a patient portal account from the patient role alone', async () => {
    const user = await createViaApi({ email: 'portal.person@example.org', roles: ['patient'] });
    const [row] = await query<{ kind: string }>('select kind from user_account where id = $1', [
      user.id,
    ]);
    expect(row?.kind).toBe('patient');
  });

  it('is refused to a front-desk user (403), who lacks user.manage', async () => {
    const frontDesk = await signedInStaff(ctx.platform, { roles: ['front_desk'] });
    const res = await call('POST', '/api/v1/users', {
      cookie: frontDesk.cookie,
      body: {
        email: 'sneaky@example.org',
        displayName: 'S',
        roles: ['admin'],
        password: goodPassword,
      },
    });
    expect(res.statusCode).toBe(403);
    expect((await call('GET', '/api/v1/users', { cookie: frontDesk.cookie })).statusCode).toBe(403);
  });
});

describe('reading users', () => {
  it('shows lockout, last sign-in and MFA enrolment; an expired lockout shows none', async () => {
    const user = await createViaApi({ email: 'locked.out@example.org' });
    const lockedUntil = new Date(ctx.clock.now().getTime() + 10 * 60_000);
    await query(
      `insert into login_throttle (email, failed_count, lockouts, locked_until, last_failed_at)
       values ($1, 5, 1, $2, $3)`,
      [user.email, lockedUntil, ctx.clock.now()],
    );
    await query(
      "update user_account set last_login_at = $2, totp_secret_enc = 'x.y.z', totp_enrolled_at = $2 where id = $1",
      [user.id, new Date('2026-01-10T08:00:00Z')],
    );
    const res = await call('GET', `/api/v1/users/${user.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('"1"');
    expect(res.json<UserBody>()).toMatchObject({
      lockedUntil: lockedUntil.toISOString(),
      lastLoginAt: '2026-01-10T08:00:00.000Z',
      mfaEnrolled: true,
    });

    ctx.clock.advance(11 * 60_000);
    const later = await call('GET', `/api/v1/users/${user.id}`);
    expect(later.json<UserBody>().lockedUntil).toBeNull();
  });

  it('answers 404 for an unknown user and 400 for a malformed id', async () => {
    expect(
      (await call('GET', '/api/v1/users/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b')).statusCode,
    ).toBe(404);
    const bad = await call('GET', '/api/v1/users/42');
    expect(bad.statusCode).toBe(400);
    expect(bad.json<Problem>().errors?.[0]?.path).toBe('params.id');
  });
});

describe('searching and paging users', () => {
  beforeAll(async () => {
    for (const [name, email, roles] of [
      ['Zoe Quartermaine', 'zq@search.test', ['nurse']],
      ['ada lovelace', 'ada@search.test', ['physician']],
      ['Adam Quill', 'aquill@search.test', ['nurse']],
      ['Bea Quarry', 'bea@search.test', ['billing']],
      ['Cy Quarrel', 'cy_q@search.test', ['nurse']],
    ] as const) {
      await createStaff(ctx.platform, { displayName: name, email, roles: [...roles] });
    }
    const disabled = await createStaff(ctx.platform, {
      displayName: 'Quentin Gone',
      email: 'gone@search.test',
      status: 'disabled',
    });
    expect(disabled.id).toBeTruthy();
  });

  async function list(qs: string) {
    const res = await call('GET', `/api/v1/users?${qs}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ items: UserBody[]; nextCursor: string | null }>();
  }

  it('matches a fragment of the name or the e-mail, case-insensitively', async () => {
    const byName = await list('q=QUAR');
    expect(byName.items.map((u) => u.displayName)).toEqual([
      'Bea Quarry',
      'Cy Quarrel',
      'Zoe Quartermaine',
    ]);
    const byEmail = await list('q=AQUILL%40search');
    expect(byEmail.items.map((u) => u.displayName)).toEqual(['Adam Quill']);
  });

  it('treats % and _ in the search as plain characters', async () => {
    expect((await list('q=%25')).items).toEqual([]);
    expect((await list('q=y_q')).items.map((u) => u.email)).toEqual(['cy_q@search.test']);
  });

  it('filters by role and by status', async () => {
    const nurses = await list('q=search.test&role=nurse');
    expect(nurses.items.map((u) => u.displayName)).toEqual([
      'Adam Quill',
      'Cy Quarrel',
      'Zoe Quartermaine',
    ]);
    const disabled = await list('q=search.test&status=disabled');
    expect(disabled.items.map((u) => u.displayName)).toEqual(['Quentin Gone']);
  });

  it('filters by facility', async () => {
    const assigned = await createStaff(ctx.platform, {
      email: 'assigned@facility.test',
      facilityIds: [mghId],
    });
    await createStaff(ctx.platform, { email: 'unassigned@facility.test' });
    const atMgh = await list(`q=facility.test&facilityId=${mghId}`);
    expect(atMgh.items.map((u) => u.id)).toEqual([assigned.id]);
  });

  it('pages through every match in display-name order, case-insensitively, without repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await list(`q=search.test&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((u) => u.displayName));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(seen).toEqual([
      'ada lovelace',
      'Adam Quill',
      'Bea Quarry',
      'Cy Quarrel',
      'Quentin Gone',
      'Zoe Quartermaine',
    ]);
    expect(pages).toBe(3);
  });

  it('refuses a cursor it did not hand out and a limit out of range', async () => {
    const bad = await call('GET', '/api/v1/users?cursor=not-a-cursor');
    expect(bad.statusCode).toBe(400);
    expect(bad.json<Problem>().errors?.[0]?.path).toBe('query.cursor');
    expect((await call('GET', '/api/v1/users?limit=1000')).statusCode).toBe(400);
    expect((await call('GET', '/api/v1/users?role=wizard')).statusCode).toBe(400);
  });
});

describe('updating users', () => {
  it('changes name, roles and facilities with If-Match, auditing roles before and after', async () => {
    const user = await createViaApi({ email: 'edit.me@example.org', roles: ['nurse'] });
    const res = await call('PATCH', `/api/v1/users/${user.id}`, {
      body: { displayName: 'Edited Name', roles: ['nurse', 'front_desk'], facilityIds: [mghId] },
      ifMatch: '"1"',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers.etag).toBe('"2"');
    expect(res.json<UserBody>()).toMatchObject({
      displayName: 'Edited Name',
      roles: ['nurse', 'front_desk'],
      facilityIds: [mghId],
      version: 2,
    });
    const [audit] = await auditFor('user.updated', user.id);
    expect(audit?.details).toEqual({
      changed: ['displayName', 'roles', 'facilityIds'],
      rolesBefore: ['nurse'],
      rolesAfter: ['nurse', 'front_desk'],
      facilityIdsBefore: [],
      facilityIdsAfter: [mghId],
    });
  });

  it('refuses a stale version (412) and a missing If-Match (428), changing nothing', async () => {
    const user = await createViaApi({ email: 'stale.edit@example.org' });
    await call('PATCH', `/api/v1/users/${user.id}`, {
      body: { displayName: 'First' },
      ifMatch: '1',
    });
    const stale = await call('PATCH', `/api/v1/users/${user.id}`, {
      body: { displayName: 'Second' },
      ifMatch: '1',
    });
    expect(stale.statusCode).toBe(412);
    expect(stale.json<Problem>().code).toBe('resource.version_mismatch');
    const missing = await call('PATCH', `/api/v1/users/${user.id}`, {
      body: { displayName: 'Third' },
    });
    expect(missing.statusCode).toBe(428);
    const now = await call('GET', `/api/v1/users/${user.id}`);
    expect(now.json<UserBody>()).toMatchObject({ displayName: 'First', version: 2 });
  });

  it('refuses unknown facilities, kind changes and unknown fields by field', async () => {
    const user = await createViaApi({ email: 'rules.edit@example.org' });
    const facility = await call('PATCH', `/api/v1/users/${user.id}`, {
      body: { facilityIds: [mghId, '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b'] },
      ifMatch: '1',
    });
    expect(facility.statusCode).toBe(400);
    expect(facility.json<Problem>().errors?.[0]).toMatchObject({
      path: 'facilityIds.1',
      rule: 'not_found',
    });
    const kind = await call('PATCH', `/api/v1/users/${user.id}`, {
      body: { roles: ['patient'] },
      ifMatch: '1',
    });
    expect(kind.json<Problem>().errors?.[0]).toMatchObject({ path: 'roles', rule: 'kind_change' });
    const unknown = await call('PATCH', `/api/v1/users/${user.id}`, {
      body: { email: 'x@example.org' },
      ifMatch: '1',
    });
    expect(unknown.json<Problem>().errors?.[0]).toMatchObject({
      path: 'email',
      rule: 'unrecognized_keys',
    });
    expect((await call('GET', `/api/v1/users/${user.id}`)).json<UserBody>().version).toBe(1);
  });

  it('keeps an already assigned facility that was deactivated since', async () => {
    const user = await createStaff(ctx.platform, { facilityIds: [annexId, mghId] });
    const res = await call('PATCH', `/api/v1/users/${user.id}`, {
      body: { facilityIds: [annexId] },
      ifMatch: '1',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<UserBody>().facilityIds).toEqual([annexId]);
  });

  it('refuses to let admins disable themselves or drop their own admin role', async () => {
    const disable = await call('PATCH', `/api/v1/users/${admin.id}`, {
      body: { status: 'disabled' },
      ifMatch: '1',
    });
    expect(disable.statusCode).toBe(409);
    expect(disable.json<Problem>().code).toBe('user.cannot_disable_self');
    const demote = await call('PATCH', `/api/v1/users/${admin.id}`, {
      body: { roles: ['physician'] },
      ifMatch: '1',
    });
    expect(demote.statusCode).toBe(409);
    expect(demote.json<Problem>().code).toBe('user.cannot_disable_self');
    const rename = await call('PATCH', `/api/v1/users/${admin.id}`, {
      body: { displayName: 'Admin Renamed', roles: ['admin', 'physician'] },
      ifMatch: '1',
    });
    expect(rename.statusCode).toBe(200);
  });

  it('disabling signs the user out everywhere; enabling does not revive old sessions', async () => {
    const nurse = await signedInStaff(ctx.platform, { roles: ['nurse'] });
    expect((await call('GET', '/api/v1/facilities', { cookie: nurse.cookie })).statusCode).toBe(
      200,
    );
    const res = await call('PATCH', `/api/v1/users/${nurse.id}`, {
      body: { status: 'disabled' },
      ifMatch: '1',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json<UserBody>().status).toBe('disabled');
    expect((await call('GET', '/api/v1/facilities', { cookie: nurse.cookie })).statusCode).toBe(
      401,
    );
    const sessions = await query<{ revoked_reason: string | null }>(
      'select revoked_reason from user_session where user_id = $1',
      [nurse.id],
    );
    expect(sessions).toEqual([{ revoked_reason: 'user_disabled' }]);
    expect(await auditFor('user.disabled', nurse.id)).toHaveLength(1);
    expect(await auditFor('user.updated', nurse.id)).toHaveLength(0);

    const enabled = await call('PATCH', `/api/v1/users/${nurse.id}`, {
      body: { status: 'active' },
      ifMatch: '2',
    });
    expect(enabled.json<UserBody>().status).toBe('active');
    expect(await auditFor('user.enabled', nurse.id)).toHaveLength(1);
    expect((await call('GET', '/api/v1/facilities', { cookie: nurse.cookie })).statusCode).toBe(
      401,
    );
  });

  it('takes role changes into effect on the open session next request', async () => {
    const deputy = await signedInStaff(ctx.platform, { roles: ['front_desk', 'admin'] });
    await query(
      "update user_account set totp_secret_enc = 'x.y.z', totp_enrolled_at = now() where id = $1",
      [deputy.id],
    );
    expect((await call('GET', '/api/v1/users', { cookie: deputy.cookie })).statusCode).toBe(200);

    const demoted = await call('PATCH', `/api/v1/users/${deputy.id}`, {
      body: { roles: ['front_desk'] },
      ifMatch: '1',
    });
    expect(demoted.statusCode).toBe(200);
    expect((await call('GET', '/api/v1/users', { cookie: deputy.cookie })).statusCode).toBe(403);

    // Enrolled in MFA already, so promotion keeps the session and widens it at once.
    const promoted = await call('PATCH', `/api/v1/users/${deputy.id}`, {
      body: { roles: ['front_desk', 'admin'] },
      ifMatch: '2',
    });
    expect(promoted.statusCode).toBe(200);
    expect((await call('GET', '/api/v1/users', { cookie: deputy.cookie })).statusCode).toBe(200);
  });

  it('signs out a user given the admin role without a second factor, so they enrol one', async () => {
    const nurse = await signedInStaff(ctx.platform, { roles: ['nurse'] });
    const res = await call('PATCH', `/api/v1/users/${nurse.id}`, {
      body: { roles: ['nurse', 'admin'] },
      ifMatch: '1',
    });
    expect(res.statusCode).toBe(200);
    expect((await call('GET', '/api/v1/facilities', { cookie: nurse.cookie })).statusCode).toBe(
      401,
    );
  });

  it('drops a session out of a facility the user is no longer assigned to', async () => {
    const nurse = await createStaff(ctx.platform, { roles: ['nurse'], facilityIds: [mghId] });
    await ctx.platform.sessions.create(ctx.platform.db, {
      userId: nurse.id,
      state: 'active',
      currentFacilityId: mghId,
    });
    await call('PATCH', `/api/v1/users/${nurse.id}`, { body: { facilityIds: [] }, ifMatch: '1' });
    const rows = await query<{ current_facility_id: string | null; revoked_at: Date | null }>(
      'select current_facility_id, revoked_at from user_session where user_id = $1',
      [nurse.id],
    );
    expect(rows).toEqual([{ current_facility_id: null, revoked_at: null }]);
  });
});

describe('password reset by an administrator', () => {
  it('refuses a password that breaks the policy, naming newPassword', async () => {
    const user = await createViaApi({ email: 'reset.weak@example.org' });
    const res = await call('POST', `/api/v1/users/${user.id}/password-reset`, {
      body: { newPassword: 'qzqzqzqzqzqzqzqz' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<Problem>()).toMatchObject({
      code: 'auth.password_policy',
      errors: [expect.objectContaining({ path: 'newPassword', rule: 'repetitive' })],
    });
    expect(await auditFor('user.password_reset', user.id)).toHaveLength(0);
  });

  it('sets the new password, forces a change, ends sessions and the lockout', async () => {
    const nurse = await signedInStaff(ctx.platform, {
      roles: ['nurse'],
      mustChangePassword: false,
    });
    await query(
      `insert into login_throttle (email, failed_count, lockouts, locked_until, last_failed_at)
       values ($1, 5, 2, $2, $3)`,
      [nurse.email, new Date(ctx.clock.now().getTime() + 3_600_000), ctx.clock.now()],
    );
    const newPassword = 'copper-meadow-violin-77';
    const res = await call('POST', `/api/v1/users/${nurse.id}/password-reset`, {
      body: { newPassword },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<UserBody>()).toMatchObject({
      mustChangePassword: true,
      lockedUntil: null,
      version: 2,
    });

    expect((await call('GET', '/api/v1/facilities', { cookie: nurse.cookie })).statusCode).toBe(
      401,
    );
    const [account] = await query<{ password_hash: string }>(
      'select password_hash from user_account where id = $1',
      [nurse.id],
    );
    expect(await verifyPassword(account!.password_hash, newPassword)).toBe(true);
    expect(await verifyPassword(account!.password_hash, nurse.password)).toBe(false);
    const [throttle] = await query<{ failed_count: number; locked_until: Date | null }>(
      'select failed_count, locked_until from login_throttle where email = $1',
      [nurse.email],
    );
    expect(throttle).toEqual({ failed_count: 0, locked_until: null });

    const [audit] = await auditFor('user.password_reset', nurse.id);
    expect(audit?.actor_user_id).toBe(admin.id);
    expect(JSON.stringify(audit)).not.toContain(newPassword);
  });

  it('answers 404 for an unknown user', async () => {
    const res = await call(
      'POST',
      '/api/v1/users/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b/password-reset',
      {
        body: { newPassword: 'copper-meadow-violin-77' },
      },
    );
    expect(res.statusCode).toBe(404);
  });
});

describe('MFA reset by an administrator', () => {
  it('forgets the secrets and recovery codes and ends the sessions', async () => {
    const other = await signedInStaff(ctx.platform, { roles: ['admin'] });
    const secret = ctx.platform.encryptor.encrypt('JBSWY3DPEHPK3PXP');
    await query(
      `update user_account set totp_secret_enc = $2, totp_enrolled_at = $3,
              totp_pending_secret_enc = $2 where id = $1`,
      [other.id, secret, ctx.clock.now()],
    );
    await query(
      `insert into mfa_recovery_code (id, user_id, code_hash, created_at)
       values (gen_random_uuid(), $1, 'h1', now()), (gen_random_uuid(), $1, 'h2', now())`,
      [other.id],
    );
    expect((await call('GET', `/api/v1/users/${other.id}`)).json<UserBody>().mfaEnrolled).toBe(
      true,
    );

    const res = await call('POST', `/api/v1/users/${other.id}/mfa-reset`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<UserBody>()).toMatchObject({ mfaEnrolled: false, version: 2 });
    const [row] = await query(
      `select totp_secret_enc, totp_pending_secret_enc, totp_enrolled_at, totp_last_used_step
         from user_account where id = $1`,
      [other.id],
    );
    expect(row).toEqual({
      totp_secret_enc: null,
      totp_pending_secret_enc: null,
      totp_enrolled_at: null,
      totp_last_used_step: null,
    });
    expect(await query('select 1 from mfa_recovery_code where user_id = $1', [other.id])).toEqual(
      [],
    );
    expect((await call('GET', '/api/v1/users', { cookie: other.cookie })).statusCode).toBe(401);
    const [audit] = await auditFor('user.mfa_reset', other.id);
    expect(audit).toMatchObject({ actor_user_id: admin.id, details: { wasEnrolled: true } });
  });

  it('is refused without user.manage', async () => {
    const physician = await signedInStaff(ctx.platform, { roles: ['physician'] });
    const res = await call('POST', `/api/v1/users/${physician.id}/mfa-reset`, {
      cookie: physician.cookie,
    });
    expect(res.statusCode).toBe(403);
  });
});

describe('session cookie helper', () => {
  it('gives the factory admin a working session (sanity for the tests above)', async () => {
    const cookie = await sessionCookieFor(ctx.platform, admin.id);
    expect((await call('GET', '/api/v1/users?limit=1', { cookie })).statusCode).toBe(200);
  });
});

describe('route declarations', () => {
  it('declares user.read for reading and user.manage for every change', () => {
    const routes = ctx.app
      .routeAccessTable()
      .filter((r) => r.url.startsWith('/api/v1/users'))
      .map((r) => `${r.method} ${r.url} ${String(r.access)}`)
      .sort();
    expect(routes).toEqual([
      'GET /api/v1/users user.read',
      'GET /api/v1/users/:id user.read',
      'PATCH /api/v1/users/:id user.manage',
      'POST /api/v1/users user.manage',
      'POST /api/v1/users/:id/mfa-reset user.manage',
      'POST /api/v1/users/:id/password-reset user.manage',
    ]);
  });

  it('describes its routes in the OpenAPI document', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json<{ paths: Record<string, unknown> }>();
    expect(
      Object.keys(doc.paths)
        .filter((p) => p.startsWith('/api/v1/users'))
        .sort(),
    ).toEqual([
      '/api/v1/users',
      '/api/v1/users/{id}',
      '/api/v1/users/{id}/mfa-reset',
      '/api/v1/users/{id}/password-reset',
    ]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSync } from 'otplib';
import type { Me, MfaEnrolmentResult, MfaEnrolmentStart, Problem } from '@meridian/contracts';
import { createTestContext, type TestContext } from '../../../test/harness.js';
import { createStaff } from '../../../test/factories.js';
import {
  auditRows,
  enrolTotpDirectly,
  lastAuditSeq,
  postLogin,
  sessionCookieOf,
} from '../../../test/auth-helpers.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ env: { AUTH_RATE_LIMIT_PER_MINUTE: '10000' } });
});
afterAll(async () => {
  await ctx.close();
});

/** What the user's authenticator app shows at the test clock's time (plus an offset). */
function codeAt(secret: string, offsetSeconds = 0): string {
  const epoch = Math.floor(ctx.clock.now().getTime() / 1000) + offsetSeconds;
  return generateSync({ secret, epoch, period: 30 });
}

async function signIn(user: { email: string; password: string }) {
  const res = await postLogin(ctx.app, { email: user.email, password: user.password });
  expect(res.statusCode).toBe(200);
  return { cookie: sessionCookieOf(res), me: res.json<Me>() };
}

function post(url: string, cookie: string, payload?: Record<string, unknown>) {
  return ctx.app.inject({
    method: 'POST',
    url: `/api/v1/auth${url}`,
    headers: { cookie },
    ...(payload ? { payload } : {}),
  });
}

function getMe(cookie: string) {
  return ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
}

async function userRow(id: string) {
  const { rows } = await ctx.platform.database.pool.query<{
    totp_secret_enc: string | null;
    totp_pending_secret_enc: string | null;
    totp_last_used_step: number | null;
  }>(
    'select totp_secret_enc, totp_pending_secret_enc, totp_last_used_step from user_account where id = $1',
    [id],
  );
  return rows[0];
}

async function enrolThroughApi(user: { email: string; password: string }) {
  const { cookie } = await signIn(user);
  const start = (await post('/mfa/enrolment', cookie)).json<MfaEnrolmentStart>();
  const confirm = await post('/mfa/enrolment/confirm', cookie, { code: codeAt(start.secret) });
  expect(confirm.statusCode).toBe(200);
  // The confirming code's time step is now used; later tests start from the next one.
  ctx.clock.advance(30_000);
  return { secret: start.secret, recoveryCodes: confirm.json<MfaEnrolmentResult>().recoveryCodes };
}

describe('the TOTP step of signing in', () => {
  it('accepts the current code, rotates the session and makes it active', async () => {
    const user = await createStaff(ctx.platform, { roles: ['physician'] });
    const secret = await enrolTotpDirectly(ctx.platform, user.id);
    const { cookie } = await signIn(user);
    const seq = await lastAuditSeq(ctx.platform);

    const res = await post('/mfa', cookie, { code: codeAt(secret) });

    expect(res.statusCode).toBe(200);
    const me = res.json<Me>();
    expect(me.session.state).toBe('active');
    expect(me.permissions).toContain('prescription.write');
    const rotated = sessionCookieOf(res);
    expect(rotated).not.toBe(cookie);
    expect(res.cookies[0]).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });

    const old = await getMe(cookie);
    expect(old.statusCode).toBe(401);
    expect(old.json<Problem>().code).toBe('auth.unauthenticated');
    expect((await getMe(rotated)).json<Me>().session.state).toBe('active');

    const audit = await auditRows(ctx.platform, ['auth.mfa_verified'], seq);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor_user_id: user.id,
      entity_type: 'user_session',
      details: { method: 'totp' },
    });
  });

  it('refuses a code that was already used, even in a new session', async () => {
    const user = await createStaff(ctx.platform);
    const secret = await enrolTotpDirectly(ctx.platform, user.id);
    const code = codeAt(secret);
    expect((await post('/mfa', (await signIn(user)).cookie, { code })).statusCode).toBe(200);
    const seq = await lastAuditSeq(ctx.platform);

    const second = await signIn(user);
    const replay = await post('/mfa', second.cookie, { code });
    expect(replay.statusCode).toBe(400);
    expect(replay.json<Problem>()).toMatchObject({
      code: 'auth.mfa_invalid',
      errors: [{ path: 'code', rule: 'invalid' }],
    });
    expect(replay.cookies).toEqual([]);
    const audit = await auditRows(ctx.platform, ['auth.mfa_failed'], seq);
    expect(audit.map((a) => a.details)).toEqual([{ method: 'totp', reason: 'reused_code' }]);

    ctx.clock.advance(30_000);
    expect((await post('/mfa', second.cookie, { code: codeAt(secret) })).statusCode).toBe(200);
  });

  it('allows one time step of clock drift either way, and no more', async () => {
    const user = await createStaff(ctx.platform);
    const secret = await enrolTotpDirectly(ctx.platform, user.id);
    const { cookie } = await signIn(user);

    expect((await post('/mfa', cookie, { code: codeAt(secret, -60) })).statusCode).toBe(400);
    expect((await post('/mfa', cookie, { code: codeAt(secret, 60) })).statusCode).toBe(400);
    expect((await post('/mfa', cookie, { code: codeAt(secret, -30) })).statusCode).toBe(200);

    const late = await createStaff(ctx.platform);
    const lateSecret = await enrolTotpDirectly(ctx.platform, late.id);
    const lateSession = await signIn(late);
    expect(
      (await post('/mfa', lateSession.cookie, { code: codeAt(lateSecret, 30) })).statusCode,
    ).toBe(200);
  });

  it('counts wrong codes toward the same lockout as wrong passwords', async () => {
    const user = await createStaff(ctx.platform);
    const secret = await enrolTotpDirectly(ctx.platform, user.id);
    const { cookie } = await signIn(user);
    const seq = await lastAuditSeq(ctx.platform);
    const wrong = codeAt(secret) === '000000' ? '111111' : '000000';

    const answers: number[] = [];
    for (let i = 0; i < 5; i++)
      answers.push((await post('/mfa', cookie, { code: wrong })).statusCode);
    expect(answers).toEqual([400, 400, 400, 400, 423]);

    // Locked: the right code and the right password are both refused.
    const right = await post('/mfa', cookie, { code: codeAt(secret) });
    expect(right.statusCode).toBe(423);
    expect(right.json<Problem>().retryAfterSeconds).toBe(60);
    const login = await postLogin(ctx.app, { email: user.email, password: user.password });
    expect(login.statusCode).toBe(423);

    const audit = await auditRows(ctx.platform, ['auth.mfa_failed', 'auth.lockout'], seq);
    expect(audit.map((a) => a.action)).toEqual([
      'auth.mfa_failed',
      'auth.mfa_failed',
      'auth.mfa_failed',
      'auth.mfa_failed',
      'auth.mfa_failed',
      'auth.lockout',
      'auth.mfa_failed',
    ]);
    expect(audit.at(-1)?.details).toEqual({ method: 'totp', reason: 'locked' });

    ctx.clock.advance(60_000);
    expect((await post('/mfa', cookie, { code: codeAt(secret) })).statusCode).toBe(200);
  });

  it('is refused to a session that is already active', async () => {
    const user = await createStaff(ctx.platform);
    const { cookie } = await signIn(user);
    const res = await post('/mfa', cookie, { code: '123456' });
    expect(res.statusCode).toBe(409);
  });
});

describe('recovery codes', () => {
  it('let a user in once each, typed in any case and spacing', async () => {
    const user = await createStaff(ctx.platform, { roles: ['nurse'] });
    const { recoveryCodes } = await enrolThroughApi(user);
    const first = recoveryCodes[0] ?? '';
    const { cookie } = await signIn(user);
    const seq = await lastAuditSeq(ctx.platform);

    const typed = ` ${first.toUpperCase().replace(/-/g, ' ')} `;
    const ok = await post('/mfa', cookie, { recoveryCode: typed });
    expect(ok.statusCode).toBe(200);
    expect(ok.json<Me>().session.state).toBe('active');
    const audit = await auditRows(ctx.platform, ['auth.mfa_verified'], seq);
    expect(audit[0]?.details).toEqual({ method: 'recovery_code', recoveryCodesLeft: 9 });

    const again = await signIn(user);
    const reused = await post('/mfa', again.cookie, { recoveryCode: first });
    expect(reused.statusCode).toBe(400);
    expect(reused.json<Problem>()).toMatchObject({
      code: 'auth.mfa_invalid',
      errors: [{ path: 'recoveryCode', rule: 'invalid' }],
    });
    expect(
      (await post('/mfa', again.cookie, { recoveryCode: recoveryCodes[1] ?? '' })).statusCode,
    ).toBe(200);
  });

  it('are stored only as hashes', async () => {
    const user = await createStaff(ctx.platform);
    const { recoveryCodes } = await enrolThroughApi(user);
    const { rows } = await ctx.platform.database.pool.query<{ code_hash: string }>(
      'select code_hash from mfa_recovery_code where user_id = $1',
      [user.id],
    );
    expect(rows).toHaveLength(10);
    const stored = rows.map((r) => r.code_hash).join(' ');
    for (const code of recoveryCodes) {
      expect(stored).not.toContain(code);
      expect(stored).not.toContain(code.replace(/-/g, ''));
    }
  });

  /** An enrolled user with a session past the second factor, and their recovery codes. */
  async function enrolledAndActive(user: { email: string; password: string }) {
    const { secret, recoveryCodes } = await enrolThroughApi(user);
    const session = await signIn(user);
    const cookie = sessionCookieOf(await post('/mfa', session.cookie, { code: codeAt(secret) }));
    return { cookie, recoveryCodes };
  }

  async function storedHashes(userId: string): Promise<string[]> {
    const { rows } = await ctx.platform.database.pool.query<{ code_hash: string }>(
      'select code_hash from mfa_recovery_code where user_id = $1 order by code_hash',
      [userId],
    );
    return rows.map((r) => r.code_hash);
  }

  it('can be regenerated with the password, and the old ones stop working', async () => {
    const user = await createStaff(ctx.platform);
    const { cookie, recoveryCodes: old } = await enrolledAndActive(user);
    const seq = await lastAuditSeq(ctx.platform);

    const res = await post('/mfa/recovery-codes', cookie, { password: user.password });
    expect(res.statusCode).toBe(200);
    const fresh = res.json<MfaEnrolmentResult>().recoveryCodes;
    expect(fresh).toHaveLength(10);
    expect(fresh.some((c) => old.includes(c))).toBe(false);
    expect(
      await auditRows(ctx.platform, ['auth.mfa_recovery_codes_regenerated'], seq),
    ).toHaveLength(1);

    const next = await signIn(user);
    expect((await post('/mfa', next.cookie, { recoveryCode: old[0] ?? '' })).statusCode).toBe(400);
    expect((await post('/mfa', next.cookie, { recoveryCode: fresh[0] ?? '' })).statusCode).toBe(
      200,
    );
  });

  it('are not replaced on a wrong password, which is audited but not held against sign-in', async () => {
    const user = await createStaff(ctx.platform);
    const { cookie, recoveryCodes: old } = await enrolledAndActive(user);
    const before = await storedHashes(user.id);
    const seq = await lastAuditSeq(ctx.platform);

    const wrong = await post('/mfa/recovery-codes', cookie, { password: 'not my password' });

    expect(wrong.statusCode).toBe(400);
    expect(wrong.json<Problem>()).toMatchObject({
      code: 'auth.password_incorrect',
      errors: [{ path: 'password', rule: 'incorrect' }],
    });
    expect(wrong.body).not.toMatch(/recoveryCodes/);
    expect(await storedHashes(user.id)).toEqual(before);
    const audit = await auditRows(
      ctx.platform,
      ['auth.mfa_recovery_codes_regenerate_failed', 'auth.mfa_recovery_codes_regenerated'],
      seq,
    );
    expect(audit.map((a) => [a.action, a.outcome, a.entity_id, a.details])).toEqual([
      ['auth.mfa_recovery_codes_regenerate_failed', 'failure', user.id, { reason: 'bad_password' }],
    ]);
    expect(JSON.stringify(audit)).not.toContain('not my password');
    // The session is already past sign-in: the per-address rate limit slows guessing here.
    const { rows: throttles } = await ctx.platform.database.pool.query(
      'select 1 from login_throttle where email = $1',
      [user.email],
    );
    expect(throttles).toEqual([]);

    const next = await signIn(user);
    expect((await post('/mfa', next.cookie, { recoveryCode: old[0] ?? '' })).statusCode).toBe(200);
  });

  it.each([
    ['no body', undefined],
    ['an empty body', {}],
    ['an empty password', { password: '' }],
    ['an unknown field beside the password', { password: 'x', codes: ['mine-mine-mine'] }],
  ])('cannot be regenerated with %s', async (_case, body) => {
    const user = await createStaff(ctx.platform);
    const { cookie } = await enrolledAndActive(user);
    const before = await storedHashes(user.id);

    const res = await post('/mfa/recovery-codes', cookie, body);

    expect(res.statusCode).toBe(400);
    expect(res.json<Problem>().code).toBe('validation.failed');
    expect(await storedHashes(user.id)).toEqual(before);
  });

  it('cannot be regenerated without an enrolled second factor', async () => {
    const user = await createStaff(ctx.platform);
    const { cookie } = await signIn(user);
    const res = await post('/mfa/recovery-codes', cookie, { password: user.password });
    expect(res.statusCode).toBe(409);
    expect(res.json<Problem>().code).toBe('auth.mfa_not_enrolled');
  });
});

describe('enrolling TOTP', () => {
  it('takes an admin from mfa_enrolment_required to active, with a QR code and recovery codes', async () => {
    const admin = await createStaff(ctx.platform, { roles: ['admin'] });
    const { cookie, me } = await signIn(admin);
    expect(me.session.state).toBe('mfa_enrolment_required');
    const seq = await lastAuditSeq(ctx.platform);

    const startRes = await post('/mfa/enrolment', cookie);
    expect(startRes.statusCode).toBe(200);
    const start = startRes.json<MfaEnrolmentStart>();
    expect(start.secret).toMatch(/^[A-Z2-7]{32}$/);
    const url = new URL(start.otpauthUrl);
    expect(url.protocol).toBe('otpauth:');
    expect(decodeURIComponent(url.pathname)).toBe(`/Meridian:${admin.email}`);
    expect(url.searchParams.get('issuer')).toBe('Meridian');
    expect(url.searchParams.get('secret')).toBe(start.secret);
    expect(start.qrCodeDataUrl).toMatch(/^data:image\/png;base64,/);
    const png = Buffer.from(start.qrCodeDataUrl.split(',')[1] ?? '', 'base64');
    expect(png.subarray(0, 8)).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    );

    // The pending secret is stored encrypted, never in the clear.
    const pending = await userRow(admin.id);
    expect(pending?.totp_pending_secret_enc).toBeTruthy();
    expect(pending?.totp_pending_secret_enc).not.toContain(start.secret);
    expect(ctx.platform.encryptor.decrypt(pending?.totp_pending_secret_enc ?? '')).toBe(
      start.secret,
    );
    expect(pending?.totp_secret_enc).toBeNull();

    const wrong = await post('/mfa/enrolment/confirm', cookie, {
      code: codeAt(start.secret) === '000000' ? '111111' : '000000',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json<Problem>()).toMatchObject({
      code: 'auth.mfa_invalid',
      errors: [{ path: 'code' }],
    });
    expect((await userRow(admin.id))?.totp_secret_enc).toBeNull();

    const confirm = await post('/mfa/enrolment/confirm', cookie, { code: codeAt(start.secret) });
    expect(confirm.statusCode).toBe(200);
    const { recoveryCodes } = confirm.json<MfaEnrolmentResult>();
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const c of recoveryCodes) expect(c).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);

    const rotated = sessionCookieOf(confirm);
    expect(rotated).not.toBe(cookie);
    expect((await getMe(cookie)).statusCode).toBe(401);
    const after = (await getMe(rotated)).json<Me>();
    expect(after.session.state).toBe('active');
    expect(after.user.mfaEnrolled).toBe(true);
    expect(after.permissions).toContain('user.manage');

    const stored = await userRow(admin.id);
    expect(stored?.totp_pending_secret_enc).toBeNull();
    expect(ctx.platform.encryptor.decrypt(stored?.totp_secret_enc ?? '')).toBe(start.secret);

    const audit = await auditRows(
      ctx.platform,
      ['auth.mfa_enrolment_started', 'auth.mfa_enrolment_failed', 'auth.mfa_enrolled'],
      seq,
    );
    expect(audit.map((a) => [a.action, a.outcome])).toEqual([
      ['auth.mfa_enrolment_started', 'success'],
      ['auth.mfa_enrolment_failed', 'failure'],
      ['auth.mfa_enrolled', 'success'],
    ]);
    expect(JSON.stringify(audit)).not.toContain(start.secret);

    const twice = await post('/mfa/enrolment', rotated);
    expect(twice.statusCode).toBe(409);
    expect(twice.json<Problem>().code).toBe('auth.mfa_already_enrolled');

    // The confirming code is used up: it cannot also pass the sign-in step.
    const next = await signIn(admin);
    expect(next.me.session.state).toBe('mfa_pending');
    expect((await post('/mfa', next.cookie, { code: codeAt(start.secret) })).statusCode).toBe(400);
  });

  it('lets an active user add TOTP without changing the session', async () => {
    const user = await createStaff(ctx.platform);
    const { cookie } = await signIn(user);
    const start = (await post('/mfa/enrolment', cookie)).json<MfaEnrolmentStart>();
    const confirm = await post('/mfa/enrolment/confirm', cookie, { code: codeAt(start.secret) });
    expect(confirm.statusCode).toBe(200);
    expect(confirm.cookies).toEqual([]);
    // The cached session learns at once that the user is now enrolled.
    expect((await getMe(cookie)).json<Me>().user.mfaEnrolled).toBe(true);
  });

  it('refuses a confirmation before enrolment started', async () => {
    const user = await createStaff(ctx.platform);
    const { cookie } = await signIn(user);
    const res = await post('/mfa/enrolment/confirm', cookie, { code: '123456' });
    expect(res.statusCode).toBe(409);
    expect(res.json<Problem>().code).toBe('auth.mfa_not_enrolled');
  });
});

describe('removing TOTP', () => {
  function removeMfa(cookie: string, password: string) {
    return ctx.app.inject({
      method: 'DELETE',
      url: '/api/v1/auth/mfa',
      headers: { cookie },
      payload: { password },
    });
  }

  it('needs the password, and afterwards sign-in skips the code', async () => {
    const user = await createStaff(ctx.platform, { roles: ['front_desk'] });
    const { secret } = await enrolThroughApi(user);
    const session = await signIn(user);
    const active = sessionCookieOf(await post('/mfa', session.cookie, { code: codeAt(secret) }));
    const seq = await lastAuditSeq(ctx.platform);

    const wrong = await removeMfa(active, 'not my password');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json<Problem>()).toMatchObject({
      code: 'auth.password_incorrect',
      errors: [{ path: 'password', rule: 'incorrect' }],
    });
    expect((await userRow(user.id))?.totp_secret_enc).not.toBeNull();

    const ok = await removeMfa(active, user.password);
    expect(ok.statusCode).toBe(204);
    expect((await getMe(active)).json<Me>().user.mfaEnrolled).toBe(false);
    const { rows } = await ctx.platform.database.pool.query(
      'select 1 from mfa_recovery_code where user_id = $1',
      [user.id],
    );
    expect(rows).toEqual([]);
    expect((await signIn(user)).me.session.state).toBe('active');

    const audit = await auditRows(
      ctx.platform,
      ['auth.mfa_disable_failed', 'auth.mfa_disabled'],
      seq,
    );
    expect(audit.map((a) => a.action)).toEqual(['auth.mfa_disable_failed', 'auth.mfa_disabled']);
  });

  it('is refused to a role that requires it', async () => {
    const admin = await createStaff(ctx.platform, { roles: ['admin'] });
    const { secret } = await enrolThroughApi(admin);
    const session = await signIn(admin);
    const active = sessionCookieOf(await post('/mfa', session.cookie, { code: codeAt(secret) }));
    const res = await removeMfa(active, admin.password);
    expect(res.statusCode).toBe(409);
    expect(res.json<Problem>().code).toBe('auth.mfa_mandatory');
    expect((await userRow(admin.id))?.totp_secret_enc).not.toBeNull();
  });
});

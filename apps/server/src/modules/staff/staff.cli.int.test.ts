import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Command } from 'commander';
import { createTestContext, testEncryptionKey, type TestContext } from '../../../test/harness.js';
import { checkPasswordPolicy } from '../../platform/auth/password-policy.js';
import { verifyPassword } from '../../platform/auth/password.js';
import { totpCodeAt, verifyTotp } from '../../platform/auth/totp.js';
import { createOrganizationService } from '../organization/index.js';
import { createStaffService, type StaffService } from './index.js';
import { describeCliError, registerUserCommands } from './staff.cli.js';

let ctx: TestContext;
let staff: StaffService;
let mghId: string;

beforeAll(async () => {
  ctx = await createTestContext();
  staff = createStaffService(ctx.platform);
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
});
afterAll(async () => {
  await ctx.close();
});

const query = <T extends Record<string, unknown>>(text: string, values: unknown[] = []) =>
  ctx.platform.database.pool.query<T>(text, values).then((r) => r.rows);

describe('provisioning a user from the command line', () => {
  it('creates an admin with a generated password and an encrypted TOTP secret', async () => {
    const result = await staff.provisionUser({
      email: 'First.Admin@Hospital.example',
      roles: ['admin'],
      displayName: 'First Admin',
    });
    expect(result.user).toMatchObject({
      email: 'first.admin@hospital.example',
      roles: ['admin'],
      mustChangePassword: true,
      mfaEnrolled: true,
    });
    const password = result.generatedPassword!;
    expect(password).toMatch(/^[A-Za-z2-9]{5}(-[A-Za-z2-9]{5}){3}$/);
    expect(checkPasswordPolicy(password, { email: result.user.email })).toEqual([]);

    const secret = result.totp!.secret;
    expect(result.totp!.otpauthUrl).toMatch(/^otpauth:\/\/totp\/.*secret=/);
    expect(result.totp!.otpauthUrl).toContain('issuer=Meridian');
    const [row] = await query<{ password_hash: string; totp_secret_enc: string }>(
      'select password_hash, totp_secret_enc from user_account where id = $1',
      [result.user.id],
    );
    expect(row!.totp_secret_enc).not.toContain(secret);
    expect(ctx.platform.encryptor.decrypt(row!.totp_secret_enc)).toBe(secret);
    expect(await verifyPassword(row!.password_hash, password)).toBe(true);
    // What the first sign-in will check: the authenticator's code for the printed secret.
    const at = ctx.clock.now();
    expect(verifyTotp(secret, totpCodeAt(secret, at), at).ok).toBe(true);

    const audit = await query<{ actor_user_id: string | null; details: Record<string, unknown> }>(
      "select actor_user_id, details from audit_event where action = 'user.created' and entity_id = $1",
      [result.user.id],
    );
    expect(audit).toEqual([
      {
        actor_user_id: null,
        details: { roles: ['admin'], facilityIds: [], via: 'cli', mfaProvisioned: true },
      },
    ]);
    expect(JSON.stringify(audit)).not.toContain(secret);
  });

  it('takes a chosen password as final and facility codes in any case; no TOTP for a nurse', async () => {
    const result = await staff.provisionUser({
      email: 'night.nurse@hospital.example',
      roles: ['nurse'],
      facilityCodes: ['mgh', 'MGH'],
      password: 'lighthouse-gravel-orchid-5',
    });
    expect(result.generatedPassword).toBeNull();
    expect(result.totp).toBeNull();
    expect(result.user).toMatchObject({
      displayName: 'night.nurse',
      facilityIds: [mghId],
      mustChangePassword: false,
      mfaEnrolled: false,
    });
  });

  it.each([
    ['an unknown facility code', { facilityCodes: ['NOPE'] }, 'validation.failed'],
    ['a weak chosen password', { password: 'password1234' }, 'auth.password_policy'],
    ['a role that does not exist', { roles: ['janitor'] }, 'validation.failed'],
    ['an e-mail that is not one', { email: 'nobody' }, 'validation.failed'],
  ])('refuses %s and writes nothing', async (_label, patch, code) => {
    const before = await query<{ n: number }>('select count(*)::int as n from user_account');
    const attempt = staff.provisionUser({
      email: 'refused@hospital.example',
      roles: ['nurse'],
      ...patch,
    });
    await expect(attempt).rejects.toMatchObject({ code });
    expect(await query<{ n: number }>('select count(*)::int as n from user_account')).toEqual(
      before,
    );
  });

  it('explains a taken e-mail in one readable message', async () => {
    const err: unknown = await staff
      .provisionUser({ email: 'first.admin@hospital.example', roles: ['nurse'] })
      .catch((e: unknown) => e);
    expect(describeCliError(err)).toMatch(/^user\.email_taken: .*\n {2}email: /);
  });
});

describe('the meridian user commands', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  class CliFailed extends Error {}

  async function run(args: string[], stdin = '') {
    process.env.DATABASE_URL = ctx.platform.config.DATABASE_URL;
    process.env.ENCRYPTION_KEY = testEncryptionKey.toString('hex');
    process.env.LOG_LEVEL = 'silent';
    const lines: string[] = [];
    const program = new Command('meridian').exitOverride().configureOutput({
      writeOut: () => undefined,
      writeErr: () => undefined,
    });
    registerUserCommands(
      program,
      (msg) => lines.push(msg),
      (err) => {
        throw new CliFailed(String(err));
      },
      { readStdin: () => Promise.resolve(stdin) },
    );
    await program.parseAsync(['node', 'meridian', ...args]);
    return lines;
  }

  it('user create prints the generated password and the TOTP secret once', async () => {
    const lines = await run([
      'user',
      'create',
      '--email',
      'cli.admin@hospital.example',
      '--role',
      'admin',
      '--name',
      'CLI Admin',
      '--facility',
      'MGH',
    ]);
    const text = lines.join('\n');
    expect(text).toMatch(/created user [0-9a-f-]{36} cli\.admin@hospital\.example \(admin\)/);
    const password = /\n {4}([A-Za-z2-9-]{23})\n/.exec(text)?.[1];
    const secret = /secret: ([A-Z2-7]+)/.exec(text)?.[1];
    expect(password).toBeDefined();
    expect(secret).toBeDefined();
    expect(text).toContain('otpauth://totp/');
    const [row] = await query<{ totp_secret_enc: string; display_name: string }>(
      "select totp_secret_enc, display_name from user_account where email = 'cli.admin@hospital.example'",
    );
    expect(row!.display_name).toBe('CLI Admin');
    expect(ctx.platform.encryptor.decrypt(row!.totp_secret_enc)).toBe(secret);
  });

  it('user create --password-stdin uses the piped password and prints none', async () => {
    const lines = await run(
      [
        'user',
        'create',
        '--email',
        'piped@hospital.example',
        '--role',
        'billing',
        '--password-stdin',
      ],
      'saffron-canyon-bicycle-3\n',
    );
    expect(lines.join('\n')).not.toContain('password');
    const [row] = await query<{ password_hash: string; must_change_password: boolean }>(
      "select password_hash, must_change_password from user_account where email = 'piped@hospital.example'",
    );
    expect(await verifyPassword(row!.password_hash, 'saffron-canyon-bicycle-3')).toBe(true);
    expect(row!.must_change_password).toBe(false);
  });

  it('user create fails with the rule when the facility code is unknown', async () => {
    await expect(
      run([
        'user',
        'create',
        '--email',
        'x@hospital.example',
        '--role',
        'nurse',
        '--facility',
        'ZZZ',
      ]),
    ).rejects.toThrow(/validation\.failed.*\n {2}facility: no facility has code ZZZ/);
  });

  it('user create refuses an unknown role before touching the database', async () => {
    await expect(
      run(['user', 'create', '--email', 'x@hospital.example', '--role', 'janitor']),
    ).rejects.toMatchObject({ code: 'commander.invalidArgument' });
  });

  it('user list prints every account, filtered by role', async () => {
    const lines = await run(['user', 'list', '--role', 'admin']);
    expect(lines.filter((l) => l.includes('@'))).toHaveLength(2);
    expect(lines.at(-1)).toBe('2 user(s)');
  });
});

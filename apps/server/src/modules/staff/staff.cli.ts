import { Option, type Command } from 'commander';
import { roles, userStatus, type Role } from '@meridian/contracts';
import { loadConfig } from '../../platform/config.js';
import { AppError, fromDatabaseError } from '../../platform/errors.js';
import { bootstrap, type Runtime } from '../../bootstrap.js';
import { createStaffService } from './staff.service.js';

export interface CliIo {
  /** The whole of standard input (for --password-stdin). */
  readStdin(): Promise<string>;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** An error as one readable paragraph: the rule that failed and each field it names. */
export function describeCliError(err: unknown): string {
  const known = err instanceof AppError ? err : fromDatabaseError(err);
  if (!known) return err instanceof Error ? err.message : String(err);
  const fields = (known.details.errors ?? []).map((e) => `  ${e.path}: ${e.message}`);
  return [`${known.code}: ${known.message}`, ...fields].join('\n');
}

/** Runs `fn` on a bootstrapped platform and always closes it (embedded PostgreSQL too). */
async function withRuntime(
  log: (msg: string) => void,
  fail: (err: unknown) => never,
  fn: (rt: Runtime) => Promise<void>,
): Promise<void> {
  const rt = await bootstrap(loadConfig(), log).catch(fail);
  let failure: unknown = null;
  try {
    await fn(rt);
  } catch (err) {
    failure = err;
  }
  await rt.close();
  if (failure !== null) fail(describeCliError(failure));
}

interface CreateOptions {
  email: string;
  role: string[];
  name?: string;
  facility?: string[];
  passwordStdin?: boolean;
}

interface ListOptions {
  role?: Role;
  status?: 'active' | 'disabled';
  search?: string;
}

/** `meridian user create` and `meridian user list`. */
export function registerUserCommands(
  program: Command,
  log: (msg: string) => void,
  fail: (err: unknown) => never,
  io: CliIo = { readStdin },
): void {
  const user = program.command('user').description('user accounts');

  user
    .command('create')
    .description('create a user account; on a fresh installation, the first administrator')
    .requiredOption('--email <email>', 'sign-in e-mail address')
    .addOption(
      new Option('--role <role...>', 'one or more roles').choices(roles).makeOptionMandatory(),
    )
    .option('--name <display name>', 'display name (default: the part of the e-mail before @)')
    .option('--facility <code...>', 'codes of the facilities the user works at')
    .option(
      '--password-stdin',
      'read the password from standard input (default: generate one the user must change)',
    )
    .action(async (opts: CreateOptions) => {
      // Read before starting the database, so a missing pipe fails fast.
      const password = opts.passwordStdin
        ? (await io.readStdin()).replace(/\r?\n$/, '')
        : undefined;
      await withRuntime(log, fail, async (rt) => {
        const created = await createStaffService(rt.platform).provisionUser({
          email: opts.email,
          roles: opts.role,
          displayName: opts.name,
          facilityCodes: opts.facility,
          password,
        });
        const u = created.user;
        log(`created user ${u.id} ${u.email} (${u.roles.join(', ')})`);
        if (created.generatedPassword) {
          log(`  initial password (shown once; must be changed at first sign-in):`);
          log(`    ${created.generatedPassword}`);
        }
        if (created.totp) {
          log('  this role requires a second factor; add this key to an authenticator app now:');
          log(`    secret: ${created.totp.secret}`);
          log(`    otpauth URL: ${created.totp.otpauthUrl}`);
        }
      });
    });

  user
    .command('list')
    .description('list user accounts, ordered by display name')
    .addOption(new Option('--role <role>', 'only users with this role').choices(roles))
    .addOption(new Option('--status <status>', 'active or disabled').choices(userStatus.options))
    .option('--search <text>', 'part of a name or e-mail address')
    .action(async (opts: ListOptions) => {
      await withRuntime(log, fail, async (rt) => {
        const staff = createStaffService(rt.platform);
        let cursor: string | undefined;
        let count = 0;
        do {
          const page = await staff.listUsers({
            limit: 200,
            q: opts.search,
            role: opts.role,
            status: opts.status,
            cursor,
          });
          for (const u of page.items) {
            const flags = [u.status, u.mfaEnrolled ? 'mfa' : 'no-mfa'].join(' ');
            log(
              `${u.email.padEnd(36)} ${u.displayName.padEnd(28)} ${u.roles.join(',').padEnd(20)} ${flags}`,
            );
          }
          count += page.items.length;
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        log(`${count} user(s)`);
      });
    });
}

#!/usr/bin/env node
import { Command, Option } from 'commander';
import { loadConfig, ConfigError } from './platform/config.js';
import { bootstrap } from './bootstrap.js';
import { startServer, type ServerRole } from './server.js';
import { seedDemo } from './demo/seed-demo.js';
import { verifyAuditChain } from './platform/audit/audit-verify.js';
import { registerUserCommands } from './modules/staff/staff.cli.js';

const log = (msg: string) => console.log(`[meridian] ${msg}`);

function fail(err: unknown): never {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
}

const program = new Command('meridian').description('Meridian hospital management system');

program
  .command('start')
  .description('start the server (embedded PostgreSQL when DATABASE_URL is unset)')
  .addOption(
    new Option('--role <role>', 'which parts to run')
      .choices(['all', 'api', 'worker'])
      .default('all'),
  )
  .action(async (opts: { role: ServerRole }) => {
    await startServer(loadConfig(), opts.role).catch(fail);
  });

program
  .command('migrate')
  .description('apply pending database migrations')
  .action(async () => {
    const rt = await bootstrap(loadConfig(), log).catch(fail);
    await rt.close();
  });

program
  .command('seed')
  .argument('<what>', 'what to seed: demo, patients')
  .description(
    'seed demo data (organization, facility, departments, one user per role, patients), or ' +
      'generated patients (`seed patients --count N [--seed S] [--duplicates K]`)',
  )
  .option('--count <n>', 'patients: how many distinct people')
  .option('--seed <s>', 'patients: generator seed (same seed, same people)', '1')
  .option('--duplicates <k>', 'patients: how many of them get a perturbed second record', '0')
  .action(async (what: string, opts: { count?: string; seed: string; duplicates: string }) => {
    if (what === 'patients') return seedPatientsCommand(opts);
    if (what !== 'demo') fail(`unknown seed "${what}"; try: meridian seed demo`);
    const rt = await bootstrap(loadConfig(), log).catch(fail);
    try {
      const result = await seedDemo(rt.platform);
      if (!result.seeded) log('demo data already present; nothing seeded');
      else {
        for (const u of result.users) log(`  ${u.email.padEnd(32)} ${u.roles.join(', ')}`);
        log(`  password: ${result.password}`);
        log(`  patients: ${result.patients}`);
      }
    } finally {
      await rt.close();
    }
  });

async function seedPatientsCommand(opts: { count?: string; seed: string; duplicates: string }) {
  // Loaded here, not at the top: the generator's name lists would slow every `start`.
  const { parseCount, seedPatients } =
    await import('./modules/patients/generator/seed-patients.js');
  let parsed: { count: number; seed: number; duplicates: number };
  try {
    if (opts.count === undefined)
      throw new Error('--count is required: meridian seed patients --count N');
    parsed = {
      count: parseCount('--count', opts.count, { min: 1 }),
      seed: parseCount('--seed', opts.seed, { min: 0 }),
      duplicates: parseCount('--duplicates', opts.duplicates, { min: 0 }),
    };
    if (parsed.duplicates > parsed.count) throw new Error('--duplicates must not exceed --count');
  } catch (err) {
    fail(err);
  }
  const rt = await bootstrap(loadConfig(), log).catch(fail);
  try {
    let reported = 0;
    const result = await seedPatients(rt.platform, {
      ...parsed,
      onProgress: (n) => {
        if (n - reported >= 100_000) {
          reported = n;
          log(`  ${n.toLocaleString('en-US')} loaded ...`);
        }
      },
    });
    log(
      `seeded ${result.count.toLocaleString('en-US')} patients in ${(result.durationMs / 1000).toFixed(1)} s`,
    );
  } catch (err) {
    process.exitCode = 1;
    console.error(err instanceof Error ? err.message : String(err));
  } finally {
    await rt.close();
  }
}

const audit = program.command('audit').description('audit trail tools');
audit
  .command('verify')
  .description('recompute the audit hash chain and report the first broken link')
  .action(async () => {
    const rt = await bootstrap(loadConfig(), log).catch(fail);
    try {
      const report = await verifyAuditChain(rt.platform.database.pool);
      if (report.status === 'intact') {
        console.log(`intact: ${report.checkedEvents} events, head ${report.headHash ?? '(empty)'}`);
      } else {
        console.log(`broken at event ${report.firstBrokenSeq}: ${report.reason}`);
        process.exitCode = 2;
      }
    } finally {
      await rt.close();
    }
  });

registerUserCommands(program, log, fail);

await program.parseAsync(process.argv);

#!/usr/bin/env node
import { Command, Option } from 'commander';
import { loadConfig, ConfigError } from './platform/config.js';
import { bootstrap } from './bootstrap.js';
import { startServer, type ServerRole } from './server.js';
import { seedDemo } from './demo/seed-demo.js';
import { verifyAuditChain } from './platform/audit/audit-verify.js';
import { registerUserCommands } from './modules/staff/staff.cli.js';
import { registerImportCommands } from './modules/clinical/import/fhir-import.cli.js';

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

const codes = program.command('codes').description('reference code sets');
codes
  .command('load')
  .argument('<system>', 'which code set: icd10cm')
  .argument('<file>', 'the TSV layout we ship or the CMS/CDC order file (icd10cm_order_YYYY.txt)')
  .option('--release <release>', 'the release it is, e.g. 2023 (default: the year in the name)')
  .description('load a code set release; codes it no longer has are kept, marked retired')
  .action(async (system: string, file: string, opts: { release?: string }) => {
    if (system !== 'icd10cm') fail(`unknown code system "${system}"; try: icd10cm`);
    const { loadIcd10cm, releaseFromFileName } =
      await import('./modules/clinical/problems/icd10cm-loader.js');
    const release = opts.release ?? releaseFromFileName(file);
    if (!release) fail('say which release this is: --release 2023');
    const rt = await bootstrap(loadConfig(), log).catch(fail);
    try {
      const s = await loadIcd10cm(rt.platform.database.pool, { file, release });
      log(
        `ICD-10-CM ${s.release} (${s.layout} layout): ${s.codes} codes (${s.billable} billable); ` +
          `${s.added} added, ${s.changed} changed, ${s.retired} retired`,
      );
    } catch (err) {
      process.exitCode = 1;
      console.error(err instanceof Error ? err.message : String(err));
    } finally {
      await rt.close();
    }
  });

registerUserCommands(program, log, fail);
registerImportCommands(program, log, fail);

await program.parseAsync(process.argv);

import type { Command } from 'commander';
import { fhirImportSucceeded } from '@meridian/contracts';
import { loadConfig } from '../../../platform/config.js';
import { bootstrap } from '../../../bootstrap.js';
import { AppError } from '../../../platform/errors.js';
import { createFhirImportService } from './fhir-import.service.js';
import { formatImportReport } from './import-report.js';

function describe(err: unknown): string {
  if (!(err instanceof AppError)) return err instanceof Error ? err.message : String(err);
  const fields = (err.details.errors ?? []).map((e) => `  ${e.path}: ${e.message}`);
  return [`${err.code}: ${err.message}`, ...fields].join('\n');
}

/**
 * `meridian import fhir <file-or-folder> [--facility MGH]`: prints the report; exits 1 when
 * a bundle was refused or a patient failed (the others are imported all the same).
 */
export function registerImportCommands(
  program: Command,
  log: (msg: string) => void,
  fail: (err: unknown) => never,
): void {
  const importCommand = program.command('import').description('import records from files');
  importCommand
    .command('fhir')
    .argument('<path>', 'a FHIR R4 Bundle (.json or .json.gz), or a folder of them')
    .option('--facility <code>', 'register new patients at this facility (home facility)')
    .description(
      'import FHIR R4 bundles (transaction, batch or collection): patients and their clinical ' +
        'records; importing the same bundle again creates nothing twice',
    )
    .action(async (target: string, opts: { facility?: string }) => {
      const rt = await bootstrap(loadConfig(), log).catch(fail);
      let failure: unknown = null;
      try {
        const report = await createFhirImportService(rt.platform).importFiles(target, {
          ...(opts.facility ? { facilityCode: opts.facility } : {}),
        });
        for (const line of formatImportReport(report)) log(line);
        if (!fhirImportSucceeded(report)) process.exitCode = 1;
      } catch (err) {
        failure = err;
      }
      await rt.close();
      if (failure !== null) fail(describe(failure));
    });
}

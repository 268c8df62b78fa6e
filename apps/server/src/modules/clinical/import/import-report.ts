// The import report, accumulated over bundles (a folder is many): counts per resource type,
// each patient's outcome, failures and warnings. Ids, positions and rules only: no PHI.
import type {
  FhirImportIssue,
  FhirImportPatientResult,
  FhirImportReport,
  FhirImportTypeCounts,
} from '@meridian/contracts';

type Counter = keyof FhirImportTypeCounts;

export class ImportReportBuilder {
  bundles = 0;
  bundlesFailed = 0;
  readonly patients = { created: 0, matched: 0, failed: 0 };
  readonly resources = new Map<string, FhirImportTypeCounts>();
  readonly patientResults: FhirImportPatientResult[] = [];
  readonly failures: FhirImportIssue[] = [];
  readonly warnings: FhirImportIssue[] = [];
  private readonly startedAt = performance.now();

  count(resourceType: string | null, counter: Counter, n = 1): void {
    if (n === 0) return;
    const key = resourceType ?? '(no resourceType)';
    let counts = this.resources.get(key);
    if (!counts) {
      counts = { imported: 0, alreadyPresent: 0, unsupported: 0, invalid: 0, notWritten: 0 };
      this.resources.set(key, counts);
    }
    counts[counter] += n;
  }

  patient(result: FhirImportPatientResult): void {
    this.patientResults.push(result);
    this.patients[result.outcome] += 1;
  }

  toReport(): FhirImportReport {
    return {
      bundles: this.bundles,
      bundlesFailed: this.bundlesFailed,
      patients: { ...this.patients },
      resources: Object.fromEntries(
        [...this.resources.entries()].sort(([a], [b]) => a.localeCompare(b)),
      ),
      patientResults: this.patientResults,
      failures: this.failures,
      warnings: this.warnings,
      durationMs: Math.round(performance.now() - this.startedAt),
    };
  }
}

/** The report as lines for a terminal: totals, then each failure, then warnings by rule. */
export function formatImportReport(report: FhirImportReport): string[] {
  const lines = [
    `bundles: ${report.bundles} read, ${report.bundlesFailed} refused`,
    `patients: ${report.patients.created} created, ${report.patients.matched} already present, ` +
      `${report.patients.failed} failed`,
  ];
  for (const [type, c] of Object.entries(report.resources)) {
    const parts = Object.entries(c)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${n} ${k}`);
    lines.push(`  ${type.padEnd(22)} ${parts.join(', ')}`);
  }
  const where = (i: FhirImportIssue) =>
    [i.file, i.entry === null ? null : `entry ${i.entry}`, i.fullUrl, i.resourceType]
      .filter((p) => p !== null)
      .join(' ');
  if (report.failures.length > 0) lines.push(`failures: ${report.failures.length}`);
  for (const f of report.failures) lines.push(`  ${where(f)}: ${f.path} [${f.rule}] ${f.message}`);
  if (report.warnings.length > 0) {
    const byRule = new Map<string, number>();
    for (const w of report.warnings) {
      const key = `${w.path.split(/[.[]/)[0]} ${w.rule}`;
      byRule.set(key, (byRule.get(key) ?? 0) + 1);
    }
    lines.push(`warnings: ${report.warnings.length} (what was dropped, by rule)`);
    for (const [key, n] of byRule) lines.push(`  ${key}: ${n}`);
  }
  lines.push(`took ${(report.durationMs / 1000).toFixed(1)} s`);
  return lines;
}

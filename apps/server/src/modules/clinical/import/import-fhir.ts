// Importing a FHIR R4 Bundle into the clinical record. Per patient of the bundle: every
// entry is validated and mapped first (nothing written); if any fails, nothing of that
// patient is written and the report names each failed entry. Otherwise one transaction finds
// or registers the patient and writes each mapper's rows in bulk, idempotently (a second
// import of the same bundle writes nothing), and records one audit event with the counts.
import type { AuditRecorder } from '../../../platform/audit/audit.service.js';
import type { Clock } from '../../../platform/clock.js';
import type { Encryptor } from '../../../platform/crypto.js';
import type { DbOrTx } from '../../../platform/db.js';
import {
  BundleIndex,
  groupByPatient,
  patientReferenceOf,
  readBundle,
  type BundleEntry,
  type BundleProblem,
  type PatientGroup,
} from './bundle-reader.js';
import {
  EntryWriteError,
  type AnyFhirMapper,
  type Parsed,
  type WriteContext,
} from './fhir-mapper.js';
import { fhirMappers } from './fhir-mappers.js';
import { EntryParse, entryIssue, problemIssue, type Issue } from './entry-parse.js';
import { ImportReportBuilder } from './import-report.js';
import { fhirPatient, mapPatient, type PatientImport } from './mappers/patient.fhir-mapper.js';
import { findOrRegisterPatient } from './patient-import.js';

export interface FhirImportDeps {
  /** A pool-backed db, or a transaction (each patient is then a savepoint in it). */
  db: DbOrTx;
  audit: AuditRecorder;
  clock: Clock;
  encryptor: Encryptor;
}

export interface FhirImportOptions {
  /** Home facility of the patients it registers. */
  facilityId?: string | null;
  actorUserId?: string | null;
  /** Named in the report's issues (CLI imports of files). */
  file?: string | null;
  /** The registry by default; tests pass their own. */
  mappers?: readonly AnyFhirMapper[];
}

interface GroupParse {
  patient: PatientImport | null;
  rows: Map<AnyFhirMapper, Parsed<unknown>[]>;
  failures: Issue[];
  warnings: Issue[];
  /** Entries that passed (written unless another entry of the patient failed). */
  valid: BundleEntry[];
  invalid: BundleEntry[];
  unsupported: BundleEntry[];
}

interface Bundle {
  index: BundleIndex;
  problems: Map<number, BundleProblem[]>;
  mappers: ReadonlyMap<string, AnyFhirMapper>;
  file: string | null;
}

/** Checks an entry's envelope, source and patient reference, then asks its mapper. */
function parseEntry(e: BundleEntry, group: PatientGroup, bundle: Bundle, out: GroupParse): void {
  const before = out.failures.length;
  for (const p of bundle.problems.get(e.index) ?? []) out.failures.push(problemIssue(e, p));
  const mapper = e.resourceType ? bundle.mappers.get(e.resourceType) : undefined;
  if (
    out.failures.length === before &&
    (!e.resource || (!mapper && e.resourceType !== 'Patient'))
  ) {
    if (!e.resource) {
      out.warnings.push(
        entryIssue(
          e,
          `Bundle.entry[${e.index}]`,
          'entry.no_resource',
          'has no resource (a DELETE or GET?): ignored',
        ),
      );
    }
    out.unsupported.push(e);
    return;
  }
  if (out.failures.length === before && !e.source) {
    out.failures.push(
      entryIssue(
        e,
        `Bundle.entry[${e.index}].fullUrl`,
        'fullUrl.required',
        'must be a urn:uuid, urn:oid or absolute URL: it identifies the record for idempotent import',
      ),
    );
  }
  if (out.failures.length > before || !e.source || !e.resource) {
    out.invalid.push(e);
    return;
  }
  const ctx = new EntryParse(e, e.source, bundle.index, bundle.file);
  if (e.resourceType === 'Patient') {
    const p = ctx.validate(fhirPatient, e.resource);
    out.patient = p ? mapPatient(p, ctx) : null;
  } else {
    const key =
      'subject' in e.resource ? 'subject' : 'patient' in e.resource ? 'patient' : 'subject';
    const ref = patientReferenceOf(e.resource);
    if (!ref) ctx.fail(key, 'required', 'must name the patient');
    else if (ctx.reference(ref, key, { types: ['Patient'] }) !== group.patient) {
      if (ctx.failures.length === 0)
        ctx.fail(
          `${key}.reference`,
          'reference.other_patient',
          'points at another patient than its group',
        );
    }
    const row = mapper!.parse(e.resource, ctx);
    if (ctx.failures.length === 0 && row !== null) {
      const rows = out.rows.get(mapper!) ?? [];
      rows.push({ entry: e, source: e.source, row });
      out.rows.set(mapper!, rows);
    }
  }
  out.failures.push(...ctx.failures);
  out.warnings.push(...ctx.warnings);
  (ctx.failures.length > 0 ? out.invalid : out.valid).push(e);
}

function parseGroup(group: PatientGroup, bundle: Bundle): GroupParse {
  const out: GroupParse = {
    patient: null,
    rows: new Map(),
    failures: [],
    warnings: [],
    valid: [],
    invalid: [],
    unsupported: [],
  };
  for (const e of [group.patient, ...group.entries]) parseEntry(e, group, bundle, out);
  return out;
}

/** What a failed database write says, without the values (pg messages can quote them). */
function databaseIssue(err: unknown, patient: BundleEntry): Issue {
  const pg = (err instanceof Error && err.cause ? err.cause : err) as {
    code?: unknown;
    constraint?: unknown;
  };
  const rule =
    typeof pg.constraint === 'string'
      ? `database.${pg.constraint}`
      : `database.${typeof pg.code === 'string' ? pg.code : 'error'}`;
  return entryIssue(
    patient,
    'Patient',
    rule,
    "the database refused the patient's records; nothing was written",
  );
}

interface Written {
  patientId: string;
  mrn: string;
  created: boolean;
  imported: Map<string, number>;
  alreadyPresent: Map<string, number>;
  identifiersSkipped: number;
  /** What the mappers dropped or merged while writing (WriteContext.warn). */
  warnings: Issue[];
}

async function writeGroup(
  deps: FhirImportDeps,
  group: PatientGroup,
  parsed: GroupParse & { patient: PatientImport },
  mappers: readonly AnyFhirMapper[],
  opts: FhirImportOptions,
): Promise<Written> {
  const now = deps.clock.now();
  const actorUserId = opts.actorUserId ?? null;
  const facilityId = opts.facilityId ?? null;
  return deps.db.transaction(async (tx) => {
    const patient = await findOrRegisterPatient(tx, deps, group.patient, parsed.patient, {
      facilityId,
      actorUserId,
      now,
    });
    const ids = new Map<BundleEntry, string>([[group.patient, patient.id]]);
    const warnings: Issue[] = [];
    const ctx: WriteContext = {
      patientId: patient.id,
      facilityId,
      actorUserId,
      now,
      idOf(entry) {
        const id = ids.get(entry);
        if (id === undefined) throw new Error(`entry ${entry.index} was not written before`);
        return id;
      },
      warn(entry, path, rule, message) {
        warnings.push(
          entryIssue(entry, `${entry.resourceType ?? 'Resource'}.${path}`, rule, message),
        );
      },
    };
    const imported = new Map<string, number>([['Patient', patient.created ? 1 : 0]]);
    const alreadyPresent = new Map<string, number>([['Patient', patient.created ? 0 : 1]]);
    for (const mapper of mappers) {
      const rows = parsed.rows.get(mapper);
      if (!rows?.length) continue;
      for (const w of await mapper.write(tx, rows, ctx)) {
        ids.set(w.entry, w.id);
        const counts = w.inserted ? imported : alreadyPresent;
        counts.set(mapper.resourceType, (counts.get(mapper.resourceType) ?? 0) + 1);
      }
    }
    await deps.audit.record(tx, {
      action: 'clinical.fhir_import',
      actorUserId,
      patientId: patient.id,
      entityType: 'patient',
      entityId: patient.id,
      facilityId,
      details: {
        patientCreated: patient.created,
        imported: Object.fromEntries(imported),
        alreadyPresent: Object.fromEntries(alreadyPresent),
        sourceSystem: group.patient.source?.system ?? null,
      },
    });
    return { ...patient, patientId: patient.id, imported, alreadyPresent, warnings };
  });
}

async function importGroup(
  deps: FhirImportDeps,
  group: PatientGroup,
  bundle: Bundle,
  mappers: readonly AnyFhirMapper[],
  opts: FhirImportOptions,
  report: ImportReportBuilder,
): Promise<void> {
  const file = bundle.file;
  const parsed = parseGroup(group, bundle);
  report.warnings.push(...parsed.warnings.map((w) => ({ file, ...w })));
  for (const e of parsed.unsupported) report.count(e.resourceType, 'unsupported');
  let failures: Issue[] = parsed.failures;
  let written: Written | null = null;
  if (failures.length === 0 && parsed.patient) {
    try {
      written = await writeGroup(
        deps,
        group,
        { ...parsed, patient: parsed.patient },
        mappers,
        opts,
      );
    } catch (err) {
      failures = err instanceof EntryWriteError ? err.issues : [databaseIssue(err, group.patient)];
    }
  }
  if (!written) {
    // Tricky: the patient entry can pass and still have no registration (a failure in it).
    failures =
      failures.length > 0
        ? failures
        : [entryIssue(group.patient, 'Patient', 'patient.invalid', 'could not be mapped')];
    report.failures.push(...failures.map((f) => ({ file, ...f })));
    const failedEntries = new Set(failures.map((f) => f.entry));
    for (const e of parsed.invalid) report.count(e.resourceType, 'invalid');
    for (const e of parsed.valid) {
      report.count(e.resourceType, failedEntries.has(e.index) ? 'invalid' : 'notWritten');
    }
    report.patient({
      file,
      fullUrl: group.patient.fullUrl,
      outcome: 'failed',
      patientId: null,
      mrn: null,
      imported: {},
    });
    await deps.audit.record(deps.db, {
      action: 'clinical.fhir_import',
      outcome: 'failure',
      actorUserId: opts.actorUserId ?? null,
      entityType: 'patient',
      facilityId: opts.facilityId ?? null,
      details: { failures: failures.length, rules: [...new Set(failures.map((f) => f.rule))] },
    });
    return;
  }
  report.warnings.push(...written.warnings.map((w) => ({ file, ...w })));
  for (const [type, n] of written.imported) report.count(type, 'imported', n);
  for (const [type, n] of written.alreadyPresent) report.count(type, 'alreadyPresent', n);
  if (written.identifiersSkipped > 0) {
    report.warnings.push({
      file,
      ...entryIssue(
        group.patient,
        'Patient.identifier',
        'identifier.held_by_other',
        `${written.identifiersSkipped} identifier(s) already held by another patient: not attached`,
      ),
    });
  }
  report.patient({
    file,
    fullUrl: group.patient.fullUrl,
    outcome: written.created ? 'created' : 'matched',
    patientId: written.patientId,
    mrn: written.mrn,
    imported: Object.fromEntries(written.imported),
  });
}

/**
 * Imports one bundle (transaction, batch or collection) into `report`: every patient in it
 * independently, each all or nothing. Entries that belong to no patient of the bundle are
 * counted (unsupported) or reported (a clinical resource that names no patient).
 */
export async function importFhirBundle(
  deps: FhirImportDeps,
  input: unknown,
  opts: FhirImportOptions = {},
  report: ImportReportBuilder = new ImportReportBuilder(),
): Promise<ImportReportBuilder> {
  const file = opts.file ?? null;
  report.bundles += 1;
  const read = readBundle(input);
  if ('problem' in read) {
    report.bundlesFailed += 1;
    report.failures.push({ file, fullUrl: null, resourceType: null, ...read.problem });
    return report;
  }
  const mappers = [...(opts.mappers ?? fhirMappers)].sort((a, b) => a.order - b.order);
  const byType = new Map(mappers.map((m) => [m.resourceType, m]));
  const supported = new Set(['Patient', ...byType.keys()]);
  const index = new BundleIndex(read.entries);
  const problems = new Map<number, BundleProblem[]>();
  for (const p of read.problems) {
    if (p.entry !== null) problems.set(p.entry, [...(problems.get(p.entry) ?? []), p]);
  }
  const bundle: Bundle = { index, problems, mappers: byType, file };
  const grouping = groupByPatient(index, supported);
  for (const e of grouping.ungrouped) {
    const own = problems.get(e.index) ?? [];
    if (own.length > 0 || (e.resourceType && supported.has(e.resourceType))) {
      const issues =
        own.length > 0
          ? own.map((p) => problemIssue(e, p))
          : [
              entryIssue(
                e,
                `${e.resourceType}.subject`,
                'reference.unresolved',
                'must name a Patient of this bundle',
              ),
            ];
      report.failures.push(...issues.map((i) => ({ file, ...i })));
      report.count(e.resourceType, 'invalid');
    } else report.count(e.resourceType, 'unsupported');
  }
  for (const group of grouping.groups) {
    await importGroup(deps, group, bundle, mappers, opts, report);
  }
  return report;
}

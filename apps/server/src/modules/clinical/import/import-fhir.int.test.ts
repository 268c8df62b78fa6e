import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Command } from 'commander';
import {
  createTestContext,
  testEncryptionKey,
  type TestContext,
} from '../../../../test/harness.js';
import {
  alexisToyFile,
  bundleOf,
  evelynFile,
  fhirEncounter,
  fhirPatient,
  fhirPractitioner,
  syntheaPath,
} from '../../../../test/clinical-import-factories.js';
import type { FhirImportReport } from '@meridian/contracts';
import { signedInStaff } from '../../../../test/factories.js';
import { createOrganizationService } from '../../organization/index.js';
import { createFhirImportService, type FhirImportService } from './fhir-import.service.js';
import { registerImportCommands } from './fhir-import.cli.js';

let ctx: TestContext;
let importer: FhirImportService;
let mghId: string;

beforeAll(async () => {
  ctx = await createTestContext();
  importer = createFhirImportService(ctx.platform);
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

const synthea = 'https://github.com/synthetichealth/synthea';

/** Rows per table the importer writes, to prove a second import adds none. */
type TableCounts = {
  patients: number;
  identifiers: number;
  history: number;
  encounters: number;
  participants: number;
};

const tableCounts = () =>
  query<TableCounts>(
    `select (select count(*)::int from patient) as patients,
            (select count(*)::int from patient_identifier) as identifiers,
            (select count(*)::int from patient_history) as history,
            (select count(*)::int from encounter) as encounters,
            (select count(*)::int from encounter_participant) as participants`,
  ).then((r) => r[0]!);

async function patientBySyntheaId(value: string) {
  const rows = await query<{ id: string; mrn: string; home_facility_id: string | null }>(
    `select p.id, p.mrn, p.home_facility_id from patient p
       join patient_identifier i on i.patient_id = p.id
      where i.assigning_authority = $1 and i.value = $2`,
    [synthea, value],
  );
  return rows;
}

describe('importing a Synthea bundle', () => {
  it('registers the patient at MGH and loads its 14 encounters with their practitioners', async () => {
    const report = await importer.importFiles(syntheaPath(alexisToyFile), { facilityCode: 'MGH' });
    expect(report.failures).toEqual([]);
    expect(report.patients).toEqual({ created: 1, matched: 0, failed: 0 });
    expect(report.resources.Patient).toMatchObject({ imported: 1, alreadyPresent: 0 });
    expect(report.resources.Encounter).toMatchObject({ imported: 14, invalid: 0, notWritten: 0 });
    // Not mapped (yet, or ever): counted, not failed.
    expect(report.resources.Claim).toMatchObject({ unsupported: 17, invalid: 0 });
    expect(report.resources.Organization?.unsupported).toBeGreaterThan(0);

    const [patient] = await patientBySyntheaId('68cd1181-6359-4047-a77f-a165d7912480');
    expect(patient).toMatchObject({ home_facility_id: mghId });
    expect(report.patientResults).toEqual([
      expect.objectContaining({ outcome: 'created', patientId: patient!.id, mrn: patient!.mrn }),
    ]);
    const [demographics] = await query(
      `select given_name, family_name, birth_date::text, sex_at_birth, race, ethnicity, language
         from patient where id = $1`,
      [patient!.id],
    );
    expect(demographics).toEqual({
      given_name: 'Alexis',
      family_name: 'Toy',
      birth_date: '2018-06-22',
      sex_at_birth: 'male',
      race: ['white'],
      ethnicity: 'not_hispanic_or_latino',
      language: 'en-US',
    });
    // Synthea's SSNs are 999-xx (never issued) and its phones lack an area code: dropped, said
    // so; a dose without a unit is kept in the prescription's instructions, and the CBC's
    // tests our lab catalogue lacks stay observations only: said so.
    expect([...new Set(report.warnings.map((w) => w.rule))].sort()).toEqual([
      'dose.unit_unknown',
      'phone.invalid',
      'result.not_in_catalogue',
      'ssn.invalid',
    ]);

    const encounters = await query<{ class: string; status: string; facility_id: string | null }>(
      `select class, status, facility_id, type_code, source_system from encounter
        where patient_id = $1 order by started_at`,
      [patient!.id],
    );
    expect(encounters).toHaveLength(14);
    expect(encounters[0]).toEqual({
      class: 'ambulatory',
      status: 'finished',
      facility_id: null,
      type_code: '185349003',
      source_system: 'urn:uuid',
    });
    const [first] = await query<{ source_id: string; started_at: Date; ended_at: Date }>(
      `select source_id, started_at, ended_at from encounter where patient_id = $1
        order by started_at limit 1`,
      [patient!.id],
    );
    expect(first).toEqual({
      source_id: '84d85421-ad41-47ff-8fe8-df69c8f78038',
      started_at: new Date('2018-06-23T03:19:07Z'),
      ended_at: new Date('2018-06-23T03:34:07Z'),
    });
    const participants = await query<{ display: string; role: string }>(
      `select distinct ep.display, ep.role from encounter_participant ep
         join encounter e on e.id = ep.encounter_id where e.patient_id = $1`,
      [patient!.id],
    );
    expect(participants).toContainEqual({ display: 'Dr. Barry Nicolas', role: 'participant' });
    const reasons = await query<{ reason: string }>(
      `select reason from encounter where patient_id = $1 and reason is not null`,
      [patient!.id],
    );
    expect(reasons.map((r) => r.reason)).toContain('Viral sinusitis (disorder)');
  });

  it('audits the registration and the import, with ids and counts only', async () => {
    const [patient] = await patientBySyntheaId('68cd1181-6359-4047-a77f-a165d7912480');
    const events = await query<{ action: string; details: Record<string, unknown> }>(
      `select action, details from audit_event where patient_id = $1 order by occurred_at, action`,
      [patient!.id],
    );
    expect(events.map((e) => e.action)).toEqual(['clinical.fhir_import', 'patient.created']);
    expect(events[0]!.details).toMatchObject({
      patientCreated: true,
      imported: { Patient: 1, Encounter: 14 },
    });
    expect(events[1]!.details).toEqual({ version: 1, via: 'fhir_import' });
    expect(JSON.stringify(events)).not.toMatch(/Alexis|Toy|2018-06-22/);
  });

  it('creates nothing twice when the same bundle is imported again', async () => {
    const before = await tableCounts();
    const report = await importer.importFiles(syntheaPath(alexisToyFile), { facilityCode: 'MGH' });
    expect(report.patients).toEqual({ created: 0, matched: 1, failed: 0 });
    expect(report.resources.Encounter).toMatchObject({ imported: 0, alreadyPresent: 14 });
    expect(await tableCounts()).toEqual(before);
  });

  it('registers a deceased patient with her maiden name', async () => {
    const report = await importer.importFiles(syntheaPath(evelynFile));
    expect(report.patients.created).toBe(1);
    const [row] = await query(
      `select deceased, deceased_date::text, previous_names, home_facility_id
         from patient where id = $1`,
      [report.patientResults[0]!.patientId],
    );
    expect(row).toMatchObject({
      deceased: true,
      deceased_date: '1998-08-04',
      home_facility_id: null,
    });
    expect(row!.previous_names).toEqual([
      expect.objectContaining({ kind: 'maiden', family: 'Bruen', given: 'Evelyn' }),
    ]);
  });

  it('registers the same person once when two imports race', async () => {
    const bundle = bundleOf([fhirPatient({ mrn: 'RACE-1' })]);
    const reports = await Promise.all([
      importer.importBundle(bundle),
      importer.importBundle(bundle),
    ]);
    expect(reports.map((r) => r.patients.created).sort()).toEqual([0, 1]);
    const rows = await query(`select patient_id from patient_identifier where value = 'RACE-1'`);
    expect(rows).toHaveLength(1);
  });
});

describe('a malformed or partly invalid bundle', () => {
  it('refuses what is not a Bundle, and a bundle type that is no record', async () => {
    const notBundle = await importer.importBundle({ resourceType: 'Patient', id: 'x' });
    expect(notBundle.bundlesFailed).toBe(1);
    expect(notBundle.failures).toEqual([
      expect.objectContaining({
        entry: null,
        path: 'Bundle.resourceType',
        rule: 'bundle.not_a_bundle',
      }),
    ]);
    const searchset = await importer.importBundle(bundleOf([], 'searchset'));
    expect(searchset.failures[0]).toMatchObject({
      rule: 'bundle.unsupported_type',
      path: 'Bundle.type',
    });
  });

  it('writes nothing for a patient with a broken entry, names each, and imports the other patient', async () => {
    const good = fhirPatient({ mrn: 'GOOD-1' });
    const goodVisit = fhirEncounter(good);
    const bad = fhirPatient({ mrn: 'BAD-1' });
    const badFine = fhirEncounter(bad);
    const backwards = fhirEncounter(bad, {
      start: '2024-05-02T10:00:00Z',
      end: '2024-05-02T09:00:00Z',
    });
    const ghost = fhirEncounter(bad, {
      practitioner: 'urn:uuid:11111111-2222-4333-8444-555555555555',
    });
    const untyped = fhirEncounter(bad);
    delete untyped.resource!.resourceType;
    const doctor = fhirPractitioner();
    const goodWithDoctor = fhirEncounter(good, { practitioner: doctor.fullUrl });
    const entries = [
      good,
      goodVisit,
      bad,
      badFine,
      backwards,
      ghost,
      untyped,
      doctor,
      goodWithDoctor,
    ];
    const before = await tableCounts();

    const report = await importer.importBundle(bundleOf(entries), { facilityCode: 'MGH' });

    expect(report.patients).toEqual({ created: 1, matched: 0, failed: 1 });
    expect(
      report.failures.map((f) => [f.entry, f.fullUrl, f.resourceType, f.path, f.rule]),
    ).toEqual([
      [4, backwards.fullUrl, 'Encounter', 'Encounter.period.end', 'period.end_before_start'],
      [
        5,
        ghost.fullUrl,
        'Encounter',
        'Encounter.participant[0].individual.reference',
        'reference.unresolved',
      ],
      [6, untyped.fullUrl, null, 'Bundle.entry[6].resource.resourceType', 'required'],
    ]);
    expect(report.resources.Encounter).toEqual({
      imported: 2,
      alreadyPresent: 0,
      unsupported: 0,
      invalid: 2,
      notWritten: 1,
    });
    expect(report.resources.Patient).toMatchObject({ imported: 1, notWritten: 1 });
    expect(report.resources['(no resourceType)']).toMatchObject({ invalid: 1 });
    expect(report.patientResults.map((p) => [p.fullUrl, p.outcome])).toEqual([
      [good.fullUrl, 'created'],
      [bad.fullUrl, 'failed'],
    ]);

    const after = await tableCounts();
    expect(after.patients - before.patients).toBe(1);
    expect(after.encounters - before.encounters).toBe(2);
    expect(await query(`select 1 from patient_identifier where value = 'BAD-1'`)).toEqual([]);
    const [goodRow] = await query<{ id: string }>(
      `select patient_id as id from patient_identifier where value = 'GOOD-1'`,
    );
    expect(
      await query(
        `select ep.display from encounter_participant ep join encounter e on e.id = ep.encounter_id
          where e.patient_id = $1`,
        [goodRow!.id],
      ),
    ).toEqual([{ display: 'Dr. William Osler' }]);
    const failure = await query<{ details: Record<string, unknown> }>(
      `select details from audit_event where action = 'clinical.fhir_import' and outcome = 'failure'`,
    );
    expect(failure.at(-1)?.details).toEqual({
      failures: 3,
      rules: ['period.end_before_start', 'reference.unresolved', 'required'],
    });
  });

  it('reports an encounter whose subject resolves to no patient of the bundle', async () => {
    const a = fhirPatient({ mrn: 'ORPHAN-A' });
    const b = fhirPatient({ mrn: 'ORPHAN-B' });
    const lost = fhirEncounter({ fullUrl: 'urn:uuid:99999999-0000-4000-8000-000000000000' });
    const report = await importer.importBundle(bundleOf([a, b, lost], 'collection'));
    expect(report.patients).toEqual({ created: 2, matched: 0, failed: 0 });
    expect(report.failures).toEqual([
      expect.objectContaining({
        entry: 2,
        path: 'Encounter.subject',
        rule: 'reference.unresolved',
      }),
    ]);
    expect(report.resources.Encounter).toMatchObject({ imported: 0, invalid: 1 });
  });

  it('fails the only patient of a bundle when its encounter points at no patient', async () => {
    const alone = fhirPatient({ mrn: 'ALONE-1' });
    const lost = fhirEncounter({ fullUrl: 'urn:uuid:99999999-0000-4000-8000-000000000001' });
    const report = await importer.importBundle(bundleOf([alone, lost]));
    expect(report.patients.failed).toBe(1);
    expect(report.failures).toEqual([
      expect.objectContaining({
        entry: 1,
        path: 'Encounter.subject.reference',
        rule: 'reference.unresolved',
      }),
    ]);
    expect(await query(`select 1 from patient_identifier where value = 'ALONE-1'`)).toEqual([]);
  });
});

describe('POST /api/v1/imports/fhir', () => {
  it('imports a bundle for an administrator at the named facility and answers the report', async () => {
    const admin = await signedInStaff(ctx.platform, { roles: ['admin'], facilityIds: [mghId] });
    const p = fhirPatient({ mrn: 'API-1' });
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/imports/fhir?facility=MGH',
      headers: { cookie: admin.cookie },
      payload: bundleOf([p, fhirEncounter(p)]),
    });
    expect(res.statusCode).toBe(200);
    const report = res.json<FhirImportReport>();
    expect(report.patients).toEqual({ created: 1, matched: 0, failed: 0 });
    expect(report.resources.Encounter).toMatchObject({ imported: 1 });
    const [audit] = await query<{ actor_user_id: string }>(
      `select actor_user_id from audit_event where action = 'clinical.fhir_import' and patient_id = $1`,
      [report.patientResults[0]!.patientId],
    );
    expect(audit!.actor_user_id).toBe(admin.id);
  });

  it('answers problem+json for a body that is not a Bundle', async () => {
    const admin = await signedInStaff(ctx.platform, { roles: ['admin'], facilityIds: [mghId] });
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/imports/fhir',
      headers: { cookie: admin.cookie },
      payload: { resourceType: 'Patient' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'validation.failed',
      errors: [{ path: 'Bundle.resourceType', rule: 'bundle.not_a_bundle' }],
    });
  });

  it('refuses a physician (org.manage only)', async () => {
    const physician = await signedInStaff(ctx.platform, {
      roles: ['physician'],
      facilityIds: [mghId],
    });
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/imports/fhir',
      headers: { cookie: physician.cookie },
      payload: bundleOf([fhirPatient({ mrn: 'API-DENIED' })]),
    });
    expect(res.statusCode).toBe(403);
    expect(await query(`select 1 from patient_identifier where value = 'API-DENIED'`)).toEqual([]);
  });
});

describe('meridian import fhir', () => {
  const saved = { ...process.env };
  let folder: string;
  afterEach(async () => {
    process.env = { ...saved };
    process.exitCode = undefined;
    await rm(folder, { recursive: true, force: true });
  });

  class CliFailed extends Error {}

  async function run(args: string[]) {
    process.env.DATABASE_URL = ctx.platform.config.DATABASE_URL;
    process.env.ENCRYPTION_KEY = testEncryptionKey.toString('hex');
    process.env.LOG_LEVEL = 'silent';
    const lines: string[] = [];
    const program = new Command('meridian').exitOverride().configureOutput({
      writeOut: () => undefined,
      writeErr: () => undefined,
    });
    registerImportCommands(
      program,
      (msg) => lines.push(msg),
      (err) => {
        throw new CliFailed(String(err));
      },
    );
    await program.parseAsync(['node', 'meridian', ...args]);
    return lines;
  }

  it('imports a folder of .json and .json.gz bundles, reports a broken file and exits 1', async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'meridian-fhir-'));
    await copyFile(syntheaPath(evelynFile), path.join(folder, evelynFile)); // imported before
    const plain = bundleOf([fhirPatient({ mrn: 'CLI-1' })]);
    await writeFile(path.join(folder, 'plain.json'), JSON.stringify(plain));
    await writeFile(path.join(folder, 'broken.json'), '{"resourceType": "Bundle", ');
    await writeFile(path.join(folder, 'notes.txt'), 'not a bundle, not read');

    const lines = await run(['import', 'fhir', folder, '--facility', 'mgh']);
    const text = lines.join('\n');
    expect(text).toContain('bundles: 3 read, 1 refused');
    expect(text).toContain('patients: 1 created, 1 already present, 0 failed');
    expect(text).toMatch(/broken\.json: Bundle \[file\.not_json\] is not JSON/);
    expect(process.exitCode).toBe(1);
    const [row] = await query<{ home_facility_id: string }>(
      `select p.home_facility_id from patient p join patient_identifier i on i.patient_id = p.id
        where i.value = 'CLI-1'`,
    );
    expect(row!.home_facility_id).toBe(mghId);
  });

  it('refuses an unknown facility code before importing anything', async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'meridian-fhir-'));
    await expect(run(['import', 'fhir', folder, '--facility', 'NOPE'])).rejects.toThrow(
      /no facility has code NOPE/,
    );
  });
});

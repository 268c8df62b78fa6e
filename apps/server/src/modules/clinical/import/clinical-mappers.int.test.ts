// The clinical areas' FHIR mappers (problems, allergies, medications, immunizations and
// procedures, observations, lab reports) against real Synthea bundles and hand-made ones.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../../test/harness.js';
import {
  bundleOf,
  fhirEncounter,
  fhirPatient,
  syntheaPath,
  type Entry,
  type Json,
} from '../../../../test/clinical-import-factories.js';
import { createOrganizationService } from '../../organization/index.js';
import { ensureDrugCatalogue } from '../medications/catalogue/catalogue-loader.js';
import { createFhirImportService, type FhirImportService } from './fhir-import.service.js';

let ctx: TestContext;
let importer: FhirImportService;

beforeAll(async () => {
  ctx = await createTestContext();
  importer = createFhirImportService(ctx.platform);
  await ensureDrugCatalogue(ctx.platform.db, ctx.platform.clock);
  const org = createOrganizationService(ctx.platform);
  await org.createOrganization({ name: 'Meridian Health' });
  await org.createFacility({
    name: 'Meridian General',
    code: 'MGH',
    kind: 'hospital',
    timeZone: 'America/New_York',
  });
});
afterAll(async () => {
  await ctx.close();
});

const query = <T extends Record<string, unknown>>(text: string, values: unknown[] = []) =>
  ctx.platform.database.pool.query<T>(text, values).then((r) => r.rows);

const clinicalTables = [
  'patient',
  'encounter',
  'problem',
  'problem_history',
  'allergy_intolerance',
  'allergy_history',
  'prescription',
  'medication_history',
  'immunization',
  'clinical_procedure',
  'observation',
  'lab_order',
  'lab_order_item',
  'lab_result',
  'lab_result_revision',
  'lab_critical_alert',
];

/** Rows per table the mappers write, to prove a second import (or a failed one) adds none. */
async function tableCounts(): Promise<Record<string, number>> {
  const [row] = await query<Record<string, number>>(
    `select ${clinicalTables.map((t) => `(select count(*)::int from ${t}) as ${t}`).join(', ')}`,
  );
  return row!;
}

const christopher = 'Christopher_Abshire_028250cc-cfc0-4dee-a771-78fde1275fcb.json.gz';
const marcos = 'Marcos_Delagarza_4acb6705-25a7-430a-b799-a4ad8d7fbb38.json.gz';

function patientOf(report: { patientResults: { patientId: string | null }[] }): string {
  const id = report.patientResults[0]?.patientId;
  expect(id).toBeTruthy();
  return id!;
}

describe('importing Christopher Abshire (Synthea)', () => {
  let patientId: string;
  beforeAll(async () => {
    const report = await importer.importFiles(syntheaPath(christopher), { facilityCode: 'MGH' });
    expect(report.failures).toEqual([]);
    expect(report.resources.Condition).toMatchObject({ imported: 11, invalid: 0 });
    expect(report.resources.MedicationRequest).toMatchObject({ imported: 11, invalid: 0 });
    expect(report.resources.Immunization).toMatchObject({ imported: 10 });
    expect(report.resources.Procedure).toMatchObject({ imported: 14 });
    expect(report.resources.Observation).toMatchObject({ imported: 99, invalid: 0 });
    // Two CBCs and three lipid panels; the death certificate has no catalogue test.
    expect(report.resources.DiagnosticReport).toMatchObject({ imported: 5, invalid: 0 });
    expect(report.warnings.filter((w) => w.rule === 'report.no_catalogue_result')).toEqual([
      expect.objectContaining({
        resourceType: 'DiagnosticReport',
        path: 'DiagnosticReport.result',
      }),
    ]);
    patientId = patientOf(report);
  });

  it('lists the conditions with their SNOMED CT code, the mapped ICD-10-CM code and dates', async () => {
    const rows = await query<Record<string, unknown>>(
      `select snomed_code, icd10cm_code, clinical_status, verification_status,
              onset_date::text, abatement_date::text, p.encounter_id is not null as linked,
              e.patient_id = p.patient_id as same_patient, p.source_system, p.recorded_by
         from problem p left join encounter e on e.id = p.encounter_id
        where p.patient_id = $1 order by snomed_code`,
      [patientId],
    );
    expect(rows).toHaveLength(11);
    expect(rows.find((r) => r.snomed_code === '38341003')).toMatchObject({
      icd10cm_code: 'I10',
      clinical_status: 'active',
      verification_status: 'confirmed',
      onset_date: '1938-06-18',
      abatement_date: null,
    });
    expect(rows.find((r) => r.snomed_code === '444814009')).toMatchObject({
      icd10cm_code: 'J01.90',
      clinical_status: 'resolved',
      onset_date: '2012-11-25',
      abatement_date: '2012-12-09',
    });
    expect(rows.find((r) => r.snomed_code === '49436004')?.icd10cm_code).toBe('I48.91');
    for (const r of rows) {
      expect(r).toMatchObject({ linked: true, same_patient: true, source_system: 'urn:uuid' });
      expect(r.recorded_by).toBeNull();
    }
    const history = await query<{ action: string; version: number }>(
      `select h.action, h.version from problem_history h join problem p on p.id = h.problem_id
        where p.patient_id = $1`,
      [patientId],
    );
    expect(history).toHaveLength(11);
    expect(new Set(history.map((h) => `${h.action}:${h.version}`))).toEqual(new Set(['created:1']));
  });

  it('loads the prescriptions with their RxNorm product, status and start', async () => {
    const rows = await query<Record<string, unknown>>(
      `select product_rxcui, product_display, status, starts_at, signed_at, encounter_id
         from prescription where patient_id = $1`,
      [patientId],
    );
    expect(rows).toHaveLength(11);
    expect(rows.find((r) => r.product_rxcui === '855332')).toMatchObject({
      product_display: 'Warfarin Sodium 5 MG Oral Tablet',
      status: 'active',
      starts_at: new Date('1967-01-28T02:39:21Z'),
      signed_at: null,
    });
    expect(rows.find((r) => r.product_rxcui === '197604')?.status).toBe('active');
    expect(rows.find((r) => r.product_rxcui === '259255')?.status).toBe('stopped');
    expect(rows.every((r) => r.encounter_id !== null)).toBe(true);
    const [history] = await query<{ n: number }>(
      `select count(*)::int as n from medication_history where patient_id = $1
          and entity_type = 'prescription'`,
      [patientId],
    );
    expect(history!.n).toBe(11);
  });

  it('loads the CVX immunizations and the SNOMED CT procedures', async () => {
    const imm = await query<{ vaccine_code: string; n: number }>(
      `select vaccine_code, count(*)::int as n from immunization where patient_id = $1
        group by vaccine_code order by vaccine_code`,
      [patientId],
    );
    expect(imm).toEqual([
      { vaccine_code: '113', n: 1 },
      { vaccine_code: '140', n: 9 },
    ]);
    const [flu] = await query(
      `select occurrence_date::text, status from immunization
        where patient_id = $1 and vaccine_code = '113'`,
      [patientId],
    );
    expect(flu).toEqual({ occurrence_date: '2011-12-24', status: 'completed' });
    const procs = await query<{ code_system: string; code: string; performed_start: Date }>(
      `select code_system, code, performed_start from clinical_procedure where patient_id = $1`,
      [patientId],
    );
    expect(procs).toHaveLength(14);
    expect(procs.every((p) => p.code_system === 'snomed')).toBe(true);
    expect(procs.filter((p) => p.code === '180325003')).toHaveLength(7);
  });

  it('keeps every observation as recorded, blood pressure as its two components', async () => {
    const bp = await query<{ code: string; value: string; unit: string; category: string }>(
      `select code, value_numeric::text as value, unit, category from observation
        where patient_id = $1 and effective_at = '2016-01-16T02:39:21Z'
          and code in ('8480-6', '8462-4') order by code`,
      [patientId],
    );
    expect(bp).toEqual([
      { code: '8462-4', value: '116.5302110780996', unit: 'mm[Hg]', category: 'vital-signs' },
      { code: '8480-6', value: '175.7063099335176', unit: 'mm[Hg]', category: 'vital-signs' },
    ]);
    const byCategory = await query<{ category: string; n: number }>(
      `select category, count(*)::int as n from observation where patient_id = $1
        group by category order by category`,
      [patientId],
    );
    // 99 Observations: nine blood-pressure panels are two rows each.
    expect(byCategory.reduce((s, c) => s + c.n, 0)).toBe(99 + 9);
    expect(byCategory.map((c) => c.category)).toEqual(
      expect.arrayContaining(['laboratory', 'survey', 'vital-signs']),
    );
    const [panelRow] = await query<{ n: number }>(
      `select count(*)::int as n from observation where patient_id = $1 and code = '55284-4'`,
      [patientId],
    );
    expect(panelRow!.n).toBe(0);
  });

  it('files lab reports as resulted imported orders with flagged results and no alerts', async () => {
    const orders = await query<Record<string, unknown>>(
      `select status, report_status, facility_id, specimen_type, ordered_at, collected_at,
              (select count(*)::int from lab_result r where r.order_id = o.id) as results,
              (select count(*)::int from lab_order_item i where i.order_id = o.id) as items
         from lab_order o where patient_id = $1 order by ordered_at, results`,
      [patientId],
    );
    expect(orders).toHaveLength(5);
    expect(orders.map((o) => o.results).sort()).toEqual([3, 3, 3, 8, 8]);
    for (const o of orders) {
      expect(o).toMatchObject({ status: 'resulted', report_status: 'final', facility_id: null });
      expect(o.collected_at).toEqual(o.ordered_at);
      expect(o.items).toBe(o.results);
    }
    const hgb = await query<Record<string, unknown>>(
      `select r.unit, r.range_low::text, r.range_high::text, r.flag, r.revision,
              v.revision as history_revision, v.value_numeric = r.value_numeric as same_value
         from lab_result r join lab_result_revision v on v.result_id = r.id
        where r.patient_id = $1 and r.test_code = '718-7'`,
      [patientId],
    );
    expect(hgb).toHaveLength(2);
    for (const h of hgb) {
      expect(h).toMatchObject({ unit: 'g/dL', revision: 1, history_revision: 1, same_value: true });
      expect(h.range_low).not.toBeNull();
    }
    const [alerts] = await query<{ n: number }>(
      `select count(*)::int as n from lab_critical_alert where patient_id = $1`,
      [patientId],
    );
    expect(alerts!.n).toBe(0);
  });

  it('writes nothing twice when the bundle is imported again', async () => {
    const before = await tableCounts();
    const again = await importer.importFiles(syntheaPath(christopher), { facilityCode: 'MGH' });
    expect(again.failures).toEqual([]);
    expect(again.resources.Condition).toMatchObject({ imported: 0, alreadyPresent: 11 });
    expect(again.resources.Observation).toMatchObject({ imported: 0, alreadyPresent: 99 });
    expect(again.resources.DiagnosticReport).toMatchObject({ imported: 0, alreadyPresent: 5 });
    expect(await tableCounts()).toEqual(before);
  });
});

describe('importing conditions', () => {
  it('keeps one in-force problem per ICD-10-CM code and an unmapped SNOMED CT code as is', async () => {
    const patient = fhirPatient({ mrn: `PRB-${randomUUID().slice(0, 6)}` });
    const condition = (code: string, display: string): Entry => {
      const id = randomUUID();
      return {
        fullUrl: `urn:uuid:${id}`,
        resource: {
          resourceType: 'Condition',
          id,
          subject: { reference: patient.fullUrl },
          clinicalStatus: { coding: [{ code: 'active' }] },
          verificationStatus: { coding: [{ code: 'confirmed' }] },
          code: { coding: [{ system: 'http://snomed.info/sct', code, display }] },
          onsetDateTime: '2001-05-06',
        },
      };
    };
    const first = condition('38341003', 'Hypertension');
    const second = condition('38341003', 'Hypertension');
    const unmapped = condition('73211009', 'Diabetes mellitus');
    const report = await importer.importBundle(bundleOf([patient, first, second, unmapped]), {
      facilityCode: 'MGH',
    });
    expect(report.failures).toEqual([]);
    expect(report.warnings.filter((w) => w.rule === 'icd10cm.duplicate_active')).toEqual([
      expect.objectContaining({ entry: 2, fullUrl: second.fullUrl }),
    ]);
    const rows = await query(
      `select p.snomed_code, p.icd10cm_code, p.onset_date::text from problem p
         join patient_identifier i on i.patient_id = p.patient_id
        where i.value = $1 order by p.snomed_code, p.icd10cm_code nulls last`,
      [(patient.resource!.identifier as { value: string }[])[0]!.value],
    );
    expect(rows).toEqual([
      { snomed_code: '38341003', icd10cm_code: 'I10', onset_date: '2001-05-06' },
      { snomed_code: '38341003', icd10cm_code: null, onset_date: '2001-05-06' },
      { snomed_code: '73211009', icd10cm_code: null, onset_date: '2001-05-06' },
    ]);
  });
});

describe('importing allergies', () => {
  it('imports Marcos Delagarza (Synthea) with SNOMED CT substances, once', async () => {
    const report = await importer.importFiles(syntheaPath(marcos), { facilityCode: 'MGH' });
    expect(report.failures).toEqual([]);
    const patientId = patientOf(report);
    const rows = await query<Record<string, unknown>>(
      `select category, substance_system, substance_code, substance_display, criticality,
              clinical_status, verification_status, recorded_at, encounter_id
         from allergy_intolerance where patient_id = $1`,
      [patientId],
    );
    expect(rows).toHaveLength(7);
    expect(rows.find((r) => r.substance_code === '424213003')).toMatchObject({
      category: 'food', // as Synthea codes it
      substance_system: 'snomed',
      substance_display: 'Allergy to bee venom',
      criticality: 'low',
      clinical_status: 'active',
      verification_status: 'confirmed',
      recorded_at: new Date('1993-03-20T09:25:28Z'),
    });
    const before = await tableCounts();
    await importer.importFiles(syntheaPath(marcos), { facilityCode: 'MGH' });
    expect(await tableCounts()).toEqual(before);
  });

  it('reads an RxNorm ingredient as rxnorm, keeps reactions, and merges a second in-force entry', async () => {
    const patient = fhirPatient({ mrn: `ALG-${randomUUID().slice(0, 6)}` });
    const allergy = (code: Json, extra: Json = {}): Entry => {
      const id = randomUUID();
      return {
        fullUrl: `urn:uuid:${id}`,
        resource: {
          resourceType: 'AllergyIntolerance',
          id,
          patient: { reference: patient.fullUrl },
          clinicalStatus: { coding: [{ code: 'active' }] },
          verificationStatus: { coding: [{ code: 'confirmed' }] },
          category: ['medication'],
          criticality: 'high',
          code,
          ...extra,
        },
      };
    };
    const rx = 'http://www.nlm.nih.gov/research/umls/rxnorm';
    const penicillin = allergy(
      { coding: [{ system: rx, code: '7980', display: 'Penicillin G' }] },
      {
        reaction: [
          {
            manifestation: [
              {
                coding: [{ system: 'http://snomed.info/sct', code: '247472004', display: 'Hives' }],
              },
            ],
            severity: 'moderate',
          },
        ],
      },
    );
    const again = allergy({ coding: [{ system: rx, code: '7980', display: 'penicillin G' }] });
    const product = allergy({ coding: [{ system: rx, code: '855332', display: 'Warfarin 5 MG' }] });
    const report = await importer.importBundle(bundleOf([patient, penicillin, again, product]), {
      facilityCode: 'MGH',
    });
    expect(report.failures).toEqual([]);
    expect(report.resources.AllergyIntolerance).toMatchObject({ imported: 2, alreadyPresent: 1 });
    expect(report.warnings.filter((w) => w.rule === 'allergy.merged')).toEqual([
      expect.objectContaining({ entry: 2, path: 'AllergyIntolerance.code' }),
    ]);
    const rows = await query<Record<string, unknown>>(
      `select substance_system, substance_code, substance_display, reactions
         from allergy_intolerance a join patient_identifier i on i.patient_id = a.patient_id
        where i.value = $1 order by substance_display`,
      [(patient.resource!.identifier as { value: string }[])[0]!.value],
    );
    expect(rows).toEqual([
      {
        substance_system: 'rxnorm',
        substance_code: '7980',
        substance_display: 'Penicillin G',
        reactions: [
          { manifestation: 'Hives', manifestationCode: '247472004', severity: 'moderate' },
        ],
      },
      // A product code is no ingredient: decision support cannot use it, the text stays.
      {
        substance_system: 'text',
        substance_code: null,
        substance_display: 'Warfarin 5 MG',
        reactions: [],
      },
    ]);
  });
});

// One broken entry per mapper: the report names it (entry, field, rule) and nothing of its
// patient is written.
describe('refusing a malformed entry', () => {
  const cases: [string, (p: Entry, e: Entry) => Json, string, string][] = [
    [
      'Condition',
      (p) => ({ resourceType: 'Condition', subject: { reference: p.fullUrl } }),
      'Condition.code',
      'required',
    ],
    [
      'AllergyIntolerance',
      (p) => ({
        resourceType: 'AllergyIntolerance',
        patient: { reference: p.fullUrl },
        criticality: 'extreme',
        code: { text: 'Peanut' },
      }),
      'AllergyIntolerance.criticality',
      'code.unsupported',
    ],
    [
      'MedicationRequest',
      (p) => ({
        resourceType: 'MedicationRequest',
        subject: { reference: p.fullUrl },
        status: 'active',
        intent: 'order',
      }),
      'MedicationRequest.medication[x]',
      'required',
    ],
    [
      'Immunization',
      (p) => ({
        resourceType: 'Immunization',
        patient: { reference: p.fullUrl },
        status: 'completed',
        vaccineCode: { coding: [{ system: 'http://hl7.org/fhir/sid/cvx', code: '140' }] },
      }),
      'Immunization.occurrence[x]',
      'required',
    ],
    [
      'Procedure',
      (p) => ({
        resourceType: 'Procedure',
        subject: { reference: p.fullUrl },
        status: 'completed',
        code: { coding: [{ system: 'http://snomed.info/sct', code: '180325003' }] },
        encounter: { reference: `urn:uuid:${randomUUID()}` },
        performedDateTime: '2020-01-01T10:00:00Z',
      }),
      'Procedure.encounter.reference',
      'reference.unresolved',
    ],
    [
      'Observation',
      (p, e) => ({
        resourceType: 'Observation',
        subject: { reference: p.fullUrl },
        encounter: { reference: e.fullUrl },
        status: 'final',
        code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
        effectiveDateTime: '2021-02-30T10:00:00Z',
        valueQuantity: { value: 80, unit: '/min' },
      }),
      'Observation.effectiveDateTime',
      'datetime.invalid',
    ],
    [
      'DiagnosticReport',
      (p) => ({
        resourceType: 'DiagnosticReport',
        subject: { reference: p.fullUrl },
        status: 'final',
        category: [{ coding: [{ code: 'LAB' }] }],
        code: { coding: [{ system: 'http://loinc.org', code: '58410-2' }] },
        effectiveDateTime: '2020-01-01T10:00:00Z',
        result: [{ reference: `urn:uuid:${randomUUID()}` }],
      }),
      'DiagnosticReport.result[0].reference',
      'reference.unresolved',
    ],
  ];

  it.each(cases)(
    '%s: names the entry, field and rule; writes nothing',
    async (type, make, path, rule) => {
      const patient = fhirPatient({ mrn: `BAD-${randomUUID().slice(0, 8)}` });
      const visit = fhirEncounter(patient);
      const id = randomUUID();
      const broken: Entry = {
        fullUrl: `urn:uuid:${id}`,
        resource: { id, ...make(patient, visit) },
      };
      const before = await tableCounts();
      const report = await importer.importBundle(bundleOf([patient, visit, broken]), {
        facilityCode: 'MGH',
      });
      expect(report.patients).toMatchObject({ created: 0, failed: 1 });
      expect(
        report.failures.map((f) => [f.entry, f.fullUrl, f.resourceType, f.path, f.rule]),
      ).toEqual([[2, broken.fullUrl, type, path, rule]]);
      expect(await tableCounts()).toEqual(before);
    },
  );
});

// FHIR R4 DiagnosticReport (laboratory) -> an imported, resulted lab_order with one
// lab_result (and its first lab_result_revision) per result Observation whose LOINC code is a
// test of our catalogue, so the Results tab and cumulative views show them with flags computed
// as for results entered here (the patient's range at collection, values converted to the
// test's unit). Decisions for historic imported results:
//   - no critical-result alert (lab_critical_alert) is raised: the value was acted on, or
//     not, where it was reported years ago; a task now would only be noise. The LL/HH flag
//     is still shown;
//   - a result whose test is not in the catalogue, or whose unit does not convert to the
//     test's, stays only in the general observation table (vitals.fhir-mapper.ts stores every
//     Observation, category laboratory), where it is kept exactly as recorded;
//   - a report with no catalogue result at all (a death certificate, a heart-failure panel)
//     makes no order; its Observations are in the observation table.
// Both are said in the report's warnings.
// The order is imported: no facility (migration 0460 allows that only for imported orders),
// routine priority, ordered and collected at the report's effective time, the specimen the
// collection form offers first for the test, resulted at `issued`.
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { specimenTypesFor, type LabResultStatus, type LabValueInput } from '@meridian/contracts';
import type { DbOrTx } from '../../../platform/db.js';
import { AppError } from '../../../platform/errors.js';
import { newId } from '../../../platform/ids.js';
import { insertRowsSql } from '../../../platform/bulk-insert.js';
import type { BundleEntry, SourceIdentity } from '../import/bundle-reader.js';
import { defineFhirMapper } from '../import/fhir-mapper.js';
import {
  codingOf,
  fhirCodeableConcept,
  fhirDateTime,
  fhirPeriod,
  fhirReference,
} from '../import/fhir-types.js';
import { encounterEntryOf, encounterIdOf, sourcedColumns } from '../import/mapper-support.js';
import { insertSourced } from '../import/sourced-insert.js';
import { fhirQuantity, loincSystem } from '../vitals/vitals.fhir-mapper.js';
import { loadCatalogue, type Catalogue } from './catalogue.js';
import { labOrder, labOrderItem, labResult } from './labs.tables.js';
import { evaluateValue } from './result-evaluation.js';

// http://hl7.org/fhir/R4/valueset-diagnostic-report-status.html.
const reportStatusByFhir: Readonly<Record<string, LabResultStatus | null>> = {
  registered: null,
  partial: 'preliminary',
  preliminary: 'preliminary',
  final: 'final',
  amended: 'amended',
  corrected: 'amended',
  appended: 'amended',
  cancelled: null,
  'entered-in-error': null,
  unknown: 'final',
};
const resultStatusByFhir: Readonly<Record<string, LabResultStatus>> = {
  preliminary: 'preliminary',
  final: 'final',
  amended: 'amended',
  corrected: 'amended',
};

export const fhirDiagnosticReport = z.object({
  status: z.enum(Object.keys(reportStatusByFhir) as [string, ...string[]]),
  category: z.array(fhirCodeableConcept).optional(),
  code: fhirCodeableConcept,
  encounter: fhirReference.optional(),
  effectiveDateTime: fhirDateTime.optional(),
  effectivePeriod: fhirPeriod.optional(),
  issued: fhirDateTime.optional(),
  result: z.array(fhirReference).optional(),
  conclusion: z.string().optional(),
});

const resultObservation = z.object({
  status: z.string(),
  code: fhirCodeableConcept,
  effectiveDateTime: fhirDateTime.optional(),
  valueQuantity: fhirQuantity.optional(),
  valueCodeableConcept: fhirCodeableConcept.optional(),
});

interface ImportedResult {
  source: SourceIdentity;
  code: string;
  status: LabResultStatus;
  value: LabValueInput;
  observedAt: Date;
}

export interface LabReportImportRow {
  encounter: BundleEntry | null;
  reportStatus: LabResultStatus;
  effectiveAt: Date;
  resultedAt: Date;
  results: ImportedResult[];
}

// Lab sections of http://terminology.hl7.org/CodeSystem/v2-0074 (diagnostic service section).
const labSections = new Set([
  'LAB',
  'CH',
  'HM',
  'CP',
  'MB',
  'SR',
  'IMM',
  'BLB',
  'CUS',
  'HLA',
  'TX',
  'VR',
  'SP',
  'MCB',
  'MYC',
  'PAR',
  'SC',
]);

export const labReportFhirMapper = defineFhirMapper<LabReportImportRow>({
  resourceType: 'DiagnosticReport',
  order: 50,
  parse(resource, ctx) {
    const d = ctx.validate(fhirDiagnosticReport, resource);
    if (!d) return null;
    const isLab = (d.category ?? []).some((c) =>
      (c.coding ?? []).some((x) => x.code && labSections.has(x.code)),
    );
    if (!isLab) {
      ctx.warn('category', 'report.not_laboratory', 'is not a laboratory report: not imported');
      return null;
    }
    const reportStatus = reportStatusByFhir[d.status];
    if (!reportStatus) {
      ctx.warn('status', 'report.no_results', `${d.status}: no results to import`);
      return null;
    }
    const effectiveAt = d.effectiveDateTime ?? d.effectivePeriod?.start ?? d.issued;
    if (!effectiveAt) {
      ctx.warn('effective[x]', 'date.missing', 'has no time: not imported');
      return null;
    }
    const results: ImportedResult[] = [];
    (d.result ?? []).forEach((ref, i) => {
      if (!ref.reference) return;
      const target = ctx.reference(ref.reference, `result[${i}]`, { types: ['Observation'] });
      if (!target?.source) return;
      const o = resultObservation.safeParse(target.resource);
      // The Observation's own entry reports what is wrong with it.
      if (!o.success) return;
      const code = codingOf(o.data.code, loincSystem)?.code;
      const status = resultStatusByFhir[o.data.status];
      if (!code || !status) return;
      let value: LabValueInput | null = null;
      const q = o.data.valueQuantity;
      const unit = q?.code ?? q?.unit;
      if (q && unit && q.value >= 0) value = { kind: 'numeric', value: q.value, unit };
      const coded = codingOf(o.data.valueCodeableConcept)?.code;
      if (!value && coded) value = { kind: 'coded', code: coded };
      if (!value) return;
      results.push({
        source: target.source,
        code,
        status,
        value,
        observedAt: o.data.effectiveDateTime ?? effectiveAt,
      });
    });
    return {
      encounter: encounterEntryOf(d.encounter, ctx),
      reportStatus,
      effectiveAt,
      resultedAt: d.issued && d.issued >= effectiveAt ? d.issued : effectiveAt,
      results,
    };
  },
  async write(tx, rows, ctx) {
    const catalogue = await cachedCatalogue(tx);
    const patient = await patientForRanges(tx, ctx.patientId);

    // Each report's results evaluated against the catalogue; reports without any are skipped.
    const evaluated = rows.map((r) => ({
      r,
      results: r.row.results.flatMap((res) => {
        const test = catalogue.definitions.get(res.code);
        if (!test) return [];
        try {
          const value = evaluateValue(
            test,
            res.value,
            { ...patient, collectedAt: r.row.effectiveAt },
            'value',
          );
          return [{ res, test, value }];
        } catch (err) {
          if (err instanceof AppError) return [];
          throw err;
        }
      }),
    }));
    for (const e of evaluated) {
      const left = e.r.row.results.length - e.results.length;
      if (e.results.length === 0) {
        ctx.warn(
          e.r.entry,
          'result',
          'report.no_catalogue_result',
          'none of its results is a test of the lab catalogue: no lab order, its values are kept as observations',
        );
      } else if (left > 0) {
        ctx.warn(
          e.r.entry,
          'result',
          'result.not_in_catalogue',
          `${left} of its results are not catalogue tests (or not in a convertible unit): kept as observations only`,
        );
      }
    }
    const withResults = evaluated.filter((e) => e.results.length > 0);
    if (withResults.length === 0) return [];
    const { rows: numbers } = await tx.execute<{ n: string }>(
      sql`select nextval('lab_order_number_seq')::text as n from generate_series(1, ${withResults.length})`,
    );
    const orders = withResults.map((e, i) => {
      const specimen = e.results[0]!.test.specimen;
      return {
        ...e.r,
        row: {
          ...sourcedColumns(e.r, ctx),
          id: newId(),
          orderNumber: Number(numbers[i]!.n),
          encounterId: encounterIdOf(e.r.row.encounter, ctx),
          facilityId: null,
          priority: 'routine' as const,
          status: 'resulted' as const,
          reportStatus: e.r.row.reportStatus,
          clinicalNote: null,
          orderedBy: null,
          orderedAt: e.r.row.effectiveAt,
          specimenType: specimenTypesFor[specimen][0]!,
          collectedAt: e.r.row.effectiveAt,
          collectedBy: null,
          resultedAt: e.r.row.resultedAt,
          cancelledAt: null,
          cancelledBy: null,
          cancelReason: null,
        },
      };
    });
    const written = await insertSourced(tx, labOrder, orders);
    // Items and results only for orders new in this import: they came with their report.
    const fresh = withResults.flatMap((e, i) =>
      written[i]!.inserted ? [{ e, orderId: written[i]!.id }] : [],
    );
    const items = fresh.flatMap(({ e, orderId }) =>
      [...new Set(e.results.map((x) => x.test.code))].map((testCode, position) => ({
        orderId,
        testCode,
        position: position + 1,
      })),
    );
    const results = fresh.flatMap(({ e, orderId }) => {
      const seen = new Set<string>();
      return e.results.flatMap(({ res, test, value }) => {
        if (seen.has(test.code)) return []; // lab_result_once_per_order
        seen.add(test.code);
        return [
          {
            id: newId(),
            orderId,
            patientId: ctx.patientId,
            testCode: test.code,
            status: res.status,
            ...value,
            observedAt: res.observedAt,
            revision: 1,
            resultedAt: e.r.row.resultedAt,
            resultedBy: null,
            sourceSystem: res.source.system,
            sourceId: res.source.id,
            version: 1,
            createdAt: ctx.now,
            updatedAt: ctx.now,
          },
        ];
      });
    });
    await insertItemsAndResults(tx, items, results, ctx.now);
    return written;
  },
});

// The catalogue is reference data that changes only with a migration: an import of many
// patients reads it once a minute, not once per patient (4 queries each).
const catalogueTtlMs = 60_000;
let catalogueCache: { loadedAt: number; catalogue: Promise<Catalogue> } | null = null;
function cachedCatalogue(tx: DbOrTx): Promise<Catalogue> {
  const now = Date.now();
  if (!catalogueCache || now - catalogueCache.loadedAt > catalogueTtlMs) {
    const catalogue = loadCatalogue(tx);
    catalogueCache = { loadedAt: now, catalogue };
    catalogue.catch(() => {
      catalogueCache = null;
    });
  }
  return catalogueCache.catalogue;
}

async function patientForRanges(tx: DbOrTx, patientId: string) {
  const { rows } = await tx.execute<{ sex: string; birth_date: string }>(
    sql`select sex_at_birth as sex, birth_date::text from patient where id = ${patientId}`,
  );
  const p = rows[0];
  return { sex: p?.sex ?? null, birthDate: p?.birth_date ?? null };
}

/**
 * The orders' items, the results and each result's first revision, in one statement. A
 * result Observation that another report imported before (same source) keeps that result:
 * no row, no revision.
 */
async function insertItemsAndResults(
  tx: DbOrTx,
  items: { orderId: string; testCode: string; position: number }[],
  results: (typeof labResult.$inferInsert & { id: string })[],
  now: Date,
) {
  if (results.length === 0) return;
  const insertItems = insertRowsSql(labOrderItem, items);
  const insertResults = insertRowsSql(labResult, results, { onConflictDoNothing: true });
  await tx.execute(sql`with items as (${insertItems}),
    results as (${insertResults}
      returning id, status, value_numeric, unit, value_code, value_text, entered_value,
                entered_unit, flag, range_low, range_high)
    insert into lab_result_revision (result_id, revision, status, value_numeric, unit,
                                     value_code, value_text, entered_value, entered_unit, flag,
                                     range_low, range_high, reason, recorded_by, recorded_at)
    select id, 1, status, value_numeric, unit, value_code, value_text, entered_value,
           entered_unit, flag, range_low, range_high, null, null,
           ${now.toISOString()}::timestamptz
      from results`);
}

// FHIR R4 Condition -> problem (+ its history's first version, as the problems service
// writes it). The SNOMED CT code is kept as it came; the ICD-10-CM code is the resource's own
// ICD-10-CM coding, else the reviewed map entry (import/data/snomed-icd10cm.tsv), else none
// (migration 0420 lets imported rows carry only their SNOMED code).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { ProblemClinicalStatus, ProblemVerificationStatus } from '@meridian/contracts';
import { newId } from '../../../platform/ids.js';
import type { BundleEntry } from '../import/bundle-reader.js';
import { EntryWriteError, defineFhirMapper, type Parsed } from '../import/fhir-mapper.js';
import {
  clip,
  codingOf,
  conceptText,
  fhirCodeableConcept,
  fhirDateTime,
  fhirReference,
  snomedSystem,
} from '../import/fhir-types.js';
import {
  calendarDate,
  encounterEntryOf,
  encounterIdOf,
  fhirDateText,
  sourcedColumns,
} from '../import/mapper-support.js';
import { insertSourced } from '../import/sourced-insert.js';
import { problem } from './problems.tables.js';
import { appendHistory } from './problem.repository.js';

const icd10cmSystem = 'http://hl7.org/fhir/sid/icd-10-cm';
const clinicalSystem = 'http://terminology.hl7.org/CodeSystem/condition-clinical';
const verificationSystem = 'http://terminology.hl7.org/CodeSystem/condition-ver-status';

/** SNOMED CT concept id -> ICD-10-CM, from the reviewed map file (see its SOURCE.md). */
export function loadSnomedIcd10cmMap(): ReadonlyMap<string, string> {
  const file = fileURLToPath(
    new URL('../../../../src/modules/clinical/import/data/snomed-icd10cm.tsv', import.meta.url),
  );
  const map = new Map<string, string>();
  for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
    const [snomed, , icd] = line.split('\t');
    if (snomed && icd) map.set(snomed, icd);
  }
  return map;
}
let snomedMap: ReadonlyMap<string, string> | null = null;
const mapped = (snomed: string) => (snomedMap ??= loadSnomedIcd10cmMap()).get(snomed);

// http://hl7.org/fhir/R4/valueset-condition-clinical.html: relapse is a recurrence,
// remission is inactive.
const clinicalByFhir: Readonly<Record<string, ProblemClinicalStatus>> = {
  active: 'active',
  recurrence: 'recurrence',
  relapse: 'recurrence',
  inactive: 'inactive',
  remission: 'inactive',
  resolved: 'resolved',
};
// http://hl7.org/fhir/R4/valueset-condition-ver-status.html.
const verificationByFhir: Readonly<Record<string, ProblemVerificationStatus>> = {
  unconfirmed: 'provisional',
  provisional: 'provisional',
  differential: 'provisional',
  confirmed: 'confirmed',
  refuted: 'refuted',
  'entered-in-error': 'entered_in_error',
};

const statusConcept = (codes: Readonly<Record<string, unknown>>, system: string) =>
  fhirCodeableConcept.superRefine((c, ctx) => {
    const code = codingOf(c, system)?.code ?? codingOf(c)?.code;
    if (!code || !(code in codes)) {
      ctx.addIssue({
        code: 'custom',
        path: ['coding'],
        message: `must be one of ${Object.keys(codes).join(', ')}`,
        params: { rule: 'code.unsupported' },
      });
    }
  });

export const fhirCondition = z.object({
  clinicalStatus: statusConcept(clinicalByFhir, clinicalSystem).optional(),
  verificationStatus: statusConcept(verificationByFhir, verificationSystem).optional(),
  code: fhirCodeableConcept,
  encounter: fhirReference.optional(),
  onsetDateTime: fhirDateText.optional(),
  onsetPeriod: z.object({ start: fhirDateText.optional() }).optional(),
  abatementDateTime: fhirDateText.optional(),
  abatementPeriod: z.object({ start: fhirDateText.optional() }).optional(),
  recordedDate: fhirDateTime.optional(),
  note: z.array(z.object({ text: z.string() })).optional(),
});

export interface ProblemImportRow {
  encounter: BundleEntry | null;
  icd10cmCode: string | null;
  snomedCode: string | null;
  display: string;
  onsetDate: string | null;
  abatementDate: string | null;
  clinicalStatus: ProblemClinicalStatus;
  verificationStatus: ProblemVerificationStatus;
  note: string | null;
  recordedAt: Date | null;
}

const statusOf = <T>(
  c: z.infer<typeof fhirCodeableConcept> | undefined,
  system: string,
  map: Readonly<Record<string, T>>,
) => {
  const code = codingOf(c, system)?.code ?? codingOf(c)?.code;
  return code ? map[code] : undefined;
};

export const problemFhirMapper = defineFhirMapper<ProblemImportRow>({
  resourceType: 'Condition',
  order: 20,
  parse(resource, ctx) {
    const c = ctx.validate(fhirCondition, resource);
    if (!c) return null;
    const snomed = codingOf(c.code, snomedSystem)?.code?.trim();
    const snomedCode = snomed && /^[0-9]{6,18}$/.test(snomed) ? snomed : null;
    if (snomed && !snomedCode)
      ctx.warn('code.coding', 'snomed.invalid', 'is not a SNOMED CT concept id: not kept');
    const icd = codingOf(c.code, icd10cmSystem)?.code?.trim().toUpperCase();
    const icd10cmCode = icd ?? (snomedCode ? mapped(snomedCode) : undefined) ?? null;
    if (!snomedCode && !icd10cmCode) {
      ctx.warn('code', 'code.unmapped', 'has no SNOMED CT or ICD-10-CM coding: not imported');
      return null;
    }
    const display = clip(conceptText(c.code), 300);
    if (!display) {
      ctx.fail('code', 'required', 'needs a display or text');
      return null;
    }
    const onset = c.onsetDateTime ?? c.onsetPeriod?.start;
    const abatement = c.abatementDateTime ?? c.abatementPeriod?.start;
    const onsetDate = onset ? calendarDate(onset) : null;
    const abatementDate = abatement ? calendarDate(abatement) : null;
    if (onsetDate && abatementDate && abatementDate < onsetDate) {
      ctx.fail('abatementDateTime', 'abatement.before_onset', 'must not be before the onset');
      return null;
    }
    let clinicalStatus = statusOf(c.clinicalStatus, clinicalSystem, clinicalByFhir);
    if (!clinicalStatus) {
      // FHIR R4 requires it unless the condition was entered in error; absent, the
      // abatement tells resolved from active.
      clinicalStatus = abatementDate ? 'resolved' : 'active';
      ctx.warn('clinicalStatus', 'status.assumed', `is missing: imported as ${clinicalStatus}`);
    }
    let verificationStatus = statusOf(c.verificationStatus, verificationSystem, verificationByFhir);
    if (!verificationStatus) {
      verificationStatus = 'provisional';
      ctx.warn('verificationStatus', 'status.assumed', 'is missing: imported as provisional');
    }
    return {
      encounter: encounterEntryOf(c.encounter, ctx),
      icd10cmCode,
      snomedCode,
      display,
      onsetDate,
      abatementDate,
      clinicalStatus,
      verificationStatus,
      note: clip(c.note?.map((n) => n.text).join('\n'), 2000),
      recordedAt: c.recordedDate ?? null,
    };
  },
  async write(tx, rows, ctx) {
    const codes = [...new Set(rows.map((r) => r.row.icd10cmCode).filter((c) => c !== null))];
    const known = new Set<string>();
    const activeHeld = new Set<string>();
    if (codes.length > 0) {
      const { rows: found } = await tx.execute<{ code: string }>(
        sql`select code from icd10cm_code where code = any(${sql.param(codes)}::text[])`,
      );
      for (const f of found) known.add(f.code);
      const held = await tx
        .select({ code: problem.icd10cmCode, sourceId: problem.sourceId })
        .from(problem)
        .where(
          and(
            eq(problem.patientId, ctx.patientId),
            inArray(problem.icd10cmCode, codes),
            inArray(problem.clinicalStatus, ['active', 'recurrence']),
            inArray(problem.verificationStatus, ['provisional', 'confirmed']),
          ),
        );
      const ownSources = new Set(rows.map((r) => r.source.id));
      for (const h of held) if (h.code && !ownSources.has(h.sourceId ?? '')) activeHeld.add(h.code);
    }
    const unknown = rows.filter(
      (r) => r.row.icd10cmCode && !known.has(r.row.icd10cmCode) && !r.row.snomedCode,
    );
    if (unknown.length > 0) {
      throw new EntryWriteError(
        unknown.map((r) => ({
          entry: r.entry.index,
          fullUrl: r.entry.fullUrl,
          resourceType: r.entry.resourceType,
          path: 'Condition.code.coding',
          rule: 'icd10cm.unknown',
          message: 'is not an ICD-10-CM code of the loaded release',
        })),
      );
    }
    // One in-force problem per ICD-10-CM code (problem_one_active_per_code): a second one
    // keeps only its SNOMED code, so both records stay on the list.
    const stamped: Parsed<
      typeof problem.$inferInsert & { id: string; sourceSystem: string; sourceId: string }
    >[] = rows.map((r) => {
      let icd = r.row.icd10cmCode && known.has(r.row.icd10cmCode) ? r.row.icd10cmCode : null;
      if (r.row.icd10cmCode && !icd) {
        ctx.warn(
          r.entry,
          'code',
          'icd10cm.unknown',
          'its ICD-10-CM code is not in the loaded release: kept with its SNOMED CT code only',
        );
      }
      const inForce =
        ['active', 'recurrence'].includes(r.row.clinicalStatus) &&
        ['provisional', 'confirmed'].includes(r.row.verificationStatus);
      if (icd && inForce) {
        if (activeHeld.has(icd) && r.row.snomedCode) {
          icd = null;
          ctx.warn(
            r.entry,
            'code',
            'icd10cm.duplicate_active',
            'the patient has an in-force problem with the same ICD-10-CM code: kept with its SNOMED CT code only',
          );
        } else activeHeld.add(icd);
      }
      return {
        ...r,
        row: {
          ...sourcedColumns(r, ctx),
          id: newId(),
          encounterId: encounterIdOf(r.row.encounter, ctx),
          icd10cmCode: icd,
          snomedCode: r.row.snomedCode,
          display: r.row.display,
          onsetDate: r.row.onsetDate,
          abatementDate: r.row.abatementDate,
          clinicalStatus: r.row.clinicalStatus,
          verificationStatus: r.row.verificationStatus,
          note: r.row.note,
          recordedBy: null,
          recordedAt: r.row.recordedAt ?? ctx.now,
          updatedBy: null,
          enteredInErrorReason:
            r.row.verificationStatus === 'entered_in_error'
              ? 'Entered in error at the source'
              : null,
        },
      };
    });
    const written = await insertSourced(tx, problem, stamped);
    await appendHistory(tx, {
      problemIds: written.filter((w) => w.inserted).map((w) => w.id),
      action: 'created',
      at: ctx.now,
      by: ctx.actorUserId,
    });
    return written;
  },
});

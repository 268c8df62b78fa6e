// FHIR R4 Observation -> observation (migration 0410's general table), every category:
// vital signs, laboratory, survey, exam, others. Historic values are kept as recorded: the
// live entry's plausibility limits do not apply, and no vital set (NEWS2) is made for them —
// a score computed from another hospital's partial set would mislead; the flowsheet reads
// observations by code, with or without a set.
//
// A panel with components (blood pressure 85354-9 / 55284-4 with 8480-6 and 8462-4) becomes
// one row per component (source id `<entry id>#component-<i>`), plus a row for the panel's
// own value when it has one. Laboratory results also appear in the labs area through their
// DiagnosticReport (labs/labs.fhir-mapper.ts); this table keeps every Observation as it came.
import { z } from 'zod';
import type { ObservationCategory } from '@meridian/contracts';
import { newId } from '../../../platform/ids.js';
import type { BundleEntry, SourceIdentity } from '../import/bundle-reader.js';
import {
  defineFhirMapper,
  type ParseContext,
  type Parsed,
  type WrittenEntry,
} from '../import/fhir-mapper.js';
import {
  clip,
  codingOf,
  conceptText,
  fhirCodeableConcept,
  fhirDateTime,
  fhirPeriod,
  fhirReference,
  type FhirCodeableConcept,
} from '../import/fhir-types.js';
import { encounterEntryOf, encounterIdOf, sourcedColumns } from '../import/mapper-support.js';
import { insertSourced } from '../import/sourced-insert.js';
import { observation, type ObservationStatus } from './vitals.tables.js';

export const loincSystem = 'http://loinc.org';
const ucumSystem = 'http://unitsofmeasure.org';

// http://terminology.hl7.org/CodeSystem/observation-category (and Synthea's 'vital-sign').
const categoryByFhir: Readonly<Record<string, ObservationCategory>> = {
  'vital-signs': 'vital-signs',
  'vital-sign': 'vital-signs',
  laboratory: 'laboratory',
  survey: 'survey',
  exam: 'exam',
};

// http://hl7.org/fhir/R4/valueset-observation-status.html; `registered` has no value yet.
const statusByFhir: Readonly<Record<string, ObservationStatus | null>> = {
  registered: null,
  preliminary: 'preliminary',
  final: 'final',
  amended: 'amended',
  corrected: 'corrected',
  cancelled: 'cancelled',
  'entered-in-error': 'entered_in_error',
  unknown: 'final',
};

export const fhirQuantity = z.object({
  value: z.number(),
  unit: z.string().optional(),
  system: z.string().optional(),
  code: z.string().optional(),
});

const valueFields = {
  valueQuantity: fhirQuantity.optional(),
  valueCodeableConcept: fhirCodeableConcept.optional(),
  valueString: z.string().optional(),
  valueBoolean: z.boolean().optional(),
  valueInteger: z.number().int().optional(),
  dataAbsentReason: fhirCodeableConcept.optional(),
};

export const fhirObservation = z.object({
  status: z.enum(Object.keys(statusByFhir) as [string, ...string[]]),
  category: z.array(fhirCodeableConcept).optional(),
  code: fhirCodeableConcept,
  encounter: fhirReference.optional(),
  effectiveDateTime: fhirDateTime.optional(),
  effectiveInstant: fhirDateTime.optional(),
  effectivePeriod: fhirPeriod.optional(),
  issued: fhirDateTime.optional(),
  ...valueFields,
  component: z.array(z.object({ code: fhirCodeableConcept, ...valueFields })).optional(),
});
type FhirObservation = z.output<typeof fhirObservation>;
type Valued = Pick<FhirObservation, keyof typeof valueFields>;

/** The value columns of a FHIR value[x], or null when it has none we can store. */
export function valueColumns(v: Valued) {
  const none = {
    valueNumeric: null,
    unit: null,
    valueCode: null,
    valueCodeSystem: null,
    valueCodeDisplay: null,
    valueText: null,
  };
  if (v.valueQuantity) {
    const q = v.valueQuantity;
    const unit = clip(q.system === ucumSystem && q.code ? q.code : (q.unit ?? q.code), 40);
    // Tricky: a quantity without a unit cannot be stored as one (observation_quantity_unit).
    return unit
      ? { ...none, valueNumeric: q.value, unit }
      : { ...none, valueText: String(q.value) };
  }
  if (v.valueCodeableConcept) {
    const c = codingOf(v.valueCodeableConcept);
    const code = c?.code && c.code.length <= 64 ? c.code : null;
    return code
      ? {
          ...none,
          valueCode: code,
          valueCodeSystem: clip(c?.system, 200),
          valueCodeDisplay: clip(conceptText(v.valueCodeableConcept), 300),
        }
      : { ...none, valueText: clip(conceptText(v.valueCodeableConcept), 2000) };
  }
  if (v.valueString !== undefined && v.valueString.trim() !== '') {
    return { ...none, valueText: clip(v.valueString, 2000) };
  }
  if (v.valueBoolean !== undefined) return { ...none, valueText: String(v.valueBoolean) };
  if (v.valueInteger !== undefined) return { ...none, valueNumeric: v.valueInteger, unit: '1' };
  return null;
}

/** The LOINC coding of a concept (else its first), as our code columns. */
function codeColumns(c: FhirCodeableConcept) {
  const coding = codingOf(c, loincSystem) ?? codingOf(c);
  const code = coding?.code?.trim();
  if (!code || code.length > 64) return null;
  return {
    codeSystem: clip(coding?.system, 200) ?? 'urn:unknown',
    code,
    display: clip(conceptText(c), 300) ?? code,
  };
}

export interface ObservationImportRow {
  encounter: BundleEntry | null;
  category: ObservationCategory;
  status: ObservationStatus;
  effectiveAt: Date;
  /** One per stored value: the observation's own, then its components' (suffix). */
  values: ({ suffix: string } & NonNullable<ReturnType<typeof codeColumns>> &
    NonNullable<ReturnType<typeof valueColumns>>)[];
}

function categoryOf(o: FhirObservation): ObservationCategory {
  for (const c of o.category ?? []) {
    for (const coding of c.coding ?? []) {
      const ours = coding.code ? categoryByFhir[coding.code] : undefined;
      if (ours) return ours;
    }
  }
  return 'other';
}

function valuesOf(o: FhirObservation, ctx: ParseContext): ObservationImportRow['values'] {
  const out: ObservationImportRow['values'] = [];
  const own = codeColumns(o.code);
  if (!own) {
    ctx.warn('code', 'code.unusable', 'has no code of at most 64 characters: not imported');
    return out;
  }
  const value = valueColumns(o);
  if (value) out.push({ suffix: '', ...own, ...value });
  (o.component ?? []).forEach((c, i) => {
    const code = codeColumns(c.code);
    const v = valueColumns(c);
    if (code && v) out.push({ suffix: `#component-${i}`, ...code, ...v });
    else ctx.warn(`component[${i}]`, 'value.missing', 'has no code or value: not imported');
  });
  return out;
}

export const observationFhirMapper = defineFhirMapper<ObservationImportRow>({
  resourceType: 'Observation',
  order: 40,
  parse(resource, ctx) {
    const o = ctx.validate(fhirObservation, resource);
    if (!o) return null;
    const status = statusByFhir[o.status];
    if (!status) {
      ctx.warn('status', 'status.no_result', 'registered: no result yet, not imported');
      return null;
    }
    const effectiveAt =
      o.effectiveDateTime ?? o.effectiveInstant ?? o.effectivePeriod?.start ?? o.issued;
    if (!effectiveAt) {
      ctx.warn('effective[x]', 'date.missing', 'has no time: not imported');
      return null;
    }
    const values = valuesOf(o, ctx);
    if (values.length === 0) {
      ctx.warn('value[x]', 'value.missing', 'has no value we can store: not imported');
      return null;
    }
    return {
      encounter: encounterEntryOf(o.encounter, ctx),
      category: categoryOf(o),
      status,
      effectiveAt,
      values,
    };
  },
  async write(tx, rows, ctx) {
    const flat: (Parsed<
      typeof observation.$inferInsert & {
        id: string;
        patientId: string;
        sourceSystem: string;
        sourceId: string;
      }
    > & { first: boolean })[] = [];
    for (const r of rows) {
      const encounterId = encounterIdOf(r.row.encounter, ctx);
      r.row.values.forEach((v, i) => {
        const source: SourceIdentity = { system: r.source.system, id: `${r.source.id}${v.suffix}` };
        const { suffix: _suffix, ...value } = v;
        flat.push({
          entry: r.entry,
          source,
          first: i === 0,
          row: {
            ...sourcedColumns({ ...r, source }, ctx),
            id: newId(),
            encounterId,
            vitalSetId: null,
            category: r.row.category,
            ...value,
            effectiveAt: r.row.effectiveAt,
            status: r.row.status,
            recordedBy: null,
          },
        });
      });
    }
    const written = await insertSourced(tx, observation, flat);
    // One answer per entry: its first row (a panel's first component).
    return written.filter((_, i) => flat[i]!.first).map((w): WrittenEntry => w);
  },
});

// FHIR R4 MedicationRequest -> prescription, marked imported by its source (migration 0440
// lets imported rows lack dose, route, frequency and signature). The product is the RxNorm
// code of medicationCodeableConcept (or of the Medication a medicationReference names); a
// product of our catalogue (drug_product) takes the catalogue's name, another keeps the
// source's display (decision support then says it could not check it). The database writes
// the history snapshot (trigger). No decision-support alerts are raised for records that
// were prescribed elsewhere.
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { FrequencyCode, PrescriptionStatus } from '@meridian/contracts';
import { newId } from '../../../platform/ids.js';
import type { BundleEntry } from '../import/bundle-reader.js';
import { defineFhirMapper, type ParseContext } from '../import/fhir-mapper.js';
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
import { rxnormSystem } from '../allergies/allergies.fhir-mapper.js';
import { prescription } from './medications.tables.js';

// http://hl7.org/fhir/R4/valueset-medicationrequest-status.html. On hold is still a live
// order; cancelled (never started) and unknown are kept as stopped, so nothing imported is
// taken for an active drug it may not be.
const statusByFhir: Readonly<Record<string, PrescriptionStatus>> = {
  active: 'active',
  'on-hold': 'active',
  completed: 'completed',
  stopped: 'stopped',
  cancelled: 'stopped',
  unknown: 'stopped',
  draft: 'draft',
  'entered-in-error': 'entered_in_error',
};

// timing.repeat (frequency per period periodUnit) -> our frequency vocabulary.
const frequencyByTiming: Readonly<Record<string, FrequencyCode>> = {
  '1/1d': 'once_daily',
  '2/1d': 'bid',
  '3/1d': 'tid',
  '4/1d': 'qid',
  '1/4h': 'q4h',
  '1/6h': 'q6h',
  '1/8h': 'q8h',
  '1/12h': 'q12h',
  '1/1wk': 'once_weekly',
  '1/7d': 'once_weekly',
};

// UCUM and common dose units -> prescription.dose_unit.
const doseUnits: Readonly<Record<string, string>> = {
  mg: 'mg',
  ug: 'mcg',
  mcg: 'mcg',
  g: 'g',
  mL: 'mL',
  ml: 'mL',
  tablet: 'tablet',
  '{tbl}': 'tablet',
  capsule: 'capsule',
  '{capsule}': 'capsule',
  actuation: 'actuation',
  '{actuat}': 'actuation',
  patch: 'patch',
  U: 'unit',
  '[iU]': 'unit',
  unit: 'unit',
  drop: 'drop',
  '[drp]': 'drop',
};

const quantity = z.object({
  value: z.number().optional(),
  unit: z.string().optional(),
  code: z.string().optional(),
});

export const fhirMedicationRequest = z.object({
  status: z.enum(Object.keys(statusByFhir) as [string, ...string[]]),
  medicationCodeableConcept: fhirCodeableConcept.optional(),
  medicationReference: fhirReference.optional(),
  encounter: fhirReference.optional(),
  authoredOn: fhirDateTime.optional(),
  requester: fhirReference.optional(),
  note: z.array(z.object({ text: z.string() })).optional(),
  dosageInstruction: z
    .array(
      z.object({
        text: z.string().optional(),
        asNeededBoolean: z.boolean().optional(),
        asNeededCodeableConcept: fhirCodeableConcept.optional(),
        route: fhirCodeableConcept.optional(),
        timing: z
          .object({
            repeat: z
              .object({
                frequency: z.number().optional(),
                period: z.number().optional(),
                periodUnit: z.string().optional(),
                boundsPeriod: fhirPeriod.optional(),
              })
              .optional(),
          })
          .optional(),
        doseAndRate: z.array(z.object({ doseQuantity: quantity.optional() })).optional(),
      }),
    )
    .optional(),
  dispenseRequest: z
    .object({
      numberOfRepeatsAllowed: z.number().int().min(0).optional(),
      quantity: quantity.optional(),
    })
    .optional(),
});
type FhirMedicationRequest = z.output<typeof fhirMedicationRequest>;

export interface PrescriptionImportRow {
  encounter: BundleEntry | null;
  rxcui: string;
  display: string;
  status: PrescriptionStatus;
  doseValue: number | null;
  doseUnit: string | null;
  route: string | null;
  frequency: string | null;
  isPrn: boolean;
  prnReason: string | null;
  quantity: number | null;
  quantityUnit: string | null;
  refills: number;
  instructions: string | null;
  note: string | null;
  startsAt: Date | null;
  endsAt: Date | null;
}

const medicationResource = z.object({ code: fhirCodeableConcept.optional() });

function medicationOf(m: FhirMedicationRequest, ctx: ParseContext): FhirCodeableConcept | null {
  if (m.medicationCodeableConcept) return m.medicationCodeableConcept;
  if (m.medicationReference?.reference) {
    const target = ctx.reference(m.medicationReference.reference, 'medicationReference', {
      types: ['Medication'],
    });
    if (!target) return null;
    const med = medicationResource.safeParse(target.resource);
    return med.success && med.data.code ? med.data.code : { text: m.medicationReference.display };
  }
  ctx.fail(
    'medication[x]',
    'required',
    'is required (medicationCodeableConcept or medicationReference)',
  );
  return null;
}

/** Dose, frequency and PRN from the first dosage instruction; the rest stays in its text. */
function dosageOf(m: FhirMedicationRequest, ctx: ParseContext) {
  const d = m.dosageInstruction?.[0];
  const repeat = d?.timing?.repeat;
  const timingKey =
    repeat?.frequency !== undefined && repeat.period !== undefined
      ? `${repeat.frequency}/${repeat.period}${repeat.periodUnit ?? ''}`
      : null;
  const frequency = timingKey ? (frequencyByTiming[timingKey] ?? null) : null;
  if (timingKey && !frequency) {
    ctx.warn(
      'dosageInstruction[0].timing',
      'frequency.unmapped',
      'has no equivalent: kept in the instructions',
    );
  }
  const dose = d?.doseAndRate?.[0]?.doseQuantity;
  const unit = dose?.code ?? dose?.unit;
  const doseUnit = unit ? (doseUnits[unit] ?? null) : null;
  const doseValue = dose?.value !== undefined && dose.value > 0 && doseUnit ? dose.value : null;
  if (dose?.value !== undefined && doseValue === null) {
    ctx.warn(
      'dosageInstruction[0].doseAndRate[0].doseQuantity',
      'dose.unit_unknown',
      'has no usable unit: kept in the instructions',
    );
  }
  const extra = [
    d?.text,
    doseValue === null && dose?.value !== undefined
      ? `dose ${dose.value}${unit ? ` ${unit}` : ''}`
      : undefined,
    timingKey && !frequency
      ? `${repeat?.frequency} per ${repeat?.period} ${repeat?.periodUnit ?? ''}`.trim()
      : undefined,
  ].filter((t): t is string => !!t && t.trim() !== '');
  return {
    doseValue,
    doseUnit: doseValue === null ? null : doseUnit,
    frequency,
    route: clip(conceptText(d?.route), 30),
    isPrn: d?.asNeededBoolean === true || d?.asNeededCodeableConcept !== undefined,
    prnReason: clip(conceptText(d?.asNeededCodeableConcept), 200),
    instructions: clip(extra.length > 0 ? extra.join('; ') : undefined, 1000),
    bounds: repeat?.boundsPeriod,
  };
}

export const prescriptionFhirMapper = defineFhirMapper<PrescriptionImportRow>({
  resourceType: 'MedicationRequest',
  order: 30,
  parse(resource, ctx) {
    const m = ctx.validate(fhirMedicationRequest, resource);
    if (!m) return null;
    const med = medicationOf(m, ctx);
    if (!med) return null;
    const rxcui = codingOf(med, rxnormSystem)?.code?.trim();
    if (!rxcui || !/^[0-9]{1,10}$/.test(rxcui)) {
      ctx.warn('medicationCodeableConcept', 'rxnorm.missing', 'has no RxNorm code: not imported');
      return null;
    }
    const display = clip(conceptText(med), 300) ?? `RxNorm ${rxcui}`;
    const dosage = dosageOf(m, ctx);
    const q = m.dispenseRequest?.quantity;
    const quantityValue =
      q?.value !== undefined && q.value > 0 && q.value <= 10000 ? q.value : null;
    const repeats = m.dispenseRequest?.numberOfRepeatsAllowed;
    if (repeats !== undefined && repeats > 11) {
      ctx.warn(
        'dispenseRequest.numberOfRepeatsAllowed',
        'refills.capped',
        'more than 11: kept as 11',
      );
    }
    const requester = clip(m.requester?.display, 200);
    const notes = [
      ...(m.note ?? []).map((n) => n.text),
      ...(requester ? [`Prescriber: ${requester}`] : []),
    ];
    const startsAt = dosage.bounds?.start ?? m.authoredOn ?? null;
    const endsAt = dosage.bounds?.end ?? null;
    return {
      encounter: encounterEntryOf(m.encounter, ctx),
      rxcui,
      display,
      status: statusByFhir[m.status] ?? 'stopped',
      doseValue: dosage.doseValue,
      doseUnit: dosage.doseUnit,
      route: dosage.route,
      frequency: dosage.frequency,
      isPrn: dosage.isPrn,
      prnReason: dosage.prnReason,
      quantity: quantityValue,
      quantityUnit: quantityValue === null ? null : clip(q?.unit ?? q?.code, 20),
      refills: Math.min(repeats ?? 0, 11),
      instructions: dosage.instructions,
      note: clip(notes.length > 0 ? notes.join('\n') : undefined, 1000),
      startsAt,
      endsAt: endsAt && startsAt && endsAt >= startsAt ? endsAt : null,
    };
  },
  async write(tx, rows, ctx) {
    const rxcuis = [...new Set(rows.map((r) => r.row.rxcui))];
    const { rows: products } = await tx.execute<{ rxcui: string; name: string }>(
      sql`select rxcui, name from drug_product where rxcui = any(${sql.param(rxcuis)}::text[])`,
    );
    const nameOf = new Map(products.map((p) => [p.rxcui, p.name]));
    const stamped = rows.map((r) => ({
      ...r,
      row: {
        ...sourcedColumns(r, ctx),
        id: newId(),
        encounterId: encounterIdOf(r.row.encounter, ctx),
        productRxcui: r.row.rxcui,
        productDisplay: nameOf.get(r.row.rxcui) ?? r.row.display,
        doseValue: r.row.doseValue,
        doseUnit: r.row.doseUnit,
        route: r.row.route,
        frequency: r.row.frequency,
        isPrn: r.row.isPrn,
        prnReason: r.row.prnReason,
        prnMaxDosesPerDay: null,
        durationDays: null,
        quantity: r.row.quantity,
        quantityUnit: r.row.quantityUnit,
        refills: r.row.refills,
        instructions: r.row.instructions,
        note: r.row.note,
        status: r.row.status,
        replacesId: null,
        revision: null,
        prescriberId: null,
        startsAt: r.row.startsAt,
        endsAt: r.row.endsAt,
        signedAt: null,
        signedBy: null,
        stoppedAt: null,
        statusReason: r.row.status === 'entered_in_error' ? 'Entered in error at the source' : null,
        updatedBy: ctx.actorUserId,
      },
    }));
    return insertSourced(tx, prescription, stamped);
  },
});

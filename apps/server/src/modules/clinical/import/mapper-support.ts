// What the clinical areas' FHIR mappers share: the encounter a resource points at, the
// columns every imported row carries (patient, source, who and when), and FHIR date text.
import { z } from 'zod';
import type { BundleEntry } from './bundle-reader.js';
import type { ParseContext, Parsed, WriteContext } from './fhir-mapper.js';
import { parseFhirDateTime, ruleIssue, type FhirReference } from './fhir-types.js';

/**
 * The Encounter entry `ref` points at (null when the resource names none). An encounter
 * that is not in the bundle cannot be linked: a urn:uuid one fails (FHIR R4 Bundle rules),
 * a relative or absolute one is a warning and the row is imported without its encounter.
 */
export function encounterEntryOf(
  ref: FhirReference | undefined,
  ctx: ParseContext,
): BundleEntry | null {
  if (!ref?.reference) return null;
  return ctx.reference(ref.reference, 'encounter', { types: ['Encounter'], optional: true });
}

/** Our id of the encounter entry (written first: the Encounter mapper's order is 10). */
export function encounterIdOf(entry: BundleEntry | null, ctx: WriteContext): string | null {
  return entry ? ctx.idOf(entry) : null;
}

/** The columns every imported row of a clinical table has, for the patient being written. */
export function sourcedColumns(r: Parsed<unknown>, ctx: WriteContext) {
  return {
    patientId: ctx.patientId,
    sourceSystem: r.source.system,
    sourceId: r.source.id,
    version: 1,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  };
}

/**
 * A FHIR date or dateTime kept as its text (checked to be one): the calendar date it names
 * is the date as written, in the writer's time zone, not shifted to UTC.
 */
export const fhirDateText = z.string().superRefine((text, ctx) => {
  if (parseFhirDateTime(text) === null) {
    ruleIssue(
      ctx,
      'datetime.invalid',
      'must be a FHIR dateTime (a real date; a time needs a zone)',
    );
  }
});

/** The calendar date of a FHIR date(Time) text, a partial one on its first day: 2019-04 -> 2019-04-01. */
export function calendarDate(text: string): string {
  const [y, m = '01', d = '01'] = text.slice(0, 10).split('-');
  return `${y}-${m}-${d}`;
}

/** True when `text` names less than a whole day (2019, 2019-04). */
export function isPartialDate(text: string): boolean {
  return text.length < 10;
}

// Zod schemas of the FHIR R4 datatypes the importer's mappers read. Each lists only the
// fields we consume (zod objects drop the rest), so a resource full of extensions we do not
// use still validates; what we read is checked strictly.
import { z } from 'zod';

/** A custom issue's rule code travels in `params.rule` (see issues.ts). */
export function ruleIssue(
  ctx: z.RefinementCtx,
  rule: string,
  message: string,
  path: (string | number)[] = [],
): void {
  ctx.addIssue({ code: 'custom', message, path, params: { rule } });
}

export const fhirCoding = z.object({
  system: z.string().optional(),
  code: z.string().optional(),
  display: z.string().optional(),
});
export type FhirCoding = z.infer<typeof fhirCoding>;

export const fhirCodeableConcept = z.object({
  coding: z.array(fhirCoding).optional(),
  text: z.string().optional(),
});
export type FhirCodeableConcept = z.infer<typeof fhirCodeableConcept>;

export const fhirReference = z.object({
  reference: z.string().min(1).optional(),
  display: z.string().optional(),
});
export type FhirReference = z.infer<typeof fhirReference>;

export const fhirIdentifier = z.object({
  type: fhirCodeableConcept.optional(),
  system: z.string().optional(),
  value: z.string().optional(),
});

// FHIR R4 dateTime (http://hl7.org/fhir/R4/datatypes.html#dateTime): a year, year-month,
// date, or a date and time that then SHALL carry a time zone.
const dateTimePattern =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2}))?)?)?$/;

/**
 * The instant a FHIR dateTime starts at: a partial date (2019, 2019-04, 2019-04-02) is its
 * first moment in UTC. Null when the text is not a dateTime or not a real calendar date.
 */
export function parseFhirDateTime(text: string): Date | null {
  const m = dateTimePattern.exec(text);
  if (!m) return null;
  const [, y = '', mo = '01', d = '01', hh, mm, ss, frac = '', zone = 'Z'] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  // Date.UTC silently rolls 2021-02-30 over to March: compare the parts back.
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1) return null;
  if (date.getUTCDate() !== day) return null;
  if (hh === undefined) return date;
  if (Number(hh) > 23 || Number(mm) > 59 || Number(ss) > 59) return null;
  const parsed = new Date(`${y}-${mo}-${d}T${hh}:${mm}:${ss}${frac}${zone}`);
  return Number.isNaN(parsed.getTime()) ? null : parsed;
}

export const fhirDateTime = z.string().transform((text, ctx) => {
  const at = parseFhirDateTime(text);
  if (at === null) {
    ruleIssue(
      ctx,
      'datetime.invalid',
      'must be a FHIR dateTime (a real date; a time needs a zone)',
    );
    return z.NEVER;
  }
  return at;
});

/** A Period whose end, when both are given, is not before its start. */
export const fhirPeriod = z
  .object({ start: fhirDateTime.optional(), end: fhirDateTime.optional() })
  .superRefine((p, ctx) => {
    if (p.start && p.end && p.end < p.start) {
      ruleIssue(ctx, 'period.end_before_start', 'must not be before the start', ['end']);
    }
  });

/** A Period that must have a start (when an encounter began, when a drug was started). */
export const fhirPeriodWithStart = fhirPeriod.superRefine((p, ctx) => {
  if (!p.start) ruleIssue(ctx, 'required', 'is required', ['start']);
});

/** The first coding of a concept in `system`, or its first coding when no system is asked. */
export function codingOf(
  concept: FhirCodeableConcept | undefined,
  system?: string,
): FhirCoding | undefined {
  const codings = concept?.coding ?? [];
  return system ? codings.find((c) => c.system === system) : codings[0];
}

/** What a person reads for a concept: its text, else the first coding's display or code. */
export function conceptText(concept: FhirCodeableConcept | undefined): string | undefined {
  const text = concept?.text?.trim();
  if (text) return text;
  const coding = concept?.coding?.find((c) => c.display?.trim()) ?? concept?.coding?.[0];
  return coding?.display?.trim() || coding?.code?.trim() || undefined;
}

/** `text` cut to `max` characters (columns with a length check), with an ellipsis. */
export function clip(text: string | undefined, max: number): string | null {
  if (text === undefined) return null;
  const trimmed = text.trim();
  if (trimmed.length === 0) return null;
  return trimmed.length <= max ? trimmed : `${trimmed.slice(0, max - 1)}…`;
}

export const snomedSystem = 'http://snomed.info/sct';

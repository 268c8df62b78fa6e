// FHIR R4 Immunization -> immunization (CVX) and Procedure -> clinical_procedure (SNOMED CT,
// CPT or HCPCS as it came), the immunizations area's two record types (migration 0470).
// Imported rows name their performer only (not our staff) and were recorded elsewhere.
import { z } from 'zod';
import type { ProcedureCodeSystem, ProcedureStatus } from '@meridian/contracts';
import { newId } from '../../../platform/ids.js';
import type { BundleEntry } from '../import/bundle-reader.js';
import { defineFhirMapper } from '../import/fhir-mapper.js';
import {
  clip,
  codingOf,
  conceptText,
  fhirCodeableConcept,
  fhirDateTime,
  fhirPeriod,
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
import { clinicalProcedure, immunization } from './immunizations.tables.js';

const cvxSystem = 'http://hl7.org/fhir/sid/cvx';
const inError = 'Entered in error at the source';

const performer = z.array(z.object({ actor: fhirReference })).optional();
const notes = z.array(z.object({ text: z.string() })).optional();
const joinNotes = (n: { text: string }[] | undefined) =>
  clip(n?.map((x) => x.text).join('\n'), 2000);

// ---- Immunization ----

export const fhirImmunization = z.object({
  status: z.enum(['completed', 'not-done', 'entered-in-error']),
  statusReason: fhirCodeableConcept.optional(),
  vaccineCode: fhirCodeableConcept,
  encounter: fhirReference.optional(),
  occurrenceDateTime: fhirDateText.optional(),
  occurrenceString: z.string().optional(),
  recorded: fhirDateTime.optional(),
  lotNumber: z.string().optional(),
  site: fhirCodeableConcept.optional(),
  route: fhirCodeableConcept.optional(),
  performer,
  note: notes,
  protocolApplied: z
    .array(z.object({ doseNumberPositiveInt: z.number().int().positive().optional() }))
    .optional(),
});

export interface ImmunizationImportRow {
  encounter: BundleEntry | null;
  code: string;
  display: string;
  status: 'completed' | 'not_done' | 'entered_in_error';
  notDoneReason: string | null;
  occurrenceDate: string;
  lotNumber: string | null;
  site: string | null;
  route: string | null;
  doseNumber: number | null;
  performerDisplay: string | null;
  note: string | null;
  recordedAt: Date | null;
}

export const immunizationFhirMapper = defineFhirMapper<ImmunizationImportRow>({
  resourceType: 'Immunization',
  order: 20,
  parse(resource, ctx) {
    const i = ctx.validate(fhirImmunization, resource);
    if (!i) return null;
    const cvx = codingOf(i.vaccineCode, cvxSystem)?.code?.trim();
    if (!cvx || !/^[0-9]{1,3}$/.test(cvx)) {
      ctx.warn('vaccineCode', 'cvx.missing', 'has no CVX code: not imported');
      return null;
    }
    if (!i.occurrenceDateTime) {
      if (i.occurrenceString) {
        ctx.warn('occurrenceString', 'date.unusable', 'is not a date: not imported');
      } else ctx.fail('occurrence[x]', 'required', 'is required');
      return null;
    }
    const status =
      i.status === 'not-done'
        ? 'not_done'
        : i.status === 'entered-in-error'
          ? 'entered_in_error'
          : 'completed';
    const dose = i.protocolApplied?.[0]?.doseNumberPositiveInt;
    return {
      encounter: encounterEntryOf(i.encounter, ctx),
      code: cvx,
      display: clip(conceptText(i.vaccineCode), 300) ?? `CVX ${cvx}`,
      status,
      notDoneReason:
        status === 'not_done'
          ? (clip(conceptText(i.statusReason), 500) ??
            'Not given (reason not recorded at the source)')
          : null,
      occurrenceDate: calendarDate(i.occurrenceDateTime),
      lotNumber: clip(i.lotNumber, 50),
      site: clip(codingOf(i.site)?.code ?? conceptText(i.site), 100),
      route: clip(codingOf(i.route)?.code ?? conceptText(i.route), 100),
      doseNumber: dose !== undefined && dose <= 20 ? dose : null,
      performerDisplay: clip(i.performer?.[0]?.actor.display, 200),
      note: joinNotes(i.note),
      recordedAt: i.recorded ?? null,
    };
  },
  async write(tx, rows, ctx) {
    return insertSourced(
      tx,
      immunization,
      rows.map((r) => ({
        ...r,
        row: {
          ...sourcedColumns(r, ctx),
          id: newId(),
          encounterId: encounterIdOf(r.row.encounter, ctx),
          vaccineSystem: 'cvx' as const,
          vaccineCode: r.row.code,
          vaccineDisplay: r.row.display,
          status: r.row.status,
          notDoneReason: r.row.notDoneReason,
          occurrenceDate: r.row.occurrenceDate,
          lotNumber: r.row.lotNumber,
          site: r.row.site,
          route: r.row.route,
          doseNumber: r.row.doseNumber,
          performerId: null,
          performerDisplay: r.row.performerDisplay,
          note: r.row.note,
          errorReason: r.row.status === 'entered_in_error' ? inError : null,
          recordedBy: null,
          recordedAt: r.row.recordedAt ?? ctx.now,
          updatedBy: null,
        },
      })),
    );
  },
});

// ---- Procedure ----

const procedureSystems: readonly [string, ProcedureCodeSystem][] = [
  [snomedSystem, 'snomed'],
  ['http://www.ama-assn.org/go/cpt', 'cpt'],
  ['https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets', 'hcpcs'],
  ['http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets', 'hcpcs'],
];

const procedureStatusByFhir: Readonly<Record<string, ProcedureStatus>> = {
  preparation: 'preparation',
  'in-progress': 'in_progress',
  'not-done': 'not_done',
  'on-hold': 'on_hold',
  stopped: 'stopped',
  completed: 'completed',
  'entered-in-error': 'entered_in_error',
  unknown: 'unknown',
};

export const fhirProcedure = z.object({
  status: z.enum(Object.keys(procedureStatusByFhir) as [string, ...string[]]),
  code: fhirCodeableConcept,
  encounter: fhirReference.optional(),
  performedDateTime: fhirDateTime.optional(),
  performedPeriod: fhirPeriod.optional(),
  bodySite: z.array(fhirCodeableConcept).optional(),
  outcome: fhirCodeableConcept.optional(),
  performer,
  note: notes,
});

export interface ProcedureImportRow {
  encounter: BundleEntry | null;
  codeSystem: ProcedureCodeSystem;
  code: string;
  display: string;
  status: ProcedureStatus;
  performedStart: Date;
  performedEnd: Date | null;
  bodySiteCode: string | null;
  bodySiteDisplay: string | null;
  outcome: string | null;
  performerDisplay: string | null;
}

export const procedureFhirMapper = defineFhirMapper<ProcedureImportRow>({
  resourceType: 'Procedure',
  order: 30,
  parse(resource, ctx) {
    const p = ctx.validate(fhirProcedure, resource);
    if (!p) return null;
    let coded: { codeSystem: ProcedureCodeSystem; code: string } | null = null;
    for (const [system, ours] of procedureSystems) {
      const code = codingOf(p.code, system)?.code?.trim();
      if (code && code.length <= 40) {
        coded = { codeSystem: ours, code };
        break;
      }
    }
    if (!coded) {
      ctx.warn(
        'code',
        'code.unsupported_system',
        'has no SNOMED CT, CPT or HCPCS code: not imported',
      );
      return null;
    }
    const start = p.performedDateTime ?? p.performedPeriod?.start ?? p.performedPeriod?.end;
    if (!start) {
      ctx.warn('performed[x]', 'date.missing', 'has no time: not imported');
      return null;
    }
    const end = p.performedPeriod?.end;
    const site = p.bodySite?.[0];
    const outcome = [conceptText(p.outcome), ...(p.note ?? []).map((n) => n.text)].filter(
      (t): t is string => !!t,
    );
    return {
      encounter: encounterEntryOf(p.encounter, ctx),
      ...coded,
      display: clip(conceptText(p.code), 300) ?? coded.code,
      status: procedureStatusByFhir[p.status] ?? 'unknown',
      performedStart: start,
      performedEnd: end && end > start ? end : null,
      bodySiteCode: clip(codingOf(site)?.code, 40),
      bodySiteDisplay: clip(conceptText(site), 200),
      outcome: clip(outcome.length > 0 ? outcome.join('\n') : undefined, 2000),
      performerDisplay: clip(p.performer?.[0]?.actor.display, 200),
    };
  },
  async write(tx, rows, ctx) {
    return insertSourced(
      tx,
      clinicalProcedure,
      rows.map((r) => ({
        ...r,
        row: {
          ...sourcedColumns(r, ctx),
          id: newId(),
          encounterId: encounterIdOf(r.row.encounter, ctx),
          codeSystem: r.row.codeSystem,
          code: r.row.code,
          display: r.row.display,
          status: r.row.status,
          performedStart: r.row.performedStart,
          performedEnd: r.row.performedEnd,
          bodySiteCode: r.row.bodySiteCode,
          bodySiteDisplay: r.row.bodySiteDisplay,
          outcome: r.row.outcome,
          performerId: null,
          performerDisplay: r.row.performerDisplay,
          errorReason: r.row.status === 'entered_in_error' ? inError : null,
          recordedBy: null,
          recordedAt: ctx.now,
          updatedBy: null,
        },
      })),
    );
  },
});

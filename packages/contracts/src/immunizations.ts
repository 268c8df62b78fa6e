import { z } from 'zod';
import { instant, isoDate, multiLine, page, singleLine, uuid } from './common.js';

// ---- Immunizations and procedures (issue 6 point 9; migration 0470) ----

/**
 * Common adult and childhood vaccines with their CDC CVX codes (the CVX code set,
 * https://www2a.cdc.gov/vaccines/iis/iisstandards/vaccines.asp?rpt=cvx; see
 * apps/server/src/modules/clinical/immunizations/SOURCE.md). Other valid CVX codes are
 * accepted with the display the client sends (imports keep theirs).
 */
export const cvxVaccines = [
  { code: '08', display: 'Hep B, adolescent or pediatric' },
  { code: '43', display: 'Hep B, adult' },
  { code: '83', display: 'Hep A, ped/adol, 2 dose' },
  { code: '52', display: 'Hep A, adult' },
  { code: '20', display: 'DTaP' },
  { code: '110', display: 'DTaP-Hep B-IPV' },
  { code: '120', display: 'DTaP-Hib-IPV' },
  { code: '10', display: 'IPV' },
  { code: '49', display: 'Hib (PRP-OMP)' },
  { code: '48', display: 'Hib (PRP-T)' },
  { code: '116', display: 'rotavirus, pentavalent' },
  { code: '119', display: 'rotavirus, monovalent' },
  { code: '133', display: 'Pneumococcal conjugate PCV 13' },
  { code: '215', display: 'Pneumococcal conjugate PCV15' },
  { code: '216', display: 'Pneumococcal conjugate PCV20' },
  { code: '33', display: 'pneumococcal polysaccharide PPV23' },
  { code: '03', display: 'MMR' },
  { code: '21', display: 'varicella' },
  { code: '94', display: 'MMRV' },
  { code: '115', display: 'Tdap' },
  { code: '113', display: 'Td (adult) preservative free' },
  { code: '62', display: 'HPV, quadrivalent' },
  { code: '165', display: 'HPV9' },
  { code: '114', display: 'meningococcal MCV4P' },
  { code: '136', display: 'Meningococcal MCV4O' },
  { code: '162', display: 'meningococcal B, recombinant' },
  { code: '140', display: 'Influenza, seasonal, injectable, preservative free' },
  { code: '141', display: 'Influenza, seasonal, injectable' },
  { code: '150', display: 'Influenza, injectable, quadrivalent, preservative free' },
  { code: '158', display: 'influenza, injectable, quadrivalent' },
  { code: '121', display: 'zoster live' },
  { code: '187', display: 'zoster recombinant' },
  { code: '207', display: 'COVID-19, mRNA, LNP-S, PF, 100 mcg/0.5mL dose' },
  { code: '208', display: 'COVID-19, mRNA, LNP-S, PF, 30 mcg/0.3 mL dose' },
  { code: '213', display: 'SARS-COV-2 (COVID-19) vaccine, UNSPECIFIED FORMULATION' },
  { code: '25', display: 'typhoid, oral' },
  { code: '37', display: 'yellow fever' },
  { code: '18', display: 'rabies, intramuscular injection' },
] as const;

export const cvxCode = z.string().regex(/^[0-9]{1,3}$/, { message: 'must be a CVX code' });

/** Administration sites, HL7 v2 table 0163 (the codes immunization registries use). */
export const immunizationSites = [
  'LA',
  'RA',
  'LD',
  'RD',
  'LT',
  'RT',
  'LVL',
  'RVL',
  'LG',
  'RG',
] as const;
/** Administration routes, HL7 v2 table 0162. */
export const immunizationRoutes = ['IM', 'SC', 'ID', 'PO', 'NS', 'IV'] as const;

export const immunizationStatus = z.enum(['completed', 'not_done', 'entered_in_error']);
export type ImmunizationStatus = z.infer<typeof immunizationStatus>;

const note = multiLine(2000)
  .transform((s) => s.trim())
  .transform((s) => (s === '' ? null : s));

/** POST /api/v1/patients/:id/immunizations. A not-done immunization needs its reason. */
export const immunizationInput = z
  .strictObject({
    vaccine: z.strictObject({ code: cvxCode, display: singleLine(300).optional() }),
    status: z.enum(['completed', 'not_done']).default('completed'),
    notDoneReason: singleLine(500).optional(),
    occurrenceDate: isoDate,
    lotNumber: singleLine(50).optional(),
    site: z.enum(immunizationSites).optional(),
    route: z.enum(immunizationRoutes).optional(),
    doseNumber: z.number().int().min(1).max(20).optional(),
    /** Who gave it when it was not one of our users (given elsewhere). */
    performerDisplay: singleLine(200).optional(),
    note: note.nullable().default(null),
    encounterId: uuid.nullable().default(null),
  })
  .superRefine((v, ctx) => {
    if (v.status === 'not_done' && v.notDoneReason === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['notDoneReason'],
        message: 'say why the vaccine was not given',
      });
    }
    if (v.status === 'completed' && v.notDoneReason !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['notDoneReason'],
        message: 'only a not-done immunization has a reason',
      });
    }
  });
export type ImmunizationInput = z.input<typeof immunizationInput>;

export const immunizationActor = z.object({ id: uuid, name: z.string() });

export const immunization = z.object({
  id: uuid,
  patientId: uuid,
  encounterId: uuid.nullable(),
  vaccine: z.object({ system: z.literal('cvx'), code: z.string(), display: z.string() }),
  status: immunizationStatus,
  notDoneReason: z.string().nullable(),
  occurrenceDate: isoDate,
  lotNumber: z.string().nullable(),
  site: z.string().nullable(),
  route: z.string().nullable(),
  doseNumber: z.number().int().nullable(),
  performer: z.object({ id: uuid.nullable(), name: z.string() }).nullable(),
  note: z.string().nullable(),
  errorReason: z.string().nullable(),
  recordedBy: immunizationActor.nullable(),
  recordedAt: instant,
  sourceSystem: z.string().nullable(),
  sourceId: z.string().nullable(),
  version: z.number().int(),
});
export type Immunization = z.infer<typeof immunization>;
export const immunizationPage = page(immunization);
export type ImmunizationPage = z.infer<typeof immunizationPage>;

/** POST /api/v1/immunizations/:id/entered-in-error and /procedures/:id/... (If-Match). */
export const immunizationErrorInput = z.strictObject({ reason: singleLine(500) });
export type ImmunizationErrorInput = z.input<typeof immunizationErrorInput>;

/** Lists newest first; entered-in-error rows are left out unless asked for. */
export const immunizationListQuery = z.strictObject({
  includeEnteredInError: z.stringbool().default(false),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(512).optional(),
});
export type ImmunizationListQuery = z.input<typeof immunizationListQuery>;

// ---- Procedures ----

export const procedureCodeSystem = z.enum(['snomed', 'cpt', 'hcpcs']);
export type ProcedureCodeSystem = z.infer<typeof procedureCodeSystem>;

const procedureCodePatterns: Record<ProcedureCodeSystem, RegExp> = {
  snomed: /^[0-9]{6,18}$/,
  // CPT: five characters, digits or four digits and F/T (Category II/III).
  cpt: /^[0-9]{4}[0-9FT]$/,
  // HCPCS Level II: a letter and four digits.
  hcpcs: /^[A-V][0-9]{4}$/,
};

export const procedureStatuses = [
  'preparation',
  'in_progress',
  'not_done',
  'on_hold',
  'stopped',
  'completed',
  'entered_in_error',
  'unknown',
] as const;
export const procedureStatus = z.enum(procedureStatuses);
export type ProcedureStatus = z.infer<typeof procedureStatus>;

/** POST /api/v1/patients/:id/procedures. */
export const procedureInput = z
  .strictObject({
    code: z.strictObject({
      system: procedureCodeSystem,
      code: z.string().trim().toUpperCase().max(40),
      display: singleLine(300),
    }),
    status: procedureStatus.exclude(['entered_in_error']).default('completed'),
    performedStart: instant,
    performedEnd: instant.optional(),
    bodySite: z
      .strictObject({
        code: z
          .string()
          .regex(/^[0-9]{6,18}$/, { message: 'must be a SNOMED CT concept id' })
          .optional(),
        display: singleLine(200),
      })
      .optional(),
    outcome: note.nullable().default(null),
    performerDisplay: singleLine(200).optional(),
    encounterId: uuid.nullable().default(null),
  })
  .superRefine((v, ctx) => {
    if (!procedureCodePatterns[v.code.system].test(v.code.code)) {
      ctx.addIssue({
        code: 'custom',
        path: ['code', 'code'],
        message: `is not a ${v.code.system === 'snomed' ? 'SNOMED CT' : v.code.system.toUpperCase()} code`,
      });
    }
    if (v.performedEnd && new Date(v.performedEnd) < new Date(v.performedStart)) {
      ctx.addIssue({
        code: 'custom',
        path: ['performedEnd'],
        message: 'must not precede performedStart',
      });
    }
  });
export type ProcedureInput = z.input<typeof procedureInput>;

export const procedure = z.object({
  id: uuid,
  patientId: uuid,
  encounterId: uuid.nullable(),
  code: z.object({ system: procedureCodeSystem, code: z.string(), display: z.string() }),
  status: procedureStatus,
  performedStart: instant,
  performedEnd: instant.nullable(),
  bodySite: z.object({ code: z.string().nullable(), display: z.string().nullable() }).nullable(),
  outcome: z.string().nullable(),
  performer: z.object({ id: uuid.nullable(), name: z.string() }).nullable(),
  errorReason: z.string().nullable(),
  recordedBy: immunizationActor.nullable(),
  recordedAt: instant,
  sourceSystem: z.string().nullable(),
  sourceId: z.string().nullable(),
  version: z.number().int(),
});
export type Procedure = z.infer<typeof procedure>;
export const procedurePage = page(procedure);
export type ProcedurePage = z.infer<typeof procedurePage>;

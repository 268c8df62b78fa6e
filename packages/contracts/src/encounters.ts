import { z } from 'zod';
import { instant, singleLine, uuid } from './common.js';

// ---- Vocabulary (FHIR R4 Encounter: class, status, participant type) ----

export const encounterClasses = ['ambulatory', 'inpatient', 'emergency', 'virtual'] as const;
export const encounterClass = z.enum(encounterClasses);
export type EncounterClass = z.infer<typeof encounterClass>;

/**
 * Classes staff open by hand. A visit's encounter opens at check-in (ambulatory, or virtual
 * for video) and a stay's on admission (inpatient); an emergency visit, or care given outside
 * the calendar, is started here.
 */
export const manualEncounterClass = z.enum(['emergency', 'ambulatory', 'virtual']);

export const encounterStatuses = [
  'planned',
  'in_progress',
  'finished',
  'cancelled',
  'entered_in_error',
] as const;
export const encounterStatus = z.enum(encounterStatuses);
export type EncounterStatus = z.infer<typeof encounterStatus>;

export const encounterParticipantRoles = [
  'attending',
  'admitting',
  'primary',
  'consultant',
  'participant',
] as const;
export const encounterParticipantRole = z.enum(encounterParticipantRoles);
export type EncounterParticipantRole = z.infer<typeof encounterParticipantRole>;

export const encounterDiagnosisRank = z.enum(['principal', 'secondary']);
export type EncounterDiagnosisRank = z.infer<typeof encounterDiagnosisRank>;

// ---- Pure rules ----

/** What can be done to an encounter by hand. */
export type EncounterStep = 'update' | 'finish' | 'enter_in_error' | 'diagnose';

const stepFrom: Readonly<Record<EncounterStep, readonly EncounterStatus[]>> = {
  update: ['planned', 'in_progress', 'finished'],
  finish: ['planned', 'in_progress'],
  enter_in_error: ['planned', 'in_progress', 'finished', 'cancelled'],
  // Coding usually completes after the visit: a finished encounter still takes diagnoses.
  diagnose: ['planned', 'in_progress', 'finished'],
};

/** Whether an encounter in `status` allows `step` (a retired one allows nothing). */
export function encounterStepAllowed(step: EncounterStep, status: EncounterStatus): boolean {
  return stepFrom[step].includes(status);
}

const icd10cmPattern = /^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$/;

/**
 * An ICD-10-CM code as staff type it (`e119`, ` E11.9 `) in the dotted form the code set and
 * the database keep (`E11.9`): upper case, the dot after the category's three characters.
 */
export function toDottedIcd10cm(raw: string): string {
  const compact = raw.trim().toUpperCase().replace(/\./g, '');
  return compact.length > 3 ? `${compact.slice(0, 3)}.${compact.slice(3)}` : compact;
}

export const icd10cmCodeInput = z
  .string()
  .max(10)
  .transform(toDottedIcd10cm)
  .pipe(
    z.string().regex(icd10cmPattern, {
      message: 'must be an ICD-10-CM code such as E11.9',
    }),
  );

// ---- Bodies, queries, params ----

export const encounterParticipantInput = z.strictObject({
  practitionerId: uuid,
  role: encounterParticipantRole,
});

/** Each practitioner once per role. */
const participantList = z
  .array(encounterParticipantInput)
  .max(20)
  .refine(
    (list) => new Set(list.map((p) => `${p.practitionerId}/${p.role}`)).size === list.length,
    { message: 'names a practitioner twice in the same role' },
  );

export const createEncounterInput = z.strictObject({
  patientId: uuid,
  facilityId: uuid,
  class: manualEncounterClass,
  reason: singleLine(500).nullable().default(null),
  participants: participantList.default([]),
  /** When care began; now if left out. Not in the future. */
  startedAt: instant.optional(),
});
export type CreateEncounterInput = z.infer<typeof createEncounterInput>;

export const updateEncounterInput = z
  .strictObject({
    reason: singleLine(500).nullable().optional(),
    /** The whole new list: it replaces the participants. */
    participants: participantList.optional(),
  })
  .refine((b) => b.reason !== undefined || b.participants !== undefined, {
    message: 'send reason or participants',
  });
export type UpdateEncounterInput = z.infer<typeof updateEncounterInput>;

export const finishEncounterInput = z.strictObject({
  /** When care ended; now if left out. */
  endedAt: instant.optional(),
});

export const encounterEnteredInErrorInput = z.strictObject({ reason: singleLine(500) });

export const addEncounterDiagnosisInput = z.strictObject({
  code: icd10cmCodeInput,
  rank: encounterDiagnosisRank,
});
export type AddEncounterDiagnosisInput = z.infer<typeof addEncounterDiagnosisInput>;

/**
 * The new order of an encounter's active diagnoses, naming each exactly once: the principal
 * (or none) and the secondaries in order. Swapping the principal is one such request.
 */
export const orderEncounterDiagnosesInput = z.strictObject({
  principalId: uuid.nullable(),
  secondaryIds: z
    .array(uuid)
    .max(50)
    .refine((ids) => new Set(ids).size === ids.length, { message: 'names a diagnosis twice' }),
});
export type OrderEncounterDiagnosesInput = z.infer<typeof orderEncounterDiagnosesInput>;

export const removeEncounterDiagnosisInput = z.strictObject({ reason: singleLine(500) });

export const encounterDiagnosisParams = z.strictObject({ id: uuid, diagnosisId: uuid });

export const encounterTimelineQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
  /** Encounters entered in error are left out unless asked for. */
  includeEnteredInError: z.stringbool().default(false),
});
export type EncounterTimelineQuery = z.infer<typeof encounterTimelineQuery>;

// ---- Answers ----

export const encounterParticipant = z.object({
  practitionerId: uuid.nullable(),
  /** The practitioner's name, or the name an imported record carried. */
  display: z.string().nullable(),
  role: encounterParticipantRole,
});
export type EncounterParticipant = z.infer<typeof encounterParticipant>;

export const encounterDiagnosis = z.object({
  id: uuid,
  code: z.string(),
  display: z.string(),
  rank: encounterDiagnosisRank,
  position: z.number().int(),
  status: z.enum(['active', 'entered_in_error']),
  createdAt: instant,
  removedAt: instant.nullable(),
  removedReason: z.string().nullable(),
});
export type EncounterDiagnosis = z.infer<typeof encounterDiagnosis>;

export const encounterFacility = z.object({ id: uuid, name: z.string(), timeZone: z.string() });

export const encounter = z.object({
  id: uuid,
  patientId: uuid,
  /** Null for an encounter imported from another organisation. */
  facility: encounterFacility.nullable(),
  class: encounterClass,
  status: encounterStatus,
  /** Why it was entered in error or cancelled. */
  statusReason: z.string().nullable(),
  typeCode: z.string().nullable(),
  typeDisplay: z.string().nullable(),
  reason: z.string().nullable(),
  startedAt: instant,
  endedAt: instant.nullable(),
  /** The visit (check-in) or the stay (admission) that opened it. */
  appointmentId: uuid.nullable(),
  stayId: uuid.nullable(),
  participants: z.array(encounterParticipant),
  version: z.number().int(),
});
export type Encounter = z.infer<typeof encounter>;

export const encounterDetail = encounter.extend({
  /** Active diagnoses (principal first, then secondaries by position), then retired ones. */
  diagnoses: z.array(encounterDiagnosis),
});
export type EncounterDetail = z.infer<typeof encounterDetail>;

export const encounterTimelineItem = encounter.extend({
  principalDiagnosis: z.object({ code: z.string(), display: z.string() }).nullable(),
});
export type EncounterTimelineItem = z.infer<typeof encounterTimelineItem>;

export const encounterTimelinePage = z.object({
  items: z.array(encounterTimelineItem),
  nextCursor: z.string().nullable(),
});
export type EncounterTimelinePage = z.infer<typeof encounterTimelinePage>;

// ---- What was recorded during an encounter ----

export const encounterEntryKinds = [
  'vitals',
  'problem',
  'allergy',
  'prescription',
  'home_medication',
  'note',
  'lab_order',
  'immunization',
  'procedure',
] as const;
export const encounterEntryKind = z.enum(encounterEntryKinds);
export type EncounterEntryKind = z.infer<typeof encounterEntryKind>;

/**
 * One record made during the encounter, as a line of its summary: what (`display`, a code
 * when it has one), when, and its status in its own area's vocabulary. Vitals carry their
 * NEWS2 (null when incomplete); an immunization's `at` is its date at 00:00 UTC.
 */
export const encounterEntry = z.object({
  kind: encounterEntryKind,
  id: uuid,
  at: instant,
  display: z.string().nullable(),
  code: z.string().nullable(),
  status: z.string(),
  news2Total: z.number().int().nullable(),
});
export type EncounterEntry = z.infer<typeof encounterEntry>;

export const encounterEntriesLimit = 100;

/** The newest `encounterEntriesLimit` entries, and how many of each kind there are in all. */
export const encounterEntries = z.object({
  items: z.array(encounterEntry),
  counts: z.partialRecord(encounterEntryKind, z.number().int()),
  total: z.number().int(),
});
export type EncounterEntries = z.infer<typeof encounterEntries>;

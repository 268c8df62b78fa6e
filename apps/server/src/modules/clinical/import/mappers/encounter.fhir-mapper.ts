// FHIR R4 Encounter -> encounter (+ encounter_participant with names only: imported
// practitioners are not our staff). Imported encounters happened elsewhere: no facility,
// no appointment or stay.
import { z } from 'zod';
import type {
  EncounterClass,
  EncounterParticipantRole,
  EncounterStatus,
} from '@meridian/contracts';
import type { DbOrTx } from '../../../../platform/db.js';
import { newId } from '../../../../platform/ids.js';
import { insertRowsSql } from '../../../../platform/bulk-insert.js';
import {
  encounter,
  encounterParticipant,
  type NewEncounterRow,
} from '../../encounters/encounters.tables.js';
import type { BundleEntry } from '../bundle-reader.js';
import { defineFhirMapper, type ParseContext } from '../fhir-mapper.js';
import {
  clip,
  codingOf,
  conceptText,
  fhirCodeableConcept,
  fhirCoding,
  fhirPeriodWithStart,
  fhirReference,
  ruleIssue,
  snomedSystem,
} from '../fhir-types.js';
import { insertSourced } from '../sourced-insert.js';

// http://terminology.hl7.org/CodeSystem/v3-ActCode, the codes R4's Encounter.class uses.
const classByActCode: Readonly<Record<string, EncounterClass>> = {
  AMB: 'ambulatory',
  FLD: 'ambulatory',
  HH: 'ambulatory',
  PRENC: 'ambulatory',
  IMP: 'inpatient',
  ACUTE: 'inpatient',
  NONAC: 'inpatient',
  OBSENC: 'inpatient',
  SS: 'inpatient',
  EMER: 'emergency',
  VR: 'virtual',
};

// http://hl7.org/fhir/R4/valueset-encounter-status.html; `unknown` has no equivalent.
const statusByFhir: Readonly<Record<string, EncounterStatus>> = {
  planned: 'planned',
  arrived: 'in_progress',
  triaged: 'in_progress',
  'in-progress': 'in_progress',
  onleave: 'in_progress',
  finished: 'finished',
  cancelled: 'cancelled',
  'entered-in-error': 'entered_in_error',
};

// http://terminology.hl7.org/CodeSystem/v3-ParticipationType.
const roleByParticipationType: Readonly<Record<string, EncounterParticipantRole>> = {
  ATND: 'attending',
  ADM: 'admitting',
  PPRF: 'primary',
  CON: 'consultant',
};

export const fhirEncounter = z.object({
  status: z.string().superRefine((s, ctx) => {
    if (!(s in statusByFhir)) {
      ruleIssue(ctx, 'code.unsupported', `must be one of ${Object.keys(statusByFhir).join(', ')}`);
    }
  }),
  class: fhirCoding.superRefine((c, ctx) => {
    if (!c.code || !(c.code in classByActCode)) {
      ruleIssue(
        ctx,
        'code.unsupported',
        `must be a v3-ActCode encounter class (${Object.keys(classByActCode).join(', ')})`,
        ['code'],
      );
    }
  }),
  type: z.array(fhirCodeableConcept).optional(),
  reasonCode: z.array(fhirCodeableConcept).optional(),
  period: fhirPeriodWithStart,
  participant: z
    .array(
      z.object({
        type: z.array(fhirCodeableConcept).optional(),
        individual: fhirReference.optional(),
      }),
    )
    .optional(),
});
export type FhirEncounter = z.output<typeof fhirEncounter>;

/** The encounter's columns known from the resource alone (the patient comes at write time). */
type EncounterColumns = Omit<
  NewEncounterRow,
  'patientId' | 'createdAt' | 'updatedAt' | 'createdBy' | 'updatedBy'
>;

export interface EncounterImportRow {
  encounter: EncounterColumns;
  participants: { display: string; role: EncounterParticipantRole }[];
}

const namedResource = z.object({
  name: z
    .array(
      z.object({
        text: z.string().optional(),
        prefix: z.array(z.string()).optional(),
        given: z.array(z.string()).optional(),
        family: z.string().optional(),
      }),
    )
    .optional(),
});

/** "Dr. Barry Nicolas" from a Practitioner (or RelatedPerson, Patient) resource's name. */
export function personDisplay(resource: Record<string, unknown> | null): string | undefined {
  const parsed = namedResource.safeParse(resource);
  const name = parsed.success ? parsed.data.name?.[0] : undefined;
  if (!name) return undefined;
  if (name.text?.trim()) return name.text.trim();
  const parts = [...(name.prefix ?? []), ...(name.given ?? []), name.family ?? '']
    .map((p) => p.trim())
    .filter((p) => p !== '');
  return parts.length > 0 ? parts.join(' ') : undefined;
}

function participantsOf(e: FhirEncounter, ctx: ParseContext): EncounterImportRow['participants'] {
  const out: EncounterImportRow['participants'] = [];
  (e.participant ?? []).forEach((p, i) => {
    const code = p.type?.flatMap((t) => t.coding ?? []).find((c) => c.code)?.code;
    const role = (code && roleByParticipationType[code]) || 'participant';
    let display = p.individual?.display;
    if (!display && p.individual?.reference) {
      const target = ctx.reference(p.individual.reference, `participant[${i}].individual`, {
        types: ['Practitioner', 'PractitionerRole', 'RelatedPerson', 'Patient'],
        optional: true,
      });
      display = personDisplay(target?.resource ?? null);
    }
    const clipped = clip(display, 200);
    if (clipped) out.push({ display: clipped, role });
  });
  return out;
}

/** The encounter's row (pure): class, status, SNOMED type, reason, period, participants. */
export function mapEncounter(e: FhirEncounter, ctx: ParseContext): EncounterImportRow {
  const type = e.type?.find((t) => codingOf(t, snomedSystem)) ?? e.type?.[0];
  const typeCoding = codingOf(type, snomedSystem) ?? codingOf(type);
  const reasons = (e.reasonCode ?? []).map(conceptText).filter((r) => r !== undefined);
  return {
    encounter: {
      id: newId(),
      facilityId: null,
      class: classByActCode[e.class.code ?? ''] ?? 'ambulatory',
      status: statusByFhir[e.status] ?? 'finished',
      typeCode: clip(typeCoding?.code, 40),
      typeDisplay: clip(conceptText(type), 200),
      reason: clip(reasons.length > 0 ? reasons.join('; ') : undefined, 500),
      // fhirPeriodWithStart refused a period without a start.
      startedAt: e.period.start!,
      endedAt: e.period.end ?? null,
      sourceSystem: ctx.source.system,
      sourceId: ctx.source.id,
      version: 1,
    },
    participants: participantsOf(e, ctx),
  };
}

async function insertParticipants(
  tx: DbOrTx,
  rows: { encounterId: string; display: string; role: EncounterParticipantRole }[],
): Promise<void> {
  if (rows.length === 0) return;
  await tx.execute(insertRowsSql(encounterParticipant, rows));
}

export const encounterFhirMapper = defineFhirMapper<EncounterImportRow>({
  resourceType: 'Encounter',
  order: 10,
  parse(resource, ctx) {
    const e = ctx.validate(fhirEncounter, resource);
    return e ? mapEncounter(e, ctx) : null;
  },
  async write(tx, rows, ctx) {
    const stamped = rows.map((r) => ({
      ...r,
      row: {
        ...r.row.encounter,
        sourceSystem: r.source.system,
        sourceId: r.source.id,
        patientId: ctx.patientId,
        createdBy: ctx.actorUserId,
        updatedBy: ctx.actorUserId,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      },
    }));
    const written = await insertSourced(tx, encounter, stamped);
    const participantsByEntry = new Map<BundleEntry, EncounterImportRow['participants']>(
      rows.map((r) => [r.entry, r.row.participants]),
    );
    // Participants only for encounters new in this import: they came with their encounter.
    await insertParticipants(
      tx,
      written
        .filter((w) => w.inserted)
        .flatMap((w) =>
          (participantsByEntry.get(w.entry) ?? []).map((p) => ({ encounterId: w.id, ...p })),
        ),
    );
    return written;
  },
});

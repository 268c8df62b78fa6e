// FHIR R4 AllergyIntolerance -> allergy_intolerance. The substance: an RxNorm code that is an
// ingredient of our drug catalogue becomes 'rxnorm' (decision support checks it), else a
// SNOMED CT code 'snomed', else the text. The database writes the history snapshot and
// retires a "no known allergies" assessment (migration 0430's triggers), as for the API.
// A second in-force allergy to a substance the patient already has in force is the same
// allergy (allergy_intolerance_one_active_per_substance): it is answered with that row.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type {
  AllergyCategory,
  AllergyClinicalStatus,
  AllergyCriticality,
  AllergyReaction,
  AllergyVerificationStatus,
  ReactionSeverity,
} from '@meridian/contracts';
import { newId } from '../../../platform/ids.js';
import type { BundleEntry } from '../import/bundle-reader.js';
import { defineFhirMapper, type WrittenEntry } from '../import/fhir-mapper.js';
import {
  clip,
  codingOf,
  conceptText,
  fhirCodeableConcept,
  fhirDateTime,
  fhirReference,
  ruleIssue,
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
import { allergyIntolerance } from './allergies.tables.js';

export const rxnormSystem = 'http://www.nlm.nih.gov/research/umls/rxnorm';

const categories = ['medication', 'food', 'environment', 'biologic'] as const;
const clinicalByFhir: Readonly<Record<string, AllergyClinicalStatus>> = {
  active: 'active',
  inactive: 'inactive',
  resolved: 'resolved',
};
const verificationByFhir: Readonly<Record<string, AllergyVerificationStatus>> = {
  unconfirmed: 'unconfirmed',
  confirmed: 'confirmed',
  refuted: 'refuted',
  'entered-in-error': 'entered_in_error',
};
const criticalityByFhir: Readonly<Record<string, AllergyCriticality>> = {
  low: 'low',
  high: 'high',
  'unable-to-assess': 'unable_to_assess',
};

const codedStatus = (codes: Readonly<Record<string, unknown>>) =>
  fhirCodeableConcept.superRefine((c, ctx) => {
    const code = codingOf(c)?.code;
    if (!code || !(code in codes)) {
      ruleIssue(ctx, 'code.unsupported', `must be one of ${Object.keys(codes).join(', ')}`, [
        'coding',
      ]);
    }
  });

export const fhirAllergyIntolerance = z.object({
  clinicalStatus: codedStatus(clinicalByFhir).optional(),
  verificationStatus: codedStatus(verificationByFhir).optional(),
  type: z.enum(['allergy', 'intolerance']).optional(),
  category: z.array(z.enum(categories)).optional(),
  criticality: z.enum(['low', 'high', 'unable-to-assess']).optional(),
  code: fhirCodeableConcept,
  encounter: fhirReference.optional(),
  onsetDateTime: fhirDateText.optional(),
  onsetString: z.string().optional(),
  recordedDate: fhirDateTime.optional(),
  lastOccurrence: fhirDateText.optional(),
  note: z.array(z.object({ text: z.string() })).optional(),
  reaction: z
    .array(
      z.object({
        manifestation: z.array(fhirCodeableConcept).min(1),
        severity: z.enum(['mild', 'moderate', 'severe']).optional(),
      }),
    )
    .optional(),
});

export interface AllergyImportRow {
  encounter: BundleEntry | null;
  category: AllergyCategory;
  /** The RxNorm code, when the resource has one: 'rxnorm' if it is a catalogue ingredient. */
  rxnormCode: string | null;
  snomedCode: string | null;
  display: string;
  type: 'allergy' | 'intolerance';
  criticality: AllergyCriticality;
  clinicalStatus: AllergyClinicalStatus;
  verificationStatus: AllergyVerificationStatus;
  reactions: AllergyReaction[];
  onset: string | null;
  lastOccurrence: string | null;
  note: string | null;
  recordedAt: Date | null;
}

export const allergyFhirMapper = defineFhirMapper<AllergyImportRow>({
  resourceType: 'AllergyIntolerance',
  order: 20,
  parse(resource, ctx) {
    const a = ctx.validate(fhirAllergyIntolerance, resource);
    if (!a) return null;
    const display = clip(conceptText(a.code), 200);
    if (!display) {
      ctx.fail('code', 'required', 'needs a coding or text naming the substance');
      return null;
    }
    const rxnorm = codingOf(a.code, rxnormSystem)?.code?.trim();
    const snomed = codingOf(a.code, snomedSystem)?.code?.trim();
    const rxnormCode = rxnorm && /^[0-9]{1,10}$/.test(rxnorm) ? rxnorm : null;
    const snomedCode = snomed && /^[0-9]{6,18}$/.test(snomed) ? snomed : null;
    let category = a.category?.[0];
    if (!category) {
      category = rxnormCode ? 'medication' : 'environment';
      ctx.warn('category', 'category.assumed', `is missing: imported as ${category}`);
    }
    const reactions: AllergyReaction[] = [];
    const unrated: string[] = [];
    (a.reaction ?? []).forEach((r) => {
      for (const m of r.manifestation) {
        const text = clip(conceptText(m), 200);
        if (!text) continue;
        const code = codingOf(m, snomedSystem)?.code;
        if (!r.severity) {
          unrated.push(text);
          continue;
        }
        reactions.push({
          manifestation: text,
          ...(code && /^[0-9]{6,18}$/.test(code) ? { manifestationCode: code } : {}),
          severity: r.severity satisfies ReactionSeverity,
        });
      }
    });
    if (unrated.length > 0) {
      ctx.warn('reaction', 'severity.missing', 'reactions without a severity are kept in the note');
    }
    const notes = [
      ...(a.note ?? []).map((n) => n.text),
      ...(unrated.length > 0 ? [`Reactions (severity not recorded): ${unrated.join(', ')}`] : []),
    ];
    return {
      encounter: encounterEntryOf(a.encounter, ctx),
      category,
      rxnormCode,
      snomedCode,
      display,
      type: a.type ?? 'allergy',
      criticality: criticalityByFhir[a.criticality ?? 'unable-to-assess'] ?? 'unable_to_assess',
      // FHIR R4 requires the clinical status unless entered in error: absent, it is in force.
      clinicalStatus: clinicalByFhir[codingOf(a.clinicalStatus)?.code ?? 'active'] ?? 'active',
      verificationStatus:
        verificationByFhir[codingOf(a.verificationStatus)?.code ?? 'unconfirmed'] ?? 'unconfirmed',
      reactions: reactions.slice(0, 10),
      onset: a.onsetDateTime ? a.onsetDateTime.slice(0, 10) : clip(a.onsetString, 100),
      lastOccurrence: a.lastOccurrence ? calendarDate(a.lastOccurrence) : null,
      note: clip(notes.length > 0 ? notes.join('\n') : undefined, 2000),
      recordedAt: a.recordedDate ?? null,
    };
  },
  async write(tx, rows, ctx) {
    const rxcuis = [...new Set(rows.map((r) => r.row.rxnormCode).filter((c) => c !== null))];
    const ingredients = new Set<string>();
    if (rxcuis.length > 0) {
      const { rows: found } = await tx.execute<{ rxcui: string }>(
        sql`select rxcui from drug_ingredient where rxcui = any(${sql.param(rxcuis)}::text[])`,
      );
      for (const f of found) ingredients.add(f.rxcui);
    }
    const stamped = rows.map((r) => {
      const substance =
        r.row.rxnormCode && ingredients.has(r.row.rxnormCode)
          ? { substanceSystem: 'rxnorm' as const, substanceCode: r.row.rxnormCode }
          : r.row.snomedCode
            ? { substanceSystem: 'snomed' as const, substanceCode: r.row.snomedCode }
            : { substanceSystem: 'text' as const, substanceCode: null };
      return {
        ...r,
        row: {
          ...sourcedColumns(r, ctx),
          id: newId(),
          encounterId: encounterIdOf(r.row.encounter, ctx),
          category: r.row.category,
          ...substance,
          substanceDisplay: r.row.display,
          type: r.row.type,
          criticality: r.row.criticality,
          clinicalStatus: r.row.clinicalStatus,
          verificationStatus: r.row.verificationStatus,
          reactions: r.row.reactions,
          onset: r.row.onset,
          lastOccurrence: r.row.lastOccurrence,
          note: r.row.note,
          recordedBy: null,
          recordedAt: r.row.recordedAt ?? ctx.now,
          updatedBy: null,
          statusReason:
            r.row.verificationStatus === 'entered_in_error'
              ? 'Entered in error at the source'
              : null,
        },
      };
    });
    // The patient's in-force substances, held by rows of other sources (or entered here).
    const inForce = (s: (typeof stamped)[number]['row']) =>
      s.clinicalStatus === 'active' &&
      (s.verificationStatus === 'unconfirmed' || s.verificationStatus === 'confirmed');
    const keyOf = (s: {
      substanceSystem: string;
      substanceCode: string | null;
      substanceDisplay: string;
    }) => `${s.substanceSystem}|${s.substanceCode ?? s.substanceDisplay.trim().toLowerCase()}`;
    const held = await tx
      .select({
        id: allergyIntolerance.id,
        substanceSystem: allergyIntolerance.substanceSystem,
        substanceCode: allergyIntolerance.substanceCode,
        substanceDisplay: allergyIntolerance.substanceDisplay,
        sourceSystem: allergyIntolerance.sourceSystem,
        sourceId: allergyIntolerance.sourceId,
      })
      .from(allergyIntolerance)
      .where(
        and(
          eq(allergyIntolerance.patientId, ctx.patientId),
          eq(allergyIntolerance.clinicalStatus, 'active'),
          inArray(allergyIntolerance.verificationStatus, ['unconfirmed', 'confirmed']),
        ),
      );
    const heldBy = new Map(held.map((h) => [keyOf(h), h]));
    const merged = new Map<BundleEntry, string>();
    const toInsert: typeof stamped = [];
    const firstInBatch = new Map<string, (typeof stamped)[number]>();
    for (const s of stamped) {
      if (!inForce(s.row)) {
        toInsert.push(s);
        continue;
      }
      const key = keyOf(s.row);
      const h = heldBy.get(key);
      const same = h && h.sourceSystem === s.row.sourceSystem && h.sourceId === s.row.sourceId;
      if ((h && !same) || firstInBatch.has(key)) {
        merged.set(s.entry, h && !same ? h.id : firstInBatch.get(key)!.row.id);
        ctx.warn(
          s.entry,
          'code',
          'allergy.merged',
          'the patient already has an in-force allergy to this substance: answered with that entry',
        );
      } else {
        firstInBatch.set(key, s);
        toInsert.push(s);
      }
    }
    const written = await insertSourced(tx, allergyIntolerance, toInsert);
    // Tricky: a duplicate of a row this batch re-found (imported before) takes that row's id.
    const idByNew = new Map(toInsert.map((s, i) => [s.row.id, written[i]!.id]));
    const byEntry = new Map<BundleEntry, WrittenEntry>(written.map((w) => [w.entry, w]));
    return rows.map((r): WrittenEntry => {
      const own = byEntry.get(r.entry);
      if (own) return own;
      const target = merged.get(r.entry)!;
      return { entry: r.entry, id: idByNew.get(target) ?? target, inserted: false };
    });
  },
});

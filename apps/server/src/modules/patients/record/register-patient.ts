import { inArray } from 'drizzle-orm';
import {
  mrnFromSequence,
  type CreatePatient,
  type DuplicateCandidateRef,
  type Patient,
} from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import type { DbOrTx } from '../../../platform/db.js';
import { AppError, fieldError } from '../../../platform/errors.js';
import { newId } from '../../../platform/ids.js';
import type { Platform } from '../../../platform/platform.js';
import { recordHistory } from '../history/history.repository.js';
import type { MatchService, ScoredCandidate } from '../matching/match.types.js';
import { patient } from '../patients.tables.js';
import { historySnapshot, toPatient } from './patient-mapper.js';
import * as repo from './patient.repository.js';
import { identifierValueKey, recordColumns, toMatchInput } from './record-input.js';
import './record.errors.js';

export interface RecordDeps {
  platform: Platform;
  match: MatchService;
}

/** Refuses the request when a referenced facility or practitioner does not exist. */
export function assertReferences(check: repo.ReferenceCheck, refs: repo.References): void {
  if (!check.facilityFound) {
    throw fieldError('homeFacilityId', 'not_found', 'must be an existing facility');
  }
  if (refs.practitionerId !== null && check.practitionerName === null) {
    throw fieldError(
      'primaryCarePractitionerId',
      'not_found',
      'must be an active staff user with the physician role',
    );
  }
}

/** The identifiers as stored, each with its lookup key; an empty key names the field. */
export function identifierValues(input: CreatePatient['identifiers']): repo.IdentifierValues[] {
  return input.map((id, i) => {
    const valueKey = identifierValueKey(id.value);
    if (valueKey === '') {
      throw fieldError(
        `identifiers.${i}.value`,
        'invalid_format',
        'must contain letters or digits',
      );
    }
    return { ...id, valueKey };
  });
}

async function candidateRefs(
  tx: DbOrTx,
  candidates: readonly ScoredCandidate[],
): Promise<DuplicateCandidateRef[]> {
  const ids = candidates.map((c) => c.patientId);
  const rows = await tx
    .select({ id: patient.id, mrn: patient.mrn })
    .from(patient)
    .where(inArray(patient.id, ids));
  const mrns = new Map(rows.map((r) => [r.id, r.mrn]));
  return candidates.map((c) => ({
    id: c.patientId,
    mrn: mrns.get(c.patientId) ?? '',
    score: c.score,
    band: c.band,
  }));
}

/**
 * The duplicate check's verdict. Likely duplicates block unless the request overrides;
 * an override that lists the candidates it ruled out must have seen every likely one, so
 * a duplicate registered since the registrar looked still blocks.
 */
async function checkDuplicates(
  deps: RecordDeps,
  tx: DbOrTx,
  input: CreatePatient,
): Promise<{ candidates: ScoredCandidate[]; overridden: boolean }> {
  const candidates = await deps.match.findCandidates(tx, toMatchInput(input));
  const likely = candidates.filter((c) => c.band === 'likely');
  if (likely.length === 0) return { candidates, overridden: false };
  const override = input.duplicateOverride;
  const seen = new Set(override?.candidateIds ?? []);
  const unseen = likely.filter((c) => !seen.has(c.patientId));
  if (override && (seen.size === 0 || unseen.length === 0)) return { candidates, overridden: true };
  throw new AppError(
    'patient.likely_duplicate',
    override
      ? `${unseen.length} likely duplicate(s) were not among the candidates the override ruled out`
      : `${likely.length} existing record(s) are likely the same person; confirm with duplicateOverride and a reason to register anyway`,
    { candidates: await candidateRefs(tx, candidates) },
  );
}

/** Registers a patient: the duplicate check, the record, its identifiers, history and audit. */
export function registerPatient(
  deps: RecordDeps,
  principal: Principal,
  input: CreatePatient,
): Promise<Patient> {
  const { db, access, audit, clock, encryptor } = deps.platform;
  return db.transaction(async (tx) => {
    await access.requireAccess(tx, principal, 'patient.write', []);
    const refs = {
      facilityId: input.homeFacilityId ?? principal.currentFacilityId ?? null,
      practitionerId: input.primaryCarePractitionerId ?? null,
    };
    const identifiers = identifierValues(input.identifiers);
    const check = await repo.nextMrnAndReferences(tx, refs, input.birthDate);
    assertReferences(check, refs);
    const { candidates, overridden } = await checkDuplicates(deps, tx, input);

    const id = newId();
    const now = clock.now();
    const row = await repo.insertPatient(tx, {
      ...recordColumns({ ...input, homeFacilityId: refs.facilityId ?? undefined }),
      id,
      mrn: mrnFromSequence(check.mrnSequence),
      version: 1,
      status: 'active',
      ssnEncrypted: input.ssn ? encryptor.encrypt(input.ssn) : null,
      ssnLast4: input.ssn ? input.ssn.slice(-4) : null,
      createdAt: now,
      updatedAt: now,
      createdBy: principal.userId,
      updatedBy: principal.userId,
    });
    await repo.insertIdentifiers(tx, id, identifiers, now);

    if (overridden && input.duplicateOverride) {
      const overrideId = newId();
      const candidateIds = candidates.map((c) => c.patientId);
      await repo.insertDuplicateOverride(tx, {
        id: overrideId,
        patientId: id,
        candidateIds,
        topScore: Math.max(...candidates.map((c) => c.score)),
        reason: input.duplicateOverride.reason,
        createdAt: now,
        createdBy: principal.userId,
      });
      await audit.record(tx, {
        action: 'patient.duplicate_override',
        patientId: id,
        entityType: 'patient_duplicate_override',
        entityId: overrideId,
        details: { overrideId, candidateIds },
      });
    }

    const created = toPatient(row, {
      identifiers: input.identifiers,
      mrnAliases: [],
      primaryCarePractitioner:
        refs.practitionerId && check.practitionerName
          ? { id: refs.practitionerId, displayName: check.practitionerName }
          : null,
      hasPhoto: false,
    });
    await recordHistory(tx, {
      patientId: id,
      entityType: 'patient',
      entityId: id,
      version: 1,
      action: 'created',
      snapshot: historySnapshot(created),
      recordedAt: now,
      recordedBy: principal.userId,
    });
    await audit.record(tx, {
      action: 'patient.created',
      patientId: id,
      entityType: 'patient',
      entityId: id,
      details: { version: 1 },
    });
    return created;
  });
}

import { eq } from 'drizzle-orm';
import type {
  CreateEncounterInput,
  EncounterDetail,
  EncounterEntries,
  EncounterTimelinePage,
  EncounterTimelineQuery,
  UpdateEncounterInput,
} from '@meridian/contracts';
import { openFacility } from '../../../platform/auth/facility-scope.js';
import type { Principal } from '../../../platform/auth/principal.js';
import type { DbOrTx } from '../../../platform/db.js';
import { AppError, fieldError, notFound } from '../../../platform/errors.js';
import { startIdempotent, type IdempotencyClaim } from '../../../platform/http/idempotency.js';
import { newId } from '../../../platform/ids.js';
import type { Platform } from '../../../platform/platform.js';
import { findPatientStanding } from '../../patients/index.js';
import { selectEncounterEntries } from './encounter-entries.js';
import { selectEncounterDetail, selectTimeline, toTimelineItem } from './encounter-view.js';
import {
  momentOf,
  openEncounterForChange,
  requireNotManaged,
  requireParticipants,
} from './encounter-support.js';
import { encounter } from './encounters.tables.js';
import * as repo from './encounter.repository.js';
import { decodeTimelineCursor, encodeTimelineCursor } from './timeline-cursor.js';

type Who = Principal | null;

export interface CreateAnswer<T> {
  statusCode: number;
  body: T;
  replayed: boolean;
}

/** Encounters by hand (an emergency visit, care outside the calendar), reads and the timeline. */
export interface EncounterService {
  create(
    principal: Who,
    input: CreateEncounterInput,
    claim: IdempotencyClaim | null,
  ): Promise<CreateAnswer<EncounterDetail>>;
  update(
    principal: Who,
    id: string,
    v: number,
    input: UpdateEncounterInput,
  ): Promise<EncounterDetail>;
  finish(
    principal: Who,
    id: string,
    v: number,
    endedAt: string | undefined,
  ): Promise<EncounterDetail>;
  enterInError(principal: Who, id: string, v: number, reason: string): Promise<EncounterDetail>;
  get(principal: Who, id: string): Promise<EncounterDetail>;
  /** What was recorded during the encounter, across the clinical areas. */
  entries(principal: Who, id: string): Promise<EncounterEntries>;
  timeline(
    principal: Who,
    patientId: string,
    q: EncounterTimelineQuery,
  ): Promise<EncounterTimelinePage>;
}

/** The encounter as answered after a change (in the change's transaction). */
export async function detailOf(tx: DbOrTx, id: string): Promise<EncounterDetail> {
  const detail = await selectEncounterDetail(tx, id);
  if (!detail) throw new Error(`encounter ${id} vanished`);
  return detail;
}

export function createEncounterService(platform: Platform): EncounterService {
  const { db, audit, access, clock } = platform;

  /** One change of the row (prior version kept), audited. */
  async function change(
    tx: DbOrTx,
    principal: Who,
    row: { id: string; patientId: string; facilityId: string | null },
    action: string,
    set: repo.EncounterChange,
    details: Record<string, unknown> = {},
  ): Promise<void> {
    const actorUserId = principal?.userId ?? null;
    await repo.changeEncounters(tx, eq(encounter.id, row.id), set, {
      at: clock.now(),
      actorUserId,
    });
    await audit.record(tx, {
      action,
      patientId: row.patientId,
      entityType: 'encounter',
      entityId: row.id,
      facilityId: row.facilityId,
      details,
    });
  }

  /**
   * One encounter read: found, reachable with clinical.read, and audited in the read's
   * transaction, so the audit row commits before the answer leaves (reads fail closed).
   */
  function readEncounter<T>(
    principal: Who,
    id: string,
    action: string,
    read: (tx: DbOrTx) => Promise<{ answer: T; details?: Record<string, unknown> }>,
  ): Promise<T> {
    return db.transaction(async (tx) => {
      const row = await repo.findEncounter(tx, id);
      if (!row) throw notFound('encounter', id);
      await access.requireAccess(tx, principal, 'clinical.read', [row.patientId]);
      const { answer, details } = await read(tx);
      await audit.record(tx, {
        action,
        patientId: row.patientId,
        entityType: 'encounter',
        entityId: row.id,
        facilityId: row.facilityId,
        ...(details ? { details } : {}),
      });
      return answer;
    });
  }

  return {
    create(principal, input, claim) {
      return db.transaction(async (tx) => {
        const started = await startIdempotent(tx, clock, claim);
        if (started.replay) {
          const body = started.replay.body as EncounterDetail;
          await audit.record(tx, {
            action: 'encounter.create_replayed',
            patientId: body.patientId,
            entityType: 'encounter',
            entityId: body.id,
          });
          return { statusCode: started.replay.statusCode, body, replayed: true };
        }
        const standing = await findPatientStanding(tx, input.patientId, { lock: true });
        if (!standing) throw notFound('patient', input.patientId);
        await access.requireAccess(tx, principal, 'clinical.write', [input.patientId]);
        if (standing.status === 'merged') {
          throw new AppError(
            'patient.merged',
            `patient ${input.patientId} was merged into ${standing.mergedIntoId ?? 'another record'}`,
            { mergedIntoId: standing.mergedIntoId },
          );
        }
        await openFacility(tx, principal, input.facilityId);
        await requireParticipants(tx, input.participants);
        const startedAt = momentOf(platform, input.startedAt, 'startedAt');
        const now = clock.now();
        const id = newId();
        await repo.insertEncounter(
          tx,
          {
            id,
            patientId: input.patientId,
            facilityId: input.facilityId,
            class: input.class,
            status: 'in_progress',
            reason: input.reason,
            startedAt,
            version: 1,
            createdBy: principal?.userId ?? null,
            updatedBy: principal?.userId ?? null,
            createdAt: now,
            updatedAt: now,
          },
          input.participants,
        );
        await audit.record(tx, {
          action: 'encounter.created',
          patientId: input.patientId,
          entityType: 'encounter',
          entityId: id,
          facilityId: input.facilityId,
          details: { class: input.class, participantCount: input.participants.length },
        });
        const body = await detailOf(tx, id);
        await started.complete(201, body);
        return { statusCode: 201, body, replayed: false };
      });
    },

    update(principal, id, v, input) {
      return db.transaction(async (tx) => {
        const row = await openEncounterForChange(platform, tx, principal, id, {
          permission: 'clinical.write',
          step: 'update',
          expectedVersion: v,
        });
        if (input.participants) await requireParticipants(tx, input.participants);
        // Kept first: the history snapshot holds the participants being replaced.
        await change(
          tx,
          principal,
          row,
          'encounter.updated',
          input.reason === undefined ? {} : { reason: input.reason },
          { fields: Object.keys(input) },
        );
        if (input.participants) await repo.replaceParticipants(tx, id, input.participants);
        return detailOf(tx, id);
      });
    },

    finish(principal, id, v, endedAtGiven) {
      return db.transaction(async (tx) => {
        const row = await openEncounterForChange(platform, tx, principal, id, {
          permission: 'clinical.write',
          step: 'finish',
          expectedVersion: v,
        });
        requireNotManaged(row, 'finish');
        const endedAt = momentOf(platform, endedAtGiven, 'endedAt');
        if (endedAt < row.startedAt) {
          throw fieldError('endedAt', 'not_before_start', 'must not precede the start');
        }
        await change(tx, principal, row, 'encounter.finished', { status: 'finished', endedAt });
        return detailOf(tx, id);
      });
    },

    enterInError(principal, id, v, reason) {
      return db.transaction(async (tx) => {
        const row = await openEncounterForChange(platform, tx, principal, id, {
          permission: 'clinical.write',
          step: 'enter_in_error',
          expectedVersion: v,
        });
        requireNotManaged(row, 'enter_in_error');
        await change(
          tx,
          principal,
          row,
          'encounter.entered_in_error',
          { status: 'entered_in_error', statusReason: reason },
          { fromStatus: row.status },
        );
        return detailOf(tx, id);
      });
    },

    get(principal, id) {
      return readEncounter(principal, id, 'encounter.read', async (tx) => ({
        answer: await detailOf(tx, id),
      }));
    },

    entries(principal, id) {
      return readEncounter(principal, id, 'encounter.entries_read', async (tx) => {
        const answer = await selectEncounterEntries(tx, id);
        return { answer, details: { resultCount: answer.items.length } };
      });
    },

    timeline(principal, patientId, q) {
      const after = q.cursor ? decodeTimelineCursor(q.cursor) : null;
      return db.transaction(async (tx) => {
        const standing = await findPatientStanding(tx, patientId);
        if (!standing) throw notFound('patient', patientId);
        await access.requireAccess(tx, principal, 'clinical.read', [patientId]);
        const { rows } = await selectTimeline(tx, {
          patientId,
          after,
          limit: q.limit + 1,
          includeEnteredInError: q.includeEnteredInError,
        });
        const pageRows = rows.slice(0, q.limit);
        const items = pageRows.map(toTimelineItem);
        await audit.record(tx, {
          action: 'encounter.timeline_read',
          patientId,
          entityType: 'encounter',
          details: { resultCount: items.length, isFirstPage: after === null },
        });
        const last = pageRows.at(-1);
        return {
          items,
          nextCursor:
            rows.length > q.limit && last
              ? encodeTimelineCursor({ at: last.keyAt, id: last.keyId })
              : null,
        };
      });
    },
  };
}

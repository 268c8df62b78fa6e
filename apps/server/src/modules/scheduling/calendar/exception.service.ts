import type { z } from 'zod';
import type {
  ScheduleException,
  ScheduleExceptionCreated,
  scheduleExceptionInput,
  scheduleExceptionQuery,
} from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import type { DbOrTx } from '../../../platform/db.js';
import { AppError, fieldError, notFound } from '../../../platform/errors.js';
import { newId } from '../../../platform/ids.js';
import type { Platform } from '../../../platform/platform.js';
import type { ScheduleExceptionRow } from '../scheduling.tables.js';
import { openFacility, requireFacilityScope } from '../../../platform/auth/facility-scope.js';
import * as repo from './exception.repository.js';

export type ExceptionInput = z.output<typeof scheduleExceptionInput>;
export type ExceptionQuery = z.output<typeof scheduleExceptionQuery>;

/** Leave, blocked time and holidays: time that is not bookable. */
export interface ExceptionService {
  listExceptions(query: ExceptionQuery): Promise<ScheduleException[]>;
  createException(
    principal: Principal | null,
    input: ExceptionInput,
  ): Promise<ScheduleExceptionCreated>;
  cancelException(principal: Principal | null, id: string): Promise<ScheduleException>;
}

/** The longest range a list may ask for: a little over a year. */
const maxListDays = 400;

function toException(row: ScheduleExceptionRow): ScheduleException {
  return {
    id: row.id,
    kind: row.kind,
    practitionerId: row.practitionerId,
    resourceId: row.resourceId,
    facilityId: row.facilityId,
    startsAt: row.period.from.toISOString(),
    endsAt: row.period.to.toISOString(),
    reason: row.reason,
    isCancelled: row.isCancelled,
  };
}

function subjectOf(q: {
  practitionerId?: string | null;
  resourceId?: string | null;
  facilityId?: string | null;
}): repo.ExceptionSubject | null {
  if (q.practitionerId) return { practitionerId: q.practitionerId };
  if (q.resourceId) return { resourceId: q.resourceId };
  if (q.facilityId) return { facilityId: q.facilityId };
  return null;
}

export function createExceptionService(platform: Platform): ExceptionService {
  const { db, audit, clock } = platform;

  /** The exception's subject exists and its facility is one the user manages. */
  async function checkSubject(
    principal: Principal | null,
    tx: DbOrTx,
    subject: repo.ExceptionSubject,
  ): Promise<string> {
    if ('facilityId' in subject) {
      await openFacility(tx, principal, subject.facilityId);
      return subject.facilityId;
    }
    const facilityId = await repo.subjectFacility(tx, subject);
    const path = 'practitionerId' in subject ? 'practitionerId' : 'resourceId';
    if (!facilityId) throw fieldError(path, 'not_found', `no such ${path.replace('Id', '')}`);
    requireFacilityScope(principal, facilityId);
    return facilityId;
  }

  return {
    async listExceptions(query) {
      const subject = subjectOf(query);
      if (!subject) {
        throw fieldError(
          'query.practitionerId',
          'required',
          'name a practitionerId, resourceId or facilityId',
        );
      }
      const period = { from: new Date(query.from), to: new Date(query.to) };
      const days = (period.to.getTime() - period.from.getTime()) / 86_400_000;
      if (days <= 0) throw fieldError('query.to', 'after_from', 'must be after from');
      if (days > maxListDays) {
        throw fieldError('query.to', 'too_big', `at most ${maxListDays} days after from`);
      }
      return (await repo.listActive(db, subject, period)).map(toException);
    },

    createException(principal, input) {
      return db.transaction(async (tx) => {
        const subject = subjectOf(input);
        if (!subject) throw new Error('the input schema names exactly one subject');
        const facilityId = await checkSubject(principal, tx, subject);
        const period = { from: new Date(input.startsAt), to: new Date(input.endsAt) };
        const row: ScheduleExceptionRow = {
          id: newId(),
          kind: input.kind,
          practitionerId: input.practitionerId ?? null,
          resourceId: input.resourceId ?? null,
          facilityId: input.facilityId ?? null,
          period,
          reason: input.reason,
          isCancelled: false,
          createdBy: principal?.userId ?? null,
          createdAt: clock.now(),
          cancelledBy: null,
          cancelledAt: null,
        };
        await repo.insert(tx, row);
        const affectedAppointmentIds = await repo.activeAppointmentsWithin(tx, subject, period);
        await audit.record(tx, {
          action: 'schedule.exception.create',
          entityType: 'schedule_exception',
          entityId: row.id,
          facilityId,
          details: {
            ...subject,
            kind: input.kind,
            affectedAppointments: affectedAppointmentIds.length,
          },
        });
        return { ...toException(row), affectedAppointmentIds };
      });
    },

    cancelException(principal, id) {
      return db.transaction(async (tx) => {
        const current = await repo.findById(tx, id, { lock: true });
        if (!current) throw notFound('exception', id);
        const subject = subjectOf(current);
        if (!subject) throw new Error(`exception ${id} has no subject`);
        const facilityId = await checkSubject(principal, tx, subject);
        if (current.isCancelled) {
          throw new AppError('resource.conflict', `exception ${id} is already cancelled`);
        }
        const row = await repo.markCancelled(tx, id, principal?.userId ?? null, clock.now());
        await audit.record(tx, {
          action: 'schedule.exception.cancel',
          entityType: 'schedule_exception',
          entityId: id,
          facilityId,
          details: { ...subject },
        });
        return toException(row);
      });
    },
  };
}

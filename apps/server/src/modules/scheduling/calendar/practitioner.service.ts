import type { z } from 'zod';
import type {
  PractitionerProfile,
  practitionerProfileInput,
  practitionerProfileQuery,
} from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import type { DbOrTx } from '../../../platform/db.js';
import { AppError, fieldError, notFound } from '../../../platform/errors.js';
import { versionMismatch } from '../../../platform/http/preconditions.js';
import { newId } from '../../../platform/ids.js';
import type { Platform } from '../../../platform/platform.js';
import {
  findDepartmentFacility,
  openFacility,
  requireFacilityScope,
} from '../../../platform/auth/facility-scope.js';
import { findUser } from './calendar.repository.js';
import * as repo from './practitioner.repository.js';
import './calendar.errors.js';

export type PractitionerInput = z.output<typeof practitionerProfileInput>;
export type PractitionerQuery = z.output<typeof practitionerProfileQuery>;

/** Practitioner profiles: a staff user bookable for appointments, with a home location. */
export interface PractitionerService {
  listPractitioners(query: PractitionerQuery): Promise<PractitionerProfile[]>;
  getPractitioner(id: string): Promise<PractitionerProfile>;
  createPractitioner(
    principal: Principal | null,
    input: PractitionerInput,
  ): Promise<PractitionerProfile>;
  updatePractitioner(
    principal: Principal | null,
    id: string,
    expectedVersion: number,
    input: PractitionerInput,
  ): Promise<PractitionerProfile>;
}

/** The user must be an active staff account; the department must be of the facility. */
async function checkProfileFields(
  tx: DbOrTx,
  principal: Principal | null,
  input: PractitionerInput,
): Promise<void> {
  const user = await findUser(tx, input.userId);
  if (!user || user.kind !== 'staff') throw fieldError('userId', 'not_found', 'no such staff user');
  if (user.status !== 'active') {
    throw fieldError('userId', 'inactive', 'the user account is disabled');
  }
  await openFacility(tx, principal, input.facilityId);
  if (input.departmentId) {
    const facilityId = await findDepartmentFacility(tx, input.departmentId);
    if (facilityId === null) throw fieldError('departmentId', 'not_found', 'no such department');
    if (facilityId !== input.facilityId) {
      throw fieldError('departmentId', 'other_facility', 'the department is of another facility');
    }
  }
}

function practitionerExists(userId: string, practitionerId: string): AppError {
  return new AppError(
    'scheduling.practitioner_exists',
    `user ${userId} already has practitioner profile ${practitionerId}`,
    { errors: [{ path: 'userId', rule: 'conflict', message: 'already a practitioner' }] },
  );
}

async function requireProfile(tx: DbOrTx, id: string): Promise<PractitionerProfile> {
  const profile = await repo.findProfile(tx, id);
  if (!profile) throw notFound('practitioner', id);
  return profile;
}

export function createPractitionerService(platform: Platform): PractitionerService {
  const { db, audit, clock } = platform;

  return {
    listPractitioners: (query) => repo.listProfiles(db, query),

    getPractitioner: (id) => requireProfile(db, id),

    createPractitioner(principal, input) {
      return db.transaction(async (tx) => {
        await checkProfileFields(tx, principal, input);
        const other = await repo.findByUser(tx, input.userId);
        if (other) throw practitionerExists(input.userId, other.id);
        const id = newId();
        const now = clock.now();
        await repo.insert(tx, { id, ...input, version: 1, createdAt: now, updatedAt: now });
        const profile = await requireProfile(tx, id);
        await audit.record(tx, {
          action: 'schedule.practitioner.create',
          entityType: 'practitioner',
          entityId: id,
          facilityId: input.facilityId,
          details: { userId: input.userId },
        });
        return profile;
      });
    },

    updatePractitioner(principal, id, expectedVersion, input) {
      return db.transaction(async (tx) => {
        const current = await repo.findById(tx, id, { lock: true });
        if (!current) throw notFound('practitioner', id);
        requireFacilityScope(principal, current.facilityId);
        if (current.version !== expectedVersion) {
          throw versionMismatch('practitioner', id, current.version);
        }
        await checkProfileFields(tx, principal, input);
        const other = input.userId !== current.userId && (await repo.findByUser(tx, input.userId));
        if (other) throw practitionerExists(input.userId, other.id);
        await repo.update(tx, id, {
          ...input,
          version: current.version + 1,
          updatedAt: clock.now(),
        });
        const profile = await requireProfile(tx, id);
        await audit.record(tx, {
          action: 'schedule.practitioner.update',
          entityType: 'practitioner',
          entityId: id,
          facilityId: input.facilityId,
          details: { version: profile.version },
        });
        return profile;
      });
    },
  };
}

import type { z } from 'zod';
import type {
  AppointmentType,
  appointmentTypeInput,
  appointmentTypeQuery,
  ScheduleResource,
  scheduleResourceInput,
  scheduleResourceQuery,
} from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import type { DbOrTx } from '../../../platform/db.js';
import { AppError, notFound } from '../../../platform/errors.js';
import { versionMismatch } from '../../../platform/http/preconditions.js';
import { newId } from '../../../platform/ids.js';
import type { Platform } from '../../../platform/platform.js';
import type { AppointmentTypeRow } from '../scheduling.tables.js';
import { openFacility, requireFacilityScope } from '../../../platform/auth/facility-scope.js';
import * as repo from './catalogue.repository.js';
import './calendar.errors.js';

export type ResourceInput = z.output<typeof scheduleResourceInput>;
export type ResourceQuery = z.output<typeof scheduleResourceQuery>;
export type TypeInput = z.output<typeof appointmentTypeInput>;
export type TypeQuery = z.output<typeof appointmentTypeQuery>;

/** Rooms and equipment an appointment may reserve, and the appointment types. */
export interface CatalogueService {
  listResources(query: ResourceQuery): Promise<ScheduleResource[]>;
  getResource(id: string): Promise<ScheduleResource>;
  createResource(principal: Principal | null, input: ResourceInput): Promise<ScheduleResource>;
  updateResource(
    principal: Principal | null,
    id: string,
    expectedVersion: number,
    input: ResourceInput,
  ): Promise<ScheduleResource>;
  listTypes(query: TypeQuery): Promise<AppointmentType[]>;
  getType(id: string): Promise<AppointmentType>;
  createType(input: TypeInput): Promise<AppointmentType>;
  updateType(id: string, expectedVersion: number, input: TypeInput): Promise<AppointmentType>;
}

function toResource(row: repo.ResourceRow): ScheduleResource {
  const { id, facilityId, kind, code, name, isActive, version } = row;
  return { id, facilityId, kind, code, name, isActive, version };
}

function toType(row: AppointmentTypeRow, practitionerIds: string[]): AppointmentType {
  const { createdAt: _c, updatedAt: _u, ...fields } = row;
  return { ...fields, practitionerIds };
}

function codeTaken(what: string, code: string, otherId: string): AppError {
  return new AppError('scheduling.code_taken', `${what} ${otherId} already uses code ${code}`, {
    errors: [{ path: 'code', rule: 'conflict', message: 'this code is already used' }],
  });
}

async function typesWithPractitioners(
  db: DbOrTx,
  rows: AppointmentTypeRow[],
): Promise<AppointmentType[]> {
  const allowed = await repo.typePractitioners(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toType(r, allowed.get(r.id) ?? []));
}

/** Every listed practitioner must exist; duplicates are dropped. */
async function checkPractitioners(tx: DbOrTx, ids: readonly string[]): Promise<string[]> {
  const unique = [...new Set(ids)].sort();
  const found = await repo.existingPractitioners(tx, unique);
  const errors = ids
    .map((id, i) => ({ id, i }))
    .filter(({ id }) => !found.has(id))
    .map(({ i }) => ({
      path: `practitionerIds.${i}`,
      rule: 'not_found',
      message: 'no such practitioner',
    }));
  if (errors.length) {
    throw new AppError('validation.failed', 'practitionerIds: unknown practitioners', { errors });
  }
  return unique;
}

export function createCatalogueService(platform: Platform): CatalogueService {
  const { db, audit, clock } = platform;

  async function requireType(tx: DbOrTx, id: string): Promise<AppointmentType> {
    const row = await repo.findType(tx, id);
    if (!row) throw notFound('appointment type', id);
    const [type] = await typesWithPractitioners(tx, [row]);
    return type!;
  }

  return {
    listResources: async (query) => (await repo.listResources(db, query)).map(toResource),

    async getResource(id) {
      const row = await repo.findResource(db, id);
      if (!row) throw notFound('resource', id);
      return toResource(row);
    },

    createResource(principal, input) {
      return db.transaction(async (tx) => {
        await openFacility(tx, principal, input.facilityId);
        const other = await repo.findResourceByCode(tx, input.facilityId, input.code);
        if (other) throw codeTaken('resource', input.code, other.id);
        const now = clock.now();
        const row = { id: newId(), ...input, version: 1, createdAt: now, updatedAt: now };
        await repo.insertResource(tx, row);
        await audit.record(tx, {
          action: 'schedule.resource.create',
          entityType: 'schedule_resource',
          entityId: row.id,
          facilityId: input.facilityId,
        });
        return toResource(row);
      });
    },

    updateResource(principal, id, expectedVersion, input) {
      return db.transaction(async (tx) => {
        const current = await repo.findResource(tx, id, { lock: true });
        if (!current) throw notFound('resource', id);
        requireFacilityScope(principal, current.facilityId);
        if (current.version !== expectedVersion) {
          throw versionMismatch('resource', id, current.version);
        }
        await openFacility(tx, principal, input.facilityId);
        const other = await repo.findResourceByCode(tx, input.facilityId, input.code, id);
        if (other) throw codeTaken('resource', input.code, other.id);
        const row = await repo.updateResource(tx, id, {
          ...input,
          version: current.version + 1,
          updatedAt: clock.now(),
        });
        await audit.record(tx, {
          action: 'schedule.resource.update',
          entityType: 'schedule_resource',
          entityId: id,
          facilityId: input.facilityId,
          details: { version: row.version },
        });
        return toResource(row);
      });
    },

    listTypes: async (query) => typesWithPractitioners(db, await repo.listTypes(db, query)),

    getType: (id) => requireType(db, id),

    createType(input) {
      return db.transaction(async (tx) => {
        const other = await repo.findTypeByCode(tx, input.code);
        if (other) throw codeTaken('appointment type', input.code, other.id);
        const { practitionerIds, ...fields } = input;
        const allowed = await checkPractitioners(tx, practitionerIds);
        const now = clock.now();
        const id = newId();
        await repo.insertType(tx, { id, ...fields, version: 1, createdAt: now, updatedAt: now });
        await repo.replaceTypePractitioners(tx, id, allowed);
        const type = await requireType(tx, id);
        await audit.record(tx, {
          action: 'schedule.appointment_type.create',
          entityType: 'appointment_type',
          entityId: id,
          details: { practitionerIds: allowed },
        });
        return type;
      });
    },

    updateType(id, expectedVersion, input) {
      return db.transaction(async (tx) => {
        const current = await repo.findType(tx, id, { lock: true });
        if (!current) throw notFound('appointment type', id);
        if (current.version !== expectedVersion) {
          throw versionMismatch('appointment type', id, current.version);
        }
        const other = await repo.findTypeByCode(tx, input.code, id);
        if (other) throw codeTaken('appointment type', input.code, other.id);
        const { practitionerIds, ...fields } = input;
        const allowed = await checkPractitioners(tx, practitionerIds);
        await repo.updateType(tx, id, {
          ...fields,
          version: current.version + 1,
          updatedAt: clock.now(),
        });
        await repo.replaceTypePractitioners(tx, id, allowed);
        const type = await requireType(tx, id);
        await audit.record(tx, {
          action: 'schedule.appointment_type.update',
          entityType: 'appointment_type',
          entityId: id,
          details: { version: type.version, practitionerIds: allowed },
        });
        return type;
      });
    },
  };
}

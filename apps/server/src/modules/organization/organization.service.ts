import type { z } from 'zod';
import type {
  createDepartmentBody,
  createFacilityBody,
  createOrganizationBody,
  Department,
  Facility,
  Organization,
  updateDepartmentBody,
  updateFacilityBody,
  updateOrganizationBody,
} from '@meridian/contracts';
import type { Platform } from '../../platform/platform.js';
import type { DbOrTx } from '../../platform/db.js';
import { AppError, notFound } from '../../platform/errors.js';
import { versionMismatch } from '../../platform/http/preconditions.js';
import { newId } from '../../platform/ids.js';
import * as repo from './organization.repository.js';
import type { DepartmentRow, FacilityRow, OrganizationRow } from './organization.tables.js';
import { pickChanges } from './pick-changes.js';
import './organization.errors.js';

export type CreateOrganizationInput = z.output<typeof createOrganizationBody>;
export type UpdateOrganizationInput = z.output<typeof updateOrganizationBody>;
export type CreateFacilityInput = z.output<typeof createFacilityBody>;
export type UpdateFacilityInput = z.output<typeof updateFacilityBody>;
export type CreateDepartmentInput = z.output<typeof createDepartmentBody>;
export type UpdateDepartmentInput = z.output<typeof updateDepartmentBody>;

export interface OrganizationService {
  getOrganization(): Promise<Organization>;
  /** First-time set-up; 409 when the installation already has its organization. */
  createOrganization(input: CreateOrganizationInput, tx?: DbOrTx): Promise<Organization>;
  updateOrganization(
    expectedVersion: number,
    input: UpdateOrganizationInput,
  ): Promise<Organization>;
  listFacilities(opts: { includeInactive: boolean }): Promise<Facility[]>;
  getFacility(id: string): Promise<Facility>;
  createFacility(input: CreateFacilityInput, tx?: DbOrTx): Promise<Facility>;
  updateFacility(
    id: string,
    expectedVersion: number,
    input: UpdateFacilityInput,
  ): Promise<Facility>;
  listDepartments(facilityId: string, opts: { includeInactive: boolean }): Promise<Department[]>;
  createDepartment(
    facilityId: string,
    input: CreateDepartmentInput,
    tx?: DbOrTx,
  ): Promise<Department>;
  updateDepartment(
    id: string,
    expectedVersion: number,
    input: UpdateDepartmentInput,
  ): Promise<Department>;
  /** Facilities by id or by code, for other modules' assignment checks (no audit). */
  findFacilities(
    tx: DbOrTx,
    by: { ids: readonly string[] } | { codes: readonly string[] },
  ): Promise<Facility[]>;
}

export function toOrganization(row: OrganizationRow): Organization {
  return { id: row.id, name: row.name, version: row.version };
}

export function toFacility(row: FacilityRow): Facility {
  return {
    id: row.id,
    name: row.name,
    code: row.code,
    kind: row.kind,
    timeZone: row.timeZone,
    address: row.address ?? null,
    phone: row.phone ?? null,
    isActive: row.isActive,
    version: row.version,
  };
}

export function toDepartment(row: DepartmentRow): Department {
  return {
    id: row.id,
    facilityId: row.facilityId,
    name: row.name,
    code: row.code,
    isActive: row.isActive,
    version: row.version,
  };
}

export function createOrganizationService(platform: Platform): OrganizationService {
  const { db, audit, clock } = platform;
  /** Joins the caller's transaction (seed, CLI) or opens one. */
  const inTx = <T>(tx: DbOrTx | undefined, fn: (tx: DbOrTx) => Promise<T>): Promise<T> =>
    tx ? fn(tx) : db.transaction(fn);

  async function requireFacility(tx: DbOrTx, id: string, forUpdate = false) {
    const row = await repo.findFacilityById(tx, id, { forUpdate });
    if (!row) throw notFound('facility', id);
    return row;
  }

  return {
    async getOrganization() {
      const row = await repo.findOrganization(db);
      if (!row) throw new AppError('resource.not_found', 'the organization is not set up yet');
      return toOrganization(row);
    },

    createOrganization(input, outer) {
      return inTx(outer, async (tx) => {
        if (await repo.findOrganization(tx)) {
          throw new AppError('resource.conflict', 'the organization is already set up');
        }
        const row = await repo.insertOrganization(tx, {
          id: newId(),
          name: input.name,
          now: clock.now(),
        });
        await audit.record(tx, {
          action: 'org.created',
          entityType: 'organization',
          entityId: row.id,
        });
        return toOrganization(row);
      });
    },

    updateOrganization(expectedVersion, input) {
      return db.transaction(async (tx) => {
        const current = await repo.findOrganization(tx, { forUpdate: true });
        if (!current)
          throw new AppError('resource.not_found', 'the organization is not set up yet');
        if (current.version !== expectedVersion) {
          throw versionMismatch('organization', current.id, current.version);
        }
        const changes = pickChanges(current, input);
        if (Object.keys(changes).length === 0) return toOrganization(current);
        const row = await repo.updateOrganization(tx, current.id, changes, clock.now());
        await audit.record(tx, {
          action: 'org.updated',
          entityType: 'organization',
          entityId: row.id,
          details: { changed: Object.keys(changes) },
        });
        return toOrganization(row);
      });
    },

    async listFacilities(opts) {
      return (await repo.listFacilities(db, opts)).map(toFacility);
    },

    async getFacility(id) {
      return toFacility(await requireFacility(db, id));
    },

    createFacility(input, outer) {
      return inTx(outer, async (tx) => {
        const org = await repo.findOrganization(tx);
        if (!org) {
          throw new AppError('resource.conflict', 'set up the organization before its facilities');
        }
        const row = await repo.insertFacility(tx, {
          id: newId(),
          organizationId: org.id,
          name: input.name,
          code: input.code,
          kind: input.kind,
          timeZone: input.timeZone,
          address: input.address ?? null,
          phone: input.phone ?? null,
          isActive: true,
          now: clock.now(),
        });
        await audit.record(tx, {
          action: 'facility.created',
          entityType: 'facility',
          entityId: row.id,
          facilityId: row.id,
        });
        return toFacility(row);
      });
    },

    updateFacility(id, expectedVersion, input) {
      return db.transaction(async (tx) => {
        const current = await requireFacility(tx, id, true);
        if (current.version !== expectedVersion) {
          throw versionMismatch('facility', id, current.version);
        }
        const changes = pickChanges(current, input);
        if (Object.keys(changes).length === 0) return toFacility(current);
        const row = await repo.updateFacility(tx, id, changes, clock.now());
        await audit.record(tx, {
          action: 'facility.updated',
          entityType: 'facility',
          entityId: id,
          facilityId: id,
          details: { changed: Object.keys(changes) },
        });
        return toFacility(row);
      });
    },

    async listDepartments(facilityId, opts) {
      await requireFacility(db, facilityId);
      return (await repo.listDepartments(db, facilityId, opts)).map(toDepartment);
    },

    createDepartment(facilityId, input, outer) {
      return inTx(outer, async (tx) => {
        const parent = await requireFacility(tx, facilityId);
        if (!parent.isActive) {
          throw new AppError(
            'resource.conflict',
            `facility ${facilityId} is deactivated; reactivate it before adding departments`,
          );
        }
        const row = await repo.insertDepartment(tx, {
          id: newId(),
          facilityId,
          name: input.name,
          code: input.code,
          isActive: true,
          now: clock.now(),
        });
        await audit.record(tx, {
          action: 'department.created',
          entityType: 'department',
          entityId: row.id,
          facilityId,
        });
        return toDepartment(row);
      });
    },

    updateDepartment(id, expectedVersion, input) {
      return db.transaction(async (tx) => {
        const current = await repo.findDepartmentById(tx, id, { forUpdate: true });
        if (!current) throw notFound('department', id);
        if (current.version !== expectedVersion) {
          throw versionMismatch('department', id, current.version);
        }
        const changes = pickChanges(current, input);
        if (Object.keys(changes).length === 0) return toDepartment(current);
        const row = await repo.updateDepartment(tx, id, changes, clock.now());
        await audit.record(tx, {
          action: 'department.updated',
          entityType: 'department',
          entityId: id,
          facilityId: row.facilityId,
          details: { changed: Object.keys(changes) },
        });
        return toDepartment(row);
      });
    },

    async findFacilities(tx, by) {
      const rows =
        'ids' in by
          ? await repo.findFacilitiesByIds(tx, by.ids)
          : await repo.findFacilitiesByCodes(tx, by.codes);
      return rows.map(toFacility);
    },
  };
}

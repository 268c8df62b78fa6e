import type { z } from 'zod';
import type {
  Bed,
  bedInput,
  bedPatch,
  Room,
  roomInput,
  roomPatch,
  Ward,
  WardDetail,
  wardInput,
  wardPatch,
  wardQuery,
} from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import type { DbOrTx } from '../../../platform/db.js';
import { AppError, fieldError, notFound } from '../../../platform/errors.js';
import { versionMismatch } from '../../../platform/http/preconditions.js';
import { newId } from '../../../platform/ids.js';
import type { Platform } from '../../../platform/platform.js';
import type { BedRow, WardRoomRow, WardRow } from '../admissions.tables.js';
import {
  findDepartmentFacility,
  openFacility,
  requireFacilityScope,
} from '../../../platform/auth/facility-scope.js';
import * as repo from './places.repository.js';

export type WardInput = z.output<typeof wardInput>;
export type WardPatch = z.output<typeof wardPatch>;
export type WardQuery = z.output<typeof wardQuery>;
export type RoomInput = z.output<typeof roomInput>;
export type RoomPatch = z.output<typeof roomPatch>;
export type BedInput = z.output<typeof bedInput>;
export type BedPatch = z.output<typeof bedPatch>;

/** Wards, their rooms and beds: read by everyone on the wards, kept by administrators. */
export interface PlacesService {
  listWards(principal: Principal | null, query: WardQuery): Promise<Ward[]>;
  getWard(principal: Principal | null, id: string): Promise<WardDetail>;
  createWard(principal: Principal | null, input: WardInput): Promise<WardDetail>;
  updateWard(
    principal: Principal | null,
    id: string,
    version: number,
    patch: WardPatch,
  ): Promise<WardDetail>;
  createRoom(principal: Principal | null, wardId: string, input: RoomInput): Promise<Room>;
  updateRoom(
    principal: Principal | null,
    id: string,
    version: number,
    patch: RoomPatch,
  ): Promise<Room>;
  /** One or several beds of a room, all or none. */
  createBeds(principal: Principal | null, roomId: string, inputs: BedInput[]): Promise<Bed[]>;
  updateBed(
    principal: Principal | null,
    id: string,
    version: number,
    patch: BedPatch,
  ): Promise<Bed>;
}

export function toBed(row: BedRow): Bed {
  return {
    id: row.id,
    wardId: row.wardId,
    roomId: row.roomId,
    code: row.code,
    isolationCapable: row.isolationCapable,
    telemetry: row.telemetry,
    bariatric: row.bariatric,
    isActive: row.isActive,
    state: row.state,
    stateSince: row.stateSince.toISOString(),
    blockedReason: row.blockedReason,
    blockedUntil: row.blockedUntil?.toISOString() ?? null,
    version: row.version,
  };
}

function toRoom(row: WardRoomRow, beds: BedRow[]): Room {
  const { id, wardId, code, name, sexRestriction, isActive, version } = row;
  return { id, wardId, code, name, sexRestriction, isActive, version, beds: beds.map(toBed) };
}

function toWard(row: WardRow, bedCount: number): Ward {
  const { id, facilityId, departmentId, code, name, kind, isActive, version } = row;
  return { id, facilityId, departmentId, code, name, kind, isActive, version, bedCount };
}

function codeTaken(what: string, code: string, path = 'code'): AppError {
  return new AppError('admission.code_taken', `the ${what} already has code ${code}`, {
    errors: [{ path, rule: 'conflict', message: 'this code is already used' }],
  });
}

/** A bed, room or ward with beds holding a patient or a reservation stays in service. */
function placeInUse(what: string, id: string, bedIds: string[]): AppError {
  return new AppError(
    'admission.place_in_use',
    `${what} ${id} has beds holding a patient or a reservation: it cannot be taken out of service`,
    {
      bedIds,
      errors: [
        { path: 'isActive', rule: 'in_use', message: 'beds here hold patients or reservations' },
      ],
    },
  );
}

async function checkDepartment(
  tx: DbOrTx,
  departmentId: string | null | undefined,
  facilityId: string,
) {
  if (!departmentId) return;
  const owner = await findDepartmentFacility(tx, departmentId);
  if (!owner) throw fieldError('departmentId', 'not_found', 'no such department');
  if (owner !== facilityId) {
    throw fieldError(
      'departmentId',
      'other_facility',
      'the department belongs to another facility',
    );
  }
}

export function createPlacesService(platform: Platform): PlacesService {
  const { db, audit, clock } = platform;

  async function detail(tx: DbOrTx, row: WardRow): Promise<WardDetail> {
    // In turn: one transaction is one connection, which runs one query at a time.
    const rooms = await repo.roomsOfWard(tx, row.id);
    const beds = await repo.bedsOfWard(tx, row.id);
    const activeRooms = new Set(rooms.filter((r) => r.isActive).map((r) => r.id));
    const bedCount = beds.filter((b) => b.isActive && activeRooms.has(b.roomId)).length;
    return {
      ...toWard(row, bedCount),
      rooms: rooms.map((r) =>
        toRoom(
          r,
          beds.filter((b) => b.roomId === r.id),
        ),
      ),
    };
  }

  /** The ward, locked when asked, in a facility the user works in. */
  async function wardInScope(tx: DbOrTx, principal: Principal | null, id: string, lock = false) {
    const row = await repo.findWard(tx, id, { lock });
    if (!row) throw notFound('ward', id);
    requireFacilityScope(principal, row.facilityId);
    return row;
  }

  return {
    async listWards(principal, query) {
      if (query.facilityId) requireFacilityScope(principal, query.facilityId);
      const facilityIds = query.facilityId ? [query.facilityId] : (principal?.facilityIds ?? []);
      const rows = await repo.listWards(db, {
        facilityIds,
        includeInactive: query.includeInactive,
      });
      const counts = await repo.activeBedCounts(
        db,
        rows.map((r) => r.id),
      );
      return rows.map((r) => toWard(r, counts.get(r.id) ?? 0));
    },

    async getWard(principal, id) {
      return detail(db, await wardInScope(db, principal, id));
    },

    createWard(principal, input) {
      return db.transaction(async (tx) => {
        await openFacility(tx, principal, input.facilityId);
        await checkDepartment(tx, input.departmentId, input.facilityId);
        if (await repo.findWardByCode(tx, input.facilityId, input.code)) {
          throw codeTaken('facility', input.code);
        }
        const now = clock.now();
        const row: WardRow = { id: newId(), ...input, version: 1, createdAt: now, updatedAt: now };
        await repo.insertWard(tx, row);
        await audit.record(tx, {
          action: 'ward.create',
          entityType: 'ward',
          entityId: row.id,
          facilityId: row.facilityId,
        });
        return detail(tx, row);
      });
    },

    updateWard(principal, id, version, patch) {
      return db.transaction(async (tx) => {
        const current = await wardInScope(tx, principal, id, true);
        if (current.version !== version) throw versionMismatch('ward', id, current.version);
        await checkDepartment(tx, patch.departmentId, current.facilityId);
        if (patch.code && (await repo.findWardByCode(tx, current.facilityId, patch.code, id))) {
          throw codeTaken('facility', patch.code);
        }
        if (patch.isActive === false && current.isActive) {
          const held = await repo.lockHeldBeds(tx, { wardId: id });
          if (held.length) throw placeInUse('ward', id, held);
        }
        const row = await repo.updateWard(tx, id, {
          ...patch,
          version: current.version + 1,
          updatedAt: clock.now(),
        });
        await audit.record(tx, {
          action: 'ward.update',
          entityType: 'ward',
          entityId: id,
          facilityId: row.facilityId,
          details: { version: row.version, fields: Object.keys(patch) },
        });
        return detail(tx, row);
      });
    },

    createRoom(principal, wardId, input) {
      return db.transaction(async (tx) => {
        const w = await wardInScope(tx, principal, wardId);
        if (await repo.findRoomByCode(tx, wardId, input.code)) throw codeTaken('ward', input.code);
        const now = clock.now();
        const row: WardRoomRow = {
          id: newId(),
          wardId,
          ...input,
          version: 1,
          createdAt: now,
          updatedAt: now,
        };
        await repo.insertRoom(tx, row);
        await audit.record(tx, {
          action: 'ward.room.create',
          entityType: 'ward_room',
          entityId: row.id,
          facilityId: w.facilityId,
          details: { wardId },
        });
        return toRoom(row, []);
      });
    },

    updateRoom(principal, id, version, patch) {
      return db.transaction(async (tx) => {
        const current = await repo.findRoom(tx, id, { lock: true });
        if (!current) throw notFound('room', id);
        const w = await wardInScope(tx, principal, current.wardId);
        if (current.version !== version) throw versionMismatch('room', id, current.version);
        if (patch.code && (await repo.findRoomByCode(tx, current.wardId, patch.code, id))) {
          throw codeTaken('ward', patch.code);
        }
        if (patch.isActive === false && current.isActive) {
          const held = await repo.lockHeldBeds(tx, { roomId: id });
          if (held.length) throw placeInUse('room', id, held);
        }
        const row = await repo.updateRoom(tx, id, {
          ...patch,
          version: current.version + 1,
          updatedAt: clock.now(),
        });
        await audit.record(tx, {
          action: 'ward.room.update',
          entityType: 'ward_room',
          entityId: id,
          facilityId: w.facilityId,
          details: { wardId: w.id, version: row.version, fields: Object.keys(patch) },
        });
        const beds = (await repo.bedsOfWard(tx, w.id)).filter((b) => b.roomId === id);
        return toRoom(row, beds);
      });
    },

    createBeds(principal, roomId, inputs) {
      return db.transaction(async (tx) => {
        const room = await repo.findRoom(tx, roomId);
        if (!room) throw notFound('room', roomId);
        const w = await wardInScope(tx, principal, room.wardId);
        const batch = inputs.length > 1;
        const path = (i: number) => (batch ? `beds.${i}.code` : 'code');
        const seen = new Set<string>();
        inputs.forEach((b, i) => {
          if (seen.has(b.code)) throw codeTaken('batch', b.code, path(i));
          seen.add(b.code);
        });
        const taken = await repo.bedsByCodes(
          tx,
          w.id,
          inputs.map((b) => b.code),
        );
        const first = inputs.findIndex((b) => taken.some((t) => t.code === b.code));
        if (first >= 0) throw codeTaken('ward', inputs[first]!.code, path(first));
        const now = clock.now();
        const rows = await repo.insertBeds(
          tx,
          inputs.map((b) => ({
            id: newId(),
            roomId,
            wardId: w.id,
            facilityId: w.facilityId,
            ...b,
            state: 'available',
            stateSince: now,
            stayId: null,
            blockedReason: null,
            blockedUntil: null,
            version: 1,
            createdAt: now,
            updatedAt: now,
          })),
        );
        for (const row of rows) {
          await audit.record(tx, {
            action: 'ward.bed.create',
            entityType: 'bed',
            entityId: row.id,
            facilityId: w.facilityId,
            details: { wardId: w.id, roomId },
          });
        }
        return rows.map(toBed);
      });
    },

    updateBed(principal, id, version, patch) {
      return db.transaction(async (tx) => {
        // Tricky: the lock also orders this change with any admission taking the bed.
        const current = await repo.findBed(tx, id, { lock: true });
        if (!current) throw notFound('bed', id);
        requireFacilityScope(principal, current.facilityId);
        if (current.version !== version) throw versionMismatch('bed', id, current.version);
        if (patch.code && (await repo.bedsByCodes(tx, current.wardId, [patch.code], id)).length) {
          throw codeTaken('ward', patch.code);
        }
        if (patch.isActive === false && current.stayId) throw placeInUse('bed', id, [id]);
        const row = await repo.updateBed(tx, id, { ...patch, updatedAt: clock.now() });
        await audit.record(tx, {
          action: 'ward.bed.update',
          entityType: 'bed',
          entityId: id,
          facilityId: row.facilityId,
          details: { wardId: row.wardId, version: row.version, fields: Object.keys(patch) },
        });
        return toBed(row);
      });
    },
  };
}

import type { z } from 'zod';
import type { SlotSearchResult, slotSearchQuery } from '@meridian/contracts';
import { AppError, fieldError, notFound } from '../../../platform/errors.js';
import type { Platform } from '../../../platform/platform.js';
import {
  addDays,
  daysBetween,
  searchFreeSlots,
  type BusyAppointment,
  type PractitionerCalendar,
  type ResourceNeed,
  type Unavailability,
  type WorkingBlock,
} from './availability.js';
import type { AppointmentTypeRow } from '../scheduling.tables.js';
import * as repo from './calendar-data.repository.js';

export type SlotSearchInput = z.output<typeof slotSearchQuery>;

/** The longest range one search covers, in days (inclusive of both ends). */
export const maxSearchDays = 31;

// Instants around the local dates wide enough for any zone (UTC-12 to UTC+14) and for
// appointments starting the day before whose blocked time reaches into the range.
const marginDays = 2;

export interface SlotSearch {
  searchSlots(q: SlotSearchInput): Promise<SlotSearchResult>;
}

export function toWorkingBlock(row: repo.BlockRow): WorkingBlock {
  return {
    facilityId: row.facilityId,
    timeZone: row.timeZone,
    weekday: row.weekday,
    startMinute: row.startMinute,
    endMinute: row.endMinute,
    effectiveFrom: row.effective.from,
    effectiveUntil: row.effective.until,
  };
}

interface MutableCalendar extends PractitionerCalendar {
  blocks: WorkingBlock[];
  unavailable: Unavailability[];
  appointments: BusyAppointment[];
}

/** Groups what the repository read into one calendar per practitioner. */
function calendarsOf(
  blocks: readonly repo.BlockRow[],
  exceptions: readonly repo.ExceptionRow[],
  busy: readonly repo.BusyRow[],
): PractitionerCalendar[] {
  const byId = new Map<string, MutableCalendar>();
  for (const row of blocks) {
    let cal = byId.get(row.practitionerId);
    if (!cal) {
      cal = {
        practitionerId: row.practitionerId,
        maxAppointmentsPerDay: row.maxAppointmentsPerDay,
        blocks: [],
        unavailable: [],
        appointments: [],
      };
      byId.set(row.practitionerId, cal);
    }
    cal.blocks.push(toWorkingBlock(row));
  }
  // Holidays carry their facility: availability applies them to working time there only.
  const holidays = exceptions.filter((e) => e.facilityId !== null);
  for (const cal of byId.values()) cal.unavailable = [...holidays];
  for (const e of exceptions) if (e.practitionerId) byId.get(e.practitionerId)?.unavailable.push(e);
  for (const a of busy) byId.get(a.practitionerId)?.appointments.push(a);
  return [...byId.values()];
}

/** The resource's facility and the times it is booked (its downtime is added later). */
async function resourceBookings(
  platform: Platform,
  resourceId: string,
  from: Date,
  to: Date,
): Promise<ResourceNeed> {
  const [resource, booked] = await Promise.all([
    repo.findResource(platform.db, resourceId),
    repo.findResourceBookings(platform.db, resourceId, from, to),
  ]);
  if (!resource) throw notFound('resource', resourceId);
  if (!resource.isActive) {
    throw new AppError('scheduling.inactive', `resource ${resourceId} is inactive`, {
      errors: [{ path: 'query.resourceId', rule: 'inactive', message: 'the resource is inactive' }],
    });
  }
  return { facilityId: resource.facilityId, busy: booked };
}

function assertActiveType(
  type: AppointmentTypeRow | undefined,
  id: string,
): asserts type is AppointmentTypeRow {
  if (!type) throw notFound('appointment type', id);
  if (!type.isActive) {
    throw new AppError('scheduling.inactive', `appointment type ${id} is inactive`, {
      errors: [
        { path: 'query.appointmentTypeId', rule: 'inactive', message: 'the type is inactive' },
      ],
    });
  }
}

/**
 * Free slots for an appointment type across the practitioners a query names (one, a
 * specialty, a department or a location), from their templates, exceptions, bookings and
 * daily maximums. Reads no patient data, so it records no audit.
 */
export function createSlotSearch(platform: Platform): SlotSearch {
  const { db, clock } = platform;
  return {
    async searchSlots(q) {
      if (daysBetween(q.from, q.to) + 1 > maxSearchDays) {
        throw fieldError(
          'query.to',
          'max_range',
          `must be within ${maxSearchDays} days of from (both included)`,
        );
      }
      // The type and the blocks do not depend on each other: read both in one round trip.
      const [type, blocks] = await Promise.all([
        repo.findAppointmentType(db, q.appointmentTypeId),
        repo.findWorkingBlocks(db, q, addDays(q.from, -1), addDays(q.to, 1)),
      ]);
      assertActiveType(type, q.appointmentTypeId);
      const from = new Date(`${addDays(q.from, -marginDays)}T00:00:00Z`);
      const to = new Date(`${addDays(q.to, marginDays)}T00:00:00Z`);
      const practitionerIds = [...new Set(blocks.map((b) => b.practitionerId))];
      const facilityIds = [...new Set(blocks.map((b) => b.facilityId))];
      const { resourceId } = q;
      const [exceptions, busy, resource] = await Promise.all([
        repo.findExceptions(
          db,
          { practitionerIds, facilityIds, ...(resourceId ? { resourceId } : {}) },
          from,
          to,
        ),
        repo.findActiveAppointments(db, practitionerIds, from, to),
        resourceId ? resourceBookings(platform, resourceId, from, to) : undefined,
      ]);
      if (resource) {
        const downtime = exceptions.filter((e) => e.resourceId === resourceId);
        resource.busy = [...resource.busy, ...downtime.map((e) => e.period)];
      }
      const { items, truncated } = searchFreeSlots(
        calendarsOf(blocks, exceptions, busy),
        type,
        { from: q.from, to: q.to, timeZone: q.timeZone, now: clock.now() },
        q.limit,
        resource,
      );
      return {
        items: items.map((s) => ({
          practitionerId: s.practitionerId,
          facilityId: s.facilityId,
          startsAt: s.startsAt.toISOString(),
          endsAt: s.endsAt.toISOString(),
        })),
        truncated,
      };
    },
  };
}

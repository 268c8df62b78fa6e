import type { z } from 'zod';
import type {
  CensusCounts,
  censusFiguresQuery,
  CensusFigures,
  CurrentCensus,
} from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import { fieldError } from '../../../platform/errors.js';
import type { Platform } from '../../../platform/platform.js';
import { openFacility } from '../../../platform/auth/facility-scope.js';
import { findWard } from '../places/places.repository.js';
import * as repo from './census.repository.js';
import { datesBetween, localDayBounds } from './local-day.js';

export type CensusFiguresQuery = z.output<typeof censusFiguresQuery>;

export interface CensusService {
  current(principal: Principal | null, facilityId: string): Promise<CurrentCensus>;
  figures(principal: Principal | null, query: CensusFiguresQuery): Promise<CensusFigures>;
}

const maxRangeDays = 366;

/** A share as a percentage with one decimal; null when there is nothing to divide by. */
export function percent(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 1000) / 10 : null;
}

function oneDecimal(value: number | null): number | null {
  return value === null ? null : Math.round(value * 10) / 10;
}

function toCounts(r: Omit<repo.WardCountsRow, 'ward_id' | 'code' | 'name'>): CensusCounts {
  return {
    beds: r.beds,
    available: r.available,
    reserved: r.reserved,
    occupied: r.occupied,
    dirty: r.dirty,
    cleaning: r.cleaning,
    blocked: r.blocked,
    // Occupied / (beds - blocked): a blocked bed cannot take a patient.
    occupancyPercent: percent(r.occupied, r.beds - r.blocked),
    onLeave: r.on_leave,
    pendingDischarges: r.pending_discharges,
  };
}

const countKeys = [
  'beds',
  'available',
  'reserved',
  'occupied',
  'dirty',
  'cleaning',
  'blocked',
  'on_leave',
  'pending_discharges',
] as const;

export function createCensusService(platform: Platform): CensusService {
  const { db, clock } = platform;

  return {
    async current(principal, facilityId) {
      await openFacility(db, principal, facilityId, 'query.facilityId');
      const rows = await repo.currentWardCounts(db, facilityId);
      const total = Object.fromEntries(
        countKeys.map((k) => [k, rows.reduce((sum, r) => sum + r[k], 0)]),
      ) as Record<(typeof countKeys)[number], number>;
      return {
        facilityId,
        at: clock.now().toISOString(),
        facility: toCounts(total),
        wards: rows.map((r) => ({ wardId: r.ward_id, code: r.code, name: r.name, ...toCounts(r) })),
      };
    },

    async figures(principal, q) {
      const facility = await openFacility(db, principal, q.facilityId, 'query.facilityId');
      if (q.wardId) {
        const ward = await findWard(db, q.wardId);
        if (!ward) throw fieldError('query.wardId', 'not_found', 'no such ward');
        if (ward.facilityId !== q.facilityId) {
          throw fieldError(
            'query.wardId',
            'other_facility',
            'the ward belongs to another facility',
          );
        }
      }
      const dates = datesBetween(q.from, q.to);
      if (dates.length === 0)
        throw fieldError('query.to', 'before_from', 'must not be before from');
      if (dates.length > maxRangeDays) {
        throw fieldError('query.to', 'too_long', `the range may span at most ${maxRangeDays} days`);
      }
      const spans = dates.map((day) => {
        const b = localDayBounds(day, facility.timeZone);
        return { day, starts: b.from.toISOString(), ends: b.to.toISOString() };
      });
      const from = new Date(spans[0]!.starts);
      const to = new Date(spans[spans.length - 1]!.ends);
      const wardId = q.wardId ?? null;
      const [days, alos, turnaround] = await Promise.all([
        repo.dayFigures(db, q.facilityId, wardId, spans),
        repo.averageLengthOfStayDays(db, q.facilityId, wardId, from, to),
        repo.bedTurnaroundMinutes(db, q.facilityId, wardId, from, to),
      ]);
      const snapshotDays = days.filter((d) => d.midnight_census !== null);
      return {
        facilityId: q.facilityId,
        wardId,
        from: q.from,
        to: q.to,
        days: days.map((d) => ({
          date: d.day,
          admissions: d.admissions,
          discharges: d.discharges,
          transfersIn: d.transfers_in,
          transfersOut: d.transfers_out,
          midnightCensus: d.midnight_census,
        })),
        patientDays: snapshotDays.reduce((sum, d) => sum + d.midnight_census!, 0),
        averageLengthOfStayDays: oneDecimal(alos),
        medianBedTurnaroundMinutes: oneDecimal(turnaround.median),
        p90BedTurnaroundMinutes: oneDecimal(turnaround.p90),
        averageOccupancyPercent: percent(
          snapshotDays.reduce((sum, d) => sum + d.occupied!, 0),
          snapshotDays.reduce((sum, d) => sum + d.usable_beds!, 0),
        ),
      };
    },
  };
}

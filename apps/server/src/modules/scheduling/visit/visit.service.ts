import type { z } from 'zod';
import type {
  Appointment,
  schedulingMetrics,
  schedulingMetricsQuery,
  todayList,
  todayListQuery,
  transitionAppointmentInput,
} from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import { fieldError, notFound } from '../../../platform/errors.js';
import type { Platform } from '../../../platform/platform.js';
import { createOrganizationService } from '../../organization/index.js';
import { toAppointments } from '../booking/appointment-view.js';
import { localDateAt, localDayBounds, waitingMinutes } from './local-day.js';
import { schedulingFigures } from './metrics.repository.js';
import { transitionAppointmentInTx } from './transition-appointment.js';
import * as repo from './visit.repository.js';

export type TransitionInput = z.output<typeof transitionAppointmentInput>;
export type TodayListQuery = z.output<typeof todayListQuery>;
export type TodayList = z.output<typeof todayList>;
export type SchedulingMetricsQuery = z.output<typeof schedulingMetricsQuery>;
export type SchedulingMetrics = z.output<typeof schedulingMetrics>;

/** The visit flow at the front desk: moves along it, the day's list, and the figures. */
export interface VisitService {
  transition(
    principal: Principal | null,
    appointmentId: string,
    expectedVersion: number,
    input: TransitionInput,
  ): Promise<Appointment>;
  todayList(principal: Principal | null, query: TodayListQuery): Promise<TodayList>;
  metrics(query: SchedulingMetricsQuery): Promise<SchedulingMetrics>;
}

/** A year and a day: a report over more should be an export, not a request. */
const maxMetricsDays = 366;

export function createVisitService(platform: Platform): VisitService {
  const { db, audit, clock, access } = platform;
  const organization = createOrganizationService(platform);

  return {
    async transition(principal, appointmentId, expectedVersion, input) {
      const row = await db.transaction(async (tx) => {
        const current = await repo.findAppointmentForUpdate(tx, appointmentId);
        if (!current) throw notFound('appointment', appointmentId);
        const patientIds = current.patientId ? [current.patientId] : [];
        await access.requireAccess(tx, principal, 'appointment.book', patientIds);
        return transitionAppointmentInTx(tx, platform, {
          appointmentId,
          action: input.action,
          channel: 'staff',
          actorUserId: principal?.userId ?? null,
          expectedVersion,
          ...(input.note === undefined ? {} : { note: input.note }),
        });
      });
      // After commit: the transition's audit row already names the patient, and the audit
      // chain's lock is not held while the answer is put together.
      const [answer] = await toAppointments(platform, db, principal, 'appointment.book', [row]);
      if (!answer) throw new Error(`appointment ${row.id} could not be shown`);
      return answer;
    },

    todayList(principal, query) {
      return db.transaction(async (tx) => {
        const [facility] = await organization.findFacilities(tx, { ids: [query.facilityId] });
        if (!facility) throw notFound('facility', query.facilityId);
        const now = clock.now();
        const date = query.date ?? localDateAt(now, facility.timeZone);
        const { from, to } = localDayBounds(date, facility.timeZone);
        const rows = await repo.findDayAppointments(tx, {
          facilityId: facility.id,
          from,
          to,
          ...(query.departmentId ? { departmentId: query.departmentId } : {}),
          ...(query.practitionerId ? { practitionerId: query.practitionerId } : {}),
        });
        const shown = await toAppointments(platform, tx, principal, 'appointment.read', rows);
        const patientIds = [...new Set(rows.flatMap((r) => (r.patientId ? [r.patientId] : [])))];
        // One read event listing the records shown, committed before the answer leaves.
        await audit.record(tx, {
          action: 'appointment.list',
          entityType: 'appointment',
          facilityId: facility.id,
          details: { view: 'today', date, patientIds, resultCount: rows.length },
        });
        return {
          date,
          timeZone: facility.timeZone,
          items: shown.map((a) => ({
            ...a,
            waitingMinutes: waitingMinutes(
              { status: a.status, arrivedAt: a.arrivedAt ? new Date(a.arrivedAt) : null },
              now,
            ),
          })),
        };
      });
    },

    metrics(query) {
      const days = (Date.parse(query.to) - Date.parse(query.from)) / 86_400_000 + 1;
      if (days > maxMetricsDays) {
        throw fieldError('query.to', 'too_big', `must be within ${maxMetricsDays} days of from`);
      }
      return db.transaction(async (tx) => {
        const figures = await schedulingFigures(tx, {
          from: query.from,
          to: query.to,
          groupBy: query.groupBy,
          ...(query.facilityId ? { facilityId: query.facilityId } : {}),
          ...(query.departmentId ? { departmentId: query.departmentId } : {}),
          ...(query.practitionerId ? { practitionerId: query.practitionerId } : {}),
        });
        // Aggregates only: no patient is named, so none is listed.
        await audit.record(tx, {
          action: 'scheduling.metrics_read',
          entityType: 'report',
          details: {
            from: query.from,
            to: query.to,
            groupBy: query.groupBy,
            facilityId: query.facilityId ?? null,
            departmentId: query.departmentId ?? null,
            practitionerId: query.practitionerId ?? null,
          },
        });
        return {
          from: query.from,
          to: query.to,
          rows: figures.map((r) => ({
            ...r,
            groupName: r.groupName ?? (r.groupId ? r.groupId : 'No department'),
            noShowRate: r.completed + r.noShows > 0 ? r.noShows / (r.completed + r.noShows) : null,
            utilisation: r.availableMinutes > 0 ? r.scheduledMinutes / r.availableMinutes : null,
          })),
        };
      });
    },
  };
}

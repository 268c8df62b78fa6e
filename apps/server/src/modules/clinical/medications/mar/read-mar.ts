// The MAR of one local day of a stay: each prescription's scheduled doses joined with the
// live record answering each, every record of the day, and PRN counts. The read is audited.
import type { Mar } from '@meridian/contracts';
import { maxDosesPerDay, type FrequencyCode } from '@meridian/contracts';
import type { Principal } from '../../../../platform/auth/principal.js';
import type { Platform } from '../../../../platform/platform.js';
import { viewPrescription } from '../prescribing/prescription-support.js';
import { localDateAt, localDayBounds, scheduledDoses } from './mar-schedule.js';
import * as repo from './mar.repository.js';
import { viewAdministration } from './record-administration.js';

const dayMs = 86_400_000;

/** GET /api/v1/patients/:patientId/mar?date=&stayId=. */
export async function readMar(
  platform: Platform,
  principal: Principal | null,
  patientId: string,
  q: { date?: string | undefined; stayId?: string | undefined },
): Promise<Mar> {
  return platform.db.transaction(async (tx) => {
    await platform.access.requireAccess(tx, principal, 'clinical.read', [patientId]);
    const stay = await repo.findMarStay(tx, patientId, { stayId: q.stayId });
    const now = platform.clock.now();
    if (!stay) {
      await platform.audit.record(tx, {
        action: 'medication_administration.mar_read',
        patientId,
        entityType: 'medication_administration',
        details: { admitted: false },
      });
      return {
        patientId,
        stay: null,
        date: q.date ?? localDateAt(now, 'UTC'),
        timeZone: 'UTC',
        slots: [],
        rows: [],
      };
    }
    const date = q.date ?? localDateAt(now, stay.timeZone);
    const { from, to } = localDayBounds(date, stay.timeZone);
    const prescriptions = await repo.prescriptionsForDay(tx, patientId, from, to);
    const ends = await repo.courseEnds(tx, prescriptions);
    const records = await repo.administrationsOfDay(tx, stay.id, from, to);
    const slots = new Set<string>();
    const rows: Mar['rows'] = [];
    for (const rx of prescriptions) {
      const doses = scheduledDoses(
        {
          frequency: rx.frequency,
          isPrn: rx.isPrn,
          startsAt: rx.startsAt ?? rx.signedAt,
          endsAt: ends.get(rx.id) ?? null,
        },
        date,
        stay.timeZone,
        { from: stay.admittedAt, to: stay.dischargedAt },
      );
      const mine = records.filter((r) => r.prescriptionId === rx.id);
      // Shown: an active order running this day (even with no dose left in it), scheduled
      // doses, or records of the day.
      const courseEnd = ends.get(rx.id);
      const runsToday = rx.status === 'active' && (!courseEnd || courseEnd > from);
      if (doses.length === 0 && mine.length === 0 && !runsToday) continue;
      for (const d of doses) slots.add(d.time);
      let prnGivenLast24h: number | null = null;
      let prnMaxPerDay: number | null = null;
      if (rx.isPrn && rx.frequency) {
        prnMaxPerDay = maxDosesPerDay({
          frequency: rx.frequency as FrequencyCode,
          isPrn: true,
          prnMaxDosesPerDay: rx.prnMaxDosesPerDay,
        });
        prnGivenLast24h = await repo.countGivenBetween(
          tx,
          rx.id,
          new Date(now.getTime() - dayMs),
          now,
        );
      }
      rows.push({
        prescription: viewPrescription(rx),
        doses: doses.map((d) => {
          const live = mine.find(
            (r) =>
              r.status === 'recorded' && r.scheduledFor?.getTime() === d.scheduledFor.getTime(),
          );
          return {
            scheduledFor: d.scheduledFor.toISOString(),
            time: d.time,
            administration: live ? viewAdministration(live) : null,
          };
        }),
        records: mine.map(viewAdministration),
        prnGivenLast24h,
        prnMaxPerDay,
      });
    }
    await platform.audit.record(tx, {
      action: 'medication_administration.mar_read',
      patientId,
      entityType: 'medication_administration',
      details: { stayId: stay.id, date, prescriptions: rows.length },
    });
    return {
      patientId,
      stay: {
        id: stay.id,
        status: stay.status,
        admittedAt: stay.admittedAt ? stay.admittedAt.toISOString() : null,
        dischargedAt: stay.dischargedAt ? stay.dischargedAt.toISOString() : null,
        facilityId: stay.facilityId,
      },
      date,
      timeZone: stay.timeZone,
      slots: [...slots].sort(),
      rows,
    };
  });
}

import { Temporal } from 'temporal-polyfill';
import type { z } from 'zod';
import type { appointmentSeriesInput, appointmentSeriesResult } from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import type { DbOrTx } from '../../../platform/db.js';
import { AppError } from '../../../platform/errors.js';
import { startIdempotent, type IdempotencyClaim } from '../../../platform/http/idempotency.js';
import { newId } from '../../../platform/ids.js';
import type { Platform } from '../../../platform/platform.js';
import { workingFacilityAt } from '../availability/bookable.js';
import { insertBooked, replayed, type CreateAnswer } from './book-appointment.js';
import * as repo from './appointment.repository.js';
import {
  endOf,
  explainConflict,
  openPatientForBooking,
  openSubjects,
  placeVisit,
  requireOverbook,
  type BookingSubjects,
} from './placement.js';

export type SeriesInput = z.output<typeof appointmentSeriesInput>;
export type SeriesResult = z.infer<typeof appointmentSeriesResult>;
type Occurrence = SeriesResult['occurrences'][number];

/** The outcome of an occurrence that was free but not booked because others were not. */
export const freeButNotBooked = 'free';

/** Thrown inside the transaction to roll every occurrence back, carrying the report. */
class SeriesRefused extends Error {
  constructor(readonly occurrences: Occurrence[]) {
    super('the series was not booked');
  }
}

/**
 * The occurrences' starts: every `everyWeeks` weeks at the first one's local wall time in
 * the facility's zone, so a 09:00 visit stays at 09:00 across a change of clocks.
 */
export function occurrenceStarts(
  first: Date,
  timeZone: string,
  everyWeeks: number,
  count: number,
): Date[] {
  const local = Temporal.Instant.fromEpochMilliseconds(first.getTime()).toZonedDateTimeISO(
    timeZone,
  );
  return Array.from(
    { length: count },
    (_, i) => new Date(local.add({ weeks: i * everyWeeks }).epochMilliseconds),
  );
}

/**
 * POST /api/v1/appointments/series. Each occurrence is tried in a savepoint, so one refused
 * by a constraint is reported (with the appointment in the way) without aborting the rest.
 * All or nothing by default: any refusal rolls the whole series back and the report says
 * why each occurrence could or could not be booked (200, seriesId null). With
 * skipConflicts the free ones are booked (201). One audit row for the series.
 */
export async function bookSeries(
  platform: Platform,
  principal: Principal | null,
  input: SeriesInput,
  claim: IdempotencyClaim | null,
): Promise<CreateAnswer<SeriesResult>> {
  const b = input.booking;
  try {
    return await platform.db.transaction(async (tx) => {
      const started = await startIdempotent(tx, platform.clock, claim);
      if (started.replay) {
        return replayed<SeriesResult>(platform, tx, started.replay, (r) => ({
          patientId: b.patientId,
          entityType: 'appointment_series',
          entityId: r.seriesId,
        }));
      }
      await openPatientForBooking(platform, tx, principal, b.patientId);
      if (b.overbook) await requireOverbook(platform, tx, principal, b.patientId);
      const subjects = await openSubjects(tx, b.practitionerId, b.appointmentTypeId);
      const seriesId = newId();
      await repo.insertSeries(tx, {
        id: seriesId,
        patientId: b.patientId,
        practitionerId: subjects.practitioner.id,
        appointmentTypeId: subjects.type.id,
        everyWeeks: input.repeat.everyWeeks,
        occurrences: input.repeat.count,
        createdBy: principal?.userId ?? null,
        createdAt: platform.clock.now(),
      });
      const occurrences = await bookOccurrences(platform, tx, principal, input, subjects, seriesId);
      const bookedIds = occurrences.flatMap((o) => (o.appointmentId ? [o.appointmentId] : []));
      const refused = occurrences.length - bookedIds.length;
      if (bookedIds.length === 0 || (refused > 0 && !input.skipConflicts)) {
        throw new SeriesRefused(occurrences);
      }
      const result: SeriesResult = { seriesId, occurrences };
      await started.complete(201, result);
      await platform.audit.record(tx, {
        action: 'appointment.series_booked',
        patientId: b.patientId,
        entityType: 'appointment_series',
        entityId: seriesId,
        details: { seriesId, appointmentIds: bookedIds, refused },
      });
      return { statusCode: 201, body: result, replayed: false };
    });
  } catch (err) {
    if (!(err instanceof SeriesRefused)) throw err;
    const occurrences = err.occurrences.map((o) => ({
      ...o,
      appointmentId: null,
      outcome: o.outcome === 'booked' ? freeButNotBooked : o.outcome,
    }));
    return { statusCode: 200, body: { seriesId: null, occurrences }, replayed: false };
  }
}

async function bookOccurrences(
  platform: Platform,
  tx: DbOrTx,
  principal: Principal | null,
  input: SeriesInput,
  subjects: BookingSubjects,
  seriesId: string,
): Promise<Occurrence[]> {
  const b = input.booking;
  const first = new Date(b.startsAt);
  const firstEnd = endOf(first, b.endsAt ? new Date(b.endsAt) : undefined, subjects.type);
  const lengthMs = firstEnd.getTime() - first.getTime();
  // The zone of the place the series starts at: where its wall time is kept.
  const facilityId =
    b.facilityId ??
    (await workingFacilityAt(tx, subjects.practitioner.id, first, firstEnd)) ??
    subjects.practitioner.facilityId;
  const timeZone = await repo.facilityTimeZone(tx, facilityId);
  if (!timeZone) throw new AppError('resource.not_found', `facility ${facilityId} was not found`);
  const out: Occurrence[] = [];
  for (const startsAt of occurrenceStarts(
    first,
    timeZone,
    input.repeat.everyWeeks,
    input.repeat.count,
  )) {
    const endsAt = new Date(startsAt.getTime() + lengthMs);
    const at = { startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() };
    try {
      const placement = await placeVisit(platform, tx, subjects, {
        startsAt,
        endsAt,
        ...(b.facilityId ? { facilityId: b.facilityId } : {}),
        fallbackFacilityId: subjects.practitioner.facilityId,
        resourceIds: b.resourceIds,
        overbookReason: b.overbook?.reason ?? null,
      });
      try {
        const row = await tx.transaction((sp) =>
          insertBooked(platform, sp, {
            patientId: b.patientId,
            subjects,
            placement,
            reason: b.reason ?? null,
            note: b.note ?? null,
            seriesId,
            actorUserId: principal?.userId ?? null,
          }),
        );
        out.push({
          ...at,
          outcome: 'booked',
          appointmentId: row.id,
          conflictingAppointmentId: null,
        });
      } catch (err) {
        throw await explainConflict(tx, err, {
          practitionerId: subjects.practitioner.id,
          patientId: b.patientId,
          placement,
        });
      }
    } catch (err) {
      if (!(err instanceof AppError) || !err.code.startsWith('scheduling.')) throw err;
      const conflicting = err.details['conflictingAppointmentId'];
      out.push({
        ...at,
        outcome: err.code,
        appointmentId: null,
        conflictingAppointmentId: typeof conflicting === 'string' ? conflicting : null,
      });
    }
  }
  return out;
}

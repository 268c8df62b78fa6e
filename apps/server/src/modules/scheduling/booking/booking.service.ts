import type { Appointment } from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import { notFound } from '../../../platform/errors.js';
import type { IdempotencyClaim } from '../../../platform/http/idempotency.js';
import type { Platform } from '../../../platform/platform.js';
import { toAppointments } from './appointment-view.js';
import * as repo from './appointment.repository.js';
import { bookAppointment, type BookInput, type CreateAnswer } from './book-appointment.js';
import { bookSeries, type SeriesInput, type SeriesResult } from './book-series.js';
import { cancelAppointmentInTx } from './cancel-appointment.js';
import {
  getAppointment,
  listAppointments,
  type AppointmentListQuery,
} from './list-appointments.js';
import { rescheduleAppointment, type RescheduleInput } from './reschedule-appointment.js';

/** The booking use cases behind /api/v1/appointments. */
export interface BookingService {
  book(
    principal: Principal | null,
    input: BookInput,
    claim: IdempotencyClaim | null,
  ): Promise<CreateAnswer<Appointment>>;
  bookSeries(
    principal: Principal | null,
    input: SeriesInput,
    claim: IdempotencyClaim | null,
  ): Promise<CreateAnswer<SeriesResult>>;
  list(
    principal: Principal | null,
    query: AppointmentListQuery,
  ): Promise<{ items: Appointment[]; nextCursor: string | null }>;
  get(principal: Principal | null, id: string): Promise<Appointment>;
  reschedule(
    principal: Principal | null,
    id: string,
    expectedVersion: number,
    input: RescheduleInput,
  ): Promise<Appointment>;
  cancel(
    principal: Principal | null,
    id: string,
    expectedVersion: number,
    reason: string,
  ): Promise<Appointment>;
}

export function createBookingService(platform: Platform): BookingService {
  return {
    book: (principal, input, claim) => bookAppointment(platform, principal, input, claim),
    bookSeries: (principal, input, claim) => bookSeries(platform, principal, input, claim),
    list: (principal, query) => listAppointments(platform, principal, query),
    get: (principal, id) => getAppointment(platform, principal, id),
    reschedule: (principal, id, version, input) =>
      rescheduleAppointment(platform, principal, id, version, input),

    cancel(principal, id, expectedVersion, reason) {
      return platform.db.transaction(async (tx) => {
        const found = await repo.findAppointment(tx, id);
        if (!found) throw notFound('appointment', id);
        await platform.access.requireAccess(
          tx,
          principal,
          'appointment.book',
          found.patientId ? [found.patientId] : [],
        );
        const row = await cancelAppointmentInTx(tx, platform, {
          appointmentId: id,
          reason,
          channel: 'staff',
          actorUserId: principal?.userId ?? null,
          expectedVersion,
        });
        const [answer] = await toAppointments(platform, tx, principal, 'appointment.book', [row]);
        if (!answer) throw notFound('appointment', id);
        return answer;
      });
    },
  };
}

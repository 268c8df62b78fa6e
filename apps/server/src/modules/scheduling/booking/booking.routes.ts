import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  appointment,
  appointmentListQuery,
  appointmentPage,
  appointmentSeriesInput,
  appointmentSeriesResult,
  bookAppointmentInput,
  cancelAppointmentInput,
  idParams,
  rescheduleAppointmentInput,
} from '@meridian/contracts';
import { idempotencyClaimOf, markReplayed } from '../../../platform/http/idempotency.js';
import { requireIfMatch, withEtag } from '../../../platform/http/preconditions.js';
import type { Platform } from '../../../platform/platform.js';
import { createAppointmentMergeHandler } from './appointment-merge.js';
import { createBookingService, type BookingService } from './booking.service.js';

/** Appointments: book (idempotent), list, read, reschedule, cancel, weekly series. */
export function registerBookingRoutes(app: FastifyInstance, platform: Platform): void {
  registerRoutes(app, createBookingService(platform));
  // Unplugged when the app closes, so an app rebuilt on the same platform can plug it again.
  const unregister = platform.patientMerge.register(createAppointmentMergeHandler(platform));
  app.addHook('onClose', (_instance, done) => {
    unregister();
    done();
  });
}

function registerRoutes(app: FastifyInstance, service: BookingService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['appointments'];

  r.post(
    '/api/v1/appointments',
    {
      config: { access: 'appointment.book' },
      schema: { tags, body: bookAppointmentInput, response: { 201: appointment } },
    },
    async (req, reply) => {
      const answer = await service.book(req.principal, req.body, idempotencyClaimOf(req));
      if (answer.replayed) markReplayed(reply);
      void reply
        .status(answer.statusCode as 201)
        .header('location', `/api/v1/appointments/${answer.body.id}`);
      return withEtag(reply, answer.body);
    },
  );
  r.post(
    '/api/v1/appointments/series',
    {
      config: { access: 'appointment.book' },
      schema: {
        tags,
        body: appointmentSeriesInput,
        response: { 200: appointmentSeriesResult, 201: appointmentSeriesResult },
      },
    },
    async (req, reply) => {
      const answer = await service.bookSeries(req.principal, req.body, idempotencyClaimOf(req));
      if (answer.replayed) markReplayed(reply);
      void reply.status(answer.statusCode as 200 | 201);
      return answer.body;
    },
  );
  r.get(
    '/api/v1/appointments',
    {
      config: { access: 'appointment.read' },
      schema: { tags, querystring: appointmentListQuery, response: { 200: appointmentPage } },
    },
    (req) => service.list(req.principal, req.query),
  );
  r.get(
    '/api/v1/appointments/:id',
    {
      config: { access: 'appointment.read' },
      schema: { tags, params: idParams, response: { 200: appointment } },
    },
    async (req, reply) => withEtag(reply, await service.get(req.principal, req.params.id)),
  );
  r.post(
    '/api/v1/appointments/:id/reschedule',
    {
      config: { access: 'appointment.book' },
      schema: {
        tags,
        params: idParams,
        body: rescheduleAppointmentInput,
        response: { 200: appointment },
      },
    },
    async (req, reply) =>
      withEtag(
        reply,
        await service.reschedule(req.principal, req.params.id, requireIfMatch(req), req.body),
      ),
  );
  r.post(
    '/api/v1/appointments/:id/cancel',
    {
      config: { access: 'appointment.book' },
      schema: {
        tags,
        params: idParams,
        body: cancelAppointmentInput,
        response: { 200: appointment },
      },
    },
    async (req, reply) =>
      withEtag(
        reply,
        await service.cancel(req.principal, req.params.id, requireIfMatch(req), req.body.reason),
      ),
  );
}

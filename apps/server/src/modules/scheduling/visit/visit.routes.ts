import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  appointment,
  idParams,
  schedulingMetrics,
  schedulingMetricsQuery,
  todayList,
  todayListQuery,
  transitionAppointmentInput,
} from '@meridian/contracts';
import { requireIfMatch, withEtag } from '../../../platform/http/preconditions.js';
import type { Platform } from '../../../platform/platform.js';
import { createVisitService } from './visit.service.js';

/**
 * The visit flow (check-in, in room, completed, no-show by hand), the front desk's list of
 * the day, and the scheduling figures for reports.
 */
export function registerVisitRoutes(app: FastifyInstance, platform: Platform): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const service = createVisitService(platform);
  const tags = ['scheduling'];

  // Tricky: a static path, so Fastify's router prefers it to booking's
  // GET /api/v1/appointments/:id whatever the registration order.
  r.get(
    '/api/v1/appointments/today',
    {
      config: { access: 'appointment.read' },
      schema: {
        tags,
        description: "A facility's appointments of one local day (default today there), by start.",
        querystring: todayListQuery,
        response: { 200: todayList },
      },
    },
    (req) => service.todayList(req.principal, req.query),
  );
  r.post(
    '/api/v1/appointments/:id/transitions',
    {
      config: { access: 'appointment.book' },
      schema: {
        tags,
        description: 'Moves the appointment along the visit flow; If-Match with its version.',
        params: idParams,
        body: transitionAppointmentInput,
        response: { 200: appointment },
      },
    },
    async (req, reply) =>
      withEtag(
        reply,
        await service.transition(req.principal, req.params.id, requireIfMatch(req), req.body),
      ),
  );
  r.get(
    '/api/v1/scheduling/metrics',
    {
      config: { access: 'report.read' },
      schema: {
        tags,
        description: 'No-shows, cancellations, lead and wait times and utilisation per group.',
        querystring: schedulingMetricsQuery,
        response: { 200: schedulingMetrics },
      },
    },
    (req) => service.metrics(req.query),
  );
}

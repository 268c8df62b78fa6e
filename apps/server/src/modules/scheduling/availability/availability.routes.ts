import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { slotSearchQuery, slotSearchResult } from '@meridian/contracts';
import type { Platform } from '../../../platform/platform.js';
import { createSlotSearch } from './slot-search.js';

/** Free slots for an appointment type across practitioners, a specialty or a location. */
export function registerAvailabilityRoutes(app: FastifyInstance, platform: Platform): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const search = createSlotSearch(platform);
  r.get(
    '/api/v1/scheduling/slots',
    {
      config: { access: 'appointment.read' },
      schema: {
        tags: ['scheduling'],
        querystring: slotSearchQuery,
        response: { 200: slotSearchResult },
      },
    },
    (req) => search.searchSlots(req.query),
  );
}

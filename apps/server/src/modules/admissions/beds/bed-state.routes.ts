import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { bed, bedStateChangeInput, idParams } from '@meridian/contracts';
import { requireIfMatch, withEtag } from '../../../platform/http/preconditions.js';
import type { Platform } from '../../../platform/platform.js';
import { setBedState } from './set-bed-state.js';

/** POST /api/v1/beds/:id/state: the manual bed actions (housekeeping, blocking). */
export function registerBedStateRoutes(app: FastifyInstance, platform: Platform): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/api/v1/beds/:id/state',
    {
      config: { access: 'bed.housekeeping' },
      schema: {
        tags: ['beds'],
        params: idParams,
        body: bedStateChangeInput,
        response: { 200: bed },
      },
    },
    async (req, reply) => {
      const expectedVersion = requireIfMatch(req);
      const answer = await setBedState(
        platform,
        req.principal,
        req.params.id,
        req.body,
        expectedVersion,
      );
      return withEtag(reply, answer);
    },
  );
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { bedBoard, boardQuery, housekeepingList } from '@meridian/contracts';
import type { Platform } from '../../../platform/platform.js';
import { registerBedStateRoutes } from '../beds/bed-state.routes.js';
import { createBoardFeed } from './board-feed.js';
import { listHousekeeping, viewBoard } from './board.service.js';

const facilityQuery = boardQuery.pick({ facilityId: true });

/**
 * The bed board (GET /api/v1/bed-board), its live Server-Sent Events stream, the
 * housekeeping list, and the manual bed actions (POST /api/v1/beds/:id/state).
 */
export async function registerBoardRoutes(app: FastifyInstance, platform: Platform): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['bed board'];
  const feed = createBoardFeed(platform);
  // Open streams would keep the server from closing.
  app.addHook('preClose', (done) => {
    feed.closeAll();
    done();
  });

  r.get(
    '/api/v1/bed-board',
    {
      config: { access: 'admission.read' },
      schema: { tags, querystring: boardQuery, response: { 200: bedBoard } },
    },
    (req) => viewBoard(platform, req.principal, req.query),
  );
  r.get(
    '/api/v1/bed-board/events',
    {
      config: { access: 'admission.read' },
      schema: {
        tags,
        description:
          'Server-Sent Events (text/event-stream): `event: beds` with a bedBoardEvent ' +
          'as data after each change (coalesced), a comment heartbeat every 20 s, ' +
          '`event: end` when the session ends.',
        querystring: facilityQuery,
      },
    },
    async (req, reply) => {
      await feed.open(req, reply, req.query.facilityId, 'admission.read');
      return reply;
    },
  );
  r.get(
    '/api/v1/bed-board/housekeeping/events',
    {
      config: { access: 'bed.housekeeping' },
      schema: {
        tags,
        description:
          'The same stream as /bed-board/events (ids only) for housekeeping, who may not ' +
          'read the board itself.',
        querystring: facilityQuery,
      },
    },
    async (req, reply) => {
      await feed.open(req, reply, req.query.facilityId, 'bed.housekeeping');
      return reply;
    },
  );
  r.get(
    '/api/v1/bed-board/housekeeping',
    {
      config: { access: 'bed.housekeeping' },
      schema: { tags, querystring: facilityQuery, response: { 200: housekeepingList } },
    },
    (req) => listHousekeeping(platform, req.principal, req.query.facilityId),
  );
  registerBedStateRoutes(app, platform);
  await Promise.resolve();
}

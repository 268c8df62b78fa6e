import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';
import { registerBoardRoutes } from './board/board.routes.js';
import { registerCensusRoutes } from './census/census.routes.js';
import { registerPlacesRoutes } from './places/places.routes.js';
import { registerStayRoutes } from './stays/stays.routes.js';
import './admissions.errors.js';
// Jobs are defined at import time, so a worker-only process knows them too.
import './census/census.jobs.js';

/**
 * The admissions module: wards, rooms and beds (places/), inpatient stays from pre-admission
 * to discharge with their movements (stays/), the live bed board and housekeeping (board/),
 * and census figures with the midnight snapshot (census/).
 */
export async function admissionsModule(app: FastifyInstance, platform: Platform): Promise<void> {
  registerPlacesRoutes(app, platform);
  registerStayRoutes(app, platform);
  await registerBoardRoutes(app, platform);
  registerCensusRoutes(app, platform);
}

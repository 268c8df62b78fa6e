import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../../platform/platform.js';
import type { MatchService } from './match.types.js';

// Placeholder until the duplicate check lands: no candidates.
export function registerMatchRoutes(_app: FastifyInstance, _platform: Platform): MatchService {
  return {
    thresholds: { likely: 12, possible: 6 },
    findCandidates: () => Promise.resolve([]),
    match: () => Promise.resolve({ candidates: [], thresholds: { likely: 12, possible: 6 } }),
  };
}

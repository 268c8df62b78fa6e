import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../../platform/platform.js';
import type { MatchService } from '../matching/match.types.js';

export function registerRecordRoutes(
  _app: FastifyInstance,
  _platform: Platform,
  _deps: { match: MatchService },
): void {}

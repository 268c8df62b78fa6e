import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../../platform/platform.js';

export function registerCoverageRoutes(_app: FastifyInstance, _platform: Platform): void {}

import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../../platform/platform.js';

// Placeholder: the visit routes are being built.
export function registerVisitRoutes(_app: FastifyInstance, _platform: Platform): void {}

import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../../platform/platform.js';

// Placeholder: the availability routes are being built.
export function registerAvailabilityRoutes(_app: FastifyInstance, _platform: Platform): void {}

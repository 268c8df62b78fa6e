import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../../platform/platform.js';

// Placeholder: the booking routes are being built.
export function registerBookingRoutes(_app: FastifyInstance, _platform: Platform): void {}

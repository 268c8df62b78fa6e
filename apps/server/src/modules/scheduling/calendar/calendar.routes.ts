import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../../platform/platform.js';

// Placeholder: the calendar routes are being built.
export function registerCalendarRoutes(_app: FastifyInstance, _platform: Platform): void {}

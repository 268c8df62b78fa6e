import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../../platform/platform.js';

// Placeholder: the reminders routes are being built.
export function registerReminderRoutes(_app: FastifyInstance, _platform: Platform): void {}

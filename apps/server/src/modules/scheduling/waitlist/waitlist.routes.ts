import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../../platform/platform.js';

// Placeholder: the waitlist routes are being built.
export function registerWaitlistRoutes(_app: FastifyInstance, _platform: Platform): void {}

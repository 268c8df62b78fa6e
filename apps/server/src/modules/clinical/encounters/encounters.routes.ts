import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../../platform/platform.js';

/** STUB (issue 6 foundation): the encounters area's routes; its owner replaces this file. */
export function registerEncounterRoutes(_app: FastifyInstance, _platform: Platform): void {}

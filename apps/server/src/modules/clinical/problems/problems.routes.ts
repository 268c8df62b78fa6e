import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../../platform/platform.js';

/** STUB (issue 6 foundation): the problems area's routes; its owner replaces this file. */
export function registerProblemRoutes(_app: FastifyInstance, _platform: Platform): void {}

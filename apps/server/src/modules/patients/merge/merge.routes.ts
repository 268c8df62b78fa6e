import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../../platform/platform.js';

export function registerMergeRoutes(_app: FastifyInstance, _platform: Platform): void {}

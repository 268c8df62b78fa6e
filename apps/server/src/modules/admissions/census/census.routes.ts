import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../../platform/platform.js';

export function registerCensusRoutes(app: FastifyInstance, platform: Platform): void {
  void app;
  void platform;
}

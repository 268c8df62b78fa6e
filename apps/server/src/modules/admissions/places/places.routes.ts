import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../../platform/platform.js';

export function registerPlacesRoutes(app: FastifyInstance, platform: Platform): void {
  void app;
  void platform;
}

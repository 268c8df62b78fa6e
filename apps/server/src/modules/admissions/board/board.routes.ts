import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../../platform/platform.js';

export async function registerBoardRoutes(app: FastifyInstance, platform: Platform): Promise<void> {
  void app;
  void platform;
  await Promise.resolve();
}

import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';
import { createNotificationsService } from './notifications.service.js';
import { registerNotificationsRoutes } from './notifications.routes.js';

export { createNotificationsService, type NotificationsService } from './notifications.service.js';

/** Registers the notifications module's routes: the message viewer. */
export async function notificationsModule(app: FastifyInstance, platform: Platform): Promise<void> {
  registerNotificationsRoutes(app, createNotificationsService(platform));
  await Promise.resolve();
}

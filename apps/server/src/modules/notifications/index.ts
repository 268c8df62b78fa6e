import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';

/** Registers the notifications module's routes. */
export async function notificationsModule(
  _app: FastifyInstance,
  _platform: Platform,
): Promise<void> {
  await Promise.resolve();
}

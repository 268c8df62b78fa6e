import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';

/** Registers the organization module's routes. */
export async function organizationModule(
  _app: FastifyInstance,
  _platform: Platform,
): Promise<void> {
  await Promise.resolve();
}

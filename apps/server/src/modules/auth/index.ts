import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';

/** Registers the auth module's routes. */
export async function authModule(_app: FastifyInstance, _platform: Platform): Promise<void> {
  await Promise.resolve();
}

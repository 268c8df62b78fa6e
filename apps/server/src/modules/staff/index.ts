import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';

/** Registers the staff module's routes. */
export async function staffModule(_app: FastifyInstance, _platform: Platform): Promise<void> {
  await Promise.resolve();
}

import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';

/** Registers the audit module's routes. */
export async function auditModule(_app: FastifyInstance, _platform: Platform): Promise<void> {
  await Promise.resolve();
}

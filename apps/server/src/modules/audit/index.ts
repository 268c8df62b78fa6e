import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';
import { createAuditLogService } from './audit-log.service.js';
import { createBreakGlassService } from './break-glass.service.js';
import { registerAuditRoutes } from './audit.routes.js';
import { registerBreakGlassRoutes } from './break-glass.routes.js';

export { createAuditLogService, type AuditLogService } from './audit-log.service.js';
export { createBreakGlassService, type BreakGlassService } from './break-glass.service.js';

/** Registers the audit module's routes: the audit trail's review API and break-the-glass. */
export async function auditModule(app: FastifyInstance, platform: Platform): Promise<void> {
  registerAuditRoutes(app, createAuditLogService(platform));
  registerBreakGlassRoutes(app, createBreakGlassService(platform));
  await Promise.resolve();
}

import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';
import { createStaffService } from './staff.service.js';
import { registerStaffRoutes } from './staff.routes.js';

export {
  createStaffService,
  type StaffService,
  type CreateUserInput,
  type CreateUserOptions,
} from './staff.service.js';
export type { ProvisionRequest, ProvisionedUser } from './commands/provision-user.js';

/** Registers the staff module's routes: user administration. */
export async function staffModule(app: FastifyInstance, platform: Platform): Promise<void> {
  registerStaffRoutes(app, createStaffService(platform));
  await Promise.resolve();
}

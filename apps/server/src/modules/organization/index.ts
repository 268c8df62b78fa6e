import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';
import { createOrganizationService } from './organization.service.js';
import { registerOrganizationRoutes } from './organization.routes.js';

export {
  createOrganizationService,
  type OrganizationService,
  type CreateFacilityInput,
  type CreateDepartmentInput,
} from './organization.service.js';

/** Registers the organization module's routes: the organization, facilities, departments. */
export async function organizationModule(app: FastifyInstance, platform: Platform): Promise<void> {
  registerOrganizationRoutes(app, createOrganizationService(platform));
  await Promise.resolve();
}

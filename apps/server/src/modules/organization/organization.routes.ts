import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  createDepartmentBody,
  createFacilityBody,
  createOrganizationBody,
  department,
  departmentList,
  facility,
  facilityList,
  idParams,
  listOrgUnitsQuery,
  organization,
  updateDepartmentBody,
  updateFacilityBody,
  updateOrganizationBody,
} from '@meridian/contracts';
import { requireIfMatch, withEtag } from '../../platform/http/preconditions.js';
import type { OrganizationService } from './organization.service.js';

export function registerOrganizationRoutes(app: FastifyInstance, service: OrganizationService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['organization'];

  r.get(
    '/api/v1/organization',
    { config: { access: 'org.read' }, schema: { tags, response: { 200: organization } } },
    async (_req, reply) => withEtag(reply, await service.getOrganization()),
  );
  r.post(
    '/api/v1/organization',
    {
      config: { access: 'org.manage' },
      schema: { tags, body: createOrganizationBody, response: { 201: organization } },
    },
    async (req, reply) => withEtag(reply.status(201), await service.createOrganization(req.body)),
  );
  r.patch(
    '/api/v1/organization',
    {
      config: { access: 'org.manage' },
      schema: { tags, body: updateOrganizationBody, response: { 200: organization } },
    },
    async (req, reply) =>
      withEtag(reply, await service.updateOrganization(requireIfMatch(req), req.body)),
  );

  r.get(
    '/api/v1/facilities',
    {
      config: { access: 'org.read' },
      schema: { tags, querystring: listOrgUnitsQuery, response: { 200: facilityList } },
    },
    async (req) => ({ items: await service.listFacilities(req.query) }),
  );
  r.post(
    '/api/v1/facilities',
    {
      config: { access: 'org.manage' },
      schema: { tags, body: createFacilityBody, response: { 201: facility } },
    },
    async (req, reply) => {
      const created = await service.createFacility(req.body);
      void reply.status(201).header('location', `/api/v1/facilities/${created.id}`);
      return withEtag(reply, created);
    },
  );
  r.get(
    '/api/v1/facilities/:id',
    {
      config: { access: 'org.read' },
      schema: { tags, params: idParams, response: { 200: facility } },
    },
    async (req, reply) => withEtag(reply, await service.getFacility(req.params.id)),
  );
  r.patch(
    '/api/v1/facilities/:id',
    {
      config: { access: 'org.manage' },
      schema: { tags, params: idParams, body: updateFacilityBody, response: { 200: facility } },
    },
    async (req, reply) =>
      withEtag(reply, await service.updateFacility(req.params.id, requireIfMatch(req), req.body)),
  );

  r.get(
    '/api/v1/facilities/:id/departments',
    {
      config: { access: 'org.read' },
      schema: {
        tags,
        params: idParams,
        querystring: listOrgUnitsQuery,
        response: { 200: departmentList },
      },
    },
    async (req) => ({ items: await service.listDepartments(req.params.id, req.query) }),
  );
  r.post(
    '/api/v1/facilities/:id/departments',
    {
      config: { access: 'org.manage' },
      schema: { tags, params: idParams, body: createDepartmentBody, response: { 201: department } },
    },
    async (req, reply) =>
      withEtag(reply.status(201), await service.createDepartment(req.params.id, req.body)),
  );
  r.patch(
    '/api/v1/departments/:id',
    {
      config: { access: 'org.manage' },
      schema: { tags, params: idParams, body: updateDepartmentBody, response: { 200: department } },
    },
    async (req, reply) =>
      withEtag(reply, await service.updateDepartment(req.params.id, requireIfMatch(req), req.body)),
  );
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  createUserBody,
  idParams,
  listUsersQuery,
  resetPasswordBody,
  updateUserBody,
  user,
  userPage,
} from '@meridian/contracts';
import { requireIfMatch, withEtag } from '../../platform/http/preconditions.js';
import type { StaffService } from './staff.service.js';

export function registerStaffRoutes(app: FastifyInstance, service: StaffService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['users'];

  r.get(
    '/api/v1/users',
    {
      config: { access: 'user.read' },
      schema: { tags, querystring: listUsersQuery, response: { 200: userPage } },
    },
    (req) => service.listUsers(req.query),
  );
  r.post(
    '/api/v1/users',
    {
      config: { access: 'user.manage' },
      schema: { tags, body: createUserBody, response: { 201: user } },
    },
    async (req, reply) => {
      const created = await service.createUser(req.body);
      void reply.status(201).header('location', `/api/v1/users/${created.id}`);
      return withEtag(reply, created);
    },
  );
  r.get(
    '/api/v1/users/:id',
    {
      config: { access: 'user.read' },
      schema: { tags, params: idParams, response: { 200: user } },
    },
    async (req, reply) => withEtag(reply, await service.getUser(req.params.id)),
  );
  r.patch(
    '/api/v1/users/:id',
    {
      config: { access: 'user.manage' },
      schema: { tags, params: idParams, body: updateUserBody, response: { 200: user } },
    },
    async (req, reply) =>
      withEtag(
        reply,
        await service.updateUser(req.principal, req.params.id, requireIfMatch(req), req.body),
      ),
  );
  r.post(
    '/api/v1/users/:id/password-reset',
    {
      config: { access: 'user.manage' },
      schema: { tags, params: idParams, body: resetPasswordBody, response: { 200: user } },
    },
    async (req, reply) =>
      withEtag(reply, await service.resetPassword(req.params.id, req.body.newPassword)),
  );
  r.post(
    '/api/v1/users/:id/mfa-reset',
    {
      config: { access: 'user.manage' },
      schema: { tags, params: idParams, response: { 200: user } },
    },
    async (req, reply) => withEtag(reply, await service.resetMfa(req.params.id)),
  );
}

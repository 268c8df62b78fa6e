import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  idParams,
  listMessagesQuery,
  outboxMessage,
  outboxMessageDetail,
  outboxMessagePage,
} from '@meridian/contracts';
import type { NotificationsService } from './notifications.service.js';

export function registerNotificationsRoutes(
  app: FastifyInstance,
  service: NotificationsService,
): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/messages',
    {
      config: { access: 'message.read' },
      schema: {
        tags: ['messages'],
        summary: 'List outgoing e-mail and SMS messages, newest first',
        querystring: listMessagesQuery,
        response: { 200: outboxMessagePage },
      },
    },
    (req) => service.listMessages(req.principal!, req.query),
  );

  r.get(
    '/api/v1/messages/:id',
    {
      config: { access: 'message.read' },
      schema: {
        tags: ['messages'],
        summary: 'One message with its text (the view is audited)',
        params: idParams,
        response: { 200: outboxMessageDetail },
      },
    },
    (req) => service.getMessage(req.principal!, req.params.id),
  );

  r.post(
    '/api/v1/messages/:id/retry',
    {
      config: { access: 'message.manage' },
      schema: {
        tags: ['messages'],
        summary: 'Queue a failed or dead message again with a fresh set of attempts',
        params: idParams,
        // No body; an empty object is accepted, anything in it refused.
        body: z.strictObject({}).nullish(),
        response: { 200: outboxMessage },
      },
    },
    (req) => service.retryMessage(req.principal!, req.params.id),
  );
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import {
  addendumInput,
  enteredInErrorInput,
  idParams,
  note,
  noteCreateInput,
  notePage,
  notePatch,
  noteQuery,
  noteTemplateList,
  noteTemplates,
} from '@meridian/contracts';
import { idempotencyClaimOf, markReplayed } from '../../../platform/http/idempotency.js';
import { requireIfMatch, withEtag } from '../../../platform/http/preconditions.js';
import type { Platform } from '../../../platform/platform.js';
import { createNoteMergeHandler } from './note-merge.js';
import { createNoteService, type NoteService } from './notes.service.js';
import './notes.errors.js';

const tags = ['clinical notes'];
const notes = '/api/v1/notes';
const read = { access: 'clinical.read' } as const;
const write = { access: 'clinical.write' } as const;

/**
 * Clinical notes: templates, a patient's notes (list and full-text search), drafts by
 * their author (create, autosave with If-Match, sign, discard), and after signing,
 * addenda and entered-in-error.
 */
export function registerNoteRoutes(app: FastifyInstance, platform: Platform): void {
  // Unplugged when the app closes, so an app rebuilt on the same platform can plug it again.
  const unregister = platform.patientMerge.register(createNoteMergeHandler());
  app.addHook('onClose', (_instance, done) => {
    unregister();
    done();
  });
  const service = createNoteService(platform);
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/note-templates',
    { config: read, schema: { tags, response: { 200: noteTemplateList } } },
    () => ({
      items: Object.values(noteTemplates).map((t) => ({ ...t, sections: [...t.sections] })),
    }),
  );
  r.get(
    '/api/v1/patients/:id/notes',
    {
      config: read,
      schema: { tags, params: idParams, querystring: noteQuery, response: { 200: notePage } },
    },
    (req) => service.list(req.principal, req.params.id, req.query),
  );
  r.post(
    '/api/v1/patients/:id/notes',
    {
      config: write,
      schema: { tags, params: idParams, body: noteCreateInput, response: { 201: note } },
    },
    async (req, reply) => {
      const answer = await service.create(
        req.principal,
        req.params.id,
        req.body,
        idempotencyClaimOf(req),
      );
      if (answer.replayed) markReplayed(reply);
      void reply.status(201).header('location', `${notes}/${answer.body.id}`);
      return withEtag(reply, answer.body);
    },
  );
  r.get(
    `${notes}/:id`,
    { config: read, schema: { tags, params: idParams, response: { 200: note } } },
    async (req, reply) => withEtag(reply, await service.get(req.principal, req.params.id)),
  );
  registerSteps(app, service);
}

/** The changes on one note: each answers the note (with its ETag). */
function registerSteps(app: FastifyInstance, service: NoteService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const schema = <B extends z.ZodType>(body: B) => ({
    tags,
    params: idParams,
    body,
    response: { 200: note },
  });
  const bodiless = { tags, params: idParams, response: { 200: note } };

  r.patch(`${notes}/:id`, { config: write, schema: schema(notePatch) }, async (req, reply) =>
    withEtag(
      reply,
      await service.update(req.principal, req.params.id, requireIfMatch(req), req.body),
    ),
  );
  r.post(`${notes}/:id/sign`, { config: write, schema: bodiless }, async (req, reply) =>
    withEtag(reply, await service.sign(req.principal, req.params.id, requireIfMatch(req))),
  );
  r.post(`${notes}/:id/discard`, { config: write, schema: bodiless }, async (req, reply) =>
    withEtag(reply, await service.discard(req.principal, req.params.id, requireIfMatch(req))),
  );
  r.post(
    `${notes}/:id/addenda`,
    { config: write, schema: schema(addendumInput) },
    async (req, reply) =>
      withEtag(reply, await service.addAddendum(req.principal, req.params.id, req.body.text)),
  );
  r.post(
    `${notes}/:id/entered-in-error`,
    { config: write, schema: schema(enteredInErrorInput) },
    async (req, reply) =>
      withEtag(
        reply,
        await service.markEnteredInError(req.principal, req.params.id, req.body.reason),
      ),
  );
}

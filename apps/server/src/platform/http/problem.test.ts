import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { errorHandler, problemFor } from './problem.js';

const templateId = '0192f0c4-0000-7000-8000-0000000000a1';

/** A bare Fastify app with the one error handler and a route that throws `error`. */
function appThrowing(error: Error) {
  const app = Fastify();
  app.setErrorHandler(errorHandler);
  app.get('/boom', () => {
    throw error;
  });
  return app;
}

const apps: FastifyInstance[] = [];
afterAll(async () => {
  await Promise.all(apps.map((a) => a.close()));
});

async function problemOf(error: Error) {
  const app = appThrowing(error);
  apps.push(app);
  const res = await app.inject({ method: 'GET', url: '/boom' });
  return { res, body: res.json<Record<string, unknown>>() };
}

describe('problem+json extension members', () => {
  it('passes the other template of a template overlap through, beside the field errors', async () => {
    const { res, body } = await problemOf(
      new AppError('scheduling.template_overlap', 'block 0 overlaps template', {
        conflictingTemplateId: templateId,
        errors: [{ path: 'blocks.0', rule: 'conflict', message: 'overlaps' }],
      }),
    );
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(body).toMatchObject({
      code: 'scheduling.template_overlap',
      conflictingTemplateId: templateId,
      errors: [{ path: 'blocks.0', rule: 'conflict', message: 'overlaps' }],
    });
  });

  it('keeps details that the code does not declare on the server', async () => {
    const { body } = await problemOf(
      new AppError('scheduling.template_overlap', 'overlap', {
        conflictingTemplateId: templateId,
        patientName: 'Jane Example',
        conflictingAppointmentId: templateId,
      }),
    );
    expect(body).not.toHaveProperty('patientName');
    expect(body).not.toHaveProperty('conflictingAppointmentId');
    expect(JSON.stringify(body)).not.toContain('Jane');
  });

  it('drops a declared member of the wrong shape', () => {
    const problem = problemFor('scheduling.template_overlap', 'overlap', 'req-1', {
      conflictingTemplateId: { name: 'Jane Example' },
    });
    expect(problem).not.toHaveProperty('conflictingTemplateId');
  });

  it.each([
    ['scheduling.slot_taken', 'conflictingAppointmentId', templateId],
    ['patient.merged', 'mergedIntoId', templateId],
    ['access.break_glass_required', 'patientId', templateId],
  ] as const)('gives %s its %s', (code, member, value) => {
    const problem = problemFor(code, 'refused', 'req-1', { [member]: value, other: 'x' });
    expect(problem).toMatchObject({ code, [member]: value });
    expect(problem).not.toHaveProperty('other');
  });

  it('gives a code without extensions none, whatever its details', () => {
    const problem = problemFor('scheduling.invalid_transition', 'refused', 'req-1', {
      fromStatus: 'booked',
      conflictingTemplateId: templateId,
    });
    expect(Object.keys(problem).sort()).toEqual(
      ['code', 'detail', 'requestId', 'status', 'title', 'type'].sort(),
    );
  });
});

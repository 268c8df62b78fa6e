import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fastSerializerCompiler, forSerialization } from './serializer.js';

const compile = (schema: z.ZodType) =>
  fastSerializerCompiler({ schema, method: 'GET', url: '/x', httpStatus: '200' }) as (
    data: unknown,
  ) => string;

describe('production response serializer', () => {
  it('folds a nullable primitive into a type list and drops validation keywords', () => {
    expect(
      forSerialization({
        anyOf: [{ type: 'string', format: 'uuid', pattern: '^x$' }, { type: 'null' }],
      }),
    ).toEqual({ type: ['string', 'null'] });
  });

  it('writes a null enum inside a nullable object (a restricted patient summary)', () => {
    const summary = z.object({ sex: z.enum(['female', 'male']).nullable(), name: z.string() });
    const schema = z.object({ patient: summary.nullable() });
    expect(compile(schema)({ patient: { sex: null, name: 'x' } })).toBe(
      '{"patient":{"sex":null,"name":"x"}}',
    );
    expect(compile(schema)({ patient: { sex: 'male', name: 'x' } })).toBe(
      '{"patient":{"sex":"male","name":"x"}}',
    );
  });

  it('writes declared fields only, nulls and nested objects included', () => {
    const schema = z.object({
      id: z.uuid(),
      facilityId: z.uuid().nullable(),
      at: z.iso.datetime(),
      tags: z.array(z.enum(['a', 'b'])),
      details: z.record(z.string(), z.unknown()),
    });
    const out = compile(schema)({
      id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
      facilityId: null,
      at: '2026-01-01T00:00:00.000Z',
      tags: ['a'],
      details: { n: 1, s: 'x' },
      passwordHash: 'secret',
    });
    expect(JSON.parse(out)).toEqual({
      id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
      facilityId: null,
      at: '2026-01-01T00:00:00.000Z',
      tags: ['a'],
      details: { n: 1, s: 'x' },
    });
  });

  it('keeps a union of objects intact', () => {
    const schema = z.union([
      z.object({ kind: z.literal('a'), a: z.number() }),
      z.object({ kind: z.literal('b'), b: z.string() }),
    ]);
    expect(JSON.parse(compile(schema)({ kind: 'b', b: 'yes' }))).toEqual({ kind: 'b', b: 'yes' });
  });
});

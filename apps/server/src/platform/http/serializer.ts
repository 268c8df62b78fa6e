import type { FastifySerializerCompiler } from 'fastify/types/schema.js';
import fastJson from 'fast-json-stringify';
import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';

type ZodSchema = z.ZodType;

/**
 * Production response serializer: fast-json-stringify compiled from the route's zod response
 * schema turned into JSON Schema. Like the zod serializer it writes only declared fields, so
 * nothing undeclared leaks; unlike it, it does not re-validate every response, which cost
 * about a sixth of the server's time per request (bench/). Development and tests keep the
 * validating zod serializer, so a response that drifts from its contract fails the tests.
 */
export const fastSerializerCompiler: FastifySerializerCompiler<ZodSchema> = ({ schema }) => {
  const jsonSchema = z.toJSONSchema(schema, {
    io: 'output',
    target: 'draft-07',
    unrepresentable: 'any',
  });
  return fastJson(jsonSchema as Parameters<typeof fastJson>[0]);
};

export function responseSerializerCompiler(
  nodeEnv: 'development' | 'production' | 'test',
): FastifySerializerCompiler<ZodSchema> {
  return nodeEnv === 'production'
    ? fastSerializerCompiler
    : (zodSerializerCompiler as FastifySerializerCompiler<ZodSchema>);
}

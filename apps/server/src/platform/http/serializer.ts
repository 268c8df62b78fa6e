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
  return fastJson(forSerialization(jsonSchema) as Parameters<typeof fastJson>[0]);
};

type JsonSchemaNode = Record<string, unknown>;

function isNode(value: unknown): value is JsonSchemaNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Tricky: fast-json-stringify picks an `anyOf` branch by validating the value with ajv, so a
 * nullable uuid ran a regular expression on every reply. A serializer need not validate
 * (zod does that in tests), so `format` and `pattern` go, and `anyOf [T, null]` over a
 * primitive T (enums included) becomes `type: [T, 'null']`.
 */
export function forSerialization(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(forSerialization);
  if (!isNode(node)) return node;
  const out: JsonSchemaNode = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'format' || key === 'pattern') continue;
    out[key] = forSerialization(value);
  }
  const anyOf = out['anyOf'];
  if (Array.isArray(anyOf) && anyOf.length === 2) {
    const isNull = (n: unknown) => isNode(n) && n['type'] === 'null';
    const other: unknown = (anyOf as unknown[]).find((n) => !isNull(n));
    const primitive = ['string', 'number', 'integer', 'boolean'];
    if (anyOf.some(isNull) && isNode(other) && primitive.includes(String(other['type']))) {
      delete out['anyOf'];
      // Tricky: a nullable enum keeps no `enum`, or null would fail it inside an object
      // branch that ajv checks (a restricted patient's null sexAtBirth did).
      const { enum: _values, ...rest } = other;
      return { ...rest, ...out, type: [other['type'], 'null'] };
    }
  }
  return out;
}

export function responseSerializerCompiler(
  nodeEnv: 'development' | 'production' | 'test',
): FastifySerializerCompiler<ZodSchema> {
  return nodeEnv === 'production'
    ? fastSerializerCompiler
    : (zodSerializerCompiler as FastifySerializerCompiler<ZodSchema>);
}

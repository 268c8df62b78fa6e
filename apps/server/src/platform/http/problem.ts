import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import {
  errorStatus,
  problemExtensions,
  type ErrorCode,
  type FieldError,
  type Problem,
  type ProblemExtension,
} from '@meridian/contracts';
import { AppError, fromDatabaseError } from '../errors.js';

const titles: Partial<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  423: 'Locked',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const isString = (v: unknown): boolean => typeof v === 'string';
const isObjectArray = (v: unknown): boolean =>
  Array.isArray(v) && v.every((item) => typeof item === 'object' && item !== null);

/** The shape each extension member must have to leave the server (ids are strings). */
const extensionShape: Record<ProblemExtension, (value: unknown) => boolean> = {
  patientId: isString,
  candidates: isObjectArray,
  mergedIntoId: isString,
  conflicts: isObjectArray,
  conflictingAppointmentId: isString,
  conflictingTemplateId: isString,
  alerts: isObjectArray,
};

/** The error's details that its code declares (contracts' problemExtensions), and no others. */
function extensionsOf(code: ErrorCode, details: Record<string, unknown>): Partial<Problem> {
  const declared: readonly ProblemExtension[] =
    (problemExtensions as Partial<Record<ErrorCode, readonly ProblemExtension[]>>)[code] ?? [];
  // Tricky: the shape checks above are what make these values fit Problem's member types.
  const out: Record<string, unknown> = {};
  for (const member of declared) {
    const value = details[member];
    if (value !== undefined && extensionShape[member](value)) out[member] = value;
  }
  return out;
}

export function problemFor(
  code: ErrorCode,
  detail: string,
  requestId: string,
  extra: { errors?: FieldError[]; retryAfterSeconds?: number; [k: string]: unknown } = {},
): Problem {
  const status = errorStatus[code];
  return {
    type: `https://meridian.health/problems/${code.replace(/\./g, '/')}`,
    title: titles[status] ?? 'Error',
    status,
    detail,
    code,
    requestId,
    ...(extra.errors ? { errors: extra.errors } : {}),
    ...(extra.retryAfterSeconds !== undefined
      ? { retryAfterSeconds: extra.retryAfterSeconds }
      : {}),
    // Only the codes that declare these members carry them; other details stay server-side.
    ...extensionsOf(code, extra),
  };
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  if (problem.retryAfterSeconds !== undefined) {
    void reply.header('retry-after', String(problem.retryAfterSeconds));
  }
  return reply.status(problem.status).type('application/problem+json').send(problem);
}

interface ValidationIssue {
  keyword: string;
  instancePath: string;
  message?: string;
  params?: Record<string, unknown>;
}

const contextPrefix: Record<string, string> = {
  body: '',
  querystring: 'query.',
  params: 'params.',
  headers: 'headers.',
};

/** Zod issues as field errors: one per field, unknown keys one each. */
function fieldErrors(issues: ValidationIssue[], context: string | undefined): FieldError[] {
  const prefix = contextPrefix[context ?? 'body'] ?? '';
  const out: FieldError[] = [];
  for (const issue of issues) {
    const base = issue.instancePath.replace(/^\//, '').split('/').filter(Boolean).join('.');
    const keys = issue.params?.['keys'];
    if (issue.keyword === 'unrecognized_keys' && Array.isArray(keys)) {
      for (const key of keys) {
        const path = [base, String(key)].filter(Boolean).join('.');
        out.push({ path: prefix + path, rule: 'unrecognized_keys', message: 'unknown field' });
      }
      continue;
    }
    out.push({
      path: prefix + base || (context ?? 'body'),
      rule: issue.keyword,
      message: issue.message ?? 'invalid',
    });
  }
  return out;
}

/** The one error handler: everything leaves as problem+json with a stable code. */
export function errorHandler(
  error: FastifyError | AppError | Error,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  const rid = String(request.id);
  if (error instanceof AppError) {
    if (error.status >= 500) request.log.error({ err: error }, 'request failed');
    return sendProblem(reply, problemFor(error.code, error.message, rid, error.details));
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const errors = fieldErrors(error.validation, error.validationContext);
    const detail = errors.map((e) => `${e.path}: ${e.message}`).join('; ');
    return sendProblem(reply, problemFor('validation.failed', detail, rid, { errors }));
  }
  const dbError = fromDatabaseError(error);
  if (dbError)
    return sendProblem(reply, problemFor(dbError.code, dbError.message, rid, dbError.details));

  const fe = error as FastifyError;
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return sendProblem(reply, problemFor('request.body_too_large', 'the body exceeds 1 MB', rid));
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return sendProblem(
        reply,
        problemFor('request.unsupported_media_type', 'send the body as application/json', rid),
      );
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return sendProblem(
        reply,
        problemFor('request.malformed_json', 'the JSON body is empty', rid, {
          errors: [{ path: 'body', rule: 'required', message: 'a JSON body is required' }],
        }),
      );
    case 'FST_ERR_RATE_LIMIT':
      return sendProblem(reply, problemFor('request.rate_limited', 'too many requests', rid));
  }
  if (error instanceof SyntaxError || fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    return sendProblem(
      reply,
      problemFor('request.malformed_json', 'the body is not valid JSON', rid),
    );
  }
  if (fe.statusCode === 429) {
    return sendProblem(reply, problemFor('request.rate_limited', 'too many requests', rid));
  }
  if (fe.statusCode !== undefined && fe.statusCode >= 400 && fe.statusCode < 500) {
    return sendProblem(
      reply,
      problemFor('validation.failed', fe.message, rid, {
        errors: [{ path: 'request', rule: fe.code ?? 'invalid', message: fe.message }],
      }),
    );
  }
  request.log.error({ err: error }, 'unhandled error');
  return sendProblem(
    reply,
    problemFor('internal.error', `an internal error occurred; quote request id ${rid}`, rid),
  );
}

import {
  LogController,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify';
import pino from 'pino';

interface LoggableError extends Error {
  code?: string;
  constraint?: string;
  statusCode?: number;
}

/**
 * Errors keep only their type, code, constraint, message and stack. Tricky: drizzle wraps a
 * failed query in an error whose message lists the query's parameters (names, dates of
 * birth, hashes), and a PostgreSQL error's `detail` echoes row values; so a wrapped query
 * error is logged as the PostgreSQL error beneath it, and `detail` never.
 */
export function serializeError(err: LoggableError): Record<string, unknown> & {
  type: string;
  message: string;
  stack: string;
} {
  const cause = err.cause;
  const isWrappedQuery =
    err.message.startsWith('Failed query:') && cause instanceof Error && cause !== err;
  const e = isWrappedQuery ? (cause as LoggableError) : err;
  return {
    type: e.name,
    code: e.code,
    constraint: e.constraint,
    statusCode: err.statusCode,
    message: e.message,
    stack: isWrappedQuery ? '' : (e.stack ?? ''),
  };
}

/**
 * Request logs carry method, path (never the query string: searches hold names and dates
 * of birth), status, timing and ids; one line per request (RequestLogController). Bodies and headers are never logged. Lines go to stdout through an
 * asynchronous destination so a busy server is not held up by its own logging; pino flushes
 * it when the process exits.
 */
export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return {
    level,
    stream: pino.destination({ dest: 1, sync: false }),
    serializers: {
      req: (req: { method: string; url: string; id: string }) => ({
        id: req.id,
        method: req.method,
        path: req.url.split('?')[0],
      }),
      err: serializeError,
    },
  };
}

/**
 * One line per request instead of fastify's two: the "incoming request" line is dropped and
 * the completion line carries the method and path (through the `req` serializer above).
 */
export class RequestLogController extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    if (this.isLogDisabled(request)) return;
    const fields = { req: request, res: reply, responseTime: reply.elapsedTime };
    if (error) reply.log.error({ ...fields, err: error }, 'request errored');
    else reply.log.info(fields, 'request completed');
  }
}

import type { FastifyServerOptions } from 'fastify';

/**
 * Request logs carry method, path (never the query string: searches hold names and dates
 * of birth), status, timing and ids. Cookies and credentials are redacted, bodies never
 * logged, and errors keep only their type, code, constraint, message and stack: a
 * PostgreSQL error's `detail` echoes row values.
 */
export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return {
    level,
    redact: {
      paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
      censor: '[redacted]',
    },
    serializers: {
      req: (req: { method: string; url: string; id: string; ip?: string }) => ({
        id: req.id,
        method: req.method,
        path: req.url.split('?')[0],
      }),
      err: (err: Error & { code?: string; constraint?: string; statusCode?: number }) => ({
        type: err.name,
        code: err.code,
        constraint: err.constraint,
        statusCode: err.statusCode,
        message: err.message,
        stack: err.stack ?? '',
      }),
    },
  };
}

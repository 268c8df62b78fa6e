import type { FastifyInstance } from 'fastify';
import { runWithContext } from '../request-context.js';

/** Opens the request's AsyncLocalStorage context before any other hook runs. */
export function registerRequestContext(app: FastifyInstance): void {
  app.addHook('onRequest', (request, _reply, done) => {
    const ua = request.headers['user-agent'];
    runWithContext(
      {
        requestId: String(request.id),
        ip: request.ip,
        userAgent: typeof ua === 'string' ? ua : null,
        principal: null,
      },
      done,
    );
  });
}

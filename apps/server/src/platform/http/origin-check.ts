import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';

const stateChanging = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * CSRF defence beside SameSite=Strict cookies: a state-changing request that a browser
 * marks as coming from another origin is refused. Clients that send no Origin (curl,
 * server-to-server) are not browsers riding a session cookie and pass.
 */
export function registerOriginCheck(app: FastifyInstance, config: Config): void {
  const publicOrigin = config.PUBLIC_URL ? new URL(config.PUBLIC_URL).origin : null;
  const check = (request: FastifyRequest): AppError | null => {
    if (!stateChanging.has(request.method)) return null;
    if (request.headers['sec-fetch-site'] === 'cross-site') {
      return new AppError('request.bad_origin', 'cross-site requests are refused');
    }
    const origin = request.headers.origin;
    if (origin === undefined) return null;
    const host = request.headers.host;
    const allowed =
      origin === publicOrigin ||
      (host !== undefined && (origin === `http://${host}` || origin === `https://${host}`));
    return allowed ? null : new AppError('request.bad_origin', 'the request origin is not allowed');
  };
  // A callback hook, not async: no promise per request (see access-hook.ts).
  app.addHook('onRequest', (request, _reply, done) => {
    const refusal = check(request);
    if (refusal) done(refusal);
    else done();
  });
}

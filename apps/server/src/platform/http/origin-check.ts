import type { FastifyInstance } from 'fastify';
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
  app.addHook('onRequest', async (request) => {
    if (!stateChanging.has(request.method)) return;
    if (request.headers['sec-fetch-site'] === 'cross-site') {
      throw new AppError('request.bad_origin', 'cross-site requests are refused');
    }
    const origin = request.headers.origin;
    if (origin === undefined) return;
    const host = request.headers.host;
    const allowed =
      origin === publicOrigin ||
      (host !== undefined && (origin === `http://${host}` || origin === `https://${host}`));
    if (!allowed) throw new AppError('request.bad_origin', 'the request origin is not allowed');
    await Promise.resolve();
  });
}

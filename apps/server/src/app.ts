import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import {
  jsonSchemaTransform,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { health, readiness } from '@meridian/contracts';
import type { Platform } from './platform/platform.js';
import { errorHandler, problemFor, sendProblem } from './platform/http/problem.js';
import { registerRequestContext } from './platform/http/request-context.hook.js';
import { registerOriginCheck } from './platform/http/origin-check.js';
import { registerSecurityHeaders } from './platform/http/security-headers.js';
import { responseSerializerCompiler } from './platform/http/serializer.js';
import { registerAccessHook, type RouteAccessEntry } from './platform/auth/access-hook.js';
import { pendingMigrations } from './platform/migrate.js';
import { loggerOptions, RequestLogController } from './platform/logger.js';
import { authModule } from './modules/auth/index.js';
import { auditModule } from './modules/audit/index.js';
import { organizationModule } from './modules/organization/index.js';
import { staffModule } from './modules/staff/index.js';
import { patientsModule } from './modules/patients/index.js';
import { notificationsModule } from './modules/notifications/index.js';
import { schedulingModule } from './modules/scheduling/index.js';
import { admissionsModule } from './modules/admissions/index.js';
import { clinicalModule } from './modules/clinical/index.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with the access it declares (null: none), for review and tests. */
    routeAccessTable(): RouteAccessEntry[];
  }
}

export type App = FastifyInstance;
/** A module: registers its routes on the app, built from the platform services. */
export type Module = (app: FastifyInstance, platform: Platform) => Promise<void>;

const modules: Module[] = [
  authModule,
  auditModule,
  organizationModule,
  staffModule,
  notificationsModule,
  patientsModule,
  schedulingModule,
  admissionsModule,
  clinicalModule,
];

export const webDistDir = fileURLToPath(new URL('../../web/dist/', import.meta.url));
const requestIdPattern = /^[A-Za-z0-9._-]{8,64}$/;

export interface BuildOptions {
  logger?: FastifyServerOptions['logger'];
  /** Serve the built web app (on by default when apps/web/dist exists). */
  serveWeb?: boolean;
}

export async function buildApp(platform: Platform, opts: BuildOptions = {}): Promise<App> {
  const { config } = platform;
  const app = Fastify({
    logger: opts.logger ?? loggerOptions(config.LOG_LEVEL),
    bodyLimit: 1024 * 1024,
    trustProxy: config.TRUST_PROXY,
    requestIdHeader: false,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      // Request ids need only be unique, not time-ordered like row ids: randomUUID is cheap.
      return typeof incoming === 'string' && requestIdPattern.test(incoming)
        ? incoming
        : randomUUID();
    },
    logController: new RequestLogController(),
    // Signed patient links (/api/v1/links/:token) carry tokens of up to 512 characters.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 512 },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(responseSerializerCompiler(config.NODE_ENV));
  app.setErrorHandler(errorHandler);
  // Only JSON bodies: anything else is 415, not parsed as text.
  app.removeContentTypeParser(['text/plain']);

  app.addHook('onSend', (request, reply, payload, done) => {
    void reply.header('x-request-id', request.id);
    if (request.url.startsWith('/api/')) void reply.header('cache-control', 'no-store');
    done(null, payload);
  });

  await app.register(fastifyCookie);
  registerSecurityHeaders(app, config);
  await app.register(fastifyRateLimit, { global: false });

  registerRequestContext(app);
  const access = registerAccessHook(app, platform);
  app.decorate('routeAccessTable', () => access.routeAccessTable());
  registerOriginCheck(app, config);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Meridian HMS API',
        description: 'Errors are RFC 9457 problem+json with a stable `code`.',
        version: '1',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'meridian_session' },
        },
      },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });

  // Plugin-made routes (API docs, web assets) are public by declaration, here.
  await app.register(async (scope) => {
    scope.addHook('onRoute', (route) => {
      route.config ??= {};
      route.config.access ??= 'public';
    });
    await scope.register(fastifySwaggerUi, {
      routePrefix: '/api/docs',
      staticCSP: true,
      transformStaticCSP: (header) => header,
    });
    const serveWeb = opts.serveWeb ?? existsSync(webDistDir);
    if (serveWeb) {
      await scope.register(fastifyStatic, {
        root: webDistDir,
        wildcard: false,
        index: false,
        maxAge: '1h',
      });
    }
  });

  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get(
    '/healthz',
    { config: { access: 'public' }, schema: { hide: true, response: { 200: health } } },
    () => ({ status: 'ok' as const }),
  );
  typed.get(
    '/readyz',
    {
      config: { access: 'public' },
      schema: { hide: true, response: { 200: readiness, 503: readiness } },
    },
    async (_req, reply) => {
      try {
        const pending = await pendingMigrations(platform.database.pool);
        const body = {
          status: pending.length === 0 ? ('ready' as const) : ('not_ready' as const),
          database: 'up' as const,
          migrations: pending.length === 0 ? ('applied' as const) : ('pending' as const),
        };
        return reply.status(pending.length === 0 ? 200 : 503).send(body);
      } catch {
        return reply
          .status(503)
          .send({ status: 'not_ready', database: 'down', migrations: 'pending' });
      }
    },
  );

  for (const mod of modules) await mod(app, platform);

  const indexFile = path.join(webDistDir, 'index.html');
  const indexHtml =
    (opts.serveWeb ?? true) && existsSync(indexFile) ? readFileSync(indexFile, 'utf8') : null;
  app.setNotFoundHandler((request, reply) => {
    const wantsPage =
      request.method === 'GET' &&
      !request.url.startsWith('/api/') &&
      (request.headers.accept ?? '').includes('text/html');
    if (indexHtml && wantsPage) {
      // The SPA routes itself; its own 404 page covers unknown paths.
      return reply.header('cache-control', 'no-cache').type('text/html').send(indexHtml);
    }
    return sendProblem(
      reply,
      problemFor(
        'request.route_not_found',
        `no route ${request.method} ${request.url.split('?')[0] ?? ''}`,
        String(request.id),
      ),
    );
  });

  await app.ready();
  return app;
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';
import type { Config } from '../config.js';

/**
 * Security headers from helmet, with a strict Content-Security-Policy. The values depend
 * only on configuration (no nonces), so helmet runs once at start-up and its headers are
 * then set on every reply as they are.
 *
 * Why not @fastify/helmet: it builds the helmet middleware again on every request, which
 * cost about an eighth of the server's CPU per request in the benchmark (bench/).
 */
export function securityHeaders(config: Config): Record<string, string> {
  const middleware = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        scriptSrc: ["'self'"],
        // Mantine writes its theme variables into a <style> element.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    strictTransportSecurity: config.PUBLIC_URL?.startsWith('https:') ? undefined : false,
    referrerPolicy: { policy: 'no-referrer' },
  });
  const headers: Record<string, string> = {};
  const capture = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  // helmet calls back synchronously; a holder object keeps the result visible to TypeScript.
  const outcome: { error: Error | null } = { error: null };
  middleware({} as IncomingMessage, capture as unknown as ServerResponse, (err?: unknown) => {
    if (err) outcome.error = err instanceof Error ? err : new Error('helmet refused its options');
  });
  if (outcome.error) throw outcome.error;
  return headers;
}

/**
 * JSON API responses are never rendered as documents, so they carry the short set the OWASP
 * REST Security Cheat Sheet recommends instead of the document headers above: a CSP that
 * allows nothing, no framing, no sniffing, no referrer, and HSTS when served over https.
 * Half a kilobyte less on every API reply, which the benchmark notices.
 */
export function apiSecurityHeaders(
  documentHeaders: Record<string, string>,
): Record<string, string> {
  const headers: Record<string, string> = {
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
  };
  const hsts = documentHeaders['strict-transport-security'];
  if (hsts) headers['strict-transport-security'] = hsts;
  return headers;
}

export function registerSecurityHeaders(app: FastifyInstance, config: Config): void {
  const documentHeaders = securityHeaders(config);
  const apiHeaders = apiSecurityHeaders(documentHeaders);
  app.addHook('onRequest', (request, reply, done) => {
    void reply.headers(request.url.startsWith('/api/v1/') ? apiHeaders : documentHeaders);
    done();
  });
}

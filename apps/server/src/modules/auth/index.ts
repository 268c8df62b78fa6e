import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';
import { loadCommonPasswords } from '../../platform/auth/password-policy.js';
import { createAuthService } from './auth.service.js';
import { createMfaService } from './mfa.service.js';
import { registerAuthRoutes } from './auth.routes.js';

export { createAuthService, type AuthService, type SignedIn } from './auth.service.js';
export { createMfaService, type MfaService } from './mfa.service.js';

/**
 * Sign-in, second factor, password change and the session's own routes under
 * /api/v1/auth. Also keeps this instance's session cache honest: it listens for session
 * changes from every instance while the app runs.
 */
export async function authModule(app: FastifyInstance, platform: Platform): Promise<void> {
  // Fail at start-up, not at the first password change, when the blocklist is missing.
  loadCommonPasswords();
  const listener = await platform.sessions.startListening();
  app.addHook('onClose', () => listener.close());
  registerAuthRoutes(app, {
    config: platform.config,
    auth: createAuthService(platform),
    mfa: createMfaService(platform),
  });
}

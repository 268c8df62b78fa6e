import type { z } from 'zod';
import {
  me as meSchema,
  type changePasswordBody,
  type disableMfaBody,
  type loginBody,
  type Me,
  type MfaBody,
  type mfaEnrolmentConfirmBody,
  type MfaEnrolmentResult,
  type MfaEnrolmentStart,
  type regenerateRecoveryCodesBody,
  type switchFacilityBody,
} from '@meridian/contracts';
import { api } from '../api';

const base = '/api/v1/auth';

/**
 * The auth endpoints (apps/server/src/modules/auth/auth.routes.ts). Calls that change the
 * session answer the new `me`; `refreshMe` uses it, or fetches `me` if a body is missing.
 */
export const authApi = {
  me: () => api<Me>('GET', `${base}/me`),
  login: (body: z.input<typeof loginBody>) => api<unknown>('POST', `${base}/login`, { body }),
  logout: () => api<unknown>('POST', `${base}/logout`),
  verifyMfa: (body: MfaBody) => api<unknown>('POST', `${base}/mfa`, { body }),
  startMfaEnrolment: () => api<MfaEnrolmentStart>('POST', `${base}/mfa/enrolment`),
  confirmMfaEnrolment: (body: z.input<typeof mfaEnrolmentConfirmBody>) =>
    api<MfaEnrolmentResult>('POST', `${base}/mfa/enrolment/confirm`, { body }),
  regenerateRecoveryCodes: (body: z.input<typeof regenerateRecoveryCodesBody>) =>
    api<MfaEnrolmentResult>('POST', `${base}/mfa/recovery-codes`, { body }),
  disableMfa: (body: z.input<typeof disableMfaBody>) =>
    api<unknown>('DELETE', `${base}/mfa`, { body }),
  changePassword: (body: z.input<typeof changePasswordBody>) =>
    api<unknown>('POST', `${base}/password`, { body }),
  switchFacility: (body: z.input<typeof switchFacilityBody>) =>
    api<unknown>('PUT', `${base}/session/facility`, { body }),
};

/** The `me` in a response body, when the server answered one; null otherwise. */
export function meFromResponse(body: unknown): Me | null {
  const parsed = meSchema.safeParse(body);
  return parsed.success ? parsed.data : null;
}

import type { Permission, Role, SessionState } from '@meridian/contracts';

/** Who is making the request, as resolved from the session. Ids only, no PHI. */
export interface Principal {
  userId: string;
  email: string;
  displayName: string;
  kind: 'staff' | 'patient';
  roles: readonly Role[];
  permissions: ReadonlySet<Permission>;
  facilityIds: readonly string[];
  currentFacilityId: string | null;
  sessionId: string;
  sessionState: SessionState;
  mfaEnrolled: boolean;
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
}

export function hasPermission(principal: Principal, permission: Permission): boolean {
  return principal.permissions.has(permission);
}

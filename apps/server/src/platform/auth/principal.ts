import type { FacilitySummary, Permission, Role, SessionState } from '@meridian/contracts';

/** Who is making the request, as resolved from the session. Ids only, no PHI. */
export interface Principal {
  userId: string;
  email: string;
  displayName: string;
  kind: 'staff' | 'patient';
  roles: readonly Role[];
  permissions: ReadonlySet<Permission>;
  /** The same permissions as a list in catalogue order, for answers such as `me`. */
  permissionList: readonly Permission[];
  /**
   * Facilities the user may work in: their assigned active facilities, or every active
   * facility for an admin who has none assigned. Sorted by name.
   */
  facilities: readonly FacilitySummary[];
  /** The ids of `facilities`. */
  facilityIds: readonly string[];
  /** The facility the session works in; always one of `facilityIds`, or null. */
  currentFacilityId: string | null;
  sessionId: string;
  sessionState: SessionState;
  mfaEnrolled: boolean;
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
}

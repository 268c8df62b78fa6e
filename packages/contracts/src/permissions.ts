/**
 * The permission catalogue and the role mapping. Every route declares one of these, or
 * `public` (no session) or `authenticated` (any signed-in user, for their own things).
 */
export const permissions = [
  // Organization and staff administration
  'org.read',
  'org.manage',
  'user.read',
  'user.manage',
  'audit.read',
  'audit.export',
  'message.read',
  'message.manage',
  // Patient record (later modules)
  'patient.read',
  'patient.write',
  'patient.merge',
  'patient.break_glass',
  'patient.ssn.read',
  'payer.manage',
  'appointment.read',
  'appointment.book',
  'appointment.overbook',
  'schedule.manage',
  'admission.read',
  'admission.write',
  'admission.correct',
  'ward.manage',
  'bed.housekeeping',
  'clinical.read',
  'clinical.write',
  'order.write',
  'prescription.write',
  'result.write',
  'specimen.collect',
  'billing.read',
  'billing.write',
  'claim.submit',
  'report.read',
  'portal.self',
] as const;

export type Permission = (typeof permissions)[number];

/** What a route declares: a permission, `public`, or `authenticated` (any valid session). */
export type RouteAccess = Permission | 'public' | 'authenticated';

export const roles = [
  'admin',
  'physician',
  'nurse',
  'front_desk',
  'billing',
  'housekeeping',
  'lab',
  'patient',
] as const;
export type Role = (typeof roles)[number];

/** Roles whose users must enrol TOTP before they can do anything else. */
export const rolesRequiringMfa: readonly Role[] = ['admin'];

export const rolePermissions: Readonly<Record<Role, readonly Permission[]>> = {
  admin: [
    'org.read',
    'org.manage',
    'user.read',
    'user.manage',
    'audit.read',
    'audit.export',
    'message.read',
    'message.manage',
    'patient.read',
    'patient.write',
    'patient.merge',
    'patient.break_glass',
    'patient.ssn.read',
    'payer.manage',
    'appointment.read',
    'schedule.manage',
    'admission.read',
    'admission.correct',
    'ward.manage',
    'billing.read',
    'report.read',
  ],
  physician: [
    'org.read',
    'patient.read',
    'patient.write',
    'patient.break_glass',
    'appointment.read',
    'appointment.book',
    'admission.read',
    'admission.write',
    'clinical.read',
    'clinical.write',
    'order.write',
    'prescription.write',
    'specimen.collect',
    'report.read',
  ],
  nurse: [
    'org.read',
    'patient.read',
    'patient.write',
    'patient.break_glass',
    'appointment.read',
    'appointment.book',
    'admission.read',
    'admission.write',
    'bed.housekeeping',
    'clinical.read',
    'clinical.write',
    'specimen.collect',
  ],
  front_desk: [
    'org.read',
    'patient.read',
    'patient.write',
    'appointment.read',
    'appointment.book',
    'appointment.overbook',
    'admission.read',
  ],
  billing: [
    'org.read',
    'patient.read',
    'patient.ssn.read',
    'payer.manage',
    'appointment.read',
    'billing.read',
    'billing.write',
    'claim.submit',
    'report.read',
  ],
  // Sees beds and their states, never patients: the housekeeping list and bed actions.
  housekeeping: ['org.read', 'bed.housekeeping'],
  // Laboratory staff: find the patient and the order, record collection and results.
  lab: ['org.read', 'patient.read', 'clinical.read', 'result.write', 'specimen.collect'],
  patient: ['portal.self'],
};

export function permissionsForRoles(userRoles: readonly Role[]): Permission[] {
  const granted = new Set<Permission>();
  for (const role of userRoles) for (const p of rolePermissions[role]) granted.add(p);
  return permissions.filter((p) => granted.has(p));
}

export function roleRequiresMfa(userRoles: readonly Role[]): boolean {
  return userRoles.some((r) => rolesRequiringMfa.includes(r));
}

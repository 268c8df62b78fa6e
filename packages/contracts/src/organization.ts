import { z } from 'zod';
import { address, ianaTimeZone, singleLine, uuid } from './common.js';

// ---- Organization, facilities, departments ----

export const organization = z.object({ id: uuid, name: z.string(), version: z.number().int() });
export type Organization = z.infer<typeof organization>;
/** Sets the organization up on a fresh installation (one organization per installation). */
export const createOrganizationBody = z.strictObject({ name: singleLine(200) });
export const updateOrganizationBody = z.strictObject({ name: singleLine(200) });

/** Facility and department codes: short, upper-case, typed by staff and printed on forms. */
export const orgUnitCode = z
  .string()
  .trim()
  .regex(/^[A-Z0-9][A-Z0-9-]{0,15}$/, {
    message: 'must be 1-16 upper-case letters, digits or hyphens',
  });

export const facilityKind = z.enum(['hospital', 'clinic']);
export type FacilityKind = z.infer<typeof facilityKind>;

export const facility = z.object({
  id: uuid,
  name: z.string(),
  code: z.string(),
  kind: facilityKind,
  timeZone: z.string(),
  address: address.nullable(),
  phone: z.string().nullable(),
  isActive: z.boolean(),
  version: z.number().int(),
});
export type Facility = z.infer<typeof facility>;
export const facilityList = z.object({ items: z.array(facility) });

/** Lists hide deactivated facilities and departments unless asked. */
export const listOrgUnitsQuery = z.strictObject({
  includeInactive: z.stringbool().default(false),
});

export const createFacilityBody = z.strictObject({
  name: singleLine(200),
  code: orgUnitCode,
  kind: facilityKind.default('hospital'),
  timeZone: ianaTimeZone,
  address: address.optional(),
  phone: singleLine(40).optional(),
});
export type CreateFacilityInput = z.input<typeof createFacilityBody>;

// Tricky: not `createFacilityBody.partial()`: zod 4 still applies the `kind` default inside
// an optional, so a PATCH of the name alone would silently turn a clinic into a hospital.
/** Only the fields sent change; `null` clears the address or phone; `isActive: false` deactivates. */
export const updateFacilityBody = z.strictObject({
  name: singleLine(200).optional(),
  code: orgUnitCode.optional(),
  kind: facilityKind.optional(),
  timeZone: ianaTimeZone.optional(),
  address: address.nullable().optional(),
  phone: singleLine(40).nullable().optional(),
  isActive: z.boolean().optional(),
});

export const department = z.object({
  id: uuid,
  facilityId: uuid,
  name: z.string(),
  code: z.string(),
  isActive: z.boolean(),
  version: z.number().int(),
});
export type Department = z.infer<typeof department>;
export const departmentList = z.object({ items: z.array(department) });
export const createDepartmentBody = z.strictObject({ name: singleLine(200), code: orgUnitCode });
export const updateDepartmentBody = z.strictObject({
  name: singleLine(200).optional(),
  code: orgUnitCode.optional(),
  isActive: z.boolean().optional(),
});

import { z } from 'zod';
import { address, ianaTimeZone, singleLine, uuid } from './common.js';

// ---- Organization, facilities, departments ----

export const organization = z.object({ id: uuid, name: z.string(), version: z.number().int() });
export const updateOrganizationBody = z.strictObject({ name: singleLine(200) });

const facilityCode = z
  .string()
  .trim()
  .regex(/^[A-Z0-9][A-Z0-9-]{0,15}$/, {
    message: 'must be 1-16 upper-case letters, digits or hyphens',
  });

export const facility = z.object({
  id: uuid,
  name: z.string(),
  code: z.string(),
  kind: z.enum(['hospital', 'clinic']),
  timeZone: z.string(),
  address: address.nullable(),
  phone: z.string().nullable(),
  isActive: z.boolean(),
  version: z.number().int(),
});
export type Facility = z.infer<typeof facility>;

export const createFacilityBody = z.strictObject({
  name: singleLine(200),
  code: facilityCode,
  kind: z.enum(['hospital', 'clinic']).default('hospital'),
  timeZone: ianaTimeZone,
  address: address.optional(),
  phone: singleLine(40).optional(),
});
export const updateFacilityBody = createFacilityBody
  .partial()
  .extend({ isActive: z.boolean().optional() })
  .strict();

export const department = z.object({
  id: uuid,
  facilityId: uuid,
  name: z.string(),
  code: z.string(),
  isActive: z.boolean(),
  version: z.number().int(),
});
export type Department = z.infer<typeof department>;
export const createDepartmentBody = z.strictObject({ name: singleLine(200), code: facilityCode });
export const updateDepartmentBody = z.strictObject({
  name: singleLine(200).optional(),
  code: facilityCode.optional(),
  isActive: z.boolean().optional(),
});


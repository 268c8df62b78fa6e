import { z } from 'zod';

// Tricky: \p{Cc} covers C0/C1 controls (NUL, ESC, DEL...); single-line text refuses all of
// them, multi-line text keeps tab, LF and CR.
const singleLinePattern = /^[^\p{Cc}]*$/u;
const multiLinePattern = /^[^\p{Cc}]*$|^(?:[^\p{Cc}]|[\t\n\r])*$/u;

/** A trimmed single-line string of 1..max characters with no control characters. */
export function singleLine(max: number) {
  return z
    .string()
    .trim()
    .min(1)
    .max(max)
    .regex(singleLinePattern, { message: 'must not contain control characters' });
}

/** Free text that may span lines (tab, CR, LF allowed; other controls refused). */
export function multiLine(max: number) {
  return z
    .string()
    .max(max)
    .regex(multiLinePattern, { message: 'must not contain control characters' });
}

export const uuid = z.uuid();
export const email = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email())
  .transform((s) => s.toLowerCase());

/** An ISO 8601 instant with an offset, e.g. 2026-11-22T09:30:00Z. */
export const instant = z.iso.datetime({ offset: true });
export const isoDate = z.iso.date();

/** A valid IANA time zone name (checked against the runtime's tz database). */
export const ianaTimeZone = z
  .string()
  .min(1)
  .max(64)
  .refine(
    (tz) => {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: tz });
        return tz.includes('/') || tz === 'UTC';
      } catch {
        return false;
      }
    },
    { message: 'must be an IANA time zone such as America/New_York' },
  );

export const pageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(512).optional(),
});

export function page<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export const idParams = z.strictObject({ id: uuid });

export const address = z.strictObject({
  line1: singleLine(200),
  line2: singleLine(200).optional(),
  city: singleLine(100),
  state: singleLine(100).optional(),
  postalCode: singleLine(20).optional(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, { message: 'must be an ISO 3166-1 alpha-2 code' })
    .default('US'),
});
export type Address = z.infer<typeof address>;

export const health = z.object({ status: z.literal('ok') });
export const readiness = z.object({
  status: z.enum(['ready', 'not_ready']),
  database: z.enum(['up', 'down']),
  migrations: z.enum(['applied', 'pending']),
});
